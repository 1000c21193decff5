//! Gap analysis: what the market asks for that a person lacks, ordered by demand times exam
//! weight; which certification closes most of that gap; and a study order by exam domain.

use std::collections::HashSet;

use super::Outcome;
use crate::aggregate::Tables;
use crate::taxonomy::{Taxonomy, covers, family_of};

/// A skill the market asks for that the person lacks.
#[derive(Debug, Clone, PartialEq)]
pub struct Missing {
    pub skill_id: String,
    pub skill: String,
    pub vendor: String,
    /// Share of postings naming it.
    pub share: f64,
    /// `share` times the largest weight of an active exam domain that tests it.
    pub priority: f64,
}

/// One step of a study plan: an exam domain and the missing skills it tests.
#[derive(Debug, Clone, PartialEq)]
pub struct StudyStep {
    pub domain: String,
    pub weight: f64,
    pub skills: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct GapCert {
    pub code: String,
    pub name: String,
    /// Share of the gap's priority its domains cover, 0..=1.
    pub closes: f64,
    pub study: Vec<StudyStep>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Gap {
    /// Skills the person has that postings ask for, by demand.
    pub have: Vec<String>,
    /// Terms of `--have` that name no skill of the taxonomy.
    pub unknown: Vec<String>,
    /// (term, skill name): what an unknown term may have meant.
    pub suggestions: Vec<(String, String)>,
    pub missing: Vec<Missing>,
    pub best: Option<GapCert>,
}

impl Gap {
    /// The unknown terms, each with what it may have meant: "pyhton (did you mean Python?)".
    #[must_use]
    pub fn unknown_line(&self) -> String {
        self.unknown
            .iter()
            .map(|u| match self.suggestions.iter().find(|(t, _)| t == u) {
                Some((_, name)) => format!("{u} (did you mean {name}?)"),
                None => u.clone(),
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Compares the market with what a person has (skill indices, features and families included).
#[must_use]
pub fn analyze(
    taxonomy: &Taxonomy,
    tables: &Tables,
    outcome: &Outcome,
    has: &HashSet<usize>,
    unknown: Vec<String>,
    suggestions: Vec<(String, String)>,
) -> Gap {
    let held: HashSet<&str> = has
        .iter()
        .map(|&i| taxonomy.skills[i].id.as_str())
        .collect();
    // A family is held when any of its features is, and a feature when its family is.
    let holds = |id: &str| held.iter().any(|h| covers(h, id) || covers(id, h));
    let active: Vec<usize> = outcome
        .certifications
        .iter()
        .filter(|c| !c.retired)
        .map(|c| c.cert)
        .collect();
    let exam_weight = |id: &str| {
        active
            .iter()
            .flat_map(|&c| &taxonomy.certifications[c].domains)
            .filter(|d| d.skills.iter().any(|s| covers(s, id)))
            .map(|d| d.weight / 100.0)
            .fold(0.0, f64::max)
    };
    let mut have = Vec::new();
    let mut missing = Vec::new();
    for row in tables
        .skills
        .iter()
        .filter(|r| r.category != "certification" && family_of(&r.skill_id) == r.skill_id)
    {
        if holds(&row.skill_id) {
            have.push(row.skill.clone());
            continue;
        }
        let weight = exam_weight(&row.skill_id);
        missing.push(Missing {
            skill_id: row.skill_id.clone(),
            skill: row.skill.clone(),
            vendor: row.vendor.clone(),
            share: row.share,
            // Skills no exam tests still matter to the jobs, but come after those that do.
            priority: row.share * if weight > 0.0 { weight } else { 0.01 },
        });
    }
    missing.sort_by(|a, b| {
        b.priority
            .total_cmp(&a.priority)
            .then(a.skill_id.cmp(&b.skill_id))
    });
    let total: f64 = missing.iter().map(|m| m.priority).sum();
    // The study plan is for the recommended certification, so that the two never disagree.
    let best = outcome
        .certifications
        .iter()
        .filter(|c| Some(c.cert) == outcome.recommendation.cert)
        .map(|c| {
            let cert = &taxonomy.certifications[c.cert];
            let tested = |m: &Missing| {
                cert.domains
                    .iter()
                    .any(|d| d.skills.iter().any(|s| covers(s, &m.skill_id)))
            };
            let closed: f64 = missing
                .iter()
                .filter(|m| tested(m))
                .map(|m| m.priority)
                .sum();
            (c, if total > 0.0 { closed / total } else { 0.0 })
        })
        .next()
        .map(|(c, closes)| {
            let cert = &taxonomy.certifications[c.cert];
            let mut study: Vec<(f64, StudyStep)> = cert
                .domains
                .iter()
                .filter_map(|d| {
                    let skills: Vec<&Missing> = missing
                        .iter()
                        .filter(|m| d.skills.iter().any(|s| covers(s, &m.skill_id)))
                        .collect();
                    if skills.is_empty() {
                        return None;
                    }
                    let demand: f64 = skills.iter().map(|m| m.share).sum::<f64>() * d.weight;
                    Some((
                        demand,
                        StudyStep {
                            domain: d.name.clone(),
                            weight: d.weight,
                            skills: skills.iter().take(8).map(|m| m.skill.clone()).collect(),
                        },
                    ))
                })
                .collect();
            study.sort_by(|a, b| b.0.total_cmp(&a.0));
            GapCert {
                code: cert.code.clone(),
                name: cert.name.clone(),
                closes,
                study: study.into_iter().map(|(_, s)| s).collect(),
            }
        });
    Gap {
        have,
        unknown,
        suggestions,
        missing,
        best,
    }
}
