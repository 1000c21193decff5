//! `certfit merge PARTIAL...`: the shards of a large run added up into the reports one run over
//! all their inputs would have written.

use anyhow::bail;

use super::Exit;
use super::partial::{self, Partial};
use crate::cli::MergeArgs;
use crate::config::{self, AnalyzeConfig};

pub fn run(args: MergeArgs) -> anyhow::Result<Exit> {
    if args.reports.0.iter().any(|(f, _)| f.flag == "matches") {
        bail!(
            "--matches lists every posting as it is read: ask each shard's `certfit analyze` for its own"
        );
    }
    let taxonomy = config::load_taxonomy(args.taxonomy.as_ref())?;
    let started = std::time::Instant::now();
    let mut partials = Vec::new();
    for path in &args.partials {
        partials.push((crate::posting::shown_path(path), Partial::read(path)?));
    }
    let (run, repeated, by, counted_twice) = partial::merge(&taxonomy, &partials)?;
    let inputs: Vec<String> = args
        .partials
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    let cfg = AnalyzeConfig::for_merge(
        taxonomy,
        args.reports.0,
        &inputs,
        args.top,
        args.quiet,
        args.color,
        by.as_deref(),
    )?;
    if counted_twice > 0 && !cfg.quiet {
        eprintln!(
            "certfit: {} counted by more than one shard (the same text in two shards); shard by posting text so that copies meet in one shard and fold",
            crate::report::count(
                usize::try_from(counted_twice).unwrap_or(usize::MAX),
                "posting"
            )
        );
    }
    super::analyze::present(&cfg, run, &repeated, None, None, started)
}
