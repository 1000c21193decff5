//! Certification scores from the postings' votes, aware of each exam's lifecycle and honest
//! about uncertainty and about how strong the demand is.
//!
//! Each posting was read on its own by `crate::reading`: whether it asks for a vendor's cloud AI or data
//! services, how strongly (its section, whether the service is one option among others), which
//! exam its kind of work points to, and which exams its level is open to. A posting's
//! vote is its demand shared among those exams; a certification's score is its mean vote, 0-100,
//! with a 95% interval. When few postings ask for any cloud AI or data service, the answer is that
//! no certification is what the market demands. Two exams are a close call when the 95% interval
//! of their paired difference includes zero. Retired exams are never recommended: the postings
//! that name them vote for their successors.

pub mod gap;

use crate::aggregate::{EvidenceRow, Tables};
use crate::taxonomy::{Level, RoleLevel, Taxonomy};

/// z for 95% intervals.
const Z95: f64 = 1.96;
/// Below this mean demand per posting, no certification is what the market demands.
pub const NONE_BELOW: f64 = 0.3;
/// Below this mean demand per posting, the demand is weak.
pub const WEAK_BELOW: f64 = 0.45;
/// Postings-to-settle figures beyond this are not worth showing: the two are alike.
const SETTLE_WITHIN: u32 = 300;
/// A way of working counts as part of a split market when it leads in this share of the postings
/// that ask.
const SPLIT_SHARE: f64 = 0.25;

#[derive(Debug, Clone, PartialEq)]
pub struct DomainScore {
    pub name: String,
    pub weight: f64,
    /// Share of postings naming at least one of its skills.
    pub share: f64,
    /// Section-weighted demand, 0..=1.
    pub demand: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CertScore {
    /// Index into `Taxonomy::certifications`.
    pub cert: usize,
    pub code: String,
    pub name: String,
    pub vendor: String,
    pub level: Level,
    /// The lifecycle status as of today: a retiring exam past its date is `retired`.
    pub status: String,
    pub retired: bool,
    /// Mean vote, 0..=100.
    pub score: f64,
    /// 95% interval of the score; none for a single posting, where it would read as certainty.
    pub interval: Option<(f64, f64)>,
    /// Postings whose vote goes (in part) to it, or that name it.
    pub support: u32,
    /// `support` / analyzed, with its 95% Wilson interval.
    pub support_share: f64,
    pub support_interval: (f64, f64),
    /// Postings naming the exam or an exam it succeeds.
    pub named: u32,
    /// Postings whose vote goes mostly to it.
    pub leads: u32,
    pub domains: Vec<DomainScore>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CloseCall {
    pub code: String,
    pub name: String,
    pub score: f64,
    /// About how many postings in all would separate the two, when that is within reach.
    pub postings_to_settle: Option<u32>,
}

/// How strongly the postings ask for the recommended certification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Demand {
    Clear,
    /// The top two cannot be told apart.
    Close,
    /// Only a minority of postings ask, or mostly as a bonus or one option among others.
    Weak,
    /// No cloud AI certification is what this market demands.
    None,
}

impl Demand {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Demand::Clear => "clear",
            Demand::Close => "close",
            Demand::Weak => "weak",
            Demand::None => "none",
        }
    }
}

/// The best exam of one vendor, for people who have already picked a cloud.
#[derive(Debug, Clone, PartialEq)]
pub struct VendorPick {
    pub vendor: String,
    pub vendor_name: String,
    /// Index into `Taxonomy::certifications`, with its code.
    pub cert: Option<usize>,
    pub code: Option<String>,
    pub score: f64,
    /// Postings asking for this vendor's cloud AI or data services.
    pub postings: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Recommendation {
    pub demand: Demand,
    /// The certification to study for; none when the market does not demand one.
    pub cert: Option<usize>,
    pub code: Option<String>,
    pub name: Option<String>,
    pub why: String,
    /// The runner-up when the postings cannot tell the two apart.
    pub close_call: Option<CloseCall>,
    /// Postings that ask for a cloud AI or data service (or name an exam).
    pub asking: u32,
    /// Mean demand per posting, 0..=1.
    pub demand_share: f64,
    pub by_vendor: Vec<VendorPick>,
    /// How the market divides between kinds of work, when it does.
    pub split: Option<String>,
    /// The roles' levels: "5 senior, 2 mid".
    pub levels: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// Ranked: best first; retired exams after the others.
    pub certifications: Vec<CertScore>,
    pub recommendation: Recommendation,
    /// Lifecycle notes: retired exams the market still asks for, and where their skills went.
    pub notes: Vec<String>,
}

/// Scores every certification and picks the one to recommend.
#[must_use]
pub fn recommend(taxonomy: &Taxonomy, tables: &Tables, today: &str) -> Outcome {
    let analyzed = tables.analyzed;
    let n = f64::from(analyzed.max(1));
    let k = taxonomy.certifications.len();
    let fit = &tables.fit;
    let mean = |c: usize| fit.sum.get(c).copied().unwrap_or_default() / n;
    let var =
        |c: usize| (fit.sum_sq.get(c).copied().unwrap_or_default() / n - mean(c).powi(2)).max(0.0);
    let mut certifications: Vec<CertScore> = taxonomy
        .certifications
        .iter()
        .enumerate()
        .map(|(c, cert)| {
            let domains: Vec<DomainScore> = cert
                .domains
                .iter()
                .enumerate()
                .map(|(d, domain)| {
                    let demand = tables.domains.iter().find(|x| x.cert == c && x.domain == d);
                    DomainScore {
                        name: domain.name.clone(),
                        weight: domain.weight,
                        share: demand.map_or(0.0, |x| f64::from(x.postings) / n),
                        demand: demand.map_or(0.0, |x| x.weighted / n),
                    }
                })
                .collect();
            let support = tables.certifications.iter().find(|s| s.cert == c);
            let (support, named, leads) =
                support.map_or((0, 0, 0), |s| (s.postings.max(s.named), s.named, s.leads));
            let m = mean(c);
            let se = (var(c) / n).sqrt();
            let interval =
                (analyzed > 1 && m > 0.0).then(|| (clamp100(m - Z95 * se), clamp100(m + Z95 * se)));
            let retired = cert.is_retired(today);
            CertScore {
                cert: c,
                code: cert.code.clone(),
                name: cert.name.clone(),
                vendor: cert.vendor.clone(),
                level: cert.level,
                status: if retired {
                    "retired".to_string()
                } else {
                    cert.status.as_str().to_string()
                },
                retired,
                score: clamp100(m),
                interval,
                support,
                support_share: f64::from(support) / n,
                support_interval: wilson(support, analyzed),
                named,
                leads,
                domains,
            }
        })
        .collect();
    certifications.sort_by(|a, b| {
        a.retired
            .cmp(&b.retired)
            .then(b.score.total_cmp(&a.score))
            .then((a.status == "beta").cmp(&(b.status == "beta")))
            .then(a.level.cmp(&b.level))
            .then(a.code.cmp(&b.code))
    });

    let notes = lifecycle_notes(taxonomy, &certifications);
    let active: Vec<&CertScore> = certifications
        .iter()
        .filter(|s| !s.retired && s.score > 0.0)
        .collect();
    let demand_share = tables.demand / n;
    let by_vendor = by_vendor(taxonomy, tables, &active);
    let levels = levels_line(&tables.levels);
    let split = split_line(taxonomy, tables, &active);

    let best = active.first().copied();
    let demand = match best {
        None => Demand::None,
        Some(_) if demand_share < NONE_BELOW => Demand::None,
        Some(_) if demand_share < WEAK_BELOW => Demand::Weak,
        Some(_) => Demand::Clear,
    };
    let close_call = best
        .filter(|_| demand != Demand::None)
        .zip(active.get(1).copied())
        .and_then(|(best, second)| {
            let (a, b) = (best.cert, second.cert);
            let cross = fit.cross.get(a * k + b).copied().unwrap_or_default() / n;
            let cov = cross - mean(a) * mean(b);
            let diff = mean(a) - mean(b);
            let sd = (var(a) + var(b) - 2.0 * cov).max(0.0).sqrt();
            let se = sd / n.sqrt();
            (diff <= Z95 * se).then(|| CloseCall {
                code: second.code.clone(),
                name: second.name.clone(),
                score: second.score,
                postings_to_settle: (diff > 1e-9)
                    .then(|| ((Z95 * sd / diff).powi(2)).ceil() as u32)
                    .filter(|&m| m > analyzed && m <= SETTLE_WITHIN),
            })
        });
    let demand = if demand == Demand::Clear && close_call.is_some() {
        Demand::Close
    } else {
        demand
    };
    let pick = best.filter(|_| demand != Demand::None);
    let recommendation = Recommendation {
        demand,
        cert: pick.map(|b| b.cert),
        code: pick.map(|b| b.code.clone()),
        name: pick.map(|b| b.name.clone()),
        why: match pick {
            Some(b) => explain(taxonomy, tables, b, demand, &levels),
            None => explain_none(taxonomy, tables),
        },
        close_call,
        asking: tables.asking,
        demand_share,
        by_vendor,
        split: pick.and(split),
        levels,
    };
    Outcome {
        certifications,
        recommendation,
        notes,
    }
}

fn clamp100(x: f64) -> f64 {
    (x * 100.0).clamp(0.0, 100.0)
}

/// "6 of 9 postings", "1 posting".
fn of(k: u32, n: u32) -> String {
    if k == n {
        if n == 1 {
            "the posting".to_string()
        } else {
            format!("all {n} postings")
        }
    } else {
        format!("{k} of {n} postings")
    }
}

fn vendor_name<'t>(taxonomy: &'t Taxonomy, id: &'t str) -> &'t str {
    taxonomy
        .vendors
        .iter()
        .find(|v| v.id == id)
        .map_or(id, |v| v.name.as_str())
}

fn by_vendor(taxonomy: &Taxonomy, tables: &Tables, active: &[&CertScore]) -> Vec<VendorPick> {
    taxonomy
        .vendors
        .iter()
        .enumerate()
        .map(|(v, vendor)| {
            let postings = tables
                .vendor_demand
                .iter()
                .find(|d| d.vendor == v)
                .map_or(0, |d| d.postings);
            let best = active.iter().find(|c| c.vendor == vendor.id);
            VendorPick {
                vendor: vendor.id.clone(),
                vendor_name: vendor.name.clone(),
                cert: best.map(|c| c.cert),
                code: best.map(|c| c.code.clone()),
                score: best.map_or(0.0, |c| c.score),
                postings,
            }
        })
        .collect()
}

fn levels_line(levels: &[(RoleLevel, u32)]) -> String {
    let mut levels: Vec<&(RoleLevel, u32)> = levels.iter().filter(|(_, n)| *n > 0).collect();
    levels.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    levels
        .iter()
        .map(|(l, n)| format!("{n} {}", l.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// "3 of 6 postings build generative-AI applications and agents on AWS (AIP-C01); 3 train,
/// deploy and monitor ML models on SageMaker (MLA-C01)", when two or more kinds of work each lead
/// in a good share of the postings that ask.
fn split_line(taxonomy: &Taxonomy, tables: &Tables, active: &[&CertScore]) -> Option<String> {
    let asking = tables.asking.max(1);
    let mut parts: Vec<&CertScore> = active
        .iter()
        .copied()
        .filter(|c| f64::from(c.leads) >= SPLIT_SHARE * f64::from(asking) && c.leads > 0)
        .collect();
    if parts.len() < 2 {
        return None;
    }
    parts.sort_by(|a, b| b.leads.cmp(&a.leads).then(b.score.total_cmp(&a.score)));
    let text: Vec<String> = parts
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let cert = &taxonomy.certifications[c.cert];
            let work = cert.work.as_deref().unwrap_or("point to it");
            if i == 0 {
                format!("{} {work} ({})", of(c.leads, tables.analyzed), c.code)
            } else {
                format!("{} {work} ({})", c.leads, c.code)
            }
        })
        .collect();
    Some(text.join("; "))
}

/// The signals behind a certification's votes, strongest first.
#[must_use]
pub fn evidence_for(tables: &Tables, cert: usize) -> Vec<&EvidenceRow> {
    let mut rows: Vec<&EvidenceRow> = tables.evidence.iter().filter(|e| e.cert == cert).collect();
    rows.sort_by(|a, b| b.weight.total_cmp(&a.weight).then(a.skill.cmp(&b.skill)));
    rows
}

fn explain(
    taxonomy: &Taxonomy,
    tables: &Tables,
    best: &CertScore,
    demand: Demand,
    levels: &str,
) -> String {
    let n = tables.analyzed;
    let cert = &taxonomy.certifications[best.cert];
    let vendor = vendor_name(taxonomy, &cert.vendor);
    let asking = tables
        .vendor_demand
        .iter()
        .find(|d| {
            taxonomy
                .vendors
                .get(d.vendor)
                .is_some_and(|v| v.id == cert.vendor)
        })
        .map_or(0, |d| d.postings);
    let mut why = String::new();
    let asking = asking.max(best.named);
    let few = asking * 2 < n;
    if demand == Demand::Weak {
        why.push_str("Demand is weak: ");
        if few {
            why.push_str("only ");
        }
    }
    why.push_str(&format!(
        "{} {} for {vendor} cloud AI or data services",
        of(asking, n),
        if asking == 1 { "asks" } else { "ask" }
    ));
    if demand == Demand::Weak && !few {
        why.push_str(", but mostly in passing, as a bonus or as one option among others");
    }
    if let Some(work) = &cert.work {
        let and = if demand == Demand::Weak && !few {
            ";"
        } else {
            ", and"
        };
        why.push_str(&format!("{and} the work points to {}: {work}", cert.code));
    }
    let evidence = evidence_for(tables, best.cert);
    if !evidence.is_empty() {
        let items: Vec<String> = evidence
            .iter()
            .take(3)
            .enumerate()
            .map(
                |(
                    i,
                    &&EvidenceRow {
                        skill,
                        postings,
                        required,
                        ..
                    },
                )| {
                    let name = &taxonomy.skills[skill].name;
                    let count = if i == 0 {
                        of(postings, n)
                    } else {
                        postings.to_string()
                    };
                    let req = if required == postings && postings > 1 {
                        ", all in requirements or duties".to_string()
                    } else if required > 0 && postings > 1 {
                        format!(", {required} in requirements or duties")
                    } else {
                        String::new()
                    };
                    if i == 0 {
                        let verb = if postings == 1 { "names" } else { "name" };
                        format!("{count} {verb} {name}{req}")
                    } else {
                        format!("{count} {name}{req}")
                    }
                },
            )
            .collect();
        why.push_str(&format!(". {}", capitalize(&items.join("; "))));
        let skills: Vec<&str> = evidence
            .iter()
            .take(3)
            .map(|e| taxonomy.skills[e.skill].id.as_str())
            .collect();
        let domains: Vec<String> = cert
            .domains
            .iter()
            .enumerate()
            .filter(|(_, d)| {
                d.skills
                    .iter()
                    .any(|l| skills.iter().any(|s| crate::taxonomy::covers(l, s)))
            })
            .map(|(i, d)| format!("{} ({}, {:.0}%)", i + 1, d.name, d.weight))
            .take(3)
            .collect();
        if !domains.is_empty() {
            let word = if domains.len() == 1 {
                "domain"
            } else {
                "domains"
            };
            let list = match domains.split_last() {
                Some((last, rest)) if !rest.is_empty() => {
                    format!("{} and {last}", rest.join(", "))
                }
                _ => domains.join(""),
            };
            why.push_str(&format!("; tested in {} {word} {list}", cert.code));
        }
    }
    if best.named > 0 {
        let replaces = taxonomy
            .certifications
            .iter()
            .any(|c| c.successors.contains(&best.code));
        let or_replaced = if replaces {
            " (or one it replaced)"
        } else {
            ""
        };
        why.push_str(&if best.named == 1 {
            format!("; 1 posting names the exam itself{or_replaced}")
        } else {
            format!(
                "; {} postings name the exam itself{or_replaced}",
                best.named
            )
        });
    }
    if !levels.is_empty() {
        why.push_str(&format!(". Roles: {levels}"));
    }
    why.push('.');
    capitalize(&why)
}

fn explain_none(taxonomy: &Taxonomy, tables: &Tables) -> String {
    let n = tables.analyzed;
    let vendors: Vec<&str> = taxonomy.vendors.iter().map(|v| v.name.as_str()).collect();
    let vendors = vendors.join(" or ");
    if tables.asking == 0 {
        return format!(
            "No cloud AI certification is what this market demands: {} for an {vendors} AI or data service.",
            if n == 1 {
                "the posting does not ask".to_string()
            } else {
                format!("none of the {n} postings asks")
            }
        );
    }
    // Postings that ask, but mostly as a bonus or one option among others.
    let faint = tables.demand / f64::from(tables.asking.max(1)) < 0.5;
    let who = if tables.asking == n {
        of(n, n)
    } else {
        format!("only {}", of(tables.asking, n))
    };
    let verb = if tables.asking == 1 { "names" } else { "name" };
    if faint {
        format!(
            "No cloud AI certification is what this market demands: {who} {verb} an {vendors} AI or data service, and only in passing, as a bonus or as one option among others."
        )
    } else {
        format!(
            "No cloud AI certification is what this market demands: {who} {verb} an {vendors} AI or data service."
        )
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or_else(String::new, |f| {
        f.to_uppercase().collect::<String>() + c.as_str()
    })
}

fn lifecycle_notes(taxonomy: &Taxonomy, ranked: &[CertScore]) -> Vec<String> {
    let mut notes = Vec::new();
    for s in ranked.iter().filter(|s| s.retired) {
        let cert = &taxonomy.certifications[s.cert];
        let successor_asked = ranked
            .iter()
            .any(|r| !r.retired && r.support > 0 && cert.successors.contains(&r.code));
        if s.named == 0 && !successor_asked {
            continue;
        }
        let when = cert
            .retires_on
            .as_deref()
            .map(|d| format!(" on {d}"))
            .unwrap_or_default();
        let named = if s.named > 0 {
            if s.named == 1 {
                "1 posting still names it; ".to_string()
            } else {
                format!("{} postings still name it; ", s.named)
            }
        } else {
            String::new()
        };
        if cert.successors.is_empty() {
            notes.push(format!(
                "{} ({}) was retired{when}; {named}it is not recommended.",
                cert.name, cert.code
            ));
        } else {
            notes.push(format!(
                "{} ({}) was retired{when}; {named}its skills are now tested by {}.",
                cert.name,
                cert.code,
                cert.successors.join(" and ")
            ));
        }
    }
    for s in ranked
        .iter()
        .filter(|s| !s.retired && s.support > 0 && s.status == "beta")
    {
        notes.push(format!(
            "{} ({}) is in beta: its content and format may still change.",
            s.name, s.code
        ));
    }
    notes
}

/// The 95% Wilson score interval of `k` successes in `n` trials.
#[must_use]
pub fn wilson(k: u32, n: u32) -> (f64, f64) {
    if n == 0 {
        return (0.0, 1.0);
    }
    let n = f64::from(n);
    let p = f64::from(k) / n;
    let z2 = Z95 * Z95;
    let centre = p + z2 / (2.0 * n);
    let margin = Z95 * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    let denom = 1.0 + z2 / n;
    (
        ((centre - margin) / denom).max(0.0),
        ((centre + margin) / denom).min(1.0),
    )
}

#[cfg(test)]
mod tests;
