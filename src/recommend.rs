//! Certification scores from the aggregated demand, aware of each exam's lifecycle.
//!
//! A certification's score is the demand-weighted coverage of its exam domains: for each domain,
//! the average over postings of the strongest mention of one of its skills (weighted by the section
//! it sits in; vendor-neutral concepts count half), times the domain's weight. Postings that name
//! the exam (or an exam it succeeds) add to it. Retired exams are scored but never recommended.

use crate::aggregate::Tables;
use crate::taxonomy::{Level, Taxonomy};

/// How much a posting naming the exam adds, against a posting asking for all of its domains in
/// its requirements.
const NAMED_BONUS: f64 = 0.5;

/// z for a 95% Wilson interval.
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
    /// 0..=100.
    pub score: f64,
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
pub struct Recommendation {
    pub cert: usize,
    pub code: String,
    pub name: String,
    pub why: String,
    /// Set when the runner-up's support interval overlaps the winner's and it is of the other vendor.
    pub close_call: Option<String>,
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
            let coverage: f64 = domains.iter().map(|d| d.weight / 100.0 * d.demand).sum();
            let score = if support == 0 {
                0.0
            } else {
                (100.0 * (coverage + NAMED_BONUS * f64::from(named) / n)).min(100.0)
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

    let mut notes = Vec::new();
    for s in certifications.iter().filter(|s| s.retired && s.support > 0) {
        let cert = &taxonomy.certifications[s.cert];
        let when = cert
            .retires_on
            .as_deref()
            .map(|d| format!(" on {d}"))
            .unwrap_or_default();
        let named = if s.named > 0 {
            format!("{} posting(s) still name it; ", s.named)
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

    let recommendation = certifications
        .iter()
        .find(|s| !s.retired && s.support > 0 && s.score > 0.0)
        .map(|best| {
            let runner_up = certifications
                .iter()
                .filter(|s| !s.retired && s.code != best.code && s.vendor != best.vendor && s.support > 0)
                .find(|s| s.support_interval.1 >= best.support_interval.0 && s.score >= best.score * 0.75);
            Recommendation {
                cert: best.cert,
                code: best.code.clone(),
                name: best.name.clone(),
                why: explain(best, tables.analyzed),
                close_call: runner_up.map(|r| {
                    format!(
                        "close call: {} ({}) scores {:.0} against {:.0}; the postings do not settle AWS against Azure",
                        r.code, r.name, r.score, best.score
                    )
                }),
            }
        });
    Outcome {
        certifications,
        recommendation,
        notes,
    }
}

fn explain(best: &CertScore, analyzed: u32) -> String {
    let mut top: Vec<&DomainScore> = best.domains.iter().filter(|d| d.share > 0.0).collect();
    top.sort_by(|a, b| (b.demand * b.weight).total_cmp(&(a.demand * a.weight)));
    let domains: Vec<String> = top
        .iter()
        .take(2)
        .map(|d| {
            format!(
                "{} ({:.0}% of the exam, asked for by {:.0}% of postings)",
                d.name,
                d.weight,
                d.share * 100.0
            )
        })
        .collect();
    let mut why = format!(
        "{} of {analyzed} postings ask for services it covers",
        best.support
    );
    if !domains.is_empty() {
        why.push_str(&format!("; strongest domains: {}", domains.join(", ")));
    }
    if best.named > 0 {
        why.push_str(&format!("; {} posting(s) name the exam itself", best.named));
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
mod tests {
    use super::*;

    #[test]
    fn wilson_matches_known_values() {
        let (lo, hi) = wilson(7, 10);
        assert!(
            (lo - 0.3968).abs() < 1e-3 && (hi - 0.8922).abs() < 1e-3,
            "{lo} {hi}"
        );
        assert_eq!(wilson(0, 0), (0.0, 1.0));
        let (lo, hi) = wilson(0, 5);
        assert!(lo == 0.0 && hi > 0.4);
    }
}
