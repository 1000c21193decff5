//! Certification scores from the aggregated demand, aware of each exam's lifecycle and honest
//! about uncertainty.
//!
//! Each posting has a *fit* with each certification: the weight-summed coverage of the exam's
//! domains (each domain's strongest mention, weighted by the section it sits in; vendor-neutral
//! concepts count half) plus a bonus when the posting names the exam or an exam it replaced. A
//! certification's score is its mean fit across postings, 0-100, with a 95% interval. Two exams
//! are a close call when the 95% interval of their paired difference includes zero. Retired exams
//! are scored but never recommended.

pub mod gap;

use crate::aggregate::Tables;
use crate::taxonomy::{Level, Taxonomy};

/// z for 95% intervals.
const Z95: f64 = 1.96;

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
    /// Mean fit, 0..=100.
    pub score: f64,
    /// 95% interval of the score.
    pub interval: (f64, f64),
    /// Postings naming at least one vendor service its domains cover, or the exam.
    pub support: u32,
    /// `support` / analyzed, with its 95% Wilson interval.
    pub support_share: f64,
    pub support_interval: (f64, f64),
    /// Postings naming the exam or an exam it succeeds.
    pub named: u32,
    pub domains: Vec<DomainScore>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CloseCall {
    pub code: String,
    pub name: String,
    pub score: f64,
    /// About how many postings in all would separate the two, at this difference and spread.
    pub postings_to_settle: Option<u32>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Recommendation {
    pub cert: usize,
    pub code: String,
    pub name: String,
    pub why: String,
    /// The runner-up when the postings cannot tell the two apart.
    pub close_call: Option<CloseCall>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// Ranked: best first; retired exams after the others.
    pub certifications: Vec<CertScore>,
    pub recommendation: Option<Recommendation>,
    /// Lifecycle notes: retired exams the market still asks for, and where their skills went.
    pub notes: Vec<String>,
}

/// Scores every certification and picks the one to recommend.
#[must_use]
pub fn recommend(taxonomy: &Taxonomy, tables: &Tables, today: &str) -> Outcome {
    let n = f64::from(tables.analyzed.max(1));
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
            let (support, named) = support.map_or((0, 0), |s| (s.postings, s.named));
            // Concepts alone say nothing about a vendor: no vendor service, no score.
            let (score, interval) = if support == 0 {
                (0.0, (0.0, 0.0))
            } else {
                let se = (var(c) / n).sqrt();
                let m = mean(c);
                (
                    clamp100(m),
                    (clamp100(m - Z95 * se), clamp100(m + Z95 * se)),
                )
            };
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
                score,
                interval,
                support,
                support_share: f64::from(support) / n,
                support_interval: wilson(support, tables.analyzed),
                named,
                domains,
            }
        })
        .collect();
    certifications.sort_by(|a, b| {
        a.retired
            .cmp(&b.retired)
            .then(b.score.total_cmp(&a.score))
            .then(a.level.cmp(&b.level))
            .then(a.code.cmp(&b.code))
    });

    let notes = lifecycle_notes(taxonomy, &certifications);
    let mut active = certifications
        .iter()
        .filter(|s| !s.retired && s.support > 0 && s.score > 0.0);
    let recommendation = active.next().map(|best| {
        let close_call = active.next().and_then(|second| {
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
                    .filter(|&m| m > tables.analyzed && m < 100_000),
            })
        });
        Recommendation {
            cert: best.cert,
            code: best.code.clone(),
            name: best.name.clone(),
            why: explain(
                best,
                tables.analyzed,
                taxonomy
                    .certifications
                    .iter()
                    .any(|c| c.successors.contains(&best.code)),
            ),
            close_call,
        }
    });
    Outcome {
        certifications,
        recommendation,
        notes,
    }
}

fn clamp100(x: f64) -> f64 {
    (x * 100.0).clamp(0.0, 100.0)
}

fn lifecycle_notes(taxonomy: &Taxonomy, ranked: &[CertScore]) -> Vec<String> {
    let mut notes = Vec::new();
    for s in ranked.iter().filter(|s| s.retired && s.support > 0) {
        let cert = &taxonomy.certifications[s.cert];
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

/// Why `best` is recommended; `replaces` says whether it succeeds a retired exam, whose mentions
/// count for it.
fn explain(best: &CertScore, analyzed: u32, replaces: bool) -> String {
    let mut top: Vec<&DomainScore> = best.domains.iter().filter(|d| d.share > 0.0).collect();
    top.sort_by(|a, b| (b.demand * b.weight).total_cmp(&(a.demand * a.weight)));
    let domains: Vec<String> = top
        .iter()
        .take(2)
        .map(|d| {
            format!(
                "{} ({:.0}% of the exam; asked for by {:.0}% of postings)",
                d.name,
                d.weight,
                d.share * 100.0
            )
        })
        .collect();
    let mut why = format!(
        "{} of {analyzed} postings ask for services its exam covers",
        best.support
    );
    if !domains.is_empty() {
        why.push_str(&format!("; strongest domains: {}", domains.join(", ")));
    }
    if best.named > 0 {
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
    why.push('.');
    why
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
