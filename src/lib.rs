//! certfit reads job postings and tells you which AWS or Azure AI certification the market asks for.
//!
//! The pipeline, one module per stage: `input` (what the user named) → `extract` (bytes to
//! postings) → `taxonomy` (the data) → `matcher` (skills in text) → `aggregate` (polars tables) →
//! `recommend` (certification scores) → `report` (terminal and files). Beneath them all: `posting`
//! (what every stage shares); beside them: `sink` (where files and stdout are written) and `date`.

pub mod aggregate;
pub mod cli;
pub mod config;
pub mod date;
pub mod extract;
pub mod fetch;
pub mod input;
pub mod matcher;
pub mod pipeline;
pub mod posting;
pub mod recommend;
pub mod report;
pub mod sink;
pub mod taxonomy;

use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::Context;

use crate::cli::{Args, Command, TaxonomyCommand};
use crate::config::AnalyzeConfig;
use crate::posting::Skip;
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

impl Exit {
    /// How a run that produced `done` results and skipped `skipped` inputs ended.
    #[must_use]
    pub fn of(done: usize, skipped: usize) -> Exit {
        if done == 0 {
            Exit::Failure
        } else if skipped == 0 {
            Exit::Success
        } else {
            Exit::Partial
        }
    }
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> Self {
        ExitCode::from(e as u8)
    }
}

/// Runs a parsed command line.
pub fn run(args: Args) -> anyhow::Result<Exit> {
    match args.command {
        Command::Analyze(a) => analyze(&AnalyzeConfig::from_args(a)?),
        Command::Fetch(f) => fetch_command(&f),
        Command::Taxonomy(TaxonomyCommand::Check { path }) => Ok(taxonomy_check(path.as_deref())),
        Command::Taxonomy(TaxonomyCommand::List { taxonomy, vendor }) => {
            let t = config::load_taxonomy(taxonomy.as_ref())?;
            taxonomy_list(&t, vendor.as_deref())
        }
    }
}

fn analyze(cfg: &AnalyzeConfig) -> anyhow::Result<Exit> {
    let t = &cfg.taxonomy;
    let mut matches = match &cfg.matches {
        Some(path) => Some(report::csv::MatchesWriter::new(io::BufWriter::new(
            sink::Sink::create(path).with_context(|| format!("cannot write {}", path.display()))?,
        ))?),
        None => None,
    };
    let started = std::time::Instant::now();
    let run = pipeline::run(cfg, |posting, found, duplicate| match matches.as_mut() {
        Some(w) => w.write(t, posting, found, duplicate),
        None => Ok(()),
    })?;
    let pipeline::Run {
        tables,
        skipped,
        analyzed,
        folded,
        evidence,
    } = run;
    let read_and_matched = started.elapsed();
    let outcome = recommend::recommend(t, &tables, &cfg.today);
    let gap = cfg.have.as_ref().map(|h| {
        recommend::gap::analyze(
            t,
            &tables,
            &outcome,
            &h.skills,
            h.unknown.clone(),
            h.suggestions.clone(),
        )
    });
    let report = report::Report {
        taxonomy: t,
        tables: &tables,
        outcome: &outcome,
        skipped: &skipped,
        analyzed,
        folded,
        evidence: &evidence,
        gap: gap.as_ref(),
    };

    if let (Some(w), Some(path)) = (matches, &cfg.matches) {
        let sink = w
            .finish()?
            .into_inner()
            .map_err(io::IntoInnerError::into_error)?;
        sink.commit()
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    if let Some(path) = &cfg.csv {
        sink::write_atomically(path, |w| report::csv::write_skills(w, &tables.skills))
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    if let Some(path) = &cfg.markdown {
        sink::write_atomically(path, |w| report::markdown::write(w, &report))
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    if let Some(path) = &cfg.html {
        sink::write_atomically(path, |w| report::html::write(w, &report))
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    if let Some(path) = &cfg.json {
        sink::write_atomically(path, |w| report::json::write(w, &report))
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    if cfg.quiet {
        for s in &skipped {
            eprintln!("certfit: skipped {}: {}", s.source, s.reason);
        }
    } else {
        // With a report on stdout, the summary goes to stderr so that stdout stays machine-readable.
        let report_on_stdout = cfg
            .report_paths()
            .iter()
            .any(|p| p.as_deref().is_some_and(sink::is_stdout));
        if report_on_stdout {
            let mut err = anstream::AutoStream::new(io::stderr().lock(), cfg.color);
            report::terminal::write(&mut err, &report, cfg.top)?;
        } else {
            let mut out = anstream::AutoStream::new(io::stdout().lock(), cfg.color);
            report::terminal::write(&mut out, &report, cfg.top)?;
            out.flush()?;
        }
    }
    if let Some(timings) = &cfg.timings {
        let total = started.elapsed();
        for (stage, d) in timings.iter().chain([
            &("read, extract, match and aggregate", read_and_matched),
            &(
                "recommend and write reports",
                total.saturating_sub(read_and_matched),
            ),
        ]) {
            eprintln!("{:>10.2} ms  {stage}", d.as_secs_f64() * 1000.0);
        }
        let secs = read_and_matched.as_secs_f64().max(1e-9);
        eprintln!("{:>10.0} postings/s", f64::from(analyzed + folded) / secs);
    }
    Ok(Exit::of(analyzed as usize, skipped.len()))
}

/// `certfit fetch`: saves each posting as a JSON file that `analyze` reads later.
fn fetch_command(args: &cli::FetchCommandArgs) -> anyhow::Result<Exit> {
    let mut urls: Vec<String> = Vec::new();
    let mut skipped: Vec<Skip> = Vec::new();
    for u in args
        .urls_given
        .iter()
        .cloned()
        .chain(config::url_list(&args.fetch)?)
    {
        if u == "-" {
            let text = io::read_to_string(io::stdin()).context("cannot read URLs from stdin")?;
            urls.extend(
                text.lines()
                    .map(str::trim)
                    .filter(|l| input::is_url(l))
                    .map(str::to_string),
            );
        } else if input::is_url(&u) {
            urls.push(u);
        } else {
            skipped.push(Skip::new(u, "not an http(s) URL"));
        }
    }
    if urls.is_empty() {
        anyhow::bail!("nothing to fetch: name http(s) URLs, or `-` to read them from stdin");
    }
    let opts = config::fetch_options(&args.fetch, false)?;
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create {}", args.out.display()))?;
    let mut saved = 0usize;
    let mut names: std::collections::HashSet<String> = std::collections::HashSet::new();
    for (url, result) in urls.iter().zip(fetch::fetch_all(&urls, &opts)) {
        let postings = match result.and_then(|docs| {
            pipeline::postings_of_fetched(url, docs, &extract::Options::default(), opts.limit)
        }) {
            Ok(p) => p,
            Err(skip) => {
                skipped.push(skip);
                continue;
            }
        };
        for p in postings {
            let mut name = extract::file_name_for(&p.source);
            let mut n = 2;
            while !names.insert(name.clone()) || args.out.join(&name).exists() && n < 1000 {
                name = format!(
                    "{}-{n}.json",
                    extract::file_name_for(&p.source).trim_end_matches(".json")
                );
                n += 1;
            }
            let path = args.out.join(&name);
            let value = extract::to_saved_json(&p);
            sink::write_atomically(&path, |w| {
                serde_json::to_writer_pretty(&mut *w, &value)?;
                w.write_all(b"\n")
            })
            .with_context(|| format!("cannot write {}", path.display()))?;
            println!("{} -> {}", p.source, path.display());
            saved += 1;
        }
    }
    for s in &skipped {
        eprintln!("skipped {}: {}", s.source, s.reason);
    }
    eprintln!(
        "saved {} in {}",
        report::count(saved, "posting"),
        args.out.display()
    );
    Ok(Exit::of(saved, skipped.len()))
}

fn taxonomy_check(path: Option<&std::path::Path>) -> Exit {
    let result = match path {
        Some(p) => Taxonomy::with_overrides(p),
        None => Taxonomy::embedded(),
    };
    let what = path.map_or_else(
        || "the built-in taxonomy".to_string(),
        |p| p.display().to_string(),
    );
    match result {
        Ok(t) => {
            println!(
                "{what}: ok ({} skills, {} certifications, {} vendors)",
                t.skills.len(),
                t.certifications.len(),
                t.vendors.len()
            );
            Exit::Success
        }
        Err(err) => {
            for p in &err.problems {
                eprintln!("{p}");
            }
            eprintln!("{what}: {} problem(s)", err.problems.len());
            Exit::Failure
        }
    }
}

fn taxonomy_list(t: &Taxonomy, vendor: Option<&str>) -> anyhow::Result<Exit> {
    let mut out = io::stdout().lock();
    writeln!(out, "id\tname\tvendor\tcategory\tstatus\tnames")?;
    for s in t
        .skills
        .iter()
        .filter(|s| vendor.is_none_or(|v| s.vendor == v))
    {
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
