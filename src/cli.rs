//! What was typed: the command-line surface (clap derive; doc comments are the help text).

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::reading::facets::By;
use crate::report::{self, FileReport};

/// Reads job postings and tells you which AWS or Azure AI certification the market asks for.
#[derive(Debug, Parser)]
#[command(name = "certfit", version, about, long_about = None, max_term_width = 100, after_help = EXAMPLES)]
pub struct Args {
    #[command(subcommand)]
    pub command: Command,
}

// Parsed once per run; boxing the analyze flags would only add noise.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Analyze postings: files, folders, URLs, or `-` for stdin
    #[command(after_help = ANALYZE_AFTER_HELP)]
    Analyze(AnalyzeArgs),
    /// Fetch posting URLs and save each posting as a file that `analyze` reads later
    #[command(after_help = FETCH_EXAMPLES)]
    Fetch(FetchCommandArgs),
    /// Check or list the taxonomy of skills and certifications
    #[command(subcommand)]
    Taxonomy(TaxonomyCommand),
    /// Add up the partial results of shards (`analyze --partial`) into the reports of one run
    #[command(after_help = MERGE_EXAMPLES)]
    Merge(MergeArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish) to stdout
    #[command(after_help = COMPLETIONS_EXAMPLES)]
    Completions {
        /// The shell to complete for
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) of certfit or of one command, or write them all to a folder
    #[command(after_help = MAN_EXAMPLES)]
    Man {
        /// The command whose page to print (analyze, fetch, taxonomy, ...)
        #[arg(value_name = "COMMAND")]
        command: Option<String>,
        /// Write every page (certfit.1, certfit-analyze.1, ...) to DIR instead
        #[arg(long, value_name = "DIR", conflicts_with = "command")]
        out: Option<PathBuf>,
    },
}

pub const EXIT_CODES: &str = "Exit codes: 0 every input analyzed; 1 some inputs skipped (each reported); \
2 nothing could be analyzed, or a usage or taxonomy error.";

/// The examples `certfit --help` ends with.
pub const EXAMPLES: &str = "Examples:
  certfit analyze samples/                   Which certification these postings ask for
  certfit analyze jobs.csv --csv skills.csv  A JobSpy export; skill frequencies to a CSV file
  certfit analyze URL URL URL                Posting links (Greenhouse, Lever, Ashby, Workday...)
  pbpaste | certfit analyze -                Pasted postings, separated by a line `---`
  certfit analyze saved/ --have python,rag   What you lack, and the exam that closes most of it";

const ANALYZE_AFTER_HELP: &str = "Examples:
  certfit analyze samples/
  certfit analyze ~/Downloads/jobs.csv --csv skills.csv --html report.html
  certfit analyze https://boards.greenhouse.io/acme/jobs/123 https://jobs.lever.co/acme/abc
  certfit analyze --urls links.txt --json report.json
  certfit analyze saved/ --have \"python, sagemaker\" --resume cv.pdf

Exit codes: 0 every input analyzed; 1 some inputs skipped (each reported); 2 nothing could be \
analyzed, or a usage or taxonomy error.";

const FETCH_EXAMPLES: &str =
    "Example: certfit fetch --out saved/ URL URL && certfit analyze saved/";

const MERGE_EXAMPLES: &str = "Example:
  certfit analyze shard-1/ --partial 1.json -q; certfit analyze shard-2/ --partial 2.json -q
  certfit merge 1.json 2.json --csv skills.csv --json report.json";

const MAN_EXAMPLES: &str = "Examples:
  certfit man | man -l -
  certfit man --out ~/.local/share/man/man1";

const COMPLETIONS_EXAMPLES: &str = "Examples:
  certfit completions bash > ~/.local/share/bash-completion/completions/certfit
  certfit completions zsh > ~/.zfunc/_certfit
  certfit completions fish > ~/.config/fish/completions/certfit.fish";

#[derive(Debug, clap::Args)]
pub struct AnalyzeArgs {
    /// Files, folders (read recursively), http(s) URLs, or `-` for stdin. Stdin holds posting
    /// text, several postings separated by a line `---`, or a list of URLs. With no input and
    /// stdin not a terminal, stdin is read.
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<String>,

    /// Add to or override the built-in taxonomy with a TOML file or a folder of them
    #[arg(long, value_name = "PATH")]
    pub taxonomy: Option<PathBuf>,

    /// The JSON field holding the description (default: found by name)
    #[arg(long, value_name = "NAME")]
    pub text_field: Option<String>,

    /// The CSV column holding the description (default: found by name or length)
    #[arg(long, value_name = "NAME")]
    pub text_column: Option<String>,

    /// Count a posting seen twice (same text, e.g. listed under several locations) twice
    #[arg(long)]
    pub keep_duplicates: bool,

    /// Fetch the description of CSV rows that have only a job URL (JobSpy's LinkedIn rows)
    #[arg(long)]
    pub fetch_missing: bool,

    #[command(flatten)]
    pub market: MarketArgs,

    #[command(flatten)]
    pub reports: ReportFlags,

    /// Write the run's sums to FILE, for `certfit merge` to add up with other shards' partials
    #[arg(help_heading = "Large runs", long, value_name = "FILE")]
    pub partial: Option<PathBuf>,

    /// Skills you have, comma-separated ("sagemaker, python, rag"): shows what the market asks
    /// for that you lack, and which certification closes most of that gap
    #[arg(help_heading = "Gap analysis", long, value_name = "SKILLS")]
    pub have: Option<String>,

    /// Your résumé (text, Markdown, PDF or DOCX): its skills count as ones you have
    #[arg(help_heading = "Gap analysis", long, value_name = "FILE")]
    pub resume: Option<PathBuf>,

    /// How many skills the terminal summary lists
    #[arg(
        help_heading = "Terminal",
        long,
        value_name = "N",
        default_value_t = 15
    )]
    pub top: usize,

    /// Print nothing to the terminal but errors
    #[arg(help_heading = "Terminal", short, long)]
    pub quiet: bool,

    /// Print how long each stage took, on stderr
    #[arg(help_heading = "Terminal", long)]
    pub timings: bool,

    /// More detail: every skipped input listed (not the first ten), and the timings
    #[arg(help_heading = "Terminal", short, long, conflicts_with = "quiet")]
    pub verbose: bool,

    /// When to use colors in the terminal summary
    #[arg(help_heading = "Terminal", long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    #[command(flatten)]
    pub fetch: FetchArgs,
}

/// Which postings make the market, and how it is divided.
#[derive(Debug, Clone, clap::Args)]
#[command(next_help_heading = "The market around you")]
pub struct MarketArgs {
    /// Only postings in this place: a city, region, country (name or code) or `remote`
    #[arg(long, value_name = "TEXT")]
    pub location: Option<String>,

    /// Only remote postings
    #[arg(long)]
    pub remote: bool,

    /// Only postings whose title matches REGEX (case-insensitive)
    #[arg(long, value_name = "REGEX")]
    pub title: Option<String>,

    /// Only postings whose company matches REGEX (case-insensitive)
    #[arg(long, value_name = "REGEX")]
    pub company: Option<String>,

    /// Only one family of roles: ml-engineering, data-science, data-engineering, ai-engineering,
    /// software-engineering, architecture, analytics, product, sales-and-solutions, research, other
    #[arg(long, value_name = "FAMILY")]
    pub role: Option<String>,

    /// Only one level: intern, junior, mid, senior, staff+, manager
    #[arg(long, value_name = "LEVEL")]
    pub level: Option<String>,

    /// Only postings posted since DATE (2026-06-01) or within an age (30d, 6w, 3m, 1y); undated
    /// postings are kept and counted
    #[arg(long, value_name = "DATE|AGE")]
    pub since: Option<String>,

    /// Divide the postings by a facet: a table of the cloud split, top skills and recommended
    /// certification of each segment
    #[arg(long, value_enum, value_name = "KEY")]
    pub by: Option<ByKey>,
}

/// The facets `--by` divides postings by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ByKey {
    /// City, region and country (remote postings by country)
    Location,
    /// Country (ISO code)
    Country,
    /// Remote, hybrid or on-site
    Remote,
    /// The hiring company
    Company,
    /// The family of the role (ML engineering, data science, ...)
    Role,
    /// The level of the role (intern to manager)
    Level,
    /// The month posted
    Month,
    /// The job board or site
    Site,
}

/// How URLs are fetched.
#[derive(Debug, Clone, clap::Args)]
#[command(next_help_heading = "Fetching URLs")]
pub struct FetchArgs {
    /// Read URLs from FILE, one per line (`-` for stdin)
    #[arg(long, value_name = "FILE")]
    pub urls: Option<PathBuf>,

    /// Requests in flight at once
    #[arg(long, value_name = "N", default_value_t = 16)]
    pub concurrency: usize,

    /// Requests in flight at once to one host
    #[arg(long, value_name = "N", default_value_t = 2)]
    pub per_host: usize,

    /// Seconds before a request is abandoned (then retried)
    #[arg(long, value_name = "SECS", default_value_t = 20.0)]
    pub timeout: f64,

    /// Retries after a timeout, a connection error, HTTP 429 or 5xx
    #[arg(long, value_name = "N", default_value_t = 2)]
    pub retries: u32,

    /// Refuse pages larger than this many megabytes
    #[arg(long, value_name = "MB", default_value_t = 5.0)]
    pub max_bytes: f64,

    /// Postings taken from a whole company board (Greenhouse, Lever, Ashby, Workday)
    #[arg(long, value_name = "N", default_value_t = 50)]
    pub limit: usize,

    /// Do not read or write the cache of fetched pages
    #[arg(long, conflicts_with_all = ["refresh", "offline"])]
    pub no_cache: bool,

    /// Fetch again even what is cached
    #[arg(long, conflicts_with = "offline")]
    pub refresh: bool,

    /// Use only cached pages; never touch the network
    #[arg(long)]
    pub offline: bool,

    /// Where fetched pages are cached [default: the user's cache folder, certfit/http]
    #[arg(long, value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,

    /// No progress bar on stderr
    #[arg(long)]
    pub no_progress: bool,

    /// Follow pages, redirects and board answers to private, loopback and link-local addresses
    /// (refused unless you named the host yourself)
    #[arg(long)]
    pub allow_private: bool,
}

#[derive(Debug, clap::Args)]
pub struct MergeArgs {
    /// Partial files written by `certfit analyze --partial`, in the order of their shards
    #[arg(value_name = "PARTIAL", required = true)]
    pub partials: Vec<PathBuf>,

    /// The taxonomy the shards ran with (a TOML file or folder on top of the built-in one)
    #[arg(long, value_name = "PATH")]
    pub taxonomy: Option<PathBuf>,

    #[command(flatten)]
    pub reports: ReportFlags,

    /// How many skills the terminal summary lists
    #[arg(
        help_heading = "Terminal",
        long,
        value_name = "N",
        default_value_t = 15
    )]
    pub top: usize,

    /// Print nothing to the terminal but errors
    #[arg(help_heading = "Terminal", short, long)]
    pub quiet: bool,

    /// When to use colors in the terminal summary
    #[arg(help_heading = "Terminal", long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
}

#[derive(Debug, clap::Args)]
pub struct FetchCommandArgs {
    /// Posting URLs (or `-` for a list on stdin)
    #[arg(value_name = "URL")]
    pub urls_given: Vec<String>,

    /// The folder to save postings in
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,

    #[command(flatten)]
    pub fetch: FetchArgs,
}

/// The report files asked for: one flag per row of [`report::FILES`], so that a new format needs
/// no change here.
#[derive(Clone, Default)]
pub struct ReportFlags(pub Vec<(&'static FileReport, PathBuf)>);

impl std::fmt::Debug for ReportFlags {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map()
            .entries(self.0.iter().map(|(r, p)| (r.flag, p)))
            .finish()
    }
}

impl clap::FromArgMatches for ReportFlags {
    fn from_arg_matches(matches: &clap::ArgMatches) -> Result<Self, clap::Error> {
        let mut flags = ReportFlags::default();
        flags.update_from_arg_matches(matches)?;
        Ok(flags)
    }

    fn update_from_arg_matches(&mut self, matches: &clap::ArgMatches) -> Result<(), clap::Error> {
        for file in report::FILES {
            if let Some(path) = matches.get_one::<PathBuf>(file.flag) {
                self.0.retain(|(f, _)| f.flag != file.flag);
                self.0.push((file, path.clone()));
            }
        }
        Ok(())
    }
}

impl clap::Args for ReportFlags {
    fn augment_args(cmd: clap::Command) -> clap::Command {
        report::FILES.iter().fold(cmd, |cmd, file| {
            cmd.arg(
                clap::Arg::new(file.flag)
                    .long(file.flag)
                    .value_name("FILE")
                    .help(file.help)
                    .help_heading("Reports")
                    .action(clap::ArgAction::Set)
                    .value_parser(clap::value_parser!(PathBuf)),
            )
        })
    }

    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        Self::augment_args(cmd)
    }
}

impl From<ByKey> for By {
    fn from(key: ByKey) -> By {
        match key {
            ByKey::Location => By::Location,
            ByKey::Country => By::Country,
            ByKey::Remote => By::Remote,
            ByKey::Company => By::Company,
            ByKey::Role => By::Role,
            ByKey::Level => By::Level,
            ByKey::Month => By::Month,
            ByKey::Site => By::Site,
        }
    }
}

impl From<ColorChoice> for anstream::ColorChoice {
    fn from(choice: ColorChoice) -> Self {
        match choice {
            ColorChoice::Auto => anstream::ColorChoice::Auto,
            ColorChoice::Always => anstream::ColorChoice::Always,
            ColorChoice::Never => anstream::ColorChoice::Never,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colors when the output is a terminal and NO_COLOR is not set
    Auto,
    /// Always colors
    Always,
    /// Never colors
    Never,
}

#[derive(Debug, Subcommand)]
pub enum TaxonomyCommand {
    /// Validate taxonomy files and list every problem with its file and id
    Check {
        /// A TOML file or a folder of them; without it, the built-in taxonomy
        #[arg(value_name = "PATH")]
        path: Option<PathBuf>,
    },
    /// Print the skills of the taxonomy
    List {
        /// Add to or override the built-in taxonomy with a TOML file or a folder of them
        #[arg(long, value_name = "PATH")]
        taxonomy: Option<PathBuf>,
        /// Only skills (or certifications) of this vendor (aws, azure, general)
        #[arg(long, value_name = "VENDOR")]
        vendor: Option<String>,
        /// List the certifications (code, level, status, successors, exam domains) instead
        #[arg(long)]
        certifications: bool,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Args::command().debug_assert();
    }
}
