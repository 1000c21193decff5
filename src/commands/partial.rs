//! Partial results (`certfit analyze ... --partial FILE`) and their merge (`certfit merge`): a
//! shard of a large run writes the sums its reports are made from, versioned and stamped with the
//! taxonomy's fingerprint; a merge adds the shards up into the run a single machine would have
//! made over all the inputs.
//!
//! Duplicates: within a shard they are folded exactly, as in any run. Across shards a posting
//! counted in two shards cannot be taken back out of the sums, so each partial keeps the
//! fingerprints of its postings (8 bytes each: 8 MB per million postings) and the merge counts the
//! postings that more than one shard counted, and says so. Shard by posting text (the Spark job in
//! `examples/spark/` does) and copies meet in one shard, where they fold exactly.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use anyhow::{Context, bail};
use serde::{Deserialize, Serialize};

use super::analyze::{Run, SegmentLabels};
use crate::aggregate::{Aggregator, State};
use crate::input::Repeat;
use crate::posting::{Skip, SkipReason};
use crate::reading::facets::Filtered;
use crate::taxonomy::Taxonomy;

/// The version of the partial format this build writes and reads.
pub const VERSION: u32 = 1;

/// What a shard leaves for the merge. (`certfit_partial` names the format in the file itself.)
#[allow(clippy::struct_field_names)]
#[derive(Debug, Serialize, Deserialize)]
pub struct Partial {
    /// The format's version.
    pub certfit_partial: u32,
    /// The certfit that wrote it.
    pub certfit: String,
    /// `Taxonomy::fingerprint` of the taxonomy the shard ran with.
    pub taxonomy: String,
    /// The `--by` facet, if any.
    pub by: Option<String>,
    /// Segment labels by the segment numbers of `state`.
    pub segments: Vec<String>,
    pub state: State,
    /// Per skill index: the first few (posting label, snippet) pairs naming it.
    pub evidence: Vec<Vec<(String, String)>>,
    /// (source, reason).
    pub skipped: Vec<(String, String)>,
    /// (input, read as, within a folder).
    pub repeated: Vec<(String, String, bool)>,
    pub analyzed: u32,
    pub folded: u32,
    /// (flag, postings left out).
    pub filtered: Vec<(String, u32)>,
    pub undated: u32,
    pub other_records: u64,
    /// The text fingerprints of the postings counted, sorted.
    pub fingerprints: Vec<u64>,
}

impl Partial {
    /// A shard's partial from its run.
    pub fn of(
        taxonomy: &Taxonomy,
        by: Option<&str>,
        run: &mut Run,
        repeated: &[Repeat],
    ) -> anyhow::Result<Partial> {
        let state = run.state.take().context("the run kept no state to write")?;
        let mut fingerprints: Vec<u64> = run.fingerprints.iter().copied().collect();
        fingerprints.sort_unstable();
        Ok(Partial {
            certfit_partial: VERSION,
            certfit: env!("CARGO_PKG_VERSION").to_string(),
            taxonomy: taxonomy.fingerprint(),
            by: by.map(str::to_string),
            segments: run.segments.clone(),
            state,
            evidence: run.evidence.clone(),
            skipped: run
                .skipped
                .iter()
                .map(|s| (s.source.clone(), s.reason.to_string()))
                .collect(),
            repeated: repeated
                .iter()
                .map(|r| (r.input.clone(), r.read_as.clone(), r.within))
                .collect(),
            analyzed: run.analyzed,
            folded: run.folded,
            filtered: run
                .filtered
                .iter()
                .map(|(f, n)| (f.flag().to_string(), *n))
                .collect(),
            undated: run.undated,
            other_records: run.other_records,
            fingerprints,
        })
    }

    pub fn write(&self, path: &Path) -> anyhow::Result<()> {
        crate::sink::write_atomically(path, |w| {
            serde_json::to_writer(&mut *w, self).map_err(std::io::Error::other)?;
            w.write_all(b"\n")
        })
        .with_context(|| format!("cannot write {}", path.display()))
    }

    pub fn read(path: &Path) -> anyhow::Result<Partial> {
        let file = std::fs::File::open(path)
            .with_context(|| format!("cannot read the partial {}", path.display()))?;
        let value: serde_json::Value = serde_json::from_reader(std::io::BufReader::new(file))
            .with_context(|| format!("{} is not a certfit partial (not JSON)", path.display()))?;
        match value
            .get("certfit_partial")
            .and_then(serde_json::Value::as_u64)
        {
            Some(v) if v == u64::from(VERSION) => {}
            Some(v) => bail!(
                "{} is a partial of format {v}; this certfit reads format {VERSION}: run the shards and the merge with one version",
                path.display()
            ),
            None => bail!("{} is not a certfit partial", path.display()),
        }
        serde_json::from_value(value)
            .with_context(|| format!("{} is a damaged certfit partial", path.display()))
    }
}

/// The partials added up: a run as if one machine had read every shard's inputs, and how many
/// postings more than one shard counted.
pub fn merge(
    taxonomy: &Taxonomy,
    partials: &[(String, Partial)],
) -> anyhow::Result<(Run, Vec<Repeat>, Option<String>, u64)> {
    let Some((_, first)) = partials.first() else {
        bail!("name the partial files to merge");
    };
    let fingerprint = taxonomy.fingerprint();
    for (name, p) in partials {
        if p.taxonomy != fingerprint {
            bail!(
                "{name} was made with another taxonomy (fingerprint {}, this one {fingerprint}): run every shard and the merge with the same taxonomy (and --taxonomy files)",
                p.taxonomy
            );
        }
        if p.by != first.by {
            bail!(
                "{name} is divided by {}, the first partial by {}: run every shard with the same --by",
                p.by.as_deref().unwrap_or("nothing"),
                first.by.as_deref().unwrap_or("nothing")
            );
        }
    }
    let mut aggregator = if first.by.is_some() {
        Aggregator::segmented(taxonomy)
    } else {
        Aggregator::new(taxonomy)
    };
    // Segments are matched by label, as one run matches them (case aside).
    let mut labels = SegmentLabels::default();
    let mut evidence: Vec<Vec<(String, String)>> = vec![Vec::new(); taxonomy.skills.len()];
    let mut run = Run::default();
    let mut filtered: HashMap<Filtered, u32> = HashMap::new();
    let mut repeated = Vec::new();
    let mut seen: HashSet<u64> = HashSet::new();
    let mut counted_twice = 0u64;
    for (_, p) in partials {
        let local: Vec<u32> = p.segments.iter().map(|label| labels.key(label)).collect();
        aggregator.absorb(&p.state, &|s| local.get(s as usize).copied().unwrap_or(s))?;
        for (kept, theirs) in evidence.iter_mut().zip(&p.evidence) {
            for pair in theirs {
                if kept.len() < super::analyze::EVIDENCE_PER_SKILL {
                    kept.push(pair.clone());
                }
            }
        }
        run.skipped.extend(p.skipped.iter().map(|(source, reason)| {
            Skip::new(source.as_str(), SkipReason::Invalid(reason.clone()))
        }));
        repeated.extend(p.repeated.iter().map(|(input, read_as, within)| Repeat {
            input: input.clone(),
            read_as: read_as.clone(),
            within: *within,
        }));
        run.analyzed += p.analyzed;
        run.folded += p.folded;
        run.undated += p.undated;
        run.other_records += p.other_records;
        for (flag, n) in &p.filtered {
            if let Some(f) = Filtered::ALL.into_iter().find(|f| f.flag() == flag) {
                *filtered.entry(f).or_insert(0) += n;
            }
        }
        for fp in &p.fingerprints {
            if !seen.insert(*fp) {
                counted_twice += 1;
            }
        }
    }
    let mut filtered: Vec<(Filtered, u32)> = filtered.into_iter().collect();
    filtered.sort_unstable();
    run.filtered = filtered;
    run.tables = aggregator.finish_all()?;
    run.segments = labels.into_labels();
    run.evidence = evidence;
    Ok((run, repeated, first.by.clone(), counted_twice))
}
