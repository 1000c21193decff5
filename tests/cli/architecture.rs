//! The layout ARCHITECTURE.md describes, kept true: imports among the modules of `src/` run one
//! way, from a later stage (or the commands) to an earlier one or the ground floor, and only
//! `aggregate` names polars.

use std::collections::BTreeSet;
use std::path::Path;

use regex::Regex;

use crate::common::root;

/// Each top-level module and its floor: a module may import only modules on lower floors.
const FLOORS: &[(&str, u32)] = &[
    ("posting", 0),
    ("sink", 0),
    ("date", 0),
    ("input", 1),
    ("fetch", 2),
    ("extract", 3),
    ("taxonomy", 4),
    ("matcher", 5),
    ("reading", 6),
    ("aggregate", 7),
    ("recommend", 8),
    ("report", 9),
    ("cli", 10),
    ("config", 11),
    ("commands", 12),
    ("lib", 13),
    ("main", 13),
];

fn floor(module: &str) -> u32 {
    FLOORS
        .iter()
        .find(|(m, _)| *m == module)
        .unwrap_or_else(|| panic!("src/{module}: a module ARCHITECTURE.md does not place"))
        .1
}

/// Every `.rs` file under `src`, with the top-level module it belongs to.
fn sources() -> Vec<(String, String)> {
    fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    let src = root().join("src");
    let mut files = Vec::new();
    walk(&src, &mut files);
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let rel = p
                .strip_prefix(&src)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let module = rel
                .split('/')
                .next()
                .unwrap()
                .trim_end_matches(".rs")
                .to_string();
            (module, std::fs::read_to_string(&p).unwrap())
        })
        .collect()
}

/// The top-level modules a file names through `crate::`.
fn imports(text: &str) -> BTreeSet<String> {
    let single = Regex::new(r"crate::([a-z_]+)").unwrap();
    let group = Regex::new(r"crate::\{([^}]*)\}").unwrap();
    let mut out: BTreeSet<String> = single
        .captures_iter(text)
        .map(|c| c[1].to_string())
        .collect();
    for c in group.captures_iter(text) {
        for item in c[1].split(',') {
            let name: String = item
                .trim()
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                .collect();
            if !name.is_empty() {
                out.insert(name);
            }
        }
    }
    out
}

#[test]
fn imports_run_from_later_stages_to_earlier_ones() {
    let mut wrong = Vec::new();
    for (module, text) in sources() {
        for imported in imports(&text) {
            if imported != module && floor(&imported) >= floor(&module) {
                wrong.push(format!("{module} imports {imported}"));
            }
        }
    }
    wrong.sort();
    wrong.dedup();
    assert!(
        wrong.is_empty(),
        "imports that run the wrong way (see ARCHITECTURE.md):\n{}",
        wrong.join("\n")
    );
}

#[test]
fn only_aggregate_names_polars() {
    let named: BTreeSet<String> = sources()
        .into_iter()
        .filter(|(m, text)| m != "aggregate" && text.contains("polars::"))
        .map(|(m, _)| m)
        .collect();
    assert!(
        named.is_empty(),
        "polars named outside aggregate: {named:?}"
    );
}

#[test]
fn architecture_md_names_every_module() {
    let doc = std::fs::read_to_string(root().join("ARCHITECTURE.md")).unwrap();
    for (module, _) in FLOORS.iter().filter(|(m, _)| *m != "lib" && *m != "main") {
        assert!(
            doc.contains(&format!("`{module}`")),
            "ARCHITECTURE.md does not describe `{module}`"
        );
    }
}
