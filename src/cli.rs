//! What was typed: the command-line surface (clap derive; doc comments are the help text).

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Reads job postings and tells you which AWS or Azure AI certification the market asks for.
#[derive(Debug, Parser)]
#[command(name = "certfit", version, about, long_about = None, max_term_width = 100)]
pub struct Args {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Analyze postings: files, folders, URLs, or `-` for stdin
    #[command(after_help = EXIT_CODES)]
    Analyze(AnalyzeArgs),
    /// Check or list the taxonomy of skills and certifications
    #[command(subcommand)]
    Taxonomy(TaxonomyCommand),
}

pub const EXIT_CODES: &str = "Exit codes: 0 every input analyzed; 1 some inputs skipped (each reported); \
2 nothing could be analyzed, or a usage or taxonomy error.";

#[derive(Debug, clap::Args)]
pub struct AnalyzeArgs {
    /// Files, folders (read recursively), http(s) URLs, or `-` for stdin. Stdin holds posting
    /// text, several postings separated by a line `---`, or a list of URLs. With no input and
    /// stdin not a terminal, stdin is read.
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<String>,

    /// Write the skill-frequency report (CSV) to FILE
    #[arg(long, value_name = "FILE")]
    pub csv: Option<PathBuf>,

    /// Write one row per posting and skill found (CSV) to FILE
    #[arg(long, value_name = "FILE")]
    pub matches: Option<PathBuf>,

    /// Write the whole report as JSON to FILE (`-` for stdout)
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,

    /// Add to or override the built-in taxonomy with a TOML file or a folder of them
    #[arg(long, value_name = "PATH")]
    pub taxonomy: Option<PathBuf>,

    /// How many skills the terminal summary lists
    #[arg(long, value_name = "N", default_value_t = 15)]
    pub top: usize,

    /// Print nothing to the terminal but errors
    #[arg(short, long)]
    pub quiet: bool,

    /// When to use colors in the terminal summary
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colors when stdout is a terminal and NO_COLOR is not set
    Auto,
    Always,
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
        /// Only skills of this vendor (aws, azure, general)
        #[arg(long, value_name = "VENDOR")]
        vendor: Option<String>,
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
