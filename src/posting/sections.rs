//! Splits a posting's text into sections (requirements, preferred, responsibilities, about,
//! benefits, equal-opportunity) from its headings, so a mention can be weighted by where it sits.

use std::sync::LazyLock;

use regex::RegexSet;

/// Where in a posting a mention sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Section {
    Requirements,
    Responsibilities,
    Preferred,
    /// Text under no recognised heading.
    #[default]
    General,
    About,
    Benefits,
    Legal,
}

impl Section {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Section::Requirements => "requirements",
            Section::Responsibilities => "responsibilities",
            Section::Preferred => "preferred",
            Section::General => "general",
            Section::About => "about",
            Section::Benefits => "benefits",
            Section::Legal => "equal-opportunity",
        }
    }

    /// How much a mention here says about what the job needs.
    #[must_use]
    pub fn weight(self) -> f64 {
        match self {
            Section::Requirements => 1.0,
            Section::Responsibilities => 0.85,
            Section::Preferred => 0.6,
            Section::General => 0.5,
            Section::About => 0.2,
            Section::Benefits | Section::Legal => 0.1,
        }
    }
}

/// Section starts, as byte offsets into the text, in order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SectionMap(Vec<(usize, Section)>);

/// Heading phrases, the first that matches wins; one pass over a line finds them all.
static HEADINGS: LazyLock<(Vec<Section>, RegexSet)> = LazyLock::new(|| {
    let table = [
        // Preferred before requirements: "preferred qualifications" names both.
        (
            Section::Preferred,
            r"prefer|nice[ -]to[ -]have|bonus|pluses|\bplus\b|desir|ideal(ly)?\b|great if|stand out|extra credit|additional (skills|qualifications)",
        ),
        (
            Section::Legal,
            r"equal (employment )?opportunit|\beeo\b|diversity|accommodation|non-?discrimination|privacy notice|e-?verify",
        ),
        (
            Section::Benefits,
            r"benefit|perks|what we offer|compensation|salary|pay (range|transparency)|total rewards|why (join|work)|we offer",
        ),
        (
            Section::Requirements,
            r"requirement|qualification|what you('ll)? (need|bring)|must[ -]haves?|you have|you bring|what we('re| are)? looking for|who you are|about you|your (profile|background|skills|experience)|skills|experience|minimum|basic|required|competenc|ideal candidate|you should have|you'll have",
        ),
        (
            Section::Responsibilities,
            r"responsibilit|what you('ll| will) (do|be doing|work on)|the role|your role|duties|day[ -]to[ -]day|in this role|role overview|the job|job description|position summary|what you'll own|your impact|the opportunity|key accountabilit|you will",
        ),
        (
            Section::About,
            r"^about\b|who we are|our (mission|story|company|team)|company (overview|description)|the company|life at",
        ),
    ];
    let (sections, patterns): (Vec<Section>, Vec<String>) = table
        .into_iter()
        .map(|(s, re)| (s, format!("(?i){}", re.replace(r"\b", r"(?-u:\b)"))))
        .unzip();
    let set = RegexSet::new(patterns).expect("section regexes");
    (sections, set)
});

impl SectionMap {
    /// Finds the headings of a clean text and what each one starts.
    #[must_use]
    pub fn detect(text: &str) -> SectionMap {
        let mut starts = Vec::new();
        let mut from = 0;
        let ends = memchr::memchr_iter(b'\n', text.as_bytes()).chain(std::iter::once(text.len()));
        for end in ends {
            let start = from;
            from = (end + 1).min(text.len());
            if let Some(section) = heading(&text[start..from]) {
                if starts.last().is_none_or(|(_, s)| *s != section) {
                    starts.push((start, section));
                }
            }
        }
        SectionMap(starts)
    }

    /// The section at a byte offset.
    #[must_use]
    pub fn at(&self, offset: usize) -> Section {
        match self.0.partition_point(|(start, _)| *start <= offset) {
            0 => Section::General,
            i => self.0[i - 1].1,
        }
    }
}

/// Whether a line is a heading of a known section ("About us", "Requirements:"), not a title.
#[must_use]
pub fn is_section_heading(line: &str) -> bool {
    heading(line).is_some_and(|s| s != Section::General)
}

/// What a line starts, if it is a heading: a Markdown heading, a short line ending in a colon, or a
/// short line that is only a known heading phrase.
fn heading(line: &str) -> Option<Section> {
    let line = line.trim();
    // Long lines are sentences; most lines of a posting end here.
    if line.len() > 100 {
        return None;
    }
    let marked = line.starts_with('#');
    let body = line
        .trim_start_matches('#')
        .trim()
        .trim_matches(['*', '_', ' ']);
    let colon = body.ends_with(':');
    let body = body.trim_end_matches(':').trim();
    if body.is_empty() || body.len() > 80 {
        return None;
    }
    let words = body.split_whitespace().take(11).count();
    if words > 10 {
        return None;
    }
    // A sentence that merely ends with a colon ("You will work with:") is a lead-in, not a heading,
    // unless it is short.
    let known = || {
        let (sections, set) = &*HEADINGS;
        set.matches(body).iter().next().map(|i| sections[i])
    };
    if marked || colon {
        return (marked || words <= 8).then(|| known().unwrap_or(Section::General));
    }
    // An unmarked line counts only if it is short and starts like a heading.
    if words <= 6 && !body.ends_with(['.', ',', ';']) && starts_with_heading_word(body) {
        return known();
    }
    None
}

fn starts_with_heading_word(body: &str) -> bool {
    const WORDS: &[&str] = &[
        "about",
        "additional",
        "basic",
        "benefits",
        "bonus",
        "compensation",
        "day",
        "desired",
        "duties",
        "eeo",
        "equal",
        "experience",
        "ideal",
        "job",
        "key",
        "minimum",
        "must",
        "nice",
        "our",
        "perks",
        "position",
        "preferred",
        "qualifications",
        "required",
        "requirements",
        "responsibilities",
        "role",
        "skills",
        "the",
        "what",
        "who",
        "why",
        "you",
        "your",
    ];
    let mut words = body
        .split(|c: char| !c.is_alphanumeric() && c != '_')
        .filter(|w| !w.is_empty());
    let Some(first) = words.next() else {
        return false;
    };
    // A heading word starts the line: "About us", "Skills:", but not "-" or "Aboutness".
    body.trim_start().starts_with(first)
        && (WORDS.iter().any(|w| w.eq_ignore_ascii_case(first))
            || (first.eq_ignore_ascii_case("in")
                && words.next().is_some_and(|w| w.eq_ignore_ascii_case("this"))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_start_sections() {
        let text = "Senior ML Engineer\nAbout us\nWe build things.\n## What you'll do\n- Ship models\nRequirements:\n- SageMaker\nNice to have\n- Bedrock\nBenefits\n- Dental\nWe are an equal opportunity employer.\n";
        let map = SectionMap::detect(text);
        let at = |needle: &str| map.at(text.find(needle).unwrap());
        assert_eq!(at("Senior ML"), Section::General);
        assert_eq!(at("We build"), Section::About);
        assert_eq!(at("Ship models"), Section::Responsibilities);
        assert_eq!(at("SageMaker"), Section::Requirements);
        assert_eq!(at("Bedrock"), Section::Preferred);
        assert_eq!(at("Dental"), Section::Benefits);
    }

    #[test]
    fn sentences_are_not_headings() {
        for line in [
            "You will design and build retrieval pipelines on AWS using Bedrock and OpenSearch.",
            "Experience with SageMaker, Glue and Athena is required for this role, as is Python.",
        ] {
            assert_eq!(heading(line), None, "{line}");
        }
        assert_eq!(
            heading("Preferred Qualifications:"),
            Some(Section::Preferred)
        );
        assert_eq!(
            heading("**Basic Qualifications**"),
            Some(Section::Requirements)
        );
        assert_eq!(heading("### Perks & Benefits"), Some(Section::Benefits));
        assert_eq!(heading("What we offer"), Some(Section::Benefits));
    }
}
