//! Running aggregates over analyzed postings, folded in polars: postings and mentions per skill,
//! the vendor split, and the demand for each certification domain.
//!
//! Rows are buffered and folded into small partial tables every `CHUNK` rows, so memory stays flat
//! however many postings stream through; `finish` builds the final tables.

pub mod parquet;

use std::collections::HashMap;

use polars::prelude::*;

use crate::matcher::Found;
use crate::posting::Section;
use crate::reading::Reading;
use crate::taxonomy::{COMPARED, GENERAL, RoleLevel, Taxonomy, covers};

/// A failure of the aggregation; polars' own error stays inside this module.
#[derive(Debug, thiserror::Error)]
#[error("aggregating the postings failed: {0}")]
pub struct AggregateError(#[from] PolarsError);

/// Rows buffered before they are folded into the partial tables.
const CHUNK: usize = 64 * 1024;

/// One skill's row of the skill-frequency report.
#[derive(Debug, Clone, PartialEq)]
pub struct SkillRow {
    pub skill_id: String,
    pub skill: String,
    pub vendor: String,
    pub category: String,
    /// Postings that name it.
    pub postings: u32,
    /// `postings` / analyzed postings.
    pub share: f64,
    /// Times it is named across all postings.
    pub mentions: u32,
    /// Exam codes whose domains cover it.
    pub certifications: Vec<String>,
    /// Postings that name it under requirements.
    pub required: u32,
    /// Postings that name it only as preferred / nice to have.
    pub preferred: u32,
    /// Postings that name it only by a former product name.
    pub legacy: u32,
}

impl SkillRow {
    /// Whether it is a vendor's AI or data service: what tells markets apart, as against general
    /// cloud infrastructure, concepts and certifications.
    #[must_use]
    pub fn is_ai_or_data_service(&self) -> bool {
        self.vendor != crate::taxonomy::GENERAL && crate::taxonomy::is_ai_or_data(&self.category)
    }
}

/// How many postings name each vendor's services.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VendorSplit {
    pub aws_only: u32,
    pub azure_only: u32,
    pub both: u32,
    pub neither: u32,
}

/// Demand for one domain of one certification.
#[derive(Debug, Clone, PartialEq)]
pub struct DomainDemand {
    /// Index into `Taxonomy::certifications`.
    pub cert: usize,
    /// Index into the certification's domains.
    pub domain: usize,
    /// Postings naming at least one skill of the domain.
    pub postings: u32,
    /// Sum over postings of the strongest weighted mention of the domain's skills (0..=1 each).
    pub weighted: f64,
}

/// Support for one certification.
#[derive(Debug, Clone, PartialEq)]
pub struct CertSupport {
    /// Index into `Taxonomy::certifications`.
    pub cert: usize,
    /// Postings whose vote goes (in part) to it.
    pub postings: u32,
    /// Postings naming the exam, or an exam it succeeds.
    pub named: u32,
    /// Postings whose vote goes mostly to it.
    pub leads: u32,
}

/// The signals behind one certification's votes: one skill, over all postings.
#[derive(Debug, Clone, PartialEq)]
pub struct EvidenceRow {
    pub cert: usize,
    pub skill: usize,
    /// Postings where the skill counts for the certification.
    pub postings: u32,
    /// Of those, postings that name it in their requirements or duties.
    pub required: u32,
    /// Sum of its weight in those postings' evidence.
    pub weight: f64,
}

/// How many postings ask for one vendor's cloud AI or data services.
#[derive(Debug, Clone, PartialEq)]
pub struct VendorDemand {
    /// Index into `Taxonomy::vendors`.
    pub vendor: usize,
    /// Postings naming at least one signal of the vendor's exams.
    pub postings: u32,
    /// Sum of those postings' demand for the vendor, 0..=1 each.
    pub weighted: f64,
}

/// Moments of each certification's per-posting vote (`reading`); a certification's
/// score is its mean vote.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FitMoments {
    /// Σ fit, per certification.
    pub sum: Vec<f64>,
    /// Σ fit², per certification.
    pub sum_sq: Vec<f64>,
    /// Σ fit_a·fit_b, row-major over certification pairs.
    pub cross: Vec<f64>,
}

/// The final tables.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Tables {
    pub analyzed: u32,
    pub fit: FitMoments,
    /// Sorted by certification index.
    pub certifications: Vec<CertSupport>,
    /// Sorted by postings (descending), then skill id.
    pub skills: Vec<SkillRow>,
    pub vendors: VendorSplit,
    pub domains: Vec<DomainDemand>,
    /// Sorted by certification, then skill.
    pub evidence: Vec<EvidenceRow>,
    /// Sorted by vendor index.
    pub vendor_demand: Vec<VendorDemand>,
    /// Postings per role level, in `RoleLevel::ALL` order (levels without postings left out).
    pub levels: Vec<(RoleLevel, u32)>,
    /// Postings that ask for any vendor's cloud AI or data services, or name an exam.
    pub asking: u32,
    /// Sum of the postings' demand, 0..=1 each.
    pub demand: f64,
}

/// The tables of one segment of the postings (`--by`): its key as the caller numbered it.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    pub key: u32,
    pub tables: Tables,
}

/// One month of dated postings: how many, the cloud split, and postings per skill.
#[derive(Debug, Clone, PartialEq)]
pub struct Month {
    /// Months since year 0: `year * 12 + month - 1`.
    pub month: u32,
    pub postings: u32,
    pub vendors: VendorSplit,
    /// (skill index, postings naming it), by skill index.
    pub skills: Vec<(usize, u32)>,
}

impl Month {
    /// The month's postings naming a skill (by index).
    #[must_use]
    pub fn naming(&self, skill: usize) -> u32 {
        self.skills
            .iter()
            .find(|(s, _)| *s == skill)
            .map_or(0, |(_, n)| *n)
    }
}

/// Everything the run folded: the tables of all postings, of each segment (when asked), and of
/// each month (for postings with a date).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Folded {
    pub overall: Tables,
    /// By key; empty unless the postings were segmented.
    pub segments: Vec<Segment>,
    /// By month; empty when no posting has a date.
    pub months: Vec<Month>,
}

/// Folds analyzed postings into running aggregates, per segment.
pub struct Aggregator<'t> {
    taxonomy: &'t Taxonomy,
    /// For each skill: the (certification, domain) keys that cover it.
    domain_keys: Vec<Vec<u32>>,
    /// (certification index, domain index) by key.
    domain_of_key: Vec<(usize, usize)>,
    vendor_bits: Vec<u8>,
    /// Vendor index of each certification's vendor, if it is one of the taxonomy's.
    cert_vendor: Vec<Option<usize>>,
    /// Whether any posting was given a segment other than 0.
    segmented: bool,
    /// Per segment: postings, postings asking, their demand.
    totals: KeyedSums,
    /// Per segment and certification: Σ vote, Σ vote²; per pair (`n + a·n + b`): Σ vote_a·vote_b.
    fit: KeyedSums,
    certs: KeyedSums,
    skills: KeyedSums,
    domains: KeyedSums,
    vendors: KeyedSums,
    evidence: KeyedSums,
    vendor_demand: KeyedSums,
    levels: KeyedSums,
    /// Per month (the segment column): postings per skill, per vendor bits.
    month_skills: KeyedSums,
    month_vendors: KeyedSums,
}

const AWS_BIT: u8 = 1;
const AZURE_BIT: u8 = 2;

/// One row of sums: (segment, key, the value columns).
pub type SumRow = (u32, u32, Vec<f64>);

/// The sums an aggregator holds, table by table, as plain rows: what a partial run writes
/// (`--partial`) and a merge adds up. Rows are (segment, key, sums); segments are numbered as the
/// run that made them numbered its labels.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct State {
    pub segmented: bool,
    /// By table name, in the aggregator's order.
    pub tables: Vec<(String, Vec<SumRow>)>,
}

/// Where in a segment's rows one table's rows go.
type Field = fn(&mut Rows) -> &mut Vec<(u32, Vec<f64>)>;

/// The value rows of one segment's (or of all postings') folded tables, each by key.
#[derive(Default)]
struct Rows {
    totals: Vec<(u32, Vec<f64>)>,
    fit: Vec<(u32, Vec<f64>)>,
    certs: Vec<(u32, Vec<f64>)>,
    skills: Vec<(u32, Vec<f64>)>,
    domains: Vec<(u32, Vec<f64>)>,
    vendors: Vec<(u32, Vec<f64>)>,
    evidence: Vec<(u32, Vec<f64>)>,
    vendor_demand: Vec<(u32, Vec<f64>)>,
    levels: Vec<(u32, Vec<f64>)>,
}

impl<'t> Aggregator<'t> {
    #[must_use]
    pub fn new(taxonomy: &'t Taxonomy) -> Self {
        let mut domain_of_key = Vec::new();
        for (c, cert) in taxonomy.certifications.iter().enumerate() {
            for d in 0..cert.domains.len() {
                domain_of_key.push((c, d));
            }
        }
        let domain_keys = taxonomy
            .skills
            .iter()
            .map(|s| {
                domain_of_key
                    .iter()
                    .enumerate()
                    .filter(|(_, (c, d))| {
                        taxonomy.certifications[*c].domains[*d]
                            .skills
                            .iter()
                            .any(|listed| covers(listed, &s.id))
                    })
                    .map(|(k, _)| k as u32)
                    .collect()
            })
            .collect();
        let vendor_bits = taxonomy
            .skills
            .iter()
            .map(|s| match s.vendor.as_str() {
                v if v == COMPARED[0] => AWS_BIT,
                v if v == COMPARED[1] => AZURE_BIT,
                _ => 0,
            })
            .collect();
        let cert_vendor = taxonomy
            .certifications
            .iter()
            .map(|c| taxonomy.vendor_index(&c.vendor))
            .collect();
        Aggregator {
            taxonomy,
            domain_keys,
            domain_of_key,
            vendor_bits,
            cert_vendor,
            segmented: false,
            totals: KeyedSums::new(&["analyzed", "asking", "demand"]),
            fit: KeyedSums::new(&["sum", "sum_sq"]),
            certs: KeyedSums::new(&["postings", "named", "leads"]),
            skills: KeyedSums::new(&["postings", "mentions", "required", "preferred", "legacy"]),
            domains: KeyedSums::new(&["postings", "weighted"]),
            vendors: KeyedSums::new(&["postings"]),
            evidence: KeyedSums::new(&["postings", "required", "weight"]),
            vendor_demand: KeyedSums::new(&["postings", "weighted"]),
            levels: KeyedSums::new(&["postings"]),
            month_skills: KeyedSums::new(&["postings"]),
            month_vendors: KeyedSums::new(&["postings"]),
        }
    }

    /// An aggregator that keeps each segment's tables, however many segments postings fall in.
    #[must_use]
    pub fn segmented(taxonomy: &'t Taxonomy) -> Self {
        Aggregator {
            segmented: true,
            ..Aggregator::new(taxonomy)
        }
    }

    /// Adds one analyzed posting: the skills found in it and how it reads.
    pub fn push(&mut self, found: &[Found], reading: &Reading) -> Result<(), AggregateError> {
        self.push_in(found, reading, 0, None)
    }

    /// Adds one analyzed posting to a segment (numbered by the caller, from 0) and, when it has a
    /// date, to its month (`year * 12 + month - 1`).
    pub fn push_in(
        &mut self,
        found: &[Found],
        reading: &Reading,
        segment: u32,
        month: Option<u32>,
    ) -> Result<(), AggregateError> {
        let seg = segment;
        self.segmented |= seg != 0;
        let mut bits = 0u8;
        let mut domain_weight: HashMap<u32, f64> = HashMap::new();
        let has_demand = |cert: usize| {
            self.cert_vendor[cert]
                .and_then(|v| reading.vendor_demand.get(v))
                .is_some_and(|&d| d > 0.0)
        };
        for f in found {
            let required = f.section == Section::Requirements;
            let preferred = f.section == Section::Preferred;
            self.skills.push(
                seg,
                f.skill as u32,
                &[
                    1.0,
                    f64::from(f.mentions),
                    f64::from(u8::from(required)),
                    f64::from(u8::from(preferred)),
                    f64::from(u8::from(f.legacy)),
                ],
            )?;
            if let Some(month) = month {
                self.month_skills.push(month, f.skill as u32, &[1.0])?;
            }
            bits |= self.vendor_bits[f.skill];
            let concept = self.taxonomy.skills[f.skill].vendor == GENERAL;
            let weight = f.section.weight();
            for &key in &self.domain_keys[f.skill] {
                // A concept says nothing of a vendor's exam in a posting that asks for none of
                // the vendor's services.
                if concept && !has_demand(self.domain_of_key[key as usize].0) {
                    continue;
                }
                let w = domain_weight.entry(key).or_insert(0.0);
                *w = w.max(weight);
            }
        }
        // Sorted, so that floating-point sums come out the same on every run.
        let mut domain_weight: Vec<(u32, f64)> = domain_weight.into_iter().collect();
        domain_weight.sort_unstable_by_key(|(k, _)| *k);
        for &(key, weight) in &domain_weight {
            self.domains.push(seg, key, &[1.0, weight])?;
        }
        let n = self.taxonomy.certifications.len() as u32;
        for &(a, va) in &reading.votes {
            self.fit.push(seg, a, &[va, va * va])?;
            for &(b, vb) in &reading.votes {
                self.fit.push(seg, n + a * n + b, &[va * vb, 0.0])?;
            }
        }
        let lead = reading
            .votes
            .iter()
            .max_by(|x, y| x.1.total_cmp(&y.1).then(y.0.cmp(&x.0)))
            .map(|&(c, _)| c);
        let mut certs: Vec<u32> = reading.votes.iter().map(|&(c, _)| c).collect();
        certs.extend(&reading.named);
        certs.sort_unstable();
        certs.dedup();
        for cert in certs {
            let voted = reading.votes.iter().any(|&(c, _)| c == cert);
            self.certs.push(
                seg,
                cert,
                &[
                    f64::from(u8::from(voted)),
                    f64::from(u8::from(reading.named.contains(&cert))),
                    f64::from(u8::from(lead == Some(cert))),
                ],
            )?;
        }
        let skills = self.taxonomy.skills.len() as u32;
        for e in &reading.evidence {
            self.evidence.push(
                seg,
                e.cert * skills + e.skill,
                &[1.0, f64::from(u8::from(e.required)), e.weight],
            )?;
        }
        for (v, &d) in reading.vendor_demand.iter().enumerate() {
            if d > 0.0 {
                self.vendor_demand.push(seg, v as u32, &[1.0, d])?;
            }
        }
        self.levels.push(seg, reading.level as u32, &[1.0])?;
        let asking = reading.demand > 0.0;
        self.totals.push(
            seg,
            0,
            &[
                1.0,
                f64::from(u8::from(asking)),
                if asking { reading.demand } else { 0.0 },
            ],
        )?;
        if let Some(month) = month {
            self.month_vendors.push(month, u32::from(bits), &[1.0])?;
        }
        Ok(self.vendors.push(seg, u32::from(bits), &[1.0])?)
    }

    /// Every table's sums by (segment, key), in a fixed order: the state a partial run writes.
    fn sums_mut(&mut self) -> [(&'static str, &mut KeyedSums); 11] {
        [
            ("totals", &mut self.totals),
            ("fit", &mut self.fit),
            ("certs", &mut self.certs),
            ("skills", &mut self.skills),
            ("domains", &mut self.domains),
            ("vendors", &mut self.vendors),
            ("evidence", &mut self.evidence),
            ("vendor_demand", &mut self.vendor_demand),
            ("levels", &mut self.levels),
            ("month_skills", &mut self.month_skills),
            ("month_vendors", &mut self.month_vendors),
        ]
    }

    /// The sums so far, as rows (`--partial`).
    pub fn state(&mut self) -> Result<State, AggregateError> {
        let segmented = self.segmented;
        let mut tables = Vec::new();
        for (name, sums) in self.sums_mut() {
            tables.push((name.to_string(), sums.by_segment()?));
        }
        Ok(State { segmented, tables })
    }

    /// Adds another run's sums (`certfit merge`), its segments renumbered by `segment_of` (months
    /// are the same everywhere and kept). Tables must have the same names and value columns.
    pub fn absorb(
        &mut self,
        state: &State,
        segment_of: &dyn Fn(u32) -> u32,
    ) -> Result<(), AggregateError> {
        self.segmented |= state.segmented;
        for (name, sums) in self.sums_mut() {
            let Some((_, rows)) = state.tables.iter().find(|(n, _)| n == name) else {
                continue;
            };
            let months = name.starts_with("month_");
            for (segment, key, values) in rows {
                if values.len() != sums.names.len() {
                    return Err(AggregateError(PolarsError::ShapeMismatch(
                        format!(
                            "table {name}: {} values, expected {}",
                            values.len(),
                            sums.names.len()
                        )
                        .into(),
                    )));
                }
                let segment = if months {
                    *segment
                } else {
                    segment_of(*segment)
                };
                sums.push(segment, *key, values)?;
            }
        }
        Ok(())
    }

    /// The tables of all postings.
    pub fn finish(self) -> Result<Tables, AggregateError> {
        Ok(self.finish_all()?.overall)
    }

    /// The tables of all postings, of each segment and of each month.
    pub fn finish_all(mut self) -> Result<Folded, AggregateError> {
        let mut overall = Rows {
            totals: self.totals.overall()?,
            fit: self.fit.overall()?,
            certs: self.certs.overall()?,
            skills: self.skills.overall()?,
            domains: self.domains.overall()?,
            vendors: self.vendors.overall()?,
            evidence: self.evidence.overall()?,
            vendor_demand: self.vendor_demand.overall()?,
            levels: self.levels.overall()?,
        };
        let segments = if self.segmented {
            self.segment_rows()?
                .into_iter()
                .map(|(key, mut rows)| Segment {
                    key,
                    tables: self.tables(&mut rows),
                })
                .collect()
        } else {
            Vec::new()
        };
        let months = self.months()?;
        Ok(Folded {
            overall: self.tables(&mut overall),
            segments,
            months,
        })
    }

    /// Each segment's rows, split from the (segment, key) group-bys in one pass each.
    fn segment_rows(&mut self) -> PolarsResult<Vec<(u32, Rows)>> {
        let mut by: std::collections::BTreeMap<u32, Rows> = std::collections::BTreeMap::new();
        let parts: [(&mut KeyedSums, Field); 9] = [
            (&mut self.totals, |r| &mut r.totals),
            (&mut self.fit, |r| &mut r.fit),
            (&mut self.certs, |r| &mut r.certs),
            (&mut self.skills, |r| &mut r.skills),
            (&mut self.domains, |r| &mut r.domains),
            (&mut self.vendors, |r| &mut r.vendors),
            (&mut self.evidence, |r| &mut r.evidence),
            (&mut self.vendor_demand, |r| &mut r.vendor_demand),
            (&mut self.levels, |r| &mut r.levels),
        ];
        for (sums, field) in parts {
            for (segment, key, values) in sums.by_segment()? {
                field(by.entry(segment).or_default()).push((key, values));
            }
        }
        Ok(by.into_iter().collect())
    }

    fn months(&mut self) -> PolarsResult<Vec<Month>> {
        let mut months: std::collections::BTreeMap<u32, Month> = std::collections::BTreeMap::new();
        let blank = |month| Month {
            month,
            postings: 0,
            vendors: VendorSplit::default(),
            skills: Vec::new(),
        };
        for (month, bits, values) in self.month_vendors.by_segment()? {
            let m = months.entry(month).or_insert_with(|| blank(month));
            let n = values[0] as u32;
            m.postings += n;
            m.vendors.add(bits as u8, n);
        }
        for (month, skill, values) in self.month_skills.by_segment()? {
            let m = months.entry(month).or_insert_with(|| blank(month));
            m.skills.push((skill as usize, values[0] as u32));
        }
        // Months without postings between the first and the last are months too: a trend is
        // drawn against time, not against the months that happen to have postings.
        if let (Some(&first), Some(&last)) = (months.keys().next(), months.keys().next_back()) {
            // A stray date decades off would make a calendar of empty months: gaps are filled
            // over at most ten years.
            if last - first <= 120 {
                for month in first..=last {
                    months.entry(month).or_insert_with(|| blank(month));
                }
            }
        }
        Ok(months.into_values().collect())
    }

    /// Tables from folded rows.
    fn tables(&self, rows: &mut Rows) -> Tables {
        let totals = rows
            .totals
            .first()
            .map(|(_, v)| v.clone())
            .unwrap_or_default();
        let total = |i: usize| totals.get(i).copied().unwrap_or_default();
        let analyzed = total(0) as u32;
        let n = self.taxonomy.certifications.len();
        let mut fit = FitMoments {
            sum: vec![0.0; n],
            sum_sq: vec![0.0; n],
            cross: vec![0.0; n * n],
        };
        for (key, values) in &rows.fit {
            let key = *key as usize;
            if key < n {
                fit.sum[key] = values[0];
                fit.sum_sq[key] = values[1];
            } else if let Some(cell) = fit.cross.get_mut(key - n) {
                *cell = values[0];
            }
        }
        let mut vendors = VendorSplit::default();
        for (bits, values) in &rows.vendors {
            vendors.add(*bits as u8, values[0] as u32);
        }
        let domains = rows
            .domains
            .iter()
            .map(|(key, values)| {
                let (cert, domain) = self.domain_of_key[*key as usize];
                DomainDemand {
                    cert,
                    domain,
                    postings: values[0] as u32,
                    weighted: values[1],
                }
            })
            .collect();
        let certifications = rows
            .certs
            .iter()
            .map(|(cert, values)| CertSupport {
                cert: *cert as usize,
                postings: values[0] as u32,
                named: values[1] as u32,
                leads: values[2] as u32,
            })
            .collect();
        let skill_count = self.taxonomy.skills.len() as u32;
        let evidence = rows
            .evidence
            .iter()
            .map(|(key, values)| EvidenceRow {
                cert: (key / skill_count) as usize,
                skill: (key % skill_count) as usize,
                postings: values[0] as u32,
                required: values[1] as u32,
                weight: values[2],
            })
            .collect();
        let vendor_demand = rows
            .vendor_demand
            .iter()
            .map(|(vendor, values)| VendorDemand {
                vendor: *vendor as usize,
                postings: values[0] as u32,
                weighted: values[1],
            })
            .collect();
        let levels = rows
            .levels
            .iter()
            .map(|(key, values)| (RoleLevel::ALL[*key as usize], values[0] as u32))
            .collect();
        Tables {
            analyzed,
            fit,
            certifications,
            skills: self.skill_rows(&rows.skills, analyzed),
            vendors,
            domains,
            evidence,
            vendor_demand,
            levels,
            asking: total(1) as u32,
            demand: total(2),
        }
    }

    /// The skill-frequency rows: by postings (descending), ties going to the kind of service that
    /// tells markets apart (AI services before data services before general cloud: the taxonomy's
    /// category order), then id.
    fn skill_rows(&self, rows: &[(u32, Vec<f64>)], analyzed: u32) -> Vec<SkillRow> {
        let analyzed = f64::from(analyzed.max(1));
        let mut out: Vec<SkillRow> = rows
            .iter()
            .map(|(key, v)| {
                let skill = &self.taxonomy.skills[*key as usize];
                SkillRow {
                    skill_id: skill.id.clone(),
                    skill: skill.name.clone(),
                    vendor: skill.vendor.clone(),
                    category: skill.category.clone(),
                    postings: v[0] as u32,
                    share: v[0] / analyzed,
                    mentions: v[1] as u32,
                    certifications: self
                        .taxonomy
                        .certifications_covering(&skill.id)
                        .into_iter()
                        .map(str::to_string)
                        .collect(),
                    required: v[2] as u32,
                    preferred: v[3] as u32,
                    legacy: v[4] as u32,
                }
            })
            .collect();
        out.sort_by(|a, b| {
            b.postings
                .cmp(&a.postings)
                .then_with(|| {
                    crate::taxonomy::category_rank(&a.category)
                        .cmp(&crate::taxonomy::category_rank(&b.category))
                })
                .then_with(|| a.skill_id.cmp(&b.skill_id))
        });
        out
    }
}

impl VendorSplit {
    /// Postings naming AWS services (alone or with Azure's).
    #[must_use]
    pub fn aws(&self) -> u32 {
        self.aws_only + self.both
    }

    /// Postings naming Azure services (alone or with AWS's).
    #[must_use]
    pub fn azure(&self) -> u32 {
        self.azure_only + self.both
    }

    /// Counts `n` postings whose services' vendors make `bits`.
    fn add(&mut self, bits: u8, n: u32) {
        match bits {
            AWS_BIT => self.aws_only += n,
            AZURE_BIT => self.azure_only += n,
            b if b == AWS_BIT | AZURE_BIT => self.both += n,
            _ => self.neither += n,
        }
    }
}

/// Sums of value columns per (segment, key), folded in chunks by polars group-bys.
struct KeyedSums {
    names: Vec<&'static str>,
    segments: Vec<u32>,
    keys: Vec<u32>,
    values: Vec<Vec<f64>>,
    partial: Option<DataFrame>,
}

impl KeyedSums {
    fn new(names: &[&'static str]) -> Self {
        KeyedSums {
            names: names.to_vec(),
            segments: Vec::new(),
            keys: Vec::new(),
            values: vec![Vec::new(); names.len()],
            partial: None,
        }
    }

    fn push(&mut self, segment: u32, key: u32, values: &[f64]) -> PolarsResult<()> {
        self.segments.push(segment);
        self.keys.push(key);
        for (column, v) in self.values.iter_mut().zip(values) {
            column.push(*v);
        }
        if self.keys.len() >= CHUNK {
            self.flush()?;
        }
        Ok(())
    }

    fn sums(&self) -> Vec<Expr> {
        self.names.iter().map(|n| col(*n).sum()).collect()
    }

    /// Folds the buffered rows into the partial table: group by segment and key, sum every value
    /// column.
    fn flush(&mut self) -> PolarsResult<()> {
        if self.keys.is_empty() {
            return Ok(());
        }
        let mut columns = vec![
            Column::new("segment".into(), std::mem::take(&mut self.segments)),
            Column::new("key".into(), std::mem::take(&mut self.keys)),
        ];
        for (name, values) in self.names.iter().zip(&mut self.values) {
            columns.push(Column::new((*name).into(), std::mem::take(values)));
        }
        let chunk = DataFrame::new_infer_height(columns)?.lazy();
        let input = match self.partial.take() {
            Some(partial) => concat([partial.lazy(), chunk], UnionArgs::default())?,
            None => chunk,
        };
        let sums = self.sums();
        self.partial = Some(
            input
                .group_by([col("segment"), col("key")])
                .agg(sums)
                .collect()?,
        );
        Ok(())
    }

    /// The rows of a folded frame, sorted by `by`.
    fn rows(&self, df: &DataFrame, by: &[&str]) -> PolarsResult<Vec<(u32, u32, Vec<f64>)>> {
        let df = df.sort(by.to_vec(), SortMultipleOptions::default())?;
        let segments = df.column("segment").ok().map(|c| c.u32()).transpose()?;
        let keys = df.column("key")?.u32()?;
        let columns: Vec<&Float64Chunked> = self
            .names
            .iter()
            .map(|n| df.column(n).and_then(|c| c.f64()))
            .collect::<PolarsResult<_>>()?;
        Ok((0..df.height())
            .map(|i| {
                (
                    segments.and_then(|s| s.get(i)).unwrap_or_default(),
                    keys.get(i).unwrap_or_default(),
                    columns
                        .iter()
                        .map(|c| c.get(i).unwrap_or_default())
                        .collect(),
                )
            })
            .collect())
    }

    /// (key, sums over every segment), sorted by key.
    fn overall(&mut self) -> PolarsResult<Vec<(u32, Vec<f64>)>> {
        self.flush()?;
        let Some(partial) = &self.partial else {
            return Ok(Vec::new());
        };
        let df = partial
            .clone()
            .lazy()
            .group_by([col("key")])
            .agg(self.sums())
            .collect()?;
        Ok(self
            .rows(&df, &["key"])?
            .into_iter()
            .map(|(_, key, values)| (key, values))
            .collect())
    }

    /// (segment, key, sums), sorted by segment, then key.
    fn by_segment(&mut self) -> PolarsResult<Vec<(u32, u32, Vec<f64>)>> {
        self.flush()?;
        match &self.partial {
            Some(df) => self.rows(df, &["segment", "key"]),
            None => Ok(Vec::new()),
        }
    }

    #[cfg(test)]
    fn finish(&mut self) -> PolarsResult<Vec<(u32, Vec<f64>)>> {
        self.overall()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::posting::Section;

    fn found(t: &Taxonomy, id: &str, mentions: u32, section: Section) -> Found {
        Found {
            skill: t.skill_index(id).unwrap(),
            mentions,
            first: 0,
            evidence: String::new(),
            section,
            legacy: false,
            implied: false,
            alternative: false,
        }
    }

    #[test]
    fn counts_postings_mentions_and_vendors() {
        let t = Taxonomy::embedded().unwrap();
        let mut agg = Aggregator::new(&t);
        agg.push(
            &[
                found(&t, "aws.sagemaker", 3, Section::Requirements),
                found(&t, "aws.bedrock", 1, Section::Preferred),
            ],
            &Reading::default(),
        )
        .unwrap();
        agg.push(
            &[
                found(&t, "aws.sagemaker", 1, Section::General),
                found(&t, "azure.openai", 2, Section::Requirements),
            ],
            &Reading::default(),
        )
        .unwrap();
        agg.push(&[], &Reading::default()).unwrap();
        let tables = agg.finish().unwrap();
        assert_eq!(tables.analyzed, 3);
        let ids: Vec<&str> = tables.skills.iter().map(|r| r.skill_id.as_str()).collect();
        assert_eq!(ids, ["aws.sagemaker", "aws.bedrock", "azure.openai"]);
        let sm = &tables.skills[0];
        assert_eq!((sm.postings, sm.mentions, sm.required), (2, 4, 1));
        assert!((sm.share - 2.0 / 3.0).abs() < 1e-9);
        assert!(
            sm.certifications.contains(&"MLA-C01".to_string()),
            "{:?}",
            sm.certifications
        );
        assert_eq!(
            tables.vendors,
            VendorSplit {
                aws_only: 1,
                azure_only: 0,
                both: 1,
                neither: 1
            }
        );
        assert!(
            tables
                .domains
                .iter()
                .all(|d| d.postings <= 2 && d.weighted <= f64::from(d.postings))
        );
    }

    #[test]
    fn folding_in_chunks_gives_the_same_sums() {
        let t = Taxonomy::embedded().unwrap();
        let mut fold = KeyedSums::new(&["n"]);
        for i in 0..(CHUNK as u32 * 2 + 10) {
            fold.push(i % 3, i % 7, &[1.0]).unwrap();
        }
        let total: f64 = fold.finish().unwrap().iter().map(|(_, v)| v[0]).sum();
        assert!((total - f64::from(CHUNK as u32 * 2 + 10)).abs() < 1e-9);
        drop(t);
    }
}
