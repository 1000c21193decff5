//! How one posting reads to an adviser: whether it asks for a vendor's cloud AI or data services
//! at all, how strongly, and which exam its kind of work and level point to.
//!
//! Each certification lists `signals` (skills that show its kind of work: Bedrock Knowledge Bases
//! for AIP-C01, SageMaker Pipelines for MLA-C01) and `related` skills (concepts and supporting
//! services that count once the posting names a signal of the vendor). A skill shared by several
//! exams is split between them, so a service that sits in many exams says little about any one of
//! them; a feature listed by name ("SageMaker JumpStart") goes to the exams that list it rather
//! than to those that list only its family. The posting's level decides which exams are open to
//! it: fundamentals exams for interns, entry-level, non-technical roles and business leaders, never
//! for experienced engineers; professional and expert exams not for interns.
//!
//! A posting's *vote* is its demand (0..=1) shared among the exams its evidence points to; a
//! posting that names an exam gives that exam most of its vote.
//!
//! The stage between `matcher` and `aggregate`: it runs in the workers, once per posting, on what
//! the matcher found; `aggregate` sums the readings and `recommend` turns the sums into advice.

pub mod facets;
pub mod level;
pub mod role;

use crate::matcher::Found;
use crate::posting::Section;
use crate::taxonomy::{GENERAL, Level, RoleLevel, Taxonomy, covers};

/// How much a vendor-neutral concept counts against a service of the vendor.
pub const CONCEPT_FACTOR: f64 = 0.5;
/// How much a related skill counts against a signal.
pub const RELATED_FACTOR: f64 = 0.5;
/// How much a service offered as one option among others ("Bedrock, OpenAI or similar") counts.
pub const ALTERNATIVE_FACTOR: f64 = 0.5;
/// What each further signal of a vendor adds to a posting's demand for that vendor.
pub const BREADTH: f64 = 0.15;
/// What each further mention of a skill (up to three) adds to its weight as evidence.
pub const MENTION_STEP: f64 = 0.1;
/// What a lone signal counts when no related skill of its exams bears it out.
pub const LONE_SIGNAL: f64 = 0.25;
/// The least section weight of a related skill that bears a signal out (preferred and up: not the
/// company blurb or the benefits).
const BEARS_OUT_FROM: f64 = 0.4;
/// The share of a posting's vote that goes to the exams it names.
pub const NAMED_SHARE: f64 = 0.75;
/// What each mention of a vendor's name ("Azure", "AWS") adds to the weight of that vendor's
/// exams, up to `PLATFORM_MOST` mentions: between two vendors' services named side by side, the
/// platform the posting says it runs on decides.
pub const PLATFORM_STEP: f64 = 0.2;
const PLATFORM_MOST: u32 = 5;

/// How much a mention in a section says about what the job needs.
#[must_use]
pub fn section_weight(section: Section) -> f64 {
    match section {
        Section::Requirements => 1.0,
        Section::Responsibilities => 0.9,
        Section::General => 0.7,
        Section::Preferred => 0.4,
        Section::About => 0.2,
        Section::Benefits | Section::Legal => 0.1,
    }
}

/// How open an exam of `level` is to a role of level `role`, 0..=1.
#[must_use]
pub fn level_fit(role: RoleLevel, level: Level) -> f64 {
    use RoleLevel as R;
    match (role, level) {
        (R::Mid | R::Senior | R::Administrator, Level::Fundamentals)
        | (
            R::Intern | R::Entry | R::NonTechnical | R::Leader,
            Level::Professional | Level::Expert | Level::Specialty,
        ) => 0.0,
        (R::Intern | R::Entry, Level::Associate) => 0.5,
        (R::NonTechnical | R::Leader, Level::Associate) => 0.2,
        _ => 1.0,
    }
}

#[derive(Debug, Clone, Copy)]
struct Link {
    cert: u32,
    signal: bool,
    /// Listed by its own id, not only through its family.
    exact: bool,
}

#[derive(Debug, Clone)]
struct CertInfo {
    vendor: Option<usize>,
    level: Level,
    roles: Vec<RoleLevel>,
    retired: bool,
    has_signals: bool,
}

/// The compiled reading rules of a taxonomy: built once, applied to every posting.
#[derive(Debug, Clone)]
pub struct Model {
    links: Vec<Vec<Link>>,
    /// Vendor index of each skill; `None` for vendor-neutral skills.
    skill_vendor: Vec<Option<usize>>,
    /// Storage, compute, database, data and analytics services: platforms many kinds of work use
    /// (Databricks serves data engineers as much as data scientists), so they bear out nothing.
    platform_service: Vec<bool>,
    /// For certification skills: the active exams a mention names (itself, or its successors).
    names: Vec<Vec<u32>>,
    certs: Vec<CertInfo>,
    vendors: usize,
}

/// One signal behind a posting's vote for a certification.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Signal {
    pub cert: u32,
    pub skill: u32,
    /// Its share of the posting's evidence for the certification.
    pub weight: f64,
    /// Named in the requirements or duties.
    pub required: bool,
}

/// What one posting says.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Reading {
    pub level: RoleLevel,
    /// Demand for each vendor's cloud AI or data services (by index into `Taxonomy::vendors`).
    pub vendor_demand: Vec<f64>,
    /// The posting's demand, 0..=1: its strongest vendor's (less what no exam open to the role
    /// takes), or the weight of a named exam.
    pub demand: f64,
    /// (certification, vote), votes summing to `demand`.
    pub votes: Vec<(u32, f64)>,
    /// The signals behind each vote, for the evidence.
    pub evidence: Vec<Signal>,
    /// Certifications the posting names (or names a predecessor of).
    pub named: Vec<u32>,
}

impl Model {
    #[must_use]
    pub fn new(taxonomy: &Taxonomy, today: &str) -> Model {
        let vendor_index = |id: &str| taxonomy.vendor_index(id);
        let certs: Vec<CertInfo> = taxonomy
            .certifications
            .iter()
            .map(|c| CertInfo {
                vendor: vendor_index(&c.vendor),
                level: c.level,
                roles: c.roles.clone(),
                retired: c.is_retired(today),
                has_signals: !c.signals.is_empty(),
            })
            .collect();
        let links = taxonomy
            .skills
            .iter()
            .map(|s| {
                let mut links = Vec::new();
                for (c, cert) in taxonomy.certifications.iter().enumerate() {
                    if certs[c].retired {
                        continue;
                    }
                    for (list, signal) in [(&cert.signals, true), (&cert.related, false)] {
                        let exact = list.contains(&s.id);
                        if exact || list.iter().any(|l| covers(l, &s.id)) {
                            links.push(Link {
                                cert: c as u32,
                                signal,
                                exact,
                            });
                            break;
                        }
                    }
                }
                links
            })
            .collect();
        let cert_index = |code: &str| {
            taxonomy
                .certifications
                .iter()
                .position(|c| c.code.eq_ignore_ascii_case(code))
        };
        let names = taxonomy
            .skills
            .iter()
            .map(|s| {
                let Some(c) = s.id.strip_prefix("cert.").and_then(cert_index) else {
                    return Vec::new();
                };
                if !certs[c].retired {
                    return vec![c as u32];
                }
                taxonomy.certifications[c]
                    .successors
                    .iter()
                    .filter_map(|succ| cert_index(succ))
                    .filter(|&i| !certs[i].retired)
                    .map(|i| i as u32)
                    .collect()
            })
            .collect();
        let skill_vendor = taxonomy
            .skills
            .iter()
            .map(|s| {
                if s.vendor == GENERAL {
                    None
                } else {
                    vendor_index(&s.vendor)
                }
            })
            .collect();
        let platform_service = taxonomy
            .skills
            .iter()
            .map(|s| {
                matches!(
                    s.category.as_str(),
                    "storage" | "compute" | "database" | "data" | "analytics"
                )
            })
            .collect();
        Model {
            links,
            skill_vendor,
            platform_service,
            names,
            certs,
            vendors: taxonomy.vendors.len(),
        }
    }

    /// How open certification `c` is to a role of level `role`.
    fn fit(&self, c: usize, role: RoleLevel) -> f64 {
        let cert = &self.certs[c];
        if cert.retired {
            0.0
        } else if cert.roles.is_empty() {
            level_fit(role, cert.level)
        } else if cert.roles.contains(&role) {
            1.0
        } else {
            0.0
        }
    }

    /// Reads one posting: the skills found in it, the level of its role, and how often it names
    /// each vendor (`platform`, from `Matcher::find_with_platform`).
    #[must_use]
    pub fn read(&self, found: &[Found], level: RoleLevel, platform: &[u32]) -> Reading {
        let n = self.certs.len();
        let fit: Vec<f64> = (0..n).map(|c| self.fit(c, level)).collect();
        let direct = || found.iter().filter(|f| !f.implied);
        let weight = |f: &Found| {
            section_weight(f.section)
                * if f.alternative {
                    ALTERNATIVE_FACTOR
                } else {
                    1.0
                }
        };
        // A skill named again and again is more central to the work than one named once.
        let evidence_weight =
            |f: &Found| weight(f) * (1.0 + MENTION_STEP * f64::from(f.mentions.clamp(1, 4) - 1));

        // Demand: the strongest signal of each vendor, and a little for each further one. A lone
        // signal that nothing else in the posting bears out (Kinesis in a list of a backend's
        // infrastructure, Azure ML named as the data scientists' tool in a data engineer's
        // posting) counts `LONE_SIGNAL`. Only related skills named where the job is
        // described bear a signal out; platform services bear out nothing.
        let mut strongest = vec![0.0f64; self.vendors];
        let mut signals = vec![0u32; self.vendors];
        // Whether every signal of the vendor is a platform service (Kinesis, Redshift).
        let mut platform_only = vec![true; self.vendors];
        // For a business role, one AI service (Microsoft 365 Copilot in a finance analyst's
        // work) is the whole of its AI work; an engineer's lone mention is more often in passing.
        let business_role = matches!(level, RoleLevel::NonTechnical | RoleLevel::Leader);
        let mut gate = vec![false; n];
        for f in direct() {
            let Some(v) = self.skill_vendor[f.skill] else {
                continue;
            };
            // A signal makes demand only for exams open to the role: Amazon Lex, a fundamentals
            // signal, asks nothing of a senior engineer.
            let mut is_signal = false;
            for l in self.links[f.skill].iter().filter(|l| l.signal) {
                if fit[l.cert as usize] > 0.0 {
                    is_signal = true;
                    gate[l.cert as usize] = true;
                }
            }
            if is_signal {
                strongest[v] = strongest[v].max(weight(f));
                signals[v] += 1;
                platform_only[v] &= self.platform_service[f.skill];
            }
        }
        let mut borne_out = vec![false; self.vendors];
        for f in direct().filter(|f| {
            !self.platform_service[f.skill] && section_weight(f.section) >= BEARS_OUT_FROM
        }) {
            // Related skills only: a second signal already counts as breadth.
            for l in self.links[f.skill].iter().filter(|l| !l.signal) {
                let c = l.cert as usize;
                // An exam without signals (AI-200) is open to any posting of its vendor.
                if gate[c] || (!self.certs[c].has_signals && fit[c] > 0.0) {
                    if let Some(v) = self.certs[c].vendor {
                        borne_out[v] = true;
                    }
                }
            }
        }
        let vendor_demand: Vec<f64> = (0..self.vendors)
            .map(|v| match signals[v] {
                0 => 0.0,
                1 if !borne_out[v] && (platform_only[v] || !business_role) => {
                    strongest[v] * LONE_SIGNAL
                }
                k => (strongest[v] + BREADTH * f64::from(k - 1)).min(1.0),
            })
            .collect();

        // Evidence: each skill shared among the open exams it points to.
        let mut evidence = vec![0.0f64; n];
        let mut behind: Vec<Signal> = Vec::new();
        for f in direct() {
            let vendor_factor = if self.skill_vendor[f.skill].is_none() {
                CONCEPT_FACTOR
            } else {
                1.0
            };
            let open = |l: &&Link| {
                let c = l.cert as usize;
                let demand = self.certs[c].vendor.is_some_and(|v| vendor_demand[v] > 0.0);
                fit[c] > 0.0 && demand && (l.signal || gate[c] || !self.certs[c].has_signals)
            };
            let links: Vec<&Link> = self.links[f.skill].iter().filter(open).collect();
            if links.is_empty() {
                continue;
            }
            let exact = links.iter().any(|l| l.exact);
            let links: Vec<&&Link> = links.iter().filter(|l| l.exact == exact).collect();
            let strength =
                |l: &Link| fit[l.cert as usize] * if l.signal { 1.0 } else { RELATED_FACTOR };
            let total: f64 = links.iter().map(|l| strength(l)).sum();
            for l in links {
                let share = evidence_weight(f) * vendor_factor * strength(l) / total;
                evidence[l.cert as usize] += share;
                if l.signal {
                    behind.push(Signal {
                        cert: l.cert,
                        skill: f.skill as u32,
                        weight: share,
                        required: matches!(
                            f.section,
                            Section::Requirements | Section::Responsibilities
                        ),
                    });
                }
            }
        }
        for (c, e) in evidence.iter_mut().enumerate() {
            *e *= self.certs[c].vendor.map_or(0.0, |v| {
                let named = platform.get(v).copied().unwrap_or(0).min(PLATFORM_MOST);
                vendor_demand[v] * (1.0 + PLATFORM_STEP * f64::from(named))
            });
        }

        // Exams named by the posting.
        let mut named: Vec<u32> = Vec::new();
        let mut named_weight = 0.0f64;
        for f in direct() {
            if !self.names[f.skill].is_empty() {
                named_weight = named_weight.max(section_weight(f.section));
            }
            for &c in &self.names[f.skill] {
                if !named.contains(&c) {
                    named.push(c);
                }
            }
        }
        named.sort_unstable();

        let mut demand = vendor_demand.iter().copied().fold(0.0, f64::max);
        let total: f64 = evidence.iter().sum();
        let mut votes = vec![0.0f64; n];
        if !named.is_empty() {
            demand = demand.max(named_weight);
            // Between successors of one named exam, the posting's own evidence decides.
            let named_evidence: f64 = named.iter().map(|&c| evidence[c as usize]).sum();
            for &c in &named {
                let share = if named_evidence > 0.0 {
                    evidence[c as usize] / named_evidence
                } else {
                    1.0 / named.len() as f64
                };
                votes[c as usize] += demand * NAMED_SHARE * share;
            }
            let rest = demand * (1.0 - NAMED_SHARE);
            if total > 0.0 {
                for (c, e) in evidence.iter().enumerate() {
                    votes[c] += rest * e / total;
                }
            } else {
                for &c in &named {
                    votes[c as usize] += rest / named.len() as f64;
                }
            }
        } else if total > 0.0 {
            // An exam only half open to the role (an associate exam for a non-technical role)
            // takes only that part of the vote: the rest is demand no exam here fits.
            for (c, e) in evidence.iter().enumerate() {
                votes[c] = demand * e / total * fit[c];
            }
            demand = votes.iter().sum();
        } else {
            demand = 0.0;
        }
        Reading {
            level,
            vendor_demand,
            demand,
            votes: votes
                .into_iter()
                .enumerate()
                .filter(|(_, v)| *v > 0.0)
                .map(|(c, v)| (c as u32, v))
                .collect(),
            evidence: behind,
            named,
        }
    }
}
