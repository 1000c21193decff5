//! Running aggregates over analyzed postings, folded in polars: postings and mentions per skill,
//! the vendor split, and the demand for each certification domain.
//!
//! Rows are buffered and folded into small partial tables every `CHUNK` rows, so memory stays flat
//! however many postings stream through; `finish` builds the final tables.

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
#[derive(Debug, Clone, PartialEq)]
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

/// Folds analyzed postings into running aggregates.
pub struct Aggregator<'t> {
    taxonomy: &'t Taxonomy,
    /// For each skill: the (certification, domain) keys that cover it.
    domain_keys: Vec<Vec<u32>>,
    /// (certification index, domain index) by key.
    domain_of_key: Vec<(usize, usize)>,
    vendor_bits: Vec<u8>,
    /// Vendor index of each certification's vendor, if it is one of the taxonomy's.
    cert_vendor: Vec<Option<usize>>,
    analyzed: u32,
    asking: u32,
    demand: f64,
    fit: FitMoments,
    certs: KeyedSums,
    skills: KeyedSums,
    domains: KeyedSums,
    vendors: KeyedSums,
    evidence: KeyedSums,
    vendor_demand: KeyedSums,
    levels: KeyedSums,
}

const AWS_BIT: u8 = 1;
const AZURE_BIT: u8 = 2;

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
        let n = taxonomy.certifications.len();
        Aggregator {
            taxonomy,
            fit: FitMoments {
                sum: vec![0.0; n],
                sum_sq: vec![0.0; n],
                cross: vec![0.0; n * n],
            },
            domain_keys,
            domain_of_key,
            vendor_bits,
            cert_vendor,
            analyzed: 0,
            asking: 0,
            demand: 0.0,
            certs: KeyedSums::new(&["postings", "named", "leads"]),
            skills: KeyedSums::new(&["postings", "mentions", "required", "preferred", "legacy"]),
            domains: KeyedSums::new(&["postings", "weighted"]),
            vendors: KeyedSums::new(&["postings"]),
            evidence: KeyedSums::new(&["postings", "required", "weight"]),
            vendor_demand: KeyedSums::new(&["postings", "weighted"]),
            levels: KeyedSums::new(&["postings"]),
        }
    }

    /// Adds one analyzed posting: the skills found in it and how it reads.
    pub fn push(&mut self, found: &[Found], reading: &Reading) -> Result<(), AggregateError> {
        self.analyzed += 1;
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
                f.skill as u32,
                &[
                    1.0,
                    f64::from(f.mentions),
                    f64::from(u8::from(required)),
                    f64::from(u8::from(preferred)),
                    f64::from(u8::from(f.legacy)),
                ],
            )?;
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
            self.domains.push(key, &[1.0, weight])?;
        }
        let n = self.taxonomy.certifications.len();
        for &(a, va) in &reading.votes {
            let a = a as usize;
            self.fit.sum[a] += va;
            self.fit.sum_sq[a] += va * va;
            for &(b, vb) in &reading.votes {
                self.fit.cross[a * n + b as usize] += va * vb;
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
                e.cert * skills + e.skill,
                &[1.0, f64::from(u8::from(e.required)), e.weight],
            )?;
        }
        for (v, &d) in reading.vendor_demand.iter().enumerate() {
            if d > 0.0 {
                self.vendor_demand.push(v as u32, &[1.0, d])?;
            }
        }
        self.levels.push(reading.level as u32, &[1.0])?;
        if reading.demand > 0.0 {
            self.asking += 1;
            self.demand += reading.demand;
        }
        Ok(self.vendors.push(u32::from(bits), &[1.0])?)
    }

    /// The final tables.
    pub fn finish(mut self) -> Result<Tables, AggregateError> {
        let analyzed = self.analyzed;
        let skills = self.skill_rows()?;
        let mut vendors = VendorSplit::default();
        for (bits, values) in self.vendors.finish()? {
            let n = values[0] as u32;
            match bits as u8 {
                AWS_BIT => vendors.aws_only += n,
                AZURE_BIT => vendors.azure_only += n,
                b if b == AWS_BIT | AZURE_BIT => vendors.both += n,
                _ => vendors.neither += n,
            }
        }
        let domains = self
            .domains
            .finish()?
            .into_iter()
            .map(|(key, values)| {
                let (cert, domain) = self.domain_of_key[key as usize];
                DomainDemand {
                    cert,
                    domain,
                    postings: values[0] as u32,
                    weighted: values[1],
                }
            })
            .collect();
        let certifications = self
            .certs
            .finish()?
            .into_iter()
            .map(|(cert, values)| CertSupport {
                cert: cert as usize,
                postings: values[0] as u32,
                named: values[1] as u32,
                leads: values[2] as u32,
            })
            .collect();
        let skill_count = self.taxonomy.skills.len() as u32;
        let evidence = self
            .evidence
            .finish()?
            .into_iter()
            .map(|(key, values)| EvidenceRow {
                cert: (key / skill_count) as usize,
                skill: (key % skill_count) as usize,
                postings: values[0] as u32,
                required: values[1] as u32,
                weight: values[2],
            })
            .collect();
        let vendor_demand = self
            .vendor_demand
            .finish()?
            .into_iter()
            .map(|(vendor, values)| VendorDemand {
                vendor: vendor as usize,
                postings: values[0] as u32,
                weighted: values[1],
            })
            .collect();
        let levels = self
            .levels
            .finish()?
            .into_iter()
            .map(|(key, values)| (RoleLevel::ALL[key as usize], values[0] as u32))
            .collect();
        Ok(Tables {
            analyzed,
            fit: self.fit.clone(),
            certifications,
            skills,
            vendors,
            domains,
            evidence,
            vendor_demand,
            levels,
            asking: self.asking,
            demand: self.demand,
        })
    }

    fn skill_rows(&mut self) -> PolarsResult<Vec<SkillRow>> {
        let folded = self.skills.finish_frame()?;
        let Some(mut df) = folded else {
            return Ok(Vec::new());
        };
        let keys = df.column("key")?.u32()?;
        let ids: Vec<&str> = (0..keys.len())
            .map(|i| {
                self.taxonomy.skills[keys.get(i).unwrap_or_default() as usize]
                    .id
                    .as_str()
            })
            .collect();
        // Ties go to the kind of service that tells markets apart: AI services before data
        // services before general cloud infrastructure (the taxonomy's category order).
        let ranks: Vec<u32> = (0..keys.len())
            .map(|i| {
                let skill = &self.taxonomy.skills[keys.get(i).unwrap_or_default() as usize];
                crate::taxonomy::category_rank(&skill.category)
            })
            .collect();
        let analyzed = f64::from(self.analyzed.max(1));
        df.with_column(Column::new("skill_id".into(), ids))?;
        df.with_column(Column::new("rank".into(), ranks))?;
        let df = df
            .lazy()
            .with_column((col("postings") / lit(analyzed)).alias("share"))
            .sort(
                ["postings", "rank", "skill_id"],
                SortMultipleOptions::default().with_order_descending_multi([true, false, false]),
            )
            .collect()?;
        let keys = df.column("key")?.u32()?;
        let postings = df.column("postings")?.f64()?;
        let share = df.column("share")?.f64()?;
        let mentions = df.column("mentions")?.f64()?;
        let required = df.column("required")?.f64()?;
        let preferred = df.column("preferred")?.f64()?;
        let legacy = df.column("legacy")?.f64()?;
        let mut rows = Vec::with_capacity(df.height());
        for i in 0..df.height() {
            let skill = &self.taxonomy.skills[keys.get(i).unwrap_or_default() as usize];
            rows.push(SkillRow {
                skill_id: skill.id.clone(),
                skill: skill.name.clone(),
                vendor: skill.vendor.clone(),
                category: skill.category.clone(),
                postings: postings.get(i).unwrap_or_default() as u32,
                share: share.get(i).unwrap_or_default(),
                mentions: mentions.get(i).unwrap_or_default() as u32,
                certifications: self
                    .taxonomy
                    .certifications_covering(&skill.id)
                    .into_iter()
                    .map(str::to_string)
                    .collect(),
                required: required.get(i).unwrap_or_default() as u32,
                preferred: preferred.get(i).unwrap_or_default() as u32,
                legacy: legacy.get(i).unwrap_or_default() as u32,
            });
        }
        Ok(rows)
    }
}

/// Sums of value columns per `u32` key, folded in chunks.
struct KeyedSums {
    names: Vec<&'static str>,
    keys: Vec<u32>,
    values: Vec<Vec<f64>>,
    partial: Option<DataFrame>,
}

impl KeyedSums {
    fn new(names: &[&'static str]) -> Self {
        KeyedSums {
            names: names.to_vec(),
            keys: Vec::new(),
            values: vec![Vec::new(); names.len()],
            partial: None,
        }
    }

    fn push(&mut self, key: u32, values: &[f64]) -> PolarsResult<()> {
        self.keys.push(key);
        for (column, v) in self.values.iter_mut().zip(values) {
            column.push(*v);
        }
        if self.keys.len() >= CHUNK {
            self.flush()?;
        }
        Ok(())
    }

    /// Folds the buffered rows into the partial table: group by key, sum every value column.
    fn flush(&mut self) -> PolarsResult<()> {
        if self.keys.is_empty() {
            return Ok(());
        }
        let mut columns = vec![Column::new("key".into(), std::mem::take(&mut self.keys))];
        for (name, values) in self.names.iter().zip(&mut self.values) {
            columns.push(Column::new((*name).into(), std::mem::take(values)));
        }
        let chunk = DataFrame::new_infer_height(columns)?.lazy();
        let input = match self.partial.take() {
            Some(partial) => concat([partial.lazy(), chunk], UnionArgs::default())?,
            None => chunk,
        };
        let sums: Vec<Expr> = self.names.iter().map(|n| col(*n).sum()).collect();
        self.partial = Some(input.group_by([col("key")]).agg(sums).collect()?);
        Ok(())
    }

    fn finish_frame(&mut self) -> PolarsResult<Option<DataFrame>> {
        self.flush()?;
        Ok(self.partial.take())
    }

    /// (key, sums) sorted by key.
    fn finish(&mut self) -> PolarsResult<Vec<(u32, Vec<f64>)>> {
        let Some(df) = self.finish_frame()? else {
            return Ok(Vec::new());
        };
        let df = df.sort(["key"], SortMultipleOptions::default())?;
        let keys = df.column("key")?.u32()?;
        let columns: Vec<&Float64Chunked> = self
            .names
            .iter()
            .map(|n| df.column(n).and_then(|c| c.f64()))
            .collect::<PolarsResult<_>>()?;
        Ok((0..df.height())
            .map(|i| {
                (
                    keys.get(i).unwrap_or_default(),
                    columns
                        .iter()
                        .map(|c| c.get(i).unwrap_or_default())
                        .collect(),
                )
            })
            .collect())
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
            fold.push(i % 7, &[1.0]).unwrap();
        }
        let total: f64 = fold.finish().unwrap().iter().map(|(_, v)| v[0]).sum();
        assert!((total - f64::from(CHUNK as u32 * 2 + 10)).abs() < 1e-9);
        drop(t);
    }
}
