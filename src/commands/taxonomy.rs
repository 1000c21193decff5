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

/// Prints the certifications of the taxonomy, one per line, tab-separated: what each tests, its
/// level, whether it is still offered (as of today) and what replaces it.
pub fn list_certifications(t: &Taxonomy, vendor: Option<&str>) -> anyhow::Result<Exit> {
    let today = crate::date::today();
    let mut out = io::stdout().lock();
    writeln!(
        out,
        "code\tname\tvendor\tlevel\tstatus\tretires_on\tsuccessors\tdomains"
    )?;
    for c in t
        .certifications
        .iter()
        .filter(|c| vendor.is_none_or(|v| c.vendor == v))
    {
        let status = if c.is_retired(&today) {
            "retired"
        } else {
            c.status.as_str()
        };
        let domains: Vec<String> = c
            .domains
            .iter()
            .map(|d| format!("{} {}%", d.name, d.weight))
            .collect();
        writeln!(
            out,
            "{}\t{}\t{}\t{}\t{status}\t{}\t{}\t{}",
            c.code,
            c.name,
            c.vendor,
            c.level.as_str(),
            c.retires_on.as_deref().unwrap_or(""),
            c.successors.join(", "),
            domains.join("; ")
        )?;
    }
    Ok(Exit::Success)
}
