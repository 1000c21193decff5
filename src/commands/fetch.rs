//! `certfit fetch`: saves each posting of the URLs as a JSON file that `analyze` reads later.

use std::collections::HashSet;
use std::io;

use anyhow::Context;

use super::Exit;
use crate::cli::FetchCommandArgs;
use crate::extract::{self, ReadOptions};
use crate::posting::{Skip, SkipReason};
use crate::{config, fetch, input, report, sink};

pub fn run(args: &FetchCommandArgs) -> anyhow::Result<Exit> {
    let mut urls: Vec<String> = Vec::new();
    let mut skipped: Vec<Skip> = Vec::new();
    for u in args
        .urls_given
        .iter()
        .cloned()
        .chain(input::url_list(args.fetch.urls.as_deref())?)
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
            skipped.push(Skip::new(u, SkipReason::NotUrl));
        }
    }
    if urls.is_empty() {
        anyhow::bail!("nothing to fetch: name http(s) URLs, or `-` to read them from stdin");
    }
    let opts = config::fetch_options(&args.fetch)?;
    let progress = super::progress::fetching(config::show_progress(&args.fetch, false));
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create {}", args.out.display()))?;
    let mut saved = 0usize;
    let mut names: HashSet<String> = HashSet::new();
    for (url, result) in urls
        .iter()
        .zip(fetch::fetch_all(&urls, &opts, progress.as_ref()))
    {
        let postings = match result
            .and_then(|docs| extract::fetched(url, docs, &ReadOptions::default(), opts.limit))
        {
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
