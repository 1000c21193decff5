//! `certfit completions SHELL` and `certfit man`: both generated from the clap definition, so that
//! they never drift from `--help`.

use std::io::{self, Write};
use std::path::Path;

use anyhow::{Context, bail};
use clap::CommandFactory;

use super::Exit;
use crate::cli::Args;

/// Prints the completion script for `shell`.
pub fn completions(shell: clap_complete::Shell) -> anyhow::Result<Exit> {
    let mut cmd = Args::command();
    let mut out = io::stdout().lock();
    clap_complete::generate(shell, &mut cmd, "certfit", &mut out);
    out.flush()?;
    Ok(Exit::Success)
}

/// Prints the manual page of certfit, or of one of its commands; or writes every page to `out`.
pub fn man(command: Option<&str>, out: Option<&Path>) -> anyhow::Result<Exit> {
    let mut cmd = Args::command().disable_help_subcommand(true);
    // Built, commands get their display names: pages `certfit-analyze.1`, synopses `certfit analyze`.
    cmd.build();
    if let Some(dir) = out {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        // The page of every command and of every command of theirs (`certfit-taxonomy-list.1`).
        let mut pages = vec![cmd];
        let mut next = 0;
        while let Some(page) = pages.get(next) {
            let subs: Vec<clap::Command> = page
                .get_subcommands()
                .filter(|s| !s.is_hide_set())
                .cloned()
                .collect();
            pages.extend(subs);
            next += 1;
        }
        for page in pages {
            let path = page_of(page)
                .generate_to(dir)
                .with_context(|| format!("cannot write the pages to {}", dir.display()))?;
            println!("{}", crate::posting::shown_path(&path));
        }
        return Ok(Exit::Success);
    }
    let mut page = cmd;
    if let Some(name) = command {
        let Some(sub) = page.find_subcommand(name).filter(|s| !s.is_hide_set()) else {
            let names: Vec<&str> = page
                .get_subcommands()
                .map(clap::Command::get_name)
                .collect();
            bail!("no command {name:?}; the commands are {}", names.join(", "));
        };
        page = sub.clone();
    }
    let mut stdout = io::stdout().lock();
    page_of(page).render(&mut stdout)?;
    stdout.flush()?;
    Ok(Exit::Success)
}

/// A page with the tool's name and version in its footer.
fn page_of(cmd: clap::Command) -> clap_mangen::Man {
    clap_mangen::Man::new(cmd)
        .source(format!("certfit {}", env!("CARGO_PKG_VERSION")))
        .manual("User Commands")
}
