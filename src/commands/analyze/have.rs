//! What the person has, for the gap analysis: the skills named by `--have` terms and found in a
//! résumé.

use std::collections::HashSet;
use std::path::Path;

use crate::extract;
use crate::input;
use crate::matcher::Matcher;
use crate::posting::{Format, Posting};
use crate::taxonomy::Taxonomy;

/// The skills a person has: from `--have` terms and a résumé.
#[derive(Debug, Clone, Default)]
pub struct Have {
    pub skills: HashSet<usize>,
    /// Terms that name no skill.
    pub unknown: Vec<String>,
    /// (term, skill name) for unknown terms close to a skill's name.
    pub suggestions: Vec<(String, String)>,
}

/// Reads the terms and the résumé; `None` when neither was given.
pub fn read(
    taxonomy: &Taxonomy,
    matcher: &Matcher,
    terms: Option<&str>,
    resume: Option<&Path>,
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
            let posting = Posting::new(String::new(), extract::text::clean(term));
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
        let shown = crate::posting::shown_path(path);
        let bytes = input::read_file(path)
            .map_err(|e| anyhow::anyhow!("cannot use the résumé {shown}: {e}"))?;
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_string())
            .unwrap_or_default();
        let format = Format::from_extension(&ext).unwrap_or(Format::Text);
        let postings = extract::extract(&shown, &bytes, format)
            .map_err(|e| anyhow::anyhow!("cannot use the résumé {shown}: {e}"))?;
        for p in &postings {
            have.skills.extend(matcher.find(p).iter().map(|f| f.skill));
        }
    }
    Ok(Some(have))
}
