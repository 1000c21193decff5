//! What was built from the flags: the taxonomy loaded, the matcher compiled, every flag checked.
//! Nothing after this reads flags; nothing here reads what will be analyzed (stdin, files, URL
//! lists, the résumé): the commands do, through `input`.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, bail};

use crate::cli::{AnalyzeArgs, ColorChoice, FetchArgs, MarketArgs};
use crate::extract::ReadOptions;
use crate::fetch::{Cache, CacheMode, Endpoints, FetchOptions};
use crate::matcher::Matcher;
use crate::reading::facets::{self, By, Filters};
use crate::reading::role::{RoleFamily, Seniority};
use crate::report::FileReport;
use crate::sink;
use crate::taxonomy::Taxonomy;

pub struct AnalyzeConfig {
    pub taxonomy: Taxonomy,
    pub matcher: Matcher,
    /// Files, folders, URLs and `-` as typed, in order.
    pub inputs: Vec<String>,
    /// `--urls FILE`: more URLs, one per line.
    pub url_list: Option<PathBuf>,
    pub fetch: FetchOptions,
    /// Whether fetching shows a progress bar.
    pub progress: bool,
    pub extract: ReadOptions,
    pub keep_duplicates: bool,
    /// Fetch the descriptions CSV rows lack from their job URLs.
    pub fetch_missing: bool,
    /// `--have` terms, for the gap analysis.
    pub have: Option<String>,
    /// `--resume FILE`, for the gap analysis.
    pub resume: Option<PathBuf>,
    /// The report files asked for, in the order of `report::FILES`.
    pub reports: Vec<(&'static FileReport, PathBuf)>,
    pub top: usize,
    pub quiet: bool,
    /// `-v`: every skipped input listed, stage timings shown.
    pub verbose: bool,
    pub color: anstream::ColorChoice,
    /// Today as an ISO date, for exam lifecycles.
    pub today: String,
    /// Today in days since 1970, what relative posting dates count back from.
    pub today_days: i64,
    /// Which postings are kept.
    pub filters: Filters,
    /// The facet postings are divided by, when asked.
    pub by: Option<By>,
    /// The facets the filters, segments and reports read.
    pub needs: facets::Needs,
    /// `--partial FILE`: the run's sums, for `certfit merge`.
    pub partial: Option<PathBuf>,
    /// Stage timings to print on stderr, when asked for.
    pub timings: Option<Vec<(&'static str, Duration)>>,
}

/// Report paths are checked before any work: a run over thousands of postings should not end
/// in "cannot write", nor replace one of its own inputs. At most one report goes to stdout (`-`),
/// and every other one needs a folder it may write in.
fn check_report_paths(
    reports: &[(&'static FileReport, PathBuf)],
    inputs: &[String],
) -> anyhow::Result<()> {
    let paths: Vec<&PathBuf> = reports.iter().map(|(_, p)| p).collect();
    if paths.iter().filter(|p| sink::is_stdout(p)).count() > 1 {
        bail!("only one report can go to stdout (`-`); name files for the others");
    }
    for path in paths.iter().filter(|p| !sink::is_stdout(p)) {
        let folder = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => std::path::Path::new("."),
        };
        if !folder.is_dir() {
            bail!(
                "cannot write {}: there is no folder {}",
                path.display(),
                folder.display()
            );
        }
        if path.is_dir() {
            bail!("cannot write {}: it is a folder", path.display());
        }
        if let Some(input) = inputs
            .iter()
            .find(|i| same_file(std::path::Path::new(i.as_str()), path))
        {
            bail!(
                "cannot write {}: it is the input {input}, which the report would replace",
                path.display()
            );
        }
        // A device or pipe is written in place; a file needs a folder certfit may write in.
        if std::fs::metadata(path).is_ok_and(|m| !m.is_file()) {
            continue;
        }
        tempfile::Builder::new()
            .prefix(".certfit-check-")
            .tempfile_in(folder)
            .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
    }
    Ok(())
}

/// Whether two paths name the same existing file, however spelled.
fn same_file(a: &std::path::Path, b: &std::path::Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

impl AnalyzeConfig {
    /// Whether a report goes to stdout (then the summary goes to stderr).
    #[must_use]
    pub fn report_on_stdout(&self) -> bool {
        self.reports.iter().any(|(_, p)| sink::is_stdout(p))
    }

    pub fn from_args(args: AnalyzeArgs) -> anyhow::Result<Self> {
        check_report_paths(&args.reports.0, &args.inputs)?;
        let today = crate::date::today();
        let filters = filters(&args.market, &today)?;
        let by = args.market.by.map(By::from);
        // The matches report lists every facet of every posting.
        let needs = if args.reports.0.iter().any(|(f, _)| f.flag == "matches") {
            facets::Needs::ALL
        } else {
            facets::Needs::of(&filters, by)
        };
        if by.is_none() {
            if let Some((file, _)) = args.reports.0.iter().find(|(f, _)| f.flag == "segments") {
                bail!(
                    "--{} needs --by KEY: the facet to divide the postings by",
                    file.flag
                );
            }
        }
        let started = std::time::Instant::now();
        let taxonomy = load_taxonomy(args.taxonomy.as_ref())?;
        let loaded = started.elapsed();
        let matcher = Matcher::new(&taxonomy);
        let compiled = started.elapsed().saturating_sub(loaded);
        let fetch = fetch_options(&args.fetch)?;
        let progress = show_progress(&args.fetch, args.quiet);
        Ok(AnalyzeConfig {
            taxonomy,
            matcher,
            inputs: args.inputs,
            url_list: args.fetch.urls,
            fetch,
            progress,
            extract: ReadOptions {
                text_field: args.text_field,
                text_column: args.text_column,
                charset: None,
            },
            keep_duplicates: args.keep_duplicates,
            fetch_missing: args.fetch_missing,
            have: args.have,
            resume: args.resume,
            reports: args.reports.0,
            top: args.top,
            quiet: args.quiet,
            verbose: args.verbose,
            color: args.color.into(),
            today_days: crate::date::days_of(&today).unwrap_or_default(),
            today,
            needs,
            partial: args.partial,
            filters,
            by,
            timings: (args.timings || args.verbose).then(|| {
                vec![
                    ("load and validate the taxonomy", loaded),
                    ("compile the matcher", compiled),
                ]
            }),
        })
    }
}

impl AnalyzeConfig {
    /// The configuration of `certfit merge`: the taxonomy the shards ran with, the reports asked
    /// for, how the summary looks; nothing is read or fetched.
    pub fn for_merge(
        taxonomy: Taxonomy,
        reports: Vec<(&'static FileReport, PathBuf)>,
        inputs: &[String],
        top: usize,
        quiet: bool,
        color: ColorChoice,
        by: Option<&str>,
    ) -> anyhow::Result<Self> {
        check_report_paths(&reports, inputs)?;
        let by = by.and_then(By::parse);
        if by.is_none() && reports.iter().any(|(f, _)| f.flag == "segments") {
            bail!("--segments needs shards run with --by KEY");
        }
        let today = crate::date::today();
        Ok(AnalyzeConfig {
            matcher: Matcher::new(&taxonomy),
            taxonomy,
            inputs: Vec::new(),
            url_list: None,
            fetch: FetchOptions::default(),
            progress: false,
            extract: ReadOptions::default(),
            keep_duplicates: false,
            fetch_missing: false,
            have: None,
            resume: None,
            reports,
            top,
            quiet,
            verbose: false,
            color: color.into(),
            today_days: crate::date::days_of(&today).unwrap_or_default(),
            today,
            needs: facets::Needs::of(&Filters::default(), by),
            partial: None,
            filters: Filters::default(),
            by,
            timings: None,
        })
    }
}

/// The filters of the market, checked: regexes compile, families and levels exist, dates read.
fn filters(args: &MarketArgs, today: &str) -> anyhow::Result<Filters> {
    let regex = |flag: &str, pattern: &Option<String>| {
        pattern
            .as_deref()
            .map(|p| {
                regex::RegexBuilder::new(p)
                    .case_insensitive(true)
                    .build()
                    .map_err(|e| anyhow::anyhow!("{flag} {p:?} is not a valid regex: {e}"))
            })
            .transpose()
    };
    let role = match &args.role {
        Some(r) => Some(RoleFamily::parse(r).ok_or_else(|| {
            let all: Vec<&str> = RoleFamily::ALL.iter().map(|f| f.as_str()).collect();
            anyhow::anyhow!("--role {r:?}: the families are {}", all.join(", "))
        })?),
        None => None,
    };
    let level = match &args.level {
        Some(l) => Some(Seniority::parse(l).ok_or_else(|| {
            let all: Vec<&str> = Seniority::ALL.iter().map(|s| s.as_str()).collect();
            anyhow::anyhow!("--level {l:?}: the levels are {}", all.join(", "))
        })?),
        None => None,
    };
    let today = crate::date::days_of(today).unwrap_or_default();
    let since = match &args.since {
        Some(s) => Some(facets::parse_since(s, today).map_err(|e| anyhow::anyhow!("--since {e}"))?),
        None => None,
    };
    Ok(Filters {
        location: args.location.clone().filter(|l| !l.trim().is_empty()),
        remote: args.remote,
        title: regex("--title", &args.title)?,
        company: regex("--company", &args.company)?,
        role,
        level,
        since,
    })
}

/// Fetch options from flags, checked.
pub fn fetch_options(args: &FetchArgs) -> anyhow::Result<FetchOptions> {
    if !(args.timeout > 0.0 && args.timeout.is_finite()) {
        bail!("--timeout must be a positive number of seconds");
    }
    if !(args.max_bytes > 0.0 && args.max_bytes.is_finite()) {
        bail!("--max-bytes must be a positive number of megabytes");
    }
    if args.concurrency == 0 || args.per_host == 0 {
        bail!("--concurrency and --per-host must be at least 1");
    }
    let dir = args.cache_dir.clone().or_else(Cache::default_dir);
    let cache = match dir {
        _ if args.no_cache => CacheMode::Off,
        None if args.offline => bail!("--offline needs a cache folder: give --cache-dir"),
        None => CacheMode::Off,
        Some(dir) if args.offline => CacheMode::Offline(Cache::new(dir)),
        Some(dir) if args.refresh => CacheMode::Refresh(Cache::new(dir)),
        Some(dir) => CacheMode::Use(Cache::new(dir)),
    };
    Ok(FetchOptions {
        concurrency: args.concurrency,
        per_host: args.per_host,
        timeout: Duration::from_secs_f64(args.timeout),
        retries: args.retries,
        max_bytes: (args.max_bytes * 1024.0 * 1024.0) as u64,
        cache,
        endpoints: Endpoints::from_env(),
        limit: args.limit.max(1),
        allow_private: args.allow_private,
        ..FetchOptions::default()
    })
}

/// Whether fetching shows a progress bar: on a terminal, unless told not to.
#[must_use]
pub fn show_progress(args: &FetchArgs, quiet: bool) -> bool {
    !quiet && !args.no_progress && std::io::stderr().is_terminal()
}

/// The built-in taxonomy, with the user's files on top when given.
pub fn load_taxonomy(path: Option<&PathBuf>) -> anyhow::Result<Taxonomy> {
    match path {
        Some(p) => Taxonomy::with_overrides(p)
            .with_context(|| format!("cannot use the taxonomy at {}", p.display())),
        None => Taxonomy::embedded().context("the built-in taxonomy is invalid"),
    }
}
