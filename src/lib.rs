//! certfit reads job postings and tells you which AWS or Azure AI certification the market asks for.
//!
//! The pipeline, one module per stage, in the order data flows: `input` (what the user named) →
//! `fetch` (HTTP) → `extract` (bytes to postings) → `taxonomy` (the data) → `matcher` (skills in
//! text) → `reading` (how one posting reads to an adviser) → `aggregate` (polars tables) →
//! `recommend` (certifications) → `report` (terminal and files). Beneath them all: `posting` (what
//! every stage shares), `sink` (where files and stdout are written) and `date`. Above them:
//! `cli` (what was typed), `config` (what was built from it) and `commands` (each command joins
//! the stages). Imports run one way, from later to earlier; ARCHITECTURE.md has the map.

pub mod aggregate;
pub mod cli;
pub mod commands;
pub mod config;
pub mod date;
pub mod extract;
pub mod fetch;
pub mod input;
pub mod matcher;
pub mod posting;
pub mod reading;
pub mod recommend;
pub mod report;
pub mod sink;
pub mod taxonomy;

pub use commands::Exit;

use crate::cli::{Args, Command, TaxonomyCommand};
use crate::config::AnalyzeConfig;

/// Runs a parsed command line.
pub fn run(args: Args) -> anyhow::Result<Exit> {
    match args.command {
        Command::Analyze(a) => commands::analyze::run(&AnalyzeConfig::from_args(a)?),
        Command::Fetch(f) => commands::fetch::run(&f),
        Command::Taxonomy(TaxonomyCommand::Check { path }) => {
            Ok(commands::taxonomy::check(path.as_deref()))
        }
        Command::Taxonomy(TaxonomyCommand::List {
            taxonomy,
            vendor,
            certifications,
        }) => {
            let t = config::load_taxonomy(taxonomy.as_ref())?;
            if certifications {
                commands::taxonomy::list_certifications(&t, vendor.as_deref())
            } else {
                commands::taxonomy::list(&t, vendor.as_deref())
            }
        }
        Command::Merge(m) => commands::merge::run(m),
        Command::Completions { shell } => commands::shell::completions(shell),
        Command::Man { command, out } => commands::shell::man(command.as_deref(), out.as_deref()),
    }
}
