//! Matcher mechanics on a small taxonomy written for them; the real taxonomy's tricky sentences
//! are in `tests/cli/matching.rs`.

use super::*;
use crate::taxonomy::Taxonomy;

const TAXONOMY: &str = r#"
[[vendor]]
id = "aws"
name = "AWS"
anchors = ["Amazon Web Services", "AWS"]
words = ["Amazon", "AWS"]

[[vendor]]
id = "azure"
name = "Azure"
anchors = ["Azure"]
words = ["Azure", "Microsoft"]

[[skill]]
id = "aws.comprehend"
name = "Amazon Comprehend"
vendor = "aws"
category = "ai-service"
aliases = ["Amazon Comprehend"]
context_aliases = ["Comprehend"]

[[skill]]
id = "aws.glue"
name = "AWS Glue"
vendor = "aws"
category = "data"
aliases = ["AWS Glue", "Glue ETL"]
context_aliases = ["Glue"]
avoid = ["glue code"]

[[skill]]
id = "aws.kinesis"
name = "Amazon Kinesis"
vendor = "aws"
category = "analytics"
context = "vendor"
context_aliases = ["Kinesis"]
avoid_near = ["keyboard"]

[[skill]]
id = "aws.sagemaker"
name = "Amazon SageMaker AI"
vendor = "aws"
category = "ai-platform"
aliases = ["SageMaker"]

[[skill]]
id = "aws.sagemaker.clarify"
name = "SageMaker Clarify"
vendor = "aws"
category = "ai-platform"
aliases = ["SageMaker Clarify"]

[[skill]]
id = "aws.translate"
name = "Amazon Translate"
vendor = "aws"
category = "ai-service"
aliases = ["Amazon Translate"]
context_aliases = ["Translate"]

[[skill]]
id = "azure.ai-search"
name = "Azure AI Search"
vendor = "azure"
category = "ai-service"
aliases = ["Azure AI Search"]
former = ["Azure Cognitive Search"]

[[skill]]
id = "azure.ai-language"
name = "Azure AI Language"
vendor = "azure"
category = "ai-service"
aliases = ["Azure AI Language"]
context = "vendor"
exact_case = ["LUIS"]

[[skill]]
id = "concept.rag"
name = "Retrieval-augmented generation"
vendor = "general"
category = "concept"
aliases = ["RAG", "retrieval augmented generation"]
"#;

fn matcher() -> (Taxonomy, Matcher) {
    let t = Taxonomy::from_sources(&[("test.toml", TAXONOMY)]).unwrap_or_else(|e| panic!("{e}"));
    let m = Matcher::new(&t);
    (t, m)
}

fn ids(text: &str) -> Vec<String> {
    let (t, m) = matcher();
    let posting = Posting::new("t".into(), crate::extract::text::clean(text));
    m.find(&posting)
        .iter()
        .map(|f| t.skills[f.skill].id.clone())
        .collect()
}

#[test]
fn plain_names_match_whole_words_in_any_case() {
    assert_eq!(ids("We use SAGEMAKER daily"), ["aws.sagemaker"]);
    assert_eq!(ids("sagemaker"), ["aws.sagemaker"]);
    assert!(ids("SageMakers").is_empty());
    assert!(ids("xSageMaker").is_empty());
    assert_eq!(ids("Retrieval-Augmented Generation"), ["concept.rag"]);
}

#[test]
fn longest_name_wins_and_features_roll_up() {
    let (t, m) = matcher();
    let p = Posting::new("t".into(), "Bias checks with SageMaker Clarify.".into());
    let found = m.find(&p);
    let got: Vec<(&str, bool)> = found
        .iter()
        .map(|f| (t.skills[f.skill].id.as_str(), f.implied))
        .collect();
    assert_eq!(
        got,
        [("aws.sagemaker", true), ("aws.sagemaker.clarify", false)]
    );
}

#[test]
fn list_context_accepts_names_next_to_services() {
    assert_eq!(
        ids("SageMaker, Comprehend and Translate"),
        ["aws.comprehend", "aws.sagemaker", "aws.translate"]
    );
    assert_eq!(ids("AWS services such as Comprehend"), ["aws.comprehend"]);
    assert_eq!(
        ids("- SageMaker\n- Comprehend\n"),
        ["aws.comprehend", "aws.sagemaker"]
    );
    assert!(ids("Translate requirements into designs on AWS").is_empty());
    assert!(ids("You can translate and comprehend complex needs").is_empty());
    assert_eq!(
        ids("SageMaker; translate business needs into models"),
        ["aws.sagemaker"]
    );
    assert_eq!(
        ids("- SageMaker\n- Translate business needs into technical designs"),
        ["aws.sagemaker"]
    );
}

#[test]
fn avoid_phrases_cancel_matches() {
    assert!(ids("AWS and glue code between services").is_empty());
    assert_eq!(
        ids("AWS, Glue and SageMaker"),
        ["aws.glue", "aws.sagemaker"]
    );
}

#[test]
fn vendor_context_and_avoid_near() {
    assert_eq!(ids("Streams on Kinesis. We run on AWS."), ["aws.kinesis"]);
    assert!(ids("Streams on Kinesis.").is_empty());
    assert!(ids("We run on AWS. I type on a Kinesis keyboard.").is_empty());
}

#[test]
fn exact_case_aliases_need_their_case_and_context() {
    assert_eq!(ids("Azure bots with LUIS intents"), ["azure.ai-language"]);
    assert!(ids("Azure bots with Luis from sales").is_empty());
    assert!(ids("Ask LUIS in sales").is_empty());
}

#[test]
fn former_names_are_legacy() {
    let (t, m) = matcher();
    let p = Posting::new("t".into(), "Azure Cognitive Search indexes".into());
    let found = m.find(&p);
    assert_eq!(t.skills[found[0].skill].id, "azure.ai-search");
    assert!(found[0].legacy);
}

#[test]
fn negated_names_do_not_count() {
    assert_eq!(
        ids("SageMaker required. No Azure AI Search experience needed."),
        ["aws.sagemaker"]
    );
}

#[test]
fn sections_and_evidence_are_recorded() {
    let (t, m) = matcher();
    let text =
        "Requirements:\n- SageMaker pipelines\nNice to have:\n- RAG\nAbout us\nWe love SageMaker.";
    let p = Posting::new("t".into(), text.into());
    let found = m.find(&p);
    let sm = found
        .iter()
        .find(|f| t.skills[f.skill].id == "aws.sagemaker")
        .unwrap();
    assert_eq!((sm.mentions, sm.section), (2, Section::Requirements));
    assert_eq!(sm.evidence, "SageMaker pipelines");
    let rag = found
        .iter()
        .find(|f| t.skills[f.skill].id == "concept.rag")
        .unwrap();
    assert_eq!(rag.section, Section::Preferred);
}

#[test]
fn both_automata_find_the_same_matches() {
    // The compact automaton serves short runs; the DFA takes over in long ones. On the real
    // taxonomy and the bundled samples, what they find must not differ.
    let taxonomy = Taxonomy::embedded().unwrap();
    let compact = Matcher::new(&taxonomy);
    let fast = Matcher::new(&taxonomy);
    fast.build_fast();
    let samples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let (mut compared, mut skills) = (0, 0);
    for entry in std::fs::read_dir(samples).unwrap() {
        let path = entry.unwrap().path();
        let format = path
            .extension()
            .and_then(|e| crate::posting::Format::from_extension(&e.to_string_lossy()));
        let Some(format) = format else { continue };
        let bytes = std::fs::read(&path).unwrap();
        for posting in crate::extract::extract("s", &bytes, format).unwrap() {
            let found = compact.find(&posting);
            assert_eq!(found, fast.find(&posting), "{}", path.display());
            compared += 1;
            skills += found.len();
        }
    }
    assert!(
        compared >= 9 && skills > 50,
        "{compared} postings, {skills} skills"
    );
}

#[test]
fn side_by_side_scan_finds_what_the_crate_finds() {
    // `scan` walks four parts of a text at once; every hit, its order included, must be the
    // crate's own overlapping search. Cutting the text at every offset in a range moves the parts'
    // boundaries across names, so that names spanning a boundary are checked too.
    let taxonomy = Taxonomy::embedded().unwrap();
    let matcher = Matcher::new(&taxonomy);
    let patterns = &matcher.automata.patterns;
    let dfa = build_dfa(patterns);
    let reference = AhoCorasickBuilder::new()
        .match_kind(MatchKind::Standard)
        .build(patterns)
        .unwrap();
    let samples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let mut text = String::new();
    for entry in std::fs::read_dir(samples).unwrap() {
        text.push_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap());
    }
    let folded = fold(&text);
    let (mut checked, mut most) = (0, 0);
    for cut in (0..400).chain((0..folded.len()).step_by(997)) {
        let hay = &folded.as_bytes()[cut.min(folded.len())..];
        let expected: Vec<Hit> = reference
            .find_overlapping_iter(hay)
            .map(|m| Hit {
                start: m.start(),
                end: m.end(),
                pattern: m.pattern().as_usize(),
            })
            .collect();
        let mut hits = Vec::new();
        scan(&dfa, hay, &mut hits);
        assert_eq!(hits, expected, "text cut at {cut}");
        checked += 1;
        most = most.max(hits.len());
    }
    assert!(
        checked > 400 && most > 500,
        "{checked} cuts, at most {most} hits"
    );
}

#[test]
fn hyphens_and_spaces_are_the_same_to_names() {
    assert_eq!(ids("We use Amazon-Comprehend daily."), ["aws.comprehend"]);
    assert_eq!(ids("AWS  Glue and aws-glue jobs"), ["aws.glue"]);
}

/// Which skills of a text are offered as one option among others.
fn alternatives(text: &str, taxonomy: &str) -> Vec<(String, bool)> {
    let t = Taxonomy::from_sources(&[("test.toml", taxonomy)]).unwrap_or_else(|e| panic!("{e}"));
    let m = Matcher::new(&t);
    let posting = Posting::new("t".into(), crate::extract::text::clean(text));
    m.find(&posting)
        .iter()
        .map(|f| (t.skills[f.skill].id.clone(), f.alternative))
        .collect()
}

#[test]
fn vendor_words_from_the_taxonomy_offer_choices() {
    let text = "Build search with Amazon SageMaker or Azure AI Search.";
    // Each names the other's vendor: both are one option among others.
    assert_eq!(
        alternatives(text, TAXONOMY),
        [
            ("aws.sagemaker".to_string(), true),
            ("azure.ai-search".to_string(), true)
        ]
    );
    // A vendor's own words are not a choice: "Amazon" next to SageMaker is AWS's.
    assert_eq!(
        alternatives("SageMaker on Amazon infrastructure.", TAXONOMY),
        [("aws.sagemaker".to_string(), false)]
    );
    // Without words, a vendor's name offers no choice, and its services are never offered as one.
    let wordless = TAXONOMY
        .replace("words = [\"Amazon\", \"AWS\"]\n", "")
        .replace("words = [\"Azure\", \"Microsoft\"]\n", "");
    assert_eq!(
        alternatives(text, &wordless),
        [
            ("aws.sagemaker".to_string(), false),
            ("azure.ai-search".to_string(), false)
        ]
    );
}

/// Issue 16: a name repeated tens of thousands of times is matched in time that grows with the
/// text, not with its square (it used to stall a run for minutes); the answer stays right.
#[test]
fn issue_16_a_name_repeated_many_times() {
    let (t, m) = matcher();
    let text = "SageMaker, Glue, RAG and Kinesis. ".repeat(4000);
    let posting = Posting::new("t".into(), text);
    let found = m.find(&posting);
    let sagemaker = t.skill_index("aws.sagemaker").unwrap();
    let f = found.iter().find(|f| f.skill == sagemaker).unwrap();
    assert_eq!(f.mentions, 4000);
    assert!(found.iter().any(|f| t.skills[f.skill].id == "aws.glue"));
}
