//! Finds taxonomy skills in posting text.
//!
//! One Aho-Corasick automaton holds every alias, avoid phrase, cue word and vendor anchor of the
//! taxonomy; it is built once and run once over each text, folded so that case and hyphens do not
//! matter ("Scikit-Learn", "scikit learn"). The hits are then checked for whole
//! words, reduced to the longest non-overlapping names, put through the context rules of ambiguous
//! names and through negation, and summed up per skill with the section each mention sits in.

mod context;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::dfa::DFA;
use aho_corasick::{
    AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, Anchored, MatchKind, StartKind,
};

use crate::posting::{Posting, Section};
use crate::taxonomy::{ContextRule, GENERAL, Taxonomy};

use context::Sentences;

/// What a pattern of the automaton stands for; one text may stand for several things.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Alias { skill: u32, kind: AliasKind },
    Avoid { skill: u32 },
    Near { skill: u32 },
    Cue { skill: u32 },
    Anchor { vendor: u16 },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AliasKind {
    Plain,
    Former,
    Context,
    /// A context alias that must also match letter for letter; the index is into `exact`.
    ExactCase(u32),
}

#[derive(Debug, Clone)]
struct SkillMeta {
    vendor: u16,
    rule: ContextRule,
    /// Parent, grandparent, ... as skill indices.
    ancestors: Vec<u32>,
}

/// Text searched with the compact automaton before a fast one is built, in bytes: a few hundred
/// postings. Below that, building the fast automaton would cost more than it saves.
const FAST_AFTER_BYTES: usize = 2 << 20;

/// The automaton in two forms. The compact one (an NFA) is built in about a millisecond, so that
/// a run over a few postings starts at once; once a run has searched `FAST_AFTER_BYTES`, a DFA,
/// several times faster (and walked over four parts of a text side by side, see `scan`) but ten
/// times slower to build, is built on a thread of its own and takes over when ready. Both find
/// exactly the same matches.
#[derive(Debug)]
struct Automata {
    patterns: Vec<String>,
    compact: AhoCorasick,
    fast: OnceLock<DFA>,
    searched: AtomicUsize,
    building: AtomicBool,
}

/// One pattern found in the folded text: where it starts and ends, and which it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Hit {
    start: usize,
    end: usize,
    pattern: usize,
}

impl Automata {
    fn new(patterns: Vec<String>) -> Automata {
        let compact = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(&patterns)
            .expect("the taxonomy's patterns fit in an automaton");
        Automata {
            compact,
            patterns,
            fast: OnceLock::new(),
            searched: AtomicUsize::new(0),
            building: AtomicBool::new(false),
        }
    }

    /// Every occurrence of every pattern in `folded`, overlapping ones too, in order of their end.
    fn hits(self: &Arc<Self>, folded: &[u8]) -> Vec<Hit> {
        let mut hits = Vec::new();
        if let Some(fast) = self.fast.get() {
            scan(fast, folded, &mut hits);
            return hits;
        }
        let searched = self.searched.fetch_add(folded.len(), Ordering::Relaxed) + folded.len();
        if searched >= FAST_AFTER_BYTES && !self.building.swap(true, Ordering::Relaxed) {
            let automata = Arc::clone(self);
            std::thread::spawn(move || {
                let _ = automata.fast.set(build_dfa(&automata.patterns));
            });
        }
        hits.extend(self.compact.find_overlapping_iter(folded).map(|m| Hit {
            start: m.start(),
            end: m.end(),
            pattern: m.pattern().as_usize(),
        }));
        hits
    }

    /// Builds the fast automaton now (for benchmarks and tests).
    fn build_fast(&self) {
        self.building.store(true, Ordering::Relaxed);
        self.fast.get_or_init(|| build_dfa(&self.patterns));
    }
}

fn build_dfa(patterns: &[String]) -> DFA {
    DFA::builder()
        .match_kind(MatchKind::Standard)
        .start_kind(StartKind::Unanchored)
        // No prefilter: with a thousand patterns it would rarely skip anything, and without one
        // the start state is not special, which `scan` relies on.
        .prefilter(false)
        .build(patterns)
        .expect("the taxonomy's patterns fit in an automaton")
}

/// Texts shorter than this are scanned in one lane.
const LANE_MIN: usize = 256;

/// How many parts of a text `scan` walks side by side.
const LANES: usize = 4;

/// Finds every hit of the DFA in `hay`, as the crate's overlapping search does, but walks `LANES`
/// parts of the text side by side. A DFA step is a load that depends on the previous one, so one
/// walk waits on memory most of the time; independent walks let the processor overlap those
/// waits. Each part after the first starts the longest pattern's length early, so that a walk
/// reaches the state a walk from the beginning would have at the part's start; hits that end
/// before the part are left to the part before.
fn scan(dfa: &DFA, hay: &[u8], hits: &mut Vec<Hit>) {
    let start = dfa
        .start_state(Anchored::No)
        .expect("the DFA supports unanchored search");
    let warm = dfa.max_pattern_len().saturating_sub(1);
    let n = hay.len();
    if n < LANES * (LANE_MIN + warm) {
        walk(dfa, hay, start, 0..n, 0, hits);
        return;
    }
    let bounds: [usize; LANES + 1] = std::array::from_fn(|k| k * n / LANES);
    let from: [usize; LANES] = std::array::from_fn(|k| bounds[k].saturating_sub(warm));
    let side_by_side = (0..LANES)
        .map(|k| bounds[k + 1] - from[k])
        .min()
        .unwrap_or(0);
    let [l0, l1, l2, l3] = from.map(|f| &hay[f..f + side_by_side]);
    let mut state = [start; LANES];
    let mut lane_hits: [Vec<Hit>; LANES] = std::array::from_fn(|_| Vec::new());
    for (j, (((&b0, &b1), &b2), &b3)) in l0.iter().zip(l1).zip(l2).zip(l3).enumerate() {
        state = [
            dfa.next_state(Anchored::No, state[0], b0),
            dfa.next_state(Anchored::No, state[1], b1),
            dfa.next_state(Anchored::No, state[2], b2),
            dfa.next_state(Anchored::No, state[3], b3),
        ];
        // One test for the four: hits are rare.
        if dfa.is_special(state[0])
            | dfa.is_special(state[1])
            | dfa.is_special(state[2])
            | dfa.is_special(state[3])
        {
            for k in 0..LANES {
                if dfa.is_special(state[k]) {
                    record_hits(dfa, state[k], from[k] + j + 1, bounds[k], &mut lane_hits[k]);
                }
            }
        }
    }
    for k in 0..LANES {
        let rest = from[k] + side_by_side..bounds[k + 1];
        walk(dfa, hay, state[k], rest, bounds[k], &mut lane_hits[k]);
        hits.append(&mut lane_hits[k]);
    }
}

/// Walks `hay[range]` from `state`, reporting hits that end after `after`.
fn walk(
    dfa: &DFA,
    hay: &[u8],
    mut state: StateID,
    range: std::ops::Range<usize>,
    after: usize,
    hits: &mut Vec<Hit>,
) {
    for at in range {
        state = dfa.next_state(Anchored::No, state, hay[at]);
        if dfa.is_special(state) {
            record_hits(dfa, state, at + 1, after, hits);
        }
    }
}

/// Records the patterns a match state stands for, if they end after `after`.
fn record_hits(dfa: &DFA, state: StateID, end: usize, after: usize, hits: &mut Vec<Hit>) {
    debug_assert!(dfa.is_match(state), "only match states are special");
    if end <= after {
        return;
    }
    for i in 0..dfa.match_len(state) {
        let pattern = dfa.match_pattern(state, i);
        hits.push(Hit {
            start: end - dfa.pattern_len(pattern),
            end,
            pattern: pattern.as_usize(),
        });
    }
}

/// How text and patterns are folded for the automaton: ASCII letters lower-cased and hyphens made
/// spaces, byte for byte, so that offsets into the folded text are offsets into the text.
fn fold_byte(b: u8) -> u8 {
    if b == b'-' {
        b' '
    } else {
        b.to_ascii_lowercase()
    }
}

fn fold(text: &str) -> String {
    // Only ASCII bytes change, into ASCII bytes: the result is still UTF-8.
    String::from_utf8(text.bytes().map(fold_byte).collect()).expect("folding keeps UTF-8")
}

/// A compiled matcher for one taxonomy.
#[derive(Debug, Clone)]
pub struct Matcher {
    automata: Arc<Automata>,
    roles: Vec<Vec<Role>>,
    /// Whether each pattern needs a word boundary on its left and right.
    bounded: Vec<(bool, bool)>,
    exact: Vec<String>,
    skills: Vec<SkillMeta>,
    /// Vendor ids by index; `general` is one of them.
    vendors: Vec<String>,
    /// The words that offer a service as one option among others.
    options: Arc<context::Alternatives>,
    /// Every name of every skill, folded as `alias_key` folds them.
    names: HashMap<String, u32>,
}

/// One skill found in one posting.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// Index into `Taxonomy::skills`.
    pub skill: usize,
    /// How many times it is named (for a family: with its features).
    pub mentions: u32,
    /// Byte offset of the first mention in the posting text.
    pub first: usize,
    /// A short snippet around the first mention.
    pub evidence: String,
    /// The strongest section any mention sits in.
    pub section: Section,
    /// Named only by former product names.
    pub legacy: bool,
    /// Found only through its features ("SageMaker Clarify" for SageMaker).
    pub implied: bool,
    /// Every mention offers it as one option among others ("Bedrock, OpenAI or similar").
    pub alternative: bool,
}

impl Matcher {
    /// Compiles the taxonomy's names into one automaton.
    #[must_use]
    pub fn new(taxonomy: &Taxonomy) -> Matcher {
        let mut vendors: Vec<String> = taxonomy.vendors.iter().map(|v| v.id.clone()).collect();
        vendors.push(GENERAL.to_string());
        let vendor_index = |id: &str| {
            vendors
                .iter()
                .position(|v| v == id)
                .unwrap_or(vendors.len() - 1) as u16
        };
        let skills: Vec<SkillMeta> = taxonomy
            .skills
            .iter()
            .map(|s| {
                let mut ancestors = Vec::new();
                let mut id = s.id.as_str();
                while let Some((parent, _)) = id.rsplit_once('.') {
                    if !parent.contains('.') {
                        break;
                    }
                    if let Some(i) = taxonomy.skill_index(parent) {
                        ancestors.push(i as u32);
                    }
                    id = parent;
                }
                SkillMeta {
                    vendor: vendor_index(&s.vendor),
                    rule: s.context,
                    ancestors,
                }
            })
            .collect();

        let mut patterns: Vec<String> = Vec::new();
        let mut roles: Vec<Vec<Role>> = Vec::new();
        let mut by_text: HashMap<String, usize> = HashMap::new();
        let mut exact = Vec::new();
        let mut names = HashMap::new();
        for (i, s) in taxonomy.skills.iter().enumerate() {
            for alias in s
                .aliases
                .iter()
                .chain(&s.former)
                .chain(&s.context_aliases)
                .chain(&s.exact_case)
            {
                names
                    .entry(crate::taxonomy::alias_key(alias))
                    .or_insert(i as u32);
            }
        }
        let mut add = |text: &str, role: Role| {
            let key = fold(text);
            let id = *by_text.entry(key.clone()).or_insert_with(|| {
                patterns.push(key);
                roles.push(Vec::new());
                patterns.len() - 1
            });
            if !roles[id].contains(&role) {
                roles[id].push(role);
            }
        };
        for (v, vendor) in taxonomy.vendors.iter().enumerate() {
            for anchor in &vendor.anchors {
                add(anchor, Role::Anchor { vendor: v as u16 });
            }
        }
        for (i, s) in taxonomy.skills.iter().enumerate() {
            let skill = i as u32;
            let kinds = [
                (&s.aliases, AliasKind::Plain),
                (&s.former, AliasKind::Former),
                (&s.context_aliases, AliasKind::Context),
            ];
            for (list, kind) in kinds {
                for alias in list {
                    add(alias, Role::Alias { skill, kind });
                }
            }
            for alias in &s.exact_case {
                exact.push(alias.clone());
                let kind = AliasKind::ExactCase(exact.len() as u32 - 1);
                add(alias, Role::Alias { skill, kind });
            }
            for phrase in &s.avoid {
                add(phrase, Role::Avoid { skill });
            }
            for word in &s.avoid_near {
                add(word, Role::Near { skill });
            }
            for word in &s.context_near {
                add(word, Role::Cue { skill });
            }
        }
        let bounded = patterns
            .iter()
            .map(|p| {
                let first = p.chars().next().is_some_and(char::is_alphanumeric);
                let last = p.chars().next_back().is_some_and(char::is_alphanumeric);
                (first, last)
            })
            .collect();
        Matcher {
            automata: Arc::new(Automata::new(patterns)),
            roles,
            bounded,
            exact,
            skills,
            options: Arc::new(context::Alternatives::new(
                &taxonomy
                    .vendors
                    .iter()
                    .map(|v| v.words.clone())
                    .collect::<Vec<_>>(),
            )),
            vendors,
            names,
        }
    }

    /// The skill a name stands for, read as a person typing it would mean it: any alias, in any
    /// case, ambiguous ones included ("glue" is AWS Glue when someone lists it as a skill).
    #[must_use]
    pub fn lookup(&self, name: &str) -> Option<usize> {
        self.names
            .get(&crate::taxonomy::alias_key(name.trim()))
            .map(|&i| i as usize)
    }

    /// The skill whose name is closest to a term that names none ("pyhton" -> Python): at most
    /// one edit in five letters, two in longer terms.
    #[must_use]
    pub fn suggest(&self, term: &str) -> Option<usize> {
        let key = crate::taxonomy::alias_key(term.trim());
        let most = if key.chars().count() <= 5 { 1 } else { 2 };
        self.names
            .iter()
            .map(|(name, &i)| (strsim::damerau_levenshtein(&key, name), name, i))
            .filter(|&(d, _, _)| d > 0 && d <= most)
            .min()
            .map(|(_, _, i)| i as usize)
    }

    /// The skill and its families, as indices.
    #[must_use]
    pub fn with_ancestors(&self, skill: usize) -> Vec<usize> {
        let mut all = vec![skill];
        all.extend(self.skills[skill].ancestors.iter().map(|&a| a as usize));
        all
    }

    /// Builds the fast automaton now rather than after the first few hundred postings.
    pub fn build_fast(&self) {
        self.automata.build_fast();
    }

    /// How many patterns the automaton holds.
    #[must_use]
    pub fn pattern_count(&self) -> usize {
        self.automata.patterns.len()
    }

    /// The skills a posting names, sorted by skill index.
    #[must_use]
    pub fn find(&self, posting: &Posting) -> Vec<Found> {
        self.find_with_platform(posting).0
    }

    /// `find`, and how often the posting names each vendor ("AWS", "Azure", inside service names
    /// too), by index into `Taxonomy::vendors`.
    #[must_use]
    pub fn find_with_platform(&self, posting: &Posting) -> (Vec<Found>, Vec<u32>) {
        let text = posting.text.as_str();
        let mut candidates: Vec<Candidate> = Vec::new();
        let mut avoids: Vec<(usize, usize, u32)> = Vec::new();
        let mut nears: Vec<(usize, u32)> = Vec::new();
        let mut cues: Vec<(usize, u32)> = Vec::new();
        let mut anchors: Vec<(usize, usize, u16)> = Vec::new();
        let folded: Vec<u8> = text.bytes().map(fold_byte).collect();
        for hit in self.automata.hits(&folded) {
            let (start, end, pid) = (hit.start, hit.end, hit.pattern);
            let (left, right) = self.bounded[pid];
            if (left && word_char_before(text, start)) || (right && word_char_after(text, end)) {
                continue;
            }
            for role in &self.roles[pid] {
                match *role {
                    Role::Alias { skill, kind } => {
                        if let AliasKind::ExactCase(e) = kind {
                            if !same_letters(&text[start..end], &self.exact[e as usize]) {
                                continue;
                            }
                        }
                        candidates.push(Candidate {
                            start,
                            end,
                            skill,
                            kind,
                        });
                    }
                    Role::Avoid { skill } => avoids.push((start, end, skill)),
                    Role::Near { skill } => nears.push((start, skill)),
                    Role::Cue { skill } => cues.push((start, skill)),
                    Role::Anchor { vendor } => anchors.push((start, end, vendor)),
                }
            }
        }
        // The last vendor is `general`, which has no anchors.
        let mut platform = vec![0u32; self.vendors.len().saturating_sub(1)];
        for &(_, _, v) in &anchors {
            if let Some(n) = platform.get_mut(v as usize) {
                *n += 1;
            }
        }
        if candidates.is_empty() {
            return (Vec::new(), platform);
        }
        let avoids = SkillSpans::new(avoids);
        candidates.retain(|c| !avoids.overlaps(c.skill, c.start, c.end));
        let candidates = longest_first(candidates);
        let mut sentences = Sentences::new(text, &self.options);
        let accepted =
            self.resolve_context(text, &candidates, &anchors, &nears, &cues, &mut sentences);
        (
            self.summarize(posting, &candidates, &accepted, &mut sentences),
            platform,
        )
    }

    /// Decides which candidates count: plain names unless negated, context names when their rule
    /// is met.
    fn resolve_context(
        &self,
        text: &str,
        candidates: &[Candidate],
        anchors: &[(usize, usize, u16)],
        nears: &[(usize, u32)],
        cues: &[(usize, u32)],
        sentences: &mut Sentences,
    ) -> Vec<bool> {
        let negated: Vec<bool> = candidates
            .iter()
            .map(|c| sentences.negated(c.start, c.end))
            .collect();
        let mut accepted: Vec<bool> = candidates
            .iter()
            .zip(&negated)
            .map(|(c, neg)| c.is_plain() && !neg)
            .collect();

        // A vendor's context: one of its anchors, or two of its services named plainly.
        let mut context = vec![false; self.vendors.len()];
        context[self.vendors.len() - 1] = true;
        for &(start, end, vendor) in anchors {
            if !sentences.negated(start, end) {
                context[vendor as usize] = true;
            }
        }
        let mut plain_skills: Vec<HashSet<u32>> = vec![HashSet::new(); self.vendors.len()];
        for (c, ok) in candidates.iter().zip(&accepted) {
            if *ok {
                plain_skills[self.skills[c.skill as usize].vendor as usize].insert(c.skill);
            }
        }
        for (v, skills) in plain_skills.iter().enumerate() {
            if skills.len() >= 2 {
                context[v] = true;
            }
        }

        // Context names next to an avoid_near word in their sentence never count.
        let nears = SkillSpans::new(nears.iter().map(|&(at, skill)| (at, at + 1, skill)));
        let cues = SkillSpans::new(cues.iter().map(|&(at, skill)| (at, at + 1, skill)));
        let blocked: Vec<bool> = candidates
            .iter()
            .map(|c| {
                !c.is_plain() && {
                    let (s, e) = sentences.span(c.start, c.end);
                    nears.overlaps(c.skill, s, e)
                }
            })
            .collect();
        for (i, c) in candidates.iter().enumerate() {
            if c.is_plain() || blocked[i] || negated[i] {
                continue;
            }
            let meta = &self.skills[c.skill as usize];
            let (from, to) = sentences.span(c.start, c.end);
            let has_cue = cues.overlaps(c.skill, from, to);
            accepted[i] =
                has_cue || (meta.rule == ContextRule::Vendor && context[meta.vendor as usize]);
        }

        // List context: a name next to an accepted name of the same vendor, or to an anchor.
        // Items in text order: candidates and the anchors that no candidate covers.
        let mut items: Vec<Item> = candidates
            .iter()
            .enumerate()
            .map(|(i, c)| Item {
                start: c.start,
                end: c.end,
                vendor: self.skills[c.skill as usize].vendor,
                candidate: Some(i),
            })
            .collect();
        for &(start, end, vendor) in anchors {
            // Candidates are in text order and overlap only when they share a span: the last one
            // starting before the anchor ends is the only one that can cover it.
            let before = candidates.partition_point(|c| c.start < end);
            let covered = before > 0 && candidates[before - 1].end > start;
            if !covered && !sentences.negated(start, end) {
                items.push(Item {
                    start,
                    end,
                    vendor,
                    candidate: None,
                });
            }
        }
        items.sort_by_key(|it| it.start);
        let is_link = |it: &Item, accepted: &[bool]| it.candidate.is_none_or(|i| accepted[i]);
        let mut changed = true;
        let mut rounds = 0;
        // Each round lets acceptance spread along lists and sentences; real postings settle in two
        // or three, and a bound keeps a hostile text (a list of thousands) linear.
        while changed && rounds < MAX_ROUNDS {
            changed = false;
            rounds += 1;
            for k in 0..items.len() {
                let Some(i) = items[k].candidate else {
                    continue;
                };
                if accepted[i] || blocked[i] || negated[i] || candidates[i].is_plain() {
                    continue;
                }
                let vendor = items[k].vendor;
                let linked = |other: &Item, gap: &str| {
                    other.vendor == vendor
                        && is_link(other, &accepted)
                        && context::is_list_gap(gap, text, &items[k], &self.options)
                };
                // A list item ends at a separator: "translate requirements" is a verb, not an item.
                // The last item of a list of two or more may be followed by a preposition ("Lex,
                // Polly and Transcribe for our contact center").
                let ends_list = k >= 2 && {
                    let (a, b) = (&items[k - 2], &items[k - 1]);
                    b.end <= items[k].start
                        && linked(b, &text[b.end..items[k].start])
                        && linked(a, &text[a.end..b.start.max(a.end)])
                };
                if !(context::ends_list_item(text, candidates[i].end)
                    || (ends_list && context::item_like(text, candidates[i].end)))
                {
                    continue;
                }
                let before = k
                    .checked_sub(1)
                    .map(|j| &items[j])
                    .filter(|o| o.end <= items[k].start);
                let after = items.get(k + 1).filter(|o| items[k].end <= o.start);
                let ok = before.is_some_and(|o| linked(o, &text[o.end..items[k].start]))
                    || after.is_some_and(|o| linked(o, &text[items[k].end..o.start]));
                if ok {
                    accepted[i] = true;
                    changed = true;
                }
            }
            // Sentence context: a vendor anchor, or two other accepted services of the vendor, in
            // the same sentence.
            for k in 0..items.len() {
                let Some(i) = items[k].candidate else {
                    continue;
                };
                let skill = &self.skills[candidates[i].skill as usize];
                if accepted[i] || blocked[i] || negated[i] || skill.rule != ContextRule::Sentence {
                    continue;
                }
                // The name must stand as an item, not modify a noun ("Lambda engineering").
                if !context::item_like(text, items[k].end) {
                    continue;
                }
                let (s, e) = sentences.span(items[k].start, items[k].end);
                let vendor = items[k].vendor;
                let mut others: Vec<u32> = Vec::new();
                let mut anchored = false;
                // Items are in text order: those of the sentence are one run of them.
                let first = items.partition_point(|o| o.start < s);
                for (j, o) in items
                    .iter()
                    .enumerate()
                    .skip(first)
                    .take_while(|(_, o)| o.start < e)
                {
                    if j == k || o.vendor != vendor || o.end > e || !is_link(o, &accepted) {
                        continue;
                    }
                    match o.candidate {
                        None => anchored = true,
                        Some(c) if !others.contains(&candidates[c].skill) => {
                            others.push(candidates[c].skill);
                        }
                        Some(_) => {}
                    }
                }
                let ok = anchored || others.len() >= 2;
                if ok {
                    accepted[i] = true;
                    changed = true;
                }
            }
        }
        accepted
    }

    /// One `Found` per skill named, with features rolled up into their families.
    fn summarize(
        &self,
        posting: &Posting,
        candidates: &[Candidate],
        accepted: &[bool],
        sentences: &mut Sentences,
    ) -> Vec<Found> {
        let text = posting.text.as_str();
        let spans: Vec<(usize, usize, u16)> = candidates
            .iter()
            .zip(accepted)
            .filter(|(_, ok)| **ok)
            .map(|(c, _)| (c.start, c.end, self.skills[c.skill as usize].vendor))
            .collect();
        let mut by_skill: HashMap<u32, Found> = HashMap::new();
        for (c, _) in candidates.iter().zip(accepted).filter(|(_, ok)| **ok) {
            let section = sentences.section(posting.sections(), c.start, c.end);
            let legacy = c.kind == AliasKind::Former;
            let alternative = self.is_alternative(c, &spans, sentences);
            by_skill
                .entry(c.skill)
                .and_modify(|f| {
                    f.mentions += 1;
                    f.legacy &= legacy;
                    f.alternative &= alternative;
                    if section.weight() > f.section.weight() {
                        f.section = section;
                    }
                    if c.start < f.first {
                        f.first = c.start;
                        f.evidence = context::snippet(text, c.start, c.end);
                    }
                })
                .or_insert_with(|| Found {
                    skill: c.skill as usize,
                    mentions: 1,
                    first: c.start,
                    evidence: context::snippet(text, c.start, c.end),
                    section,
                    legacy,
                    implied: false,
                    alternative,
                });
        }
        let direct: Vec<Found> = by_skill.values().cloned().collect();
        for child in direct {
            for &ancestor in &self.skills[child.skill].ancestors {
                by_skill
                    .entry(ancestor)
                    .and_modify(|f| {
                        f.mentions += child.mentions;
                        f.legacy &= child.legacy;
                        f.alternative &= child.alternative;
                        if child.section.weight() > f.section.weight() {
                            f.section = child.section;
                        }
                        if child.first < f.first {
                            f.first = child.first;
                            f.evidence.clone_from(&child.evidence);
                        }
                    })
                    .or_insert_with(|| Found {
                        skill: ancestor as usize,
                        implied: true,
                        ..child.clone()
                    });
            }
        }
        let mut found: Vec<Found> = by_skill.into_values().collect();
        found.sort_by_key(|f| f.skill);
        found
    }
}

impl Matcher {
    /// Whether the sentence of a mention offers it as one option among others: it names another
    /// cloud, platform or model provider, or says "or similar". Words inside another accepted name
    /// of the same vendor ("Azure" in "Azure AI Search") are that vendor's own.
    fn is_alternative(
        &self,
        c: &Candidate,
        spans: &[(usize, usize, u16)],
        sentences: &mut Sentences,
    ) -> bool {
        let vendor = self.skills[c.skill as usize].vendor;
        if !self.options.has_words(vendor) {
            return false;
        }
        sentences
            .alternatives(c.start, c.end)
            .iter()
            .any(|&(s, e, side)| {
                // Spans are in text order and overlap only when they share a span: those that
                // start last at or before `s` are the only ones that can hold the word.
                let upto = spans.partition_point(|sp| sp.0 <= s);
                let last_start = upto.checked_sub(1).map(|i| spans[i].0);
                let inside_own_name = spans[..upto]
                    .iter()
                    .rev()
                    .take_while(|sp| Some(sp.0) == last_start)
                    .any(|&(_, ne, v)| v == vendor && e <= ne);
                side != Some(vendor) && !inside_own_name
            })
    }
}

#[derive(Debug, Clone, Copy)]
struct Candidate {
    start: usize,
    end: usize,
    skill: u32,
    kind: AliasKind,
}

impl Candidate {
    fn is_plain(&self) -> bool {
        matches!(self.kind, AliasKind::Plain | AliasKind::Former)
    }
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Item {
    start: usize,
    end: usize,
    vendor: u16,
    candidate: Option<usize>,
}

/// How many rounds acceptance may spread along lists and sentences.
const MAX_ROUNDS: usize = 32;

/// Spans of text by skill, asked whether any span of a skill overlaps a range in log time.
struct SkillSpans {
    /// Per skill: starts in order, and the greatest end among the spans up to each.
    by_skill: HashMap<u32, (Vec<usize>, Vec<usize>)>,
}

impl SkillSpans {
    fn new(spans: impl IntoIterator<Item = (usize, usize, u32)>) -> Self {
        let mut grouped: HashMap<u32, Vec<(usize, usize)>> = HashMap::new();
        for (s, e, skill) in spans {
            grouped.entry(skill).or_default().push((s, e));
        }
        let by_skill = grouped
            .into_iter()
            .map(|(skill, mut spans)| {
                spans.sort_unstable();
                let starts = spans.iter().map(|&(s, _)| s).collect();
                let mut most = 0;
                let ends = spans
                    .iter()
                    .map(|&(_, e)| {
                        most = most.max(e);
                        most
                    })
                    .collect();
                (skill, (starts, ends))
            })
            .collect();
        SkillSpans { by_skill }
    }

    /// Whether a span of `skill` overlaps `start..end`.
    fn overlaps(&self, skill: u32, start: usize, end: usize) -> bool {
        self.by_skill.get(&skill).is_some_and(|(starts, ends)| {
            let n = starts.partition_point(|&s| s < end);
            n > 0 && ends[n - 1] > start
        })
    }
}

/// The names as written and with hyphens for spaces ("Step-Functions", "retrieval-augmented
/// generation"): every combination for up to four spaces, all or none beyond.
/// Whether a name in the text is written exactly as `exact`, but for hyphens and spaces.
fn same_letters(text: &str, exact: &str) -> bool {
    text.len() == exact.len()
        && text
            .bytes()
            .zip(exact.bytes())
            .all(|(a, b)| a == b || (fold_byte(a) == b' ' && fold_byte(b) == b' '))
}

/// Keeps the longest names where names overlap ("Azure AI Search" over "AI Search"), preferring
/// plain names to context names of the same length; returns them in text order.
fn longest_first(mut candidates: Vec<Candidate>) -> Vec<Candidate> {
    candidates.sort_by_key(|c| {
        (
            std::cmp::Reverse(c.end - c.start),
            c.start,
            !c.is_plain(),
            c.skill,
        )
    });
    let mut kept: Vec<Candidate> = Vec::with_capacity(candidates.len());
    // Kept spans by start: (end, skills). They never overlap but for names sharing one span, so
    // the kept span starting last before a candidate ends is the only one that can overlap it.
    let mut kept_at: BTreeMap<usize, (usize, Vec<u32>)> = BTreeMap::new();
    for c in candidates {
        let overlaps = kept_at
            .range(..c.end)
            .next_back()
            .is_some_and(|(_, (end, _))| *end > c.start);
        // The same span named by two skills: both are kept only if both are plain.
        let same_span = kept_at
            .get(&c.start)
            .is_some_and(|(end, skills)| *end == c.end && skills.iter().any(|&s| s != c.skill));
        if !overlaps || (same_span && c.is_plain()) {
            kept_at
                .entry(c.start)
                .or_insert_with(|| (c.end, Vec::new()))
                .1
                .push(c.skill);
            kept.push(c);
        }
    }
    kept.sort_by_key(|c| (c.start, c.skill));
    kept
}

fn word_char_before(text: &str, at: usize) -> bool {
    text[..at]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric() || c == '_')
}

fn word_char_after(text: &str, at: usize) -> bool {
    text[at..]
        .chars()
        .next()
        .is_some_and(|c| c.is_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests;
