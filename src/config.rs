//! What was built from the flags: the taxonomy loaded, the matcher compiled, the inputs resolved.
//! Nothing after this reads flags.

use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::{Context, bail};

use crate::cli::{AnalyzeArgs, ColorChoice, FetchArgs};
use crate::fetch::{self, Cache, CacheMode, Endpoints};
use crate::input::{self, Entry};
use crate::matcher::Matcher;
use crate::taxonomy::Taxonomy;

pub struct AnalyzeConfig {
    pub taxonomy: Taxonomy,
    pub matcher: Matcher,
    pub entries: Vec<Entry>,
    pub fetch: fetch::Options,
    pub extract: crate::extract::Options,
    pub keep_duplicates: bool,
    /// What the person has, for the gap analysis.
    pub have: Option<Have>,
    pub markdown: Option<PathBuf>,
    pub html: Option<PathBuf>,
    pub csv: Option<PathBuf>,
    pub matches: Option<PathBuf>,
    pub json: Option<PathBuf>,
    pub top: usize,
    pub quiet: bool,
    pub color: anstream::ColorChoice,
    /// Today as an ISO date, for exam lifecycles.
    pub today: String,
    /// Stage timings to print on stderr, when asked for.
    pub timings: Option<Vec<(&'static str, std::time::Duration)>>,
}

/// Report paths are checked before any work: a run over thousands of postings should not end
/// in "cannot write". At most one report goes to stdout (`-`), and every other one needs an
/// existing folder.
fn check_report_paths(paths: &[&Option<PathBuf>]) -> anyhow::Result<()> {
    let paths: Vec<&PathBuf> = paths.iter().filter_map(|p| p.as_ref()).collect();
    if paths.iter().filter(|p| crate::sink::is_stdout(p)).count() > 1 {
        bail!("only one report can go to stdout (`-`); name files for the others");
    }
    for path in paths.iter().filter(|p| !crate::sink::is_stdout(p)) {
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
    }
    Ok(())
}

impl AnalyzeConfig {
    /// Where each report goes, when asked for: CSV, matches, JSON, Markdown, HTML.
    #[must_use]
    pub fn report_paths(&self) -> [&Option<PathBuf>; 5] {
        [
            &self.csv,
            &self.matches,
            &self.json,
            &self.markdown,
            &self.html,
        ]
    }

    pub fn from_args(args: AnalyzeArgs) -> anyhow::Result<Self> {
        check_report_paths(&[
            &args.csv,
            &args.matches,
            &args.json,
            &args.markdown,
            &args.html,
        ])?;
        let started = std::time::Instant::now();
        let taxonomy = load_taxonomy(args.taxonomy.as_ref())?;
        let loaded = started.elapsed();
        let matcher = Matcher::new(&taxonomy);
        let compiled = started.elapsed().saturating_sub(loaded);
        let mut inputs = args.inputs;
        inputs.extend(url_list(&args.fetch)?);
        let stdin = std::io::stdin();
        if inputs.is_empty() {
            if stdin.is_terminal() {
                bail!(
                    "nothing to analyze: name files, folders or URLs, or pipe postings in (`-` reads stdin)\n\
                     example: certfit analyze samples/"
                );
            }
            inputs.push("-".to_string());
        }
        let entries = input::resolve(&inputs, &mut stdin.lock());
        let json = args.json;
        let fetch = fetch_options(&args.fetch, args.quiet)?;
        let have = have(
            &taxonomy,
            &matcher,
            args.have.as_deref(),
            args.resume.as_ref(),
        )?;
        Ok(AnalyzeConfig {
            taxonomy,
            matcher,
            entries,
            fetch,
            extract: crate::extract::Options {
                text_field: args.text_field,
                text_column: args.text_column,
                charset: None,
            },
            keep_duplicates: args.keep_duplicates,
            have,
            markdown: args.markdown,
            html: args.html,
            csv: args.csv,
            matches: args.matches,
            json,
            top: args.top,
            quiet: args.quiet,
            color: match args.color {
                ColorChoice::Auto => anstream::ColorChoice::Auto,
                ColorChoice::Always => anstream::ColorChoice::Always,
                ColorChoice::Never => anstream::ColorChoice::Never,
            },
            today: crate::date::today(),
            timings: args.timings.then(|| {
                vec![
                    ("load and validate the taxonomy", loaded),
                    ("compile the matcher", compiled),
                ]
            }),
        })
    }
}

/// The skills a person has: from `--have` terms and a résumé.
#[derive(Debug, Clone, Default)]
pub struct Have {
    pub skills: std::collections::HashSet<usize>,
    /// Terms that name no skill.
    pub unknown: Vec<String>,
    /// (term, skill name) for unknown terms close to a skill's name.
    pub suggestions: Vec<(String, String)>,
}

fn have(
    taxonomy: &Taxonomy,
    matcher: &Matcher,
    terms: Option<&str>,
    resume: Option<&PathBuf>,
) -> anyhow::Result<Option<Have>> {
    if terms.is_none() && resume.is_none() {
        return Ok(None);
    }
    let mut have = Have::default();
    for term in terms
        .unwrap_or_default()
        .split([',', ';', '\n'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        let direct = taxonomy.skill_index(term).or_else(|| matcher.lookup(term));
        let found: Vec<usize> = if let Some(i) = direct {
            matcher.with_ancestors(i)
        } else {
            let posting =
                crate::posting::Posting::new(String::new(), crate::extract::text::clean(term));
            matcher.find(&posting).iter().map(|f| f.skill).collect()
        };
        if found.is_empty() {
            have.unknown.push(term.to_string());
            if let Some(i) = matcher.suggest(term) {
                have.suggestions
                    .push((term.to_string(), taxonomy.skills[i].name.clone()));
            }
        }
        have.skills.extend(found);
    }
    if let Some(path) = resume {
        let shown = path.display().to_string();
        let bytes = input::read_file(path)
            .map_err(|e| anyhow::anyhow!("cannot use the résumé {shown}: {e}"))?;
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_string())
            .unwrap_or_default();
        let format =
            crate::posting::Format::from_extension(&ext).unwrap_or(crate::posting::Format::Text);
        let postings = crate::extract::extract(&shown, &bytes, format)
            .map_err(|e| anyhow::anyhow!("cannot use the résumé {shown}: {e}"))?;
        for p in &postings {
            have.skills.extend(matcher.find(p).iter().map(|f| f.skill));
        }
    }
    Ok(Some(have))
}

/// The URLs of `--urls FILE` (`-` for stdin), one per line; blank lines and `#` comments skipped.
pub fn url_list(args: &FetchArgs) -> anyhow::Result<Vec<String>> {
    let Some(path) = &args.urls else {
        return Ok(Vec::new());
    };
    let text = if path.as_os_str() == "-" {
        std::io::read_to_string(std::io::stdin()).context("cannot read URLs from stdin")?
    } else {
        std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the URL list {}", path.display()))?
    };
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect())
}

/// Fetch options from flags, checked.
pub fn fetch_options(args: &FetchArgs, quiet: bool) -> anyhow::Result<fetch::Options> {
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
    Ok(fetch::Options {
        concurrency: args.concurrency,
        per_host: args.per_host,
        timeout: std::time::Duration::from_secs_f64(args.timeout),
        retries: args.retries,
        max_bytes: (args.max_bytes * 1024.0 * 1024.0) as u64,
        cache,
        endpoints: Endpoints::from_env(),
        limit: args.limit.max(1),
        progress: !quiet && !args.no_progress && std::io::stderr().is_terminal(),
        ..fetch::Options::default()
    })
}

/// The built-in taxonomy, with the user's files on top when given.
pub fn load_taxonomy(path: Option<&PathBuf>) -> anyhow::Result<Taxonomy> {
    match path {
        Some(p) => Taxonomy::with_overrides(p)
            .with_context(|| format!("cannot use the taxonomy at {}", p.display())),
        None => Taxonomy::embedded().context("the built-in taxonomy is invalid"),
    }
}
