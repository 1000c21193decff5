//! The language around a name: sentences, negation, list context, inline section cues, snippets.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use super::Item;
use crate::posting::phrase_regex;
use crate::posting::{Section, SectionMap};

/// How far a sentence is looked for on each side of a name.
const SENTENCE_REACH: usize = 400;

/// Negations that take a name out of what a job asks for. Each match is a span: a name inside it
/// is negated. "Not required" counts only when nothing in the sentence softens it ("a plus").
static NEGATIONS: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    [
        // "no AWS experience required", "no prior knowledge of Azure is needed"
        r"\b(?:no|without)\b[^.;:!?]{0,60}?\b(?:experience|knowledge|background|familiarity|exposure)\b[^.;:!?]{0,40}?\b(?:required|necessary|needed|expected)\b",
        // "no need for Azure", "no Azure needed"
        r"\bno\s+need\s+(?:for|to)\b[^.;:!?,]{0,50}",
        r"\bno\b[^.;:!?,]{0,30}?\b(?:required|necessary|needed)\b",
        // "you don't need to know AWS", "does not require SageMaker"
        r"\b(?:do|does|will|did)\s+not\s+(?:need|require)\b[^.;:!?]{0,60}",
        r"\b(?:don't|doesn't|won't|didn't)\s+(?:need|require)\b[^.;:!?]{0,60}",
        // "without Azure experience", "without any knowledge of Lambda"
        r"\bwithout\s+(?:any\s+)?(?:prior\s+)?(?:experience|knowledge|exposure)\s+(?:of|with|in|on)\b[^.;:!?,]{0,40}",
        r"\bwithout\s+(?:any\s+)?(?:prior\s+)?\S+\s+(?:experience|knowledge)\b",
        // "we do not use AWS", "we are not using Azure"
        r"\b(?:do|does|are)\s+not\s+(?:use|using|work with|run on)\b[^.;:!?,]{0,40}",
        r"\b(?:don't|aren't)\s+(?:use|using|work with|run on)\b[^.;:!?,]{0,40}",
    ]
    .iter()
    .map(|re| phrase_regex(re))
    .collect()
});

/// A word without which no negation pattern can match: most sentences have none.
static NEGATION_WORD: LazyLock<Regex> =
    LazyLock::new(|| phrase_regex(r"\b(?:no|not|without)\b|n't\b"));

/// "X is not required": negates the clause before it, unless softened.
static NOT_REQUIRED: LazyLock<Regex> = LazyLock::new(|| {
    phrase_regex(
        r"[^.;:!?,]{0,80}\b(?:is|are)\s+not\s+(?:required|necessary|needed|a requirement)\b",
    )
});
static SOFTENERS: LazyLock<Regex> = LazyLock::new(|| {
    phrase_regex(
        r"\b(?:plus|bonus|preferred|nice|helpful|advantage|welcome|beneficial|desirable|ideal)",
    )
});

const PREFERRED_WORDS: &str = r"\b(?:preferred|nice[ -]to[ -]have|(?:a|big|huge) plus|is a bonus|bonus points|ideally|desirable|an advantage|advantageous|would be great|not required)\b";
const REQUIRED_WORDS: &str =
    r"\b(?:required|must[ -]have|must be|you must|mandatory|minimum of|at least \d+)\b";
static PREFERRED_CUE: LazyLock<Regex> = LazyLock::new(|| phrase_regex(PREFERRED_WORDS));
/// Either cue: one pass rules out most sentences.
static ANY_CUE: LazyLock<Regex> =
    LazyLock::new(|| phrase_regex(&format!("{PREFERRED_WORDS}|{REQUIRED_WORDS}")));

/// Words that offer a service as one option among others whatever the taxonomy's vendors: other
/// clouds and platforms, model providers, open-source stand-ins, "or similar", "e.g.", "etc.".
const OTHER_OPTIONS: &str = r"gcp|google cloud|google|vertex|gemini|openai|anthropic|databricks|snowflake|bigquery|big query|dataproc|pub/sub|kafka|flink|oracle cloud|ibm cloud|uipath|blue prism|automation anywhere|servicenow|salesforce|appian|zapier|workato|similar|or equivalent|or comparable|or another|or other";

/// The words that offer a service as one option among others: each vendor's `words` (in a
/// capture group of its own) and [`OTHER_OPTIONS`].
#[derive(Debug, Clone)]
pub(super) struct Alternatives {
    regex: Regex,
    /// The vendor of each capture group, from group 1 on.
    vendors: Vec<u16>,
    /// Every vendor's words, split into lower-case words, for list gaps.
    words: Vec<String>,
}

impl Alternatives {
    /// From each vendor's words, by vendor index.
    pub(super) fn new(vendor_words: &[Vec<String>]) -> Self {
        let mut pattern = String::from(r"\b(?:");
        let mut vendors = Vec::new();
        let mut words = Vec::new();
        for (v, list) in vendor_words.iter().enumerate() {
            if list.is_empty() {
                continue;
            }
            let alternation: Vec<String> = list.iter().map(|w| regex::escape(w)).collect();
            pattern.push_str(&format!("({})|", alternation.join("|")));
            vendors.push(v as u16);
            words.extend(
                list.iter()
                    .flat_map(|w| w.split_whitespace())
                    .map(str::to_lowercase),
            );
        }
        pattern.push_str(OTHER_OPTIONS);
        pattern.push_str(r")\b|\b(?:e\.g|i\.e)\.|\betc\b");
        Alternatives {
            regex: phrase_regex(&pattern),
            vendors,
            words,
        }
    }

    /// Whether a vendor has words of its own (`general` has none).
    pub(super) fn has_words(&self, vendor: u16) -> bool {
        self.vendors.contains(&vendor)
    }
}

/// Sentence spans around names, with negation cached per sentence.
pub(super) struct Sentences<'t> {
    text: &'t str,
    options: &'t Alternatives,
    negations: HashMap<usize, Vec<(usize, usize)>>,
    /// Words that offer alternatives, per sentence: (start, end, the vendor they name if any).
    alternatives: HashMap<usize, Vec<(usize, usize, Option<u16>)>>,
    /// What a sentence's own words say of its place: preferred, required, or nothing.
    cues: HashMap<usize, Option<Section>>,
}

impl<'t> Sentences<'t> {
    pub(super) fn new(text: &'t str, options: &'t Alternatives) -> Self {
        Sentences {
            text,
            options,
            negations: HashMap::new(),
            alternatives: HashMap::new(),
            cues: HashMap::new(),
        }
    }

    /// The sentence (or list item, or line) around `start..end`, as byte offsets.
    pub(super) fn span(&self, start: usize, end: usize) -> (usize, usize) {
        sentence_span(self.text, start, end)
    }

    /// Whether the name at `start..end` sits inside a negation.
    pub(super) fn negated(&mut self, start: usize, end: usize) -> bool {
        let (s, e) = self.span(start, end);
        let text = self.text;
        let spans = self
            .negations
            .entry(s)
            .or_insert_with(|| negation_spans(&text[s..e], s));
        spans.iter().any(|&(ns, ne)| ns <= start && end <= ne)
    }

    /// Words in the sentence of `start..end` that offer alternatives to it, as (start, end, the
    /// vendor they name if any).
    pub(super) fn alternatives(
        &mut self,
        start: usize,
        end: usize,
    ) -> &[(usize, usize, Option<u16>)] {
        let (s, e) = self.span(start, end);
        let (text, options) = (self.text, self.options);
        self.alternatives.entry(s).or_insert_with(|| {
            options
                .regex
                .captures_iter(&text[s..e])
                .map(|c| {
                    let m = c.get(0).expect("group 0 is the match");
                    let vendor = options
                        .vendors
                        .iter()
                        .enumerate()
                        .find(|(group, _)| c.get(group + 1).is_some())
                        .map(|(_, &v)| v);
                    (s + m.start(), s + m.end(), vendor)
                })
                .collect()
        })
    }

    /// The section of a mention: its heading's, sharpened by cues in its own sentence.
    pub(super) fn section(&mut self, sections: &SectionMap, start: usize, end: usize) -> Section {
        let base = sections.at(start);
        if !matches!(
            base,
            Section::General
                | Section::Requirements
                | Section::Responsibilities
                | Section::Preferred
        ) {
            return base;
        }
        let (s, e) = self.span(start, end);
        let sentence = &self.text[s..e];
        let cue = *self.cues.entry(s).or_insert_with(|| {
            if !ANY_CUE.is_match(sentence) {
                None
            } else if PREFERRED_CUE.is_match(sentence) {
                Some(Section::Preferred)
            } else {
                Some(Section::Requirements)
            }
        });
        cue.unwrap_or(base)
    }
}

fn negation_spans(sentence: &str, offset: usize) -> Vec<(usize, usize)> {
    if !NEGATION_WORD.is_match(sentence) {
        return Vec::new();
    }
    let mut spans: Vec<(usize, usize)> = NEGATIONS
        .iter()
        .flat_map(|re| re.find_iter(sentence))
        .map(|m| (offset + m.start(), offset + m.end()))
        .collect();
    if !SOFTENERS.is_match(sentence) {
        spans.extend(
            NOT_REQUIRED
                .find_iter(sentence)
                .map(|m| (offset + m.start(), offset + m.end())),
        );
    }
    spans
}

/// A sentence ends at a line break, or at `.`, `!`, `?` or `;` followed by white space. Only the
/// text near the name is read: names are few and sentences short, so this beats finding every
/// sentence end of the posting.
fn sentence_span(text: &str, start: usize, end: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    // For a byte already known to be one of the five end bytes.
    let is_end =
        |i: usize| bytes[i] == b'\n' || bytes.get(i + 1).is_none_or(u8::is_ascii_whitespace);
    // Candidates (the five end bytes) are found with SIMD; `.` in "e.g." or "Node.js" is not an
    // end, so the search goes on past it.
    let lo = start.saturating_sub(SENTENCE_REACH);
    let mut s = lo;
    let mut upto = start;
    while let Some(at) = last_end_byte(&bytes[lo..upto]) {
        if is_end(lo + at) {
            s = lo + at + 1;
            break;
        }
        upto = lo + at;
    }
    let hi = (end + SENTENCE_REACH).min(bytes.len());
    let mut e = hi;
    let mut from = end;
    while let Some(at) = first_end_byte(&bytes[from..hi]) {
        if is_end(from + at) {
            e = from + at;
            break;
        }
        from += at + 1;
    }
    // Sentence ends are ASCII, but the reach limits may fall inside a character.
    while !text.is_char_boundary(s) {
        s += 1;
    }
    while !text.is_char_boundary(e) {
        e -= 1;
    }
    (s, e)
}

fn last_end_byte(hay: &[u8]) -> Option<usize> {
    memchr::memrchr3(b'\n', b'.', b';', hay).max(memchr::memrchr2(b'!', b'?', hay))
}

fn first_end_byte(hay: &[u8]) -> Option<usize> {
    match (
        memchr::memchr3(b'\n', b'.', b';', hay),
        memchr::memchr2(b'!', b'?', hay),
    ) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Words that may stand between two names of a list, besides the vendors' words.
const LIST_WORDS: &[&str] = &[
    "and",
    "or",
    "as",
    "well",
    "e",
    "g",
    "eg",
    "i",
    "ie",
    "etc",
    "including",
    "such",
    "like",
    "plus",
    "service",
    "services",
    "tools",
    "either",
    "both",
];

/// Whether `gap`, the text between two names, only separates items of a list. A line break counts
/// only when the name's own line is short (a bullet that is just the name).
pub(super) fn is_list_gap(gap: &str, text: &str, item: &Item, options: &Alternatives) -> bool {
    if gap.len() > 40
        || gap.contains(['.', '!', '?']) && !gap.contains("e.g.") && !gap.contains("i.e.")
    {
        return false;
    }
    let words_ok = gap
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .all(|w| {
            let w = w.to_ascii_lowercase();
            LIST_WORDS.contains(&w.as_str()) || options.words.contains(&w)
        });
    if !words_ok {
        return false;
    }
    if gap.contains('\n') {
        let line_start = text[..item.start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[item.end..]
            .find('\n')
            .map_or(text.len(), |i| item.end + i);
        return text[line_start..line_end]
            .split_whitespace()
            .filter(|w| *w != "-" && *w != "*")
            .count()
            <= 3;
    }
    true
}

/// Words that may follow a name that stands as a list item ("Translate APIs", "Nova models").
const ITEM_TAIL_WORDS: &[&str] = &[
    "and", "or", "as", "etc", "service", "services", "api", "apis", "sdk", "sdks", "models",
    "model",
];

/// Whether the name ending at `end` closes its list item: what follows is a separator, the end of
/// the line, or a word a list item may end with. "Translate requirements" is a verb, not a list
/// item; "Translate, Comprehend" and "Translate and Polly" are items.
pub(super) fn ends_list_item(text: &str, end: usize) -> bool {
    let rest = &text[end..];
    let trimmed = rest.trim_start_matches([' ', '*', '"', '\'']);
    match trimmed.chars().next() {
        None => true,
        Some(c) if !c.is_alphanumeric() => {
            !matches!(c, '-') || trimmed.starts_with("- ") || trimmed.starts_with("-\n")
        }
        Some(_) => {
            let word: String = trimmed
                .chars()
                .take_while(|c| c.is_alphanumeric())
                .collect::<String>()
                .to_ascii_lowercase();
            ITEM_TAIL_WORDS.contains(&word.as_str())
        }
    }
}

/// Words after which a name still stands as an item of its own ("Lambda for ETL", "Lambda
/// functions"), unlike a noun it would modify ("Lambda engineering", "Lambda products").
const ITEM_FOLLOW_WORDS: &[&str] = &[
    "for",
    "to",
    "in",
    "on",
    "with",
    "via",
    "at",
    "function",
    "functions",
    "layers",
    "triggers",
    "handlers",
    "clusters",
    "cluster",
    "jobs",
    "job",
    "queries",
    "indexes",
    "index",
    "domains",
    "streams",
];

/// Whether the name ending at `end` stands as an item: it ends a list item, or what follows is a
/// preposition or a word naming the service's own parts.
pub(super) fn item_like(text: &str, end: usize) -> bool {
    if ends_list_item(text, end) {
        return true;
    }
    let word: String = text[end..]
        .trim_start_matches(' ')
        .chars()
        .take_while(|c| c.is_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    ITEM_FOLLOW_WORDS.contains(&word.as_str())
}

/// A one-line snippet of about 140 characters around `start..end`, cut at word boundaries.
pub(super) fn snippet(text: &str, start: usize, end: usize) -> String {
    const REACH: usize = 70;
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
    let mut s = start.saturating_sub(REACH).max(line_start);
    let mut e = (end + REACH).min(line_end);
    while !text.is_char_boundary(s) {
        s += 1;
    }
    while !text.is_char_boundary(e) {
        e -= 1;
    }
    if s > line_start {
        if let Some(space) = text[s..start].find(' ') {
            s += space + 1;
        }
    }
    if e < line_end {
        if let Some(space) = text[end..e].rfind(' ') {
            e = end + space;
        }
    }
    let body = text[s..e].trim().trim_start_matches(['-', '#', '*', ' ']);
    let mut out = String::with_capacity(body.len() + 8);
    if s > line_start {
        out.push_str("...");
    }
    out.push_str(body);
    if e < line_end {
        out.push_str("...");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plain definition `sentence_span` must agree with: step a byte at a time.
    fn sentence_span_bytewise(text: &str, start: usize, end: usize) -> (usize, usize) {
        let bytes = text.as_bytes();
        let is_end = |i: usize| {
            bytes[i] == b'\n'
                || (matches!(bytes[i], b'.' | b'!' | b'?' | b';')
                    && bytes.get(i + 1).is_none_or(u8::is_ascii_whitespace))
        };
        let lo = start.saturating_sub(SENTENCE_REACH);
        let mut s = start;
        while s > lo && !is_end(s - 1) {
            s -= 1;
        }
        let hi = (end + SENTENCE_REACH).min(bytes.len());
        let mut e = end;
        while e < hi && !is_end(e) {
            e += 1;
        }
        while !text.is_char_boundary(s) {
            s += 1;
        }
        while !text.is_char_boundary(e) {
            e -= 1;
        }
        (s, e)
    }

    #[test]
    fn sentence_spans_agree_with_a_byte_at_a_time() {
        let long = "Build on Node.js and AWS, e.g. Amazon SageMaker; deploy models! ".repeat(12);
        let texts = [
            "Experience with SageMaker. Azure OpenAI is a plus!\nNo Bedrock needed? Fine;ok",
            "v1.2.3 of Node.js... then more.Done.\n\n- Bullet one\n- Bullet two;",
            "Caf\u{e9} \u{2014} na\u{ef}ve r\u{e9}sum\u{e9}. Stra\u{df}e? Ja!",
            long.as_str(),
            "no ends at all in this text",
            ".",
        ];
        for text in texts {
            let bounds: Vec<usize> = (0..=text.len())
                .filter(|&i| text.is_char_boundary(i))
                .collect();
            for (k, &start) in bounds.iter().enumerate() {
                for &end in bounds[k..].iter().take(12) {
                    assert_eq!(
                        sentence_span(text, start, end),
                        sentence_span_bytewise(text, start, end),
                        "{start}..{end} in {text:?}"
                    );
                }
            }
        }
    }

    fn negated(sentence: &str, name: &str) -> bool {
        let start = sentence.find(name).unwrap();
        let options = Alternatives::new(&[]);
        let mut s = Sentences::new(sentence, &options);
        s.negated(start, start + name.len())
    }

    #[test]
    fn negation_is_scoped() {
        let cases = [
            ("No AWS experience required.", "AWS", true),
            ("No prior knowledge of Azure is needed", "Azure", true),
            ("You don't need to know Azure to apply.", "Azure", true),
            ("Experience with Bedrock is not required.", "Bedrock", true),
            (
                "Experience with Bedrock is not required but is a plus.",
                "Bedrock",
                false,
            ),
            (
                "No Azure experience needed, but SageMaker is a must.",
                "SageMaker",
                false,
            ),
            (
                "No Azure experience needed, but SageMaker is a must.",
                "Azure",
                true,
            ),
            (
                "We build on AWS and know SageMaker well.",
                "SageMaker",
                false,
            ),
            (
                "Strong SageMaker skills; no Kubernetes needed.",
                "SageMaker",
                false,
            ),
            ("We do not use Azure.", "Azure", true),
        ];
        for (sentence, name, want) in cases {
            assert_eq!(negated(sentence, name), want, "{name} in {sentence:?}");
        }
    }

    #[test]
    fn list_items_end_at_separators() {
        for (text, want) in [
            ("Translate, Comprehend", true),
            ("Translate and Polly", true),
            ("Translate APIs", true),
            ("Translate requirements into designs", false),
            ("Translate\n- Polly", true),
            ("Translate", true),
        ] {
            assert_eq!(ends_list_item(text, "Translate".len()), want, "{text:?}");
        }
    }

    #[test]
    fn snippets_stay_on_their_line() {
        let text = "Intro line\n- Deep experience with Amazon SageMaker Pipelines and Feature Store for training\nNext";
        let at = text.find("Amazon").unwrap();
        assert_eq!(
            snippet(text, at, at + "Amazon SageMaker".len()),
            "Deep experience with Amazon SageMaker Pipelines and Feature Store for training"
        );
        let long = format!(
            "{} Amazon Bedrock {}",
            "word ".repeat(40),
            "more ".repeat(40)
        );
        let at = long.find("Amazon").unwrap();
        let s = snippet(&long, at, at + 14);
        assert!(s.starts_with("...word") && s.ends_with("more..."), "{s}");
        assert!(s.len() < 160, "{s}");
    }
}
