//! Tricky positives and negatives for the built-in taxonomy, each a sentence as postings write it.
//! A case lists the skill families it must find (`+`) and must not find (`-`).

use certfit::extract::text;
use certfit::matcher::Matcher;
use certfit::posting::Posting;
use certfit::taxonomy::{Taxonomy, family_of};

fn found(m: &Matcher, t: &Taxonomy, sentence: &str) -> Vec<String> {
    let posting = Posting::new("case".into(), text::clean(sentence));
    let mut ids: Vec<String> = m
        .find(&posting)
        .iter()
        .map(|f| t.skills[f.skill].id.clone())
        .collect();
    ids.sort();
    ids
}

/// (sentence, must find, must not find)
const CASES: &[(&str, &[&str], &[&str])] = &[
    // Vendor prefixes and old names.
    (
        "Experience with Amazon SageMaker Pipelines and AWS Glue jobs.",
        &["aws.sagemaker", "aws.glue"],
        &[],
    ),
    (
        "Built search on Azure Cognitive Search and Form Recognizer.",
        &["azure.ai-search", "azure.document-intelligence"],
        &[],
    ),
    (
        "We moved from CodeWhisperer to Amazon Q Developer last year.",
        &["aws.q"],
        &[],
    ),
    (
        "Prototype agents in Azure AI Studio (now Azure AI Foundry).",
        &["azure.ai-foundry"],
        &[],
    ),
    (
        "Hands-on with Sagemaker, AOAI and Azure ML.",
        &["aws.sagemaker", "azure.openai", "azure.machine-learning"],
        &[],
    ),
    (
        "Migrate bots from Power Virtual Agents and LUIS to Copilot Studio.",
        &["azure.bot-service"],
        &[],
    ),
    (
        "Streaming with Kinesis Data Firehose into Amazon Redshift.",
        &["aws.kinesis", "aws.redshift"],
        &[],
    ),
    // Lower case and Markdown escapes, as scrapers write them.
    (
        "experience with amazon bedrock, azure openai and sagemaker pipelines",
        &["aws.bedrock", "azure.openai", "aws.sagemaker"],
        &[],
    ),
    (
        r"\- Azure AI\-Search \*and\* Document Intelligence in Azure",
        &["azure.ai-search", "azure.document-intelligence"],
        &[],
    ),
    (
        "Skills: AWS Bedrock &amp; Amazon Comprehend",
        &["aws.bedrock", "aws.comprehend"],
        &[],
    ),
    // Ambiguous names in context.
    (
        "AWS services such as Lex, Polly and Transcribe for our contact center.",
        &["aws.lex", "aws.polly", "aws.transcribe"],
        &[],
    ),
    (
        "Use SageMaker, Comprehend, and Textract to process claims.",
        &["aws.sagemaker", "aws.comprehend", "aws.textract"],
        &[],
    ),
    (
        "Experience with AWS or GCP services (e.g., S3/GCS, Lambda/Cloud Functions, EMR/Dataproc).",
        &["aws.s3", "aws.lambda", "aws.emr"],
        &[],
    ),
    (
        "Our stack runs on AWS: Athena queries over the Glue Data Catalog.",
        &["aws.athena", "aws.glue"],
        &[],
    ),
    (
        "Build LLM features with Bedrock, OpenAI and Claude.",
        &["aws.bedrock"],
        &[],
    ),
    (
        "Data platform on Azure with Synapse and Data Factory pipelines.",
        &["azure.synapse", "azure.data-factory"],
        &[],
    ),
    (
        "Report to Microsoft Fabric and OneLake on Azure.",
        &["azure.fabric"],
        &[],
    ),
    (
        "Azure Machine Learning (AML) workspaces and managed endpoints on Azure.",
        &["azure.machine-learning"],
        &[],
    ),
    // Everyday words and other products that collide with service names.
    (
        "Our design system is the bedrock of our product.",
        &[],
        &["aws.bedrock"],
    ),
    (
        "We use Polly for retry policies and circuit breakers in our .NET services.",
        &[],
        &["aws.polly"],
    ),
    (
        "Write lambda expressions in Java and C# with LINQ.",
        &[],
        &["aws.lambda"],
    ),
    (
        "Lambda is the GPU cloud for AI developers; join Lambda engineering.",
        &[],
        &["aws.lambda"],
    ),
    (
        "Integrate with athenahealth and Epic EHR systems.",
        &[],
        &["aws.athena"],
    ),
    (
        "Maintain EMR integrations with Epic and Cerner for patient charts on AWS.",
        &[],
        &["aws.emr"],
    ),
    (
        "Report to Kendra Smith, our VP of Engineering.",
        &[],
        &["aws.kendra"],
    ),
    (
        "Build Palantir Foundry pipelines and Ontology objects.",
        &[],
        &["azure.ai-foundry"],
    ),
    (
        "Smart contracts on Hyperledger Fabric.",
        &[],
        &["azure.fabric"],
    ),
    (
        "AML and KYC transaction monitoring for our banking clients.",
        &[],
        &["azure.machine-learning"],
    ),
    (
        "Forecast revenue and translate requirements into clear designs.",
        &[],
        &["aws.forecast", "aws.translate"],
    ),
    (
        "Write glue code between our services on AWS.",
        &[],
        &["aws.glue"],
    ),
    ("Plan the Q3 roadmap and Q4 planning.", &[], &["aws.q"]),
    (
        "Amazon warehouse associate, night shift.",
        &[],
        &["aws.sagemaker", "aws.q"],
    ),
    (
        "Experience with Vertex AI Search or Elastic.",
        &[],
        &["azure.ai-search"],
    ),
    (
        "Personalize the customer experience and comprehend user needs.",
        &[],
        &["aws.personalize", "aws.comprehend"],
    ),
    (
        "Databricks and Snowflake on AWS or Azure.",
        &["concept.databricks"],
        &["azure.databricks"],
    ),
    (
        "Lead with RAG status reports every week.",
        &[],
        &["concept.rag"],
    ),
    (
        "Build a lexer and parser with flex and bison; Lex skills a plus.",
        &[],
        &["aws.lex"],
    ),
    // Negation.
    (
        "No Azure experience required; strong SageMaker skills are a must.",
        &["aws.sagemaker"],
        &["azure"],
    ),
    ("You don't need to know AWS Glue.", &[], &["aws.glue"]),
    (
        "Experience with Amazon Bedrock is not required but is a plus.",
        &["aws.bedrock"],
        &[],
    ),
    // Certifications, by code or name, never by bare letters.
    (
        "AWS Certified Machine Learning Engineer - Associate (MLA-C01) preferred.",
        &["cert.mla-c01"],
        &[],
    ),
    (
        "Holds AI-102 or the new AI-103.",
        &["cert.ai-102", "cert.ai-103"],
        &[],
    ),
    (
        "MLA citation style; DEA compliance; MLS listings.",
        &[],
        &["cert.mla-c01", "cert.dea-c01", "cert.mls-c01"],
    ),
    (
        "We are hiring an Azure Data Scientist.",
        &[],
        &["cert.dp-100"],
    ),
];

#[test]
fn tricky_sentences() {
    let t = Taxonomy::embedded().unwrap();
    let m = Matcher::new(&t);
    let mut failures = Vec::new();
    for (sentence, want, avoid) in CASES {
        let got = found(&m, &t, sentence);
        let families: Vec<&str> = got.iter().map(|id| family_of(id)).collect();
        for w in *want {
            if !families.contains(w) {
                failures.push(format!("missed {w} in {sentence:?} (found {got:?})"));
            }
        }
        for a in *avoid {
            // A bare vendor ("azure") rules out every skill of that vendor.
            let hit = if a.contains('.') {
                families.iter().any(|f| f == a)
            } else {
                got.iter().any(|id| id.starts_with(&format!("{a}.")))
            };
            if hit {
                failures.push(format!("wrongly found {a} in {sentence:?} (found {got:?})"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} case(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn former_names_are_reported_as_legacy() {
    let t = Taxonomy::embedded().unwrap();
    let m = Matcher::new(&t);
    let posting = Posting::new("p".into(), "Experience with Form Recognizer.".into());
    let f = m.find(&posting);
    let di = f
        .iter()
        .find(|f| t.skills[f.skill].id == "azure.document-intelligence")
        .unwrap();
    assert!(di.legacy);
}
