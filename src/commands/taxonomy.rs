//! `certfit taxonomy check` and `certfit taxonomy list`.

use std::io::{self, Write};

use super::Exit;
use crate::taxonomy::Taxonomy;

/// Validates taxonomy files and prints every problem with its file and id.
#[must_use]
pub fn check(path: Option<&std::path::Path>) -> Exit {
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

/// Prints the skills of the taxonomy, one per line, tab-separated.
pub fn list(t: &Taxonomy, vendor: Option<&str>) -> anyhow::Result<Exit> {
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
