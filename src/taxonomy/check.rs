//! Validation of a taxonomy's meaning, and the canonical form of its files.
//!
//! Every problem is collected, each with its file and id, so one `taxonomy check` run shows them all.

use std::collections::HashMap;
use std::fmt;

use super::schema::{CertStatus, FileDef};
use super::{CATEGORIES, GENERAL, Taxonomy};

/// One thing wrong with a taxonomy: where, which entry, and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    /// The skill id, certification code or vendor id; empty for file-level problems.
    pub id: String,
    pub message: String,
}

impl Problem {
    pub(super) fn new(file: &str, id: &str, message: &str) -> Self {
        Problem {
            file: file.to_string(),
            id: id.to_string(),
            message: message.to_string(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.id.is_empty() {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(f, "{}: {}: {}", self.file, self.id, self.message)
        }
    }
}

/// Checks what the parser cannot: ids, references, aliases, weights, lifecycle.
pub(super) fn validate(t: &Taxonomy) -> Vec<Problem> {
    let mut problems = Vec::new();
    let vendor_ids: Vec<&str> = t.vendors.iter().map(|v| v.id.as_str()).collect();

    let mut seen_vendor: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for v in &t.vendors {
        if !seen_vendor.insert(&v.id) {
            problems.push(Problem::new("", &v.id, "duplicate vendor id"));
        }
        if v.id == GENERAL {
            problems.push(Problem::new(
                "",
                &v.id,
                "`general` is reserved for vendor-neutral skills",
            ));
        }
    }

    // Aliases are compared the way the matcher sees them: case-folded, spaces folded.
    let mut claimed: HashMap<String, String> = HashMap::new();
    let mut claim = |problems: &mut Vec<Problem>, file: &str, owner: &str, alias: &str| {
        let key = alias_key(alias);
        match claimed.get(&key) {
            Some(other) if other != owner => problems.push(Problem::new(
                file,
                owner,
                &format!("alias \"{alias}\" is also claimed by {other}"),
            )),
            Some(_) => {}
            None => {
                claimed.insert(key, owner.to_string());
            }
        }
    };
    for v in &t.vendors {
        for a in &v.anchors {
            if let Some(msg) = bad_pattern(a) {
                problems.push(Problem::new(
                    "vendors",
                    &v.id,
                    &format!("anchor \"{a}\": {msg}"),
                ));
            }
            claim(&mut problems, "vendors", &v.id, a);
        }
        for w in &v.words {
            if w.trim().is_empty() || !w.chars().all(|c| c.is_alphanumeric() || c == ' ') {
                problems.push(Problem::new(
                    "vendors",
                    &v.id,
                    &format!("word \"{w}\": only letters, digits and spaces"),
                ));
            }
        }
    }

    for (i, s) in t.skills.iter().enumerate() {
        let file = s.origin.as_str();
        let generated = s.category == "certification" && s.id.starts_with("cert.");
        if i > 0 && t.skills[i - 1].id == s.id {
            problems.push(Problem::new(file, &s.id, "duplicate skill id"));
        }
        if !generated {
            if let Some(msg) = bad_id(&s.id) {
                problems.push(Problem::new(file, &s.id, &msg));
            }
            let first = s.id.split('.').next().unwrap_or_default();
            if s.vendor == GENERAL {
                if first != "concept" {
                    problems.push(Problem::new(
                        file,
                        &s.id,
                        "vendor-neutral skill ids start with `concept.`",
                    ));
                }
            } else if !vendor_ids.contains(&s.vendor.as_str()) {
                problems.push(Problem::new(
                    file,
                    &s.id,
                    &format!("unknown vendor `{}`", s.vendor),
                ));
            } else if first != s.vendor {
                problems.push(Problem::new(
                    file,
                    &s.id,
                    &format!("id must start with its vendor `{}.`", s.vendor),
                ));
            }
            if !CATEGORIES.contains(&s.category.as_str()) || s.category == "certification" {
                problems.push(Problem::new(
                    file,
                    &s.id,
                    &format!(
                        "unknown category `{}` (one of: {})",
                        s.category,
                        CATEGORIES[..CATEGORIES.len() - 1].join(", ")
                    ),
                ));
            }
        }
        if let Some(parent) = s.parent() {
            if t.skill_index(parent).is_none() {
                problems.push(Problem::new(
                    file,
                    &s.id,
                    &format!("parent skill `{parent}` does not exist"),
                ));
            }
        }
        if let Some(succ) = &s.successor {
            if t.skill_index(succ).is_none() {
                problems.push(Problem::new(
                    file,
                    &s.id,
                    &format!("successor `{succ}` does not exist"),
                ));
            }
        }
        if s.aliases.is_empty()
            && s.former.is_empty()
            && s.context_aliases.is_empty()
            && s.exact_case.is_empty()
        {
            problems.push(Problem::new(
                file,
                &s.id,
                "no alias: nothing would ever match it",
            ));
        }
        let lists = [
            ("alias", &s.aliases),
            ("former name", &s.former),
            ("context alias", &s.context_aliases),
            ("exact-case alias", &s.exact_case),
        ];
        for (what, list) in lists {
            for a in list {
                if let Some(msg) = bad_pattern(a) {
                    problems.push(Problem::new(file, &s.id, &format!("{what} \"{a}\": {msg}")));
                }
                claim(&mut problems, file, &s.id, a);
            }
        }
        for (what, list) in [
            ("avoid phrase", &s.avoid),
            ("avoid_near word", &s.avoid_near),
        ] {
            for a in list {
                if let Some(msg) = bad_pattern(a) {
                    problems.push(Problem::new(file, &s.id, &format!("{what} \"{a}\": {msg}")));
                }
            }
        }
    }

    for (i, c) in t.certifications.iter().enumerate() {
        let file = c.origin.as_str();
        if i > 0 && t.certifications[i - 1].code.eq_ignore_ascii_case(&c.code) {
            problems.push(Problem::new(file, &c.code, "duplicate certification code"));
        }
        if !vendor_ids.contains(&c.vendor.as_str()) {
            problems.push(Problem::new(
                file,
                &c.code,
                &format!("unknown vendor `{}`", c.vendor),
            ));
        }
        if c.domains.is_empty() {
            problems.push(Problem::new(file, &c.code, "no domains"));
        }
        let total: f64 = c.domains.iter().map(|d| d.weight).sum();
        if !c.domains.is_empty() && (total - 100.0).abs() > 1.0 {
            problems.push(Problem::new(
                file,
                &c.code,
                &format!("domain weights sum to {total}, not 100 (±1)"),
            ));
        }
        for d in &c.domains {
            if d.weight <= 0.0 {
                problems.push(Problem::new(
                    file,
                    &c.code,
                    &format!("domain \"{}\" has weight {}", d.name, d.weight),
                ));
            }
            for s in &d.skills {
                if t.skill_index(s).is_none() {
                    problems.push(Problem::new(
                        file,
                        &c.code,
                        &format!("domain \"{}\" names unknown skill `{s}`", d.name),
                    ));
                }
            }
        }
        for (field, list) in [("signals", &c.signals), ("related", &c.related)] {
            for s in list {
                if t.skill_index(s).is_none() {
                    problems.push(Problem::new(
                        file,
                        &c.code,
                        &format!("`{field}` names unknown skill `{s}`"),
                    ));
                }
            }
        }
        if let Some(s) = c.signals.iter().find(|s| c.related.contains(s)) {
            problems.push(Problem::new(
                file,
                &c.code,
                &format!("`{s}` is both a signal and related"),
            ));
        }
        if let Some(date) = &c.retires_on {
            if !is_iso_date(date) {
                problems.push(Problem::new(
                    file,
                    &c.code,
                    &format!("retires_on \"{date}\" is not a YYYY-MM-DD date"),
                ));
            }
        }
        if matches!(c.status, CertStatus::Retired | CertStatus::Retiring) {
            if c.retires_on.is_none() {
                problems.push(Problem::new(
                    file,
                    &c.code,
                    "retired or retiring without `retires_on`",
                ));
            }
            if c.successors.is_empty() {
                problems.push(Problem::new(
                    file,
                    &c.code,
                    "retired or retiring without `successors`",
                ));
            }
        }
        for succ in &c.successors {
            if t.certification(succ).is_none() {
                problems.push(Problem::new(
                    file,
                    &c.code,
                    &format!("successor `{succ}` does not exist"),
                ));
            }
        }
    }
    problems
}

/// How the matcher compares aliases: ASCII case folded, runs of white space and hyphens as one space.
#[must_use]
pub fn alias_key(alias: &str) -> String {
    let mut key = String::with_capacity(alias.len());
    for word in alias
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
    {
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(&word.to_ascii_lowercase());
    }
    key
}

fn bad_id(id: &str) -> Option<String> {
    let segments: Vec<&str> = id.split('.').collect();
    let ok = segments.len() >= 2
        && segments.iter().all(|s| {
            !s.is_empty()
                && s.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        });
    (!ok).then(|| {
        "ids are vendor.family[.feature], of lower-case letters, digits and '-'".to_string()
    })
}

fn bad_pattern(p: &str) -> Option<&'static str> {
    if p.trim() != p {
        Some("leading or trailing white space")
    } else if p.contains(['\n', '\r', '\t']) {
        Some("contains a line break or tab")
    } else if p.chars().any(char::is_control) {
        Some("contains a control character")
    } else if p.chars().count() < 2 || !p.chars().any(char::is_alphanumeric) {
        Some("needs at least two characters, one of them a letter or digit")
    } else if p.contains("  ") {
        Some("contains a double space")
    } else {
        None
    }
}

fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// Problems with the canonical form of one file: entries sorted by id or code, and every list of
/// names sorted case-insensitively without duplicates. Each message says how to fix it.
#[must_use]
pub fn canonical_problems(file: &str, text: &str) -> Vec<Problem> {
    let def: FileDef = match toml::from_str(text) {
        Ok(d) => d,
        Err(err) => return vec![Problem::new(file, "", err.to_string().trim_end())],
    };
    let mut problems = Vec::new();
    let ids: Vec<&str> = def.skill.iter().map(|s| s.id.as_str()).collect();
    if let Some(msg) = unsorted(&ids, |s| (*s).to_string()) {
        problems.push(Problem::new(
            file,
            "",
            &format!("[[skill]] entries must be sorted by id: {msg}"),
        ));
    }
    let codes: Vec<&str> = def.certification.iter().map(|c| c.code.as_str()).collect();
    if let Some(msg) = unsorted(&codes, |s| (*s).to_string()) {
        problems.push(Problem::new(
            file,
            "",
            &format!("[[certification]] entries must be sorted by code: {msg}"),
        ));
    }
    for s in &def.skill {
        let lists = [
            ("aliases", &s.aliases),
            ("former", &s.former),
            ("context_aliases", &s.context_aliases),
            ("exact_case", &s.exact_case),
            ("avoid", &s.avoid),
            ("avoid_near", &s.avoid_near),
            ("context_near", &s.context_near),
        ];
        for (field, list) in lists {
            if let Some(fix) = list_fix(list) {
                problems.push(Problem::new(
                    file,
                    &s.id,
                    &format!("`{field}` is not canonical; write it as {fix}"),
                ));
            }
        }
    }
    for v in &def.vendor {
        for (field, list) in [("anchors", &v.anchors), ("words", &v.words)] {
            if let Some(fix) = list_fix(list) {
                problems.push(Problem::new(
                    file,
                    &v.id,
                    &format!("`{field}` is not canonical; write it as {fix}"),
                ));
            }
        }
    }
    for c in &def.certification {
        for (field, list) in [
            ("aliases", &c.aliases),
            ("signals", &c.signals),
            ("related", &c.related),
        ] {
            if let Some(fix) = list_fix(list) {
                problems.push(Problem::new(
                    file,
                    &c.code,
                    &format!("`{field}` is not canonical; write it as {fix}"),
                ));
            }
        }
    }
    problems
}

/// The canonical spelling of a list if it differs: sorted by lower case, no duplicates.
fn list_fix(list: &[String]) -> Option<String> {
    let mut fixed: Vec<&String> = list.iter().collect();
    fixed.sort_by_key(|a| (a.to_lowercase(), (*a).clone()));
    fixed.dedup_by_key(|a| a.to_lowercase());
    let same = fixed.len() == list.len() && fixed.iter().zip(list).all(|(a, b)| *a == b);
    (!same).then(|| {
        let quoted: Vec<String> = fixed.iter().map(|a| format!("{a:?}")).collect();
        format!("[{}]", quoted.join(", "))
    })
}

fn unsorted<T>(items: &[T], key: impl Fn(&T) -> String) -> Option<String> {
    items.windows(2).find_map(|w| {
        (key(&w[0]) > key(&w[1])).then(|| format!("`{}` comes before `{}`", key(&w[1]), key(&w[0])))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::taxonomy::Taxonomy;

    const VENDORS: &str = r#"
[[vendor]]
id = "aws"
name = "AWS"
anchors = ["AWS"]
"#;

    #[test]
    fn reports_every_problem_with_file_and_id() {
        let bad = r#"
[[skill]]
id = "aws.glue"
name = "AWS Glue"
vendor = "aws"
category = "data"
aliases = ["AWS Glue"]

[[skill]]
id = "aws.glue"
name = "Glue again"
vendor = "aws"
category = "data"
aliases = ["aws glue"]

[[skill]]
id = "aws.glue-studio"
name = "Glue Studio"
vendor = "aws"
category = "data"
aliases = ["aws-glue"]

[[skill]]
id = "aws.thing.part"
name = "Orphan"
vendor = "aws"
category = "gadgets"
aliases = [" x"]

[[certification]]
code = "ABC-C01"
name = "Example"
vendor = "aws"
level = "associate"
status = "retired"
aliases = ["ABC-C01"]

[[certification.domain]]
name = "One"
weight = 50
skills = ["aws.nothing"]
"#;
        let err =
            Taxonomy::from_sources(&[("vendors.toml", VENDORS), ("bad.toml", bad)]).unwrap_err();
        let text = err.to_string();
        for expected in [
            "bad.toml: aws.glue: duplicate skill id",
            "bad.toml: aws.glue-studio: alias \"aws-glue\" is also claimed by aws.glue",
            "bad.toml: aws.thing.part: parent skill `aws.thing` does not exist",
            "unknown category `gadgets`",
            "\" x\": leading or trailing white space",
            "bad.toml: ABC-C01: domain weights sum to 50, not 100",
            "names unknown skill `aws.nothing`",
            "retired or retiring without `retires_on`",
            "retired or retiring without `successors`",
        ] {
            assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
        }
    }

    #[test]
    fn unknown_fields_are_errors() {
        let bad = "[[skill]]\nid = \"aws.x\"\nname = \"X\"\nvendor = \"aws\"\ncategory = \"data\"\naliases = [\"Xyz\"]\ncolour = \"red\"\n";
        let err =
            Taxonomy::from_sources(&[("vendors.toml", VENDORS), ("bad.toml", bad)]).unwrap_err();
        assert!(err.to_string().contains("unknown field `colour`"), "{err}");
    }

    #[test]
    fn canonical_form_says_how_to_fix() {
        let text = r#"
[[skill]]
id = "aws.b"
name = "B"
vendor = "aws"
category = "data"
aliases = ["Zeta", "alpha", "Alpha"]

[[skill]]
id = "aws.a"
name = "A"
vendor = "aws"
category = "data"
aliases = ["A1"]
"#;
        let problems: Vec<String> = canonical_problems("x.toml", text)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert!(
            problems.iter().any(|p| p.contains("sorted by id")),
            "{problems:?}"
        );
        assert!(
            problems
                .iter()
                .any(|p| p.contains(r#"write it as ["Alpha", "Zeta"]"#)),
            "{problems:?}"
        );
    }

    #[test]
    fn vendor_words_are_sorted_plain_words() {
        let text = r#"
[[vendor]]
id = "aws"
name = "AWS"
words = ["AWS", "Amazon", "a|b"]
"#;
        let problems: Vec<String> = canonical_problems("v.toml", text)
            .iter()
            .map(ToString::to_string)
            .collect();
        let unsorted = r#"`words` is not canonical; write it as ["Amazon", "AWS", "a|b"]"#;
        assert!(
            problems.iter().any(|p| p.contains(unsorted)),
            "{problems:?}"
        );
        let err = Taxonomy::from_sources(&[("v.toml", text)]).unwrap_err();
        assert!(
            err.to_string()
                .contains(r#"word "a|b": only letters, digits and spaces"#),
            "{err}"
        );
    }

    #[test]
    fn alias_key_folds_case_space_and_hyphens() {
        assert_eq!(alias_key("Step-Functions"), "step functions");
        assert_eq!(alias_key("Azure  AI Search"), "azure ai search");
    }
}
