//! `certfit analyze`: the inputs resolved and fetched, the postings analyzed (`pipeline`), the
//! advice made, every report asked for written, and the summary shown.

mod have;
mod pipeline;

pub use have::Have;
pub use pipeline::{Analyzed, EVIDENCE_PER_SKILL, Run, SegmentLabels};

use std::io::{self, IsTerminal, Write};

use anyhow::{Context, bail};

use super::Exit;
use crate::config::AnalyzeConfig;
use crate::input::{self, Entry};
use crate::report::{self, Output};
use crate::{fetch, recommend, sink};

/// What `certfit analyze -` says when stdin is a terminal, rather than wait on a blank screen.
pub const PASTE_PROMPT: &str = if cfg!(windows) {
    "certfit: paste postings, separate them with a line `---`, end with Ctrl-Z then Enter"
} else {
    "certfit: paste postings, separate them with a line `---`, end with Ctrl-D"
};

/// The widest the summary is wrapped to: longer lines of prose are hard to follow.
const MAX_WIDTH: usize = 120;

/// The width to wrap the summary to: `COLUMNS` when set (as clap's help reads it), else the
/// terminal's; none when the summary goes to a pipe or file.
fn width(terminal: bool) -> Option<usize> {
    let columns = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|&w| w > 0);
    let width = columns.or_else(|| {
        terminal
            .then(terminal_size::terminal_size)
            .flatten()
            .map(|(w, _)| usize::from(w.0))
    })?;
    Some(width.clamp(20, MAX_WIDTH))
}

pub fn run(cfg: &AnalyzeConfig) -> anyhow::Result<Exit> {
    let t = &cfg.taxonomy;
    let mut inputs = cfg.inputs.clone();
    inputs.extend(input::url_list(cfg.url_list.as_deref())?);
    let stdin = io::stdin();
    if inputs.is_empty() {
        if stdin.is_terminal() {
            bail!(
                "nothing to analyze: name files, folders or URLs, or pipe postings in (`-` reads stdin)\n\
                 example: certfit analyze samples/"
            );
        }
        inputs.push("-".to_string());
    }
    if inputs.iter().any(|i| i == "-") && stdin.is_terminal() && !cfg.quiet {
        eprintln!("{PASTE_PROMPT}");
    }
    let entries = input::resolve(&inputs, &mut stdin.lock());
    let repeated: Vec<input::Repeat> = entries
        .iter()
        .filter_map(|e| match e {
            Entry::Repeated(r) => Some(r.clone()),
            _ => None,
        })
        .collect();
    let have = have::read(t, &cfg.matcher, cfg.have.as_deref(), cfg.resume.as_deref())?;

    let matches_path = cfg
        .reports
        .iter()
        .find(|(r, _)| matches!(r.output, Output::Matches))
        .map(|(_, p)| p);
    let mut matches = match matches_path {
        Some(path) => Some(
            report::csv::MatchesWriter::create(path)
                .with_context(|| format!("cannot write {}", path.display()))?,
        ),
        None => None,
    };
    let started = std::time::Instant::now();
    // URLs are fetched together first, since they wait on the network.
    let urls: Vec<String> = entries
        .iter()
        .filter_map(|e| match e {
            Entry::Url(u) => Some(u.clone()),
            _ => None,
        })
        .collect();
    let fetched = if urls.is_empty() {
        Vec::new()
    } else {
        let progress = super::progress::fetching(cfg.progress);
        fetch::fetch_all(&urls, &cfg.fetch, progress.as_ref())
    };
    let run = pipeline::run(
        cfg,
        &entries,
        fetched,
        |posting, found, facets, duplicate| match matches.as_mut() {
            Some(w) => w.write(t, posting, found, facets, duplicate),
            None => Ok(()),
        },
    )?;
    let mut run = run;
    if let Some(path) = &cfg.partial {
        super::partial::Partial::of(
            t,
            cfg.by.map(crate::reading::facets::By::as_str),
            &mut run,
            &repeated,
        )?
        .write(path)?;
    }
    let matches = match (matches, matches_path) {
        (Some(w), Some(path)) => Some((w, path.as_path())),
        _ => None,
    };
    present(cfg, run, &repeated, have, matches, started)
}

/// A finished run's advice and reports: the recommendation for all postings and for each
/// segment, every report file asked for, and the summary. Shared by `analyze` and `merge`.
pub(crate) fn present(
    cfg: &AnalyzeConfig,
    run: Run,
    repeated: &[input::Repeat],
    have: Option<Have>,
    matches: Option<(report::csv::MatchesWriter, &std::path::Path)>,
    started: std::time::Instant,
) -> anyhow::Result<Exit> {
    let t = &cfg.taxonomy;
    let Run {
        tables: all,
        segments: labels,
        skipped,
        analyzed,
        folded,
        filtered,
        undated,
        other_records,
        evidence,
        ..
    } = run;
    let read_and_matched = started.elapsed();
    let tables = all.overall;
    let outcome = recommend::recommend(t, &tables, &cfg.today);
    let mut segments: Vec<report::SegmentReport> = all
        .segments
        .into_iter()
        .map(|s| report::SegmentReport {
            label: labels.get(s.key as usize).cloned().unwrap_or_default(),
            outcome: recommend::recommend(t, &s.tables, &cfg.today),
            tables: s.tables,
        })
        .collect();
    if cfg.by == Some(crate::reading::facets::By::Month) {
        // Months in order, the undated last.
        segments.sort_by(|a, b| {
            (a.label == "undated", &a.label).cmp(&(b.label == "undated", &b.label))
        });
    } else {
        segments.sort_by(|a, b| {
            b.tables
                .analyzed
                .cmp(&a.tables.analyzed)
                .then_with(|| a.label.cmp(&b.label))
        });
    }
    let gap = have.map(|h| {
        recommend::gap::analyze(t, &tables, &outcome, &h.skills, h.unknown, h.suggestions)
    });
    let report = report::Report {
        taxonomy: t,
        tables: &tables,
        outcome: &outcome,
        skipped: &skipped,
        analyzed,
        folded,
        repeated,
        market: report::Market {
            filtered: &filtered,
            undated,
            other_records,
            by: cfg.by,
            segments: &segments,
            months: &all.months,
        },
        evidence: &evidence,
        gap: gap.as_ref(),
    };

    if let Some((w, path)) = matches {
        w.finish()
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    for (file, path) in &cfg.reports {
        if let Output::Summary(writer) = file.output {
            sink::write_atomically(path, |w| writer.write(w, &report))
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
    }
    let layout = |terminal: bool| report::terminal::Options {
        top: cfg.top,
        width: width(terminal),
        verbose: cfg.verbose,
    };
    if cfg.quiet {
        for s in &skipped {
            eprintln!("certfit: skipped {}: {}", s.source, s.reason);
        }
    } else if cfg.report_on_stdout() {
        // With a report on stdout, the summary goes to stderr so that stdout stays machine-readable.
        let err = io::stderr();
        let options = layout(err.is_terminal());
        let mut err = anstream::AutoStream::new(err.lock(), cfg.color);
        report::terminal::write(&mut err, &report, options)?;
    } else {
        let out = io::stdout();
        let options = layout(out.is_terminal());
        let mut out = anstream::AutoStream::new(out.lock(), cfg.color);
        report::terminal::write(&mut out, &report, options)?;
        out.flush()?;
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
    // Postings the filters left out were read: a run whose every posting was filtered out is no
    // failure to read.
    let read = analyzed as usize + filtered.iter().map(|(_, n)| *n as usize).sum::<usize>();
    Ok(Exit::of(read, skipped.len()))
}
