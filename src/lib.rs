//! certfit reads job postings and tells you which AWS or Azure AI certification the market asks for.
//!
//! The pipeline, one module per stage: `input` (what the user named) → `extract` (bytes to
//! postings) → `taxonomy` (the data) → `matcher` (skills in text) → `aggregate` (polars tables) →
//! `recommend` (certification scores) → `report` (terminal and files).

pub mod aggregate;
pub mod cli;
pub mod config;
pub mod extract;
pub mod input;
pub mod matcher;
pub mod recommend;
pub mod report;
pub mod taxonomy;

use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::Context;

use crate::cli::{Args, Command, TaxonomyCommand};
use crate::config::AnalyzeConfig;
use crate::extract::Posting;
use crate::input::{Entry, Skip};
use crate::matcher::Found;
use crate::taxonomy::Taxonomy;

/// How a run ended; documented in the README.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Every input was analyzed.
    Success = 0,
    /// Some inputs were skipped, each reported with its reason.
    Partial = 1,
    /// Nothing could be analyzed, or a usage or taxonomy error.
    Failure = 2,
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> Self {
        ExitCode::from(e as u8)
    }
}

/// Runs a parsed command line.
pub fn run(args: Args) -> anyhow::Result<Exit> {
    match args.command {
        Command::Analyze(a) => analyze(AnalyzeConfig::from_args(a)?),
        Command::Taxonomy(TaxonomyCommand::Check { path }) => taxonomy_check(path.as_deref()),
        Command::Taxonomy(TaxonomyCommand::List { taxonomy, vendor }) => {
            let t = config::load_taxonomy(taxonomy.as_ref())?;
            taxonomy_list(&t, vendor.as_deref())
        }
    }
}

/// One posting's outcome: the posting and what was found in it.
pub type Analyzed = (Posting, Vec<Found>);

/// Reads one entry into its postings and matches them; an entry that yields nothing is a skip.
pub fn analyze_entry(cfg: &AnalyzeConfig, entry: &Entry) -> Result<Vec<Analyzed>, Skip> {
    let postings = match entry {
        Entry::Skipped(skip) => return Err(skip.clone()),
        Entry::Url(url) => {
            return Err(Skip::new(
                url.as_str(),
                "fetching URLs is not available in this version: save the page from your browser and analyze the file",
            ));
        }
        Entry::File { path, format } => {
            let source = path.display().to_string();
            let bytes = input::read_file(path).map_err(|reason| Skip::new(source.as_str(), reason))?;
            let format = input::refine_format(*format, path, &bytes);
            let mut postings =
                extract::extract(&source, &bytes, format).map_err(|e| Skip::new(source.as_str(), e.to_string()))?;
            extract::number_sources(&source, &mut postings);
            postings
        }
        Entry::Pasted { number, text } => {
            let source = format!("stdin#{number}");
            let format = extract::Format::sniff(text);
            let mut postings =
                extract::extract(&source, text.as_bytes(), format).map_err(|e| Skip::new(source.as_str(), e.to_string()))?;
            if postings.len() > 1 {
                extract::number_sources(&source, &mut postings);
            }
            postings
        }
    };
    Ok(postings
        .into_iter()
        .map(|p| {
            let found = cfg.matcher.find(&p);
            (p, found)
        })
        .collect())
}

fn analyze(cfg: AnalyzeConfig) -> anyhow::Result<Exit> {
    let t = &cfg.taxonomy;
    let mut aggregator = aggregate::Aggregator::new(t);
    let mut skipped: Vec<Skip> = Vec::new();
    let mut matches = match &cfg.matches {
        Some(path) => Some(report::csv::MatchesWriter::new(temp_beside(path)?)?),
        None => None,
    };
    let mut analyzed = 0u32;
    for entry in &cfg.entries {
        match analyze_entry(&cfg, entry) {
            Ok(results) => {
                for (posting, found) in results {
                    analyzed += 1;
                    aggregator.push(&found).context("aggregating")?;
                    if let Some(w) = matches.as_mut() {
                        w.write(t, &posting, &found)?;
                    }
                }
            }
            Err(skip) => skipped.push(skip),
        }
    }
    let tables = aggregator.finish().context("aggregating")?;
    let outcome = recommend::recommend(t, &tables, &cfg.today);
    let report = report::Report {
        taxonomy: t,
        tables: &tables,
        outcome: &outcome,
        skipped: &skipped,
        analyzed,
    };

    if let (Some(w), Some(path)) = (matches, &cfg.matches) {
        let tmp = w.finish()?.into_inner().map_err(|e| e.into_error())?;
        tmp.persist(path)
            .map_err(|e| e.error)
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    if let Some(path) = &cfg.csv {
        report::write_atomically(path, |w| report::csv::write_skills(w, &tables.skills))
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    let json_to_stdout = matches!(cfg.json, Some(None));
    match &cfg.json {
        Some(Some(path)) => report::write_atomically(path, |w| report::json::write(w, &report))
            .with_context(|| format!("cannot write {}", path.display()))?,
        Some(None) => report::json::write(&mut io::stdout().lock(), &report)?,
        None => {}
    }
    if !cfg.quiet {
        // With JSON on stdout, the summary goes to stderr so that stdout stays machine-readable.
        if json_to_stdout {
            let mut err = anstream::AutoStream::new(io::stderr().lock(), cfg.color);
            report::terminal::write(&mut err, &report, cfg.top)?;
        } else {
            let mut out = anstream::AutoStream::new(io::stdout().lock(), cfg.color);
            report::terminal::write(&mut out, &report, cfg.top)?;
            out.flush()?;
        }
    } else {
        for s in &skipped {
            eprintln!("certfit: skipped {}: {}", s.source, s.reason);
        }
    }
    Ok(if analyzed == 0 {
        Exit::Failure
    } else if skipped.is_empty() {
        Exit::Success
    } else {
        Exit::Partial
    })
}

/// A buffered temporary file in the folder of `path`, to be renamed over it when complete.
fn temp_beside(path: &std::path::Path) -> anyhow::Result<io::BufWriter<tempfile::NamedTempFile>> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => std::path::Path::new("."),
    };
    let tmp = tempfile::Builder::new()
        .prefix(".certfit-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(io::BufWriter::new(tmp))
}

fn taxonomy_check(path: Option<&std::path::Path>) -> anyhow::Result<Exit> {
    let result = match path {
        Some(p) => Taxonomy::with_overrides(p),
        None => Taxonomy::embedded(),
    };
    let what = path.map_or_else(|| "the built-in taxonomy".to_string(), |p| p.display().to_string());
    match result {
        Ok(t) => {
            println!(
                "{what}: ok ({} skills, {} certifications, {} vendors)",
                t.skills.len(),
                t.certifications.len(),
                t.vendors.len()
            );
            Ok(Exit::Success)
        }
        Err(err) => {
            for p in &err.problems {
                eprintln!("{p}");
            }
            eprintln!("{what}: {} problem(s)", err.problems.len());
            Ok(Exit::Failure)
        }
    }
}

fn taxonomy_list(t: &Taxonomy, vendor: Option<&str>) -> anyhow::Result<Exit> {
    let mut out = io::stdout().lock();
    writeln!(out, "id\tname\tvendor\tcategory\tstatus\tnames")?;
    for s in t.skills.iter().filter(|s| vendor.is_none_or(|v| s.vendor == v)) {
        let names: Vec<&str> = s
            .aliases
            .iter()
            .chain(&s.former)
            .chain(&s.context_aliases)
            .chain(&s.exact_case)
            .map(String::as_str)
            .collect();
        writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t{}",
            s.id,
            s.name,
            s.vendor,
            s.category,
            s.status.as_str(),
            names.join("; ")
        )?;
    }
    Ok(Exit::Success)
}
