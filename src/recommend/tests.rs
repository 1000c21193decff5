//! The advice on markets of postings written for these tests: one market per profile of the
//! adviser's rules (kind of work, level, strength of demand), run through the real matcher, reader,
//! aggregator and scorer.

use super::*;
use crate::aggregate::Aggregator;
use crate::matcher::Matcher;
use crate::posting::Posting;
use crate::reading::{Model, level};

const TODAY: &str = "2026-12-01";

/// Runs a market of (title, text) postings.
fn market(postings: &[(&str, &str)]) -> Outcome {
    let t = Taxonomy::embedded().unwrap();
    let matcher = Matcher::new(&t);
    let model = Model::new(&t, TODAY);
    let mut agg = Aggregator::new(&t);
    for (i, (title, text)) in postings.iter().enumerate() {
        let mut p = Posting::new(format!("p{i}"), crate::extract::text::clean(text));
        p.title = Some((*title).to_string());
        let (found, platform) = matcher.find_with_platform(&p);
        let level = level::read(p.title.as_deref(), &p.text);
        let reading = model.read(&found, level, &platform);
        agg.push(&found, &reading).unwrap();
    }
    recommend(&t, &agg.finish().unwrap(), TODAY)
}

fn answer(out: &Outcome) -> &str {
    out.recommendation.code.as_deref().unwrap_or("none")
}

const BEDROCK_RAG: (&str, &str) = (
    "Senior AI Engineer",
    "Responsibilities\n- Build RAG applications on Amazon Bedrock with Bedrock Knowledge Bases and OpenSearch Serverless.\n- Ship agents with Amazon Bedrock Agents and protect them with Bedrock Guardrails.\nRequirements\n- 5+ years of software engineering experience.\n- Experience with LLMs, embeddings and prompt engineering.",
);
const BEDROCK_AGENTS: (&str, &str) = (
    "Staff Software Engineer, Generative AI",
    "What you will do\n- Design agentic workflows on Amazon Bedrock AgentCore and Strands Agents.\n- Evaluate foundation models with Bedrock model evaluation; use SageMaker JumpStart for open models.\nRequirements\n- 7+ years of experience building production services on AWS (Lambda, DynamoDB).",
);
const BEDROCK_CHAT: (&str, &str) = (
    "Software Engineer, LLM Platform",
    "Responsibilities\n- Build our customer chatbot with Amazon Bedrock and Bedrock Knowledge Bases.\n- Add tool use and retrieval-augmented generation to the assistant.\nRequirements\n- 3+ years of experience with Python and AWS.",
);
const SAGEMAKER_TRAINING: (&str, &str) = (
    "Senior Machine Learning Engineer",
    "Responsibilities\n- Train, tune and deploy models on Amazon SageMaker; orchestrate SageMaker Pipelines.\n- Monitor drift with SageMaker Model Monitor and register models in the SageMaker Model Registry.\nRequirements\n- 5+ years of experience with PyTorch, feature engineering and MLOps.",
);
const SAGEMAKER_PLATFORM: (&str, &str) = (
    "ML Platform Engineer",
    "Responsibilities\n- Run our SageMaker training jobs and real-time endpoints; build the SageMaker Feature Store.\n- CI/CD for models with MLflow and Kubeflow alternatives evaluated.\nRequirements\n- 4+ years of experience in machine learning infrastructure on AWS.",
);
const SAGEMAKER_DS: (&str, &str) = (
    "Data Scientist",
    "Responsibilities\n- Build gradient-boosting and deep learning models with Amazon SageMaker.\n- Hyperparameter tuning and model evaluation at scale.\nRequirements\n- 3+ years of experience with scikit-learn and Python.",
);

/// A profile of the adviser's rules, its market, and the answers the rules accept.
type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], &'a [&'a str]);

#[test]
fn each_profile_gets_the_exam_an_adviser_would_name() {
    let cases: &[Case] = &[
        (
            "GenAI apps and agents on AWS (#13: not MLA-C01 for one JumpStart mention)",
            &[BEDROCK_RAG, BEDROCK_AGENTS, BEDROCK_CHAT],
            &["AIP-C01"],
        ),
        (
            "ML training and MLOps on SageMaker",
            &[SAGEMAKER_TRAINING, SAGEMAKER_PLATFORM, SAGEMAKER_DS],
            &["MLA-C01"],
        ),
        (
            "data engineering on AWS",
            &[
                (
                    "Senior Data Engineer",
                    "Responsibilities\n- Build batch and streaming pipelines with AWS Glue, Amazon Kinesis and Amazon EMR.\n- Model the warehouse in Amazon Redshift and query the lake with Amazon Athena.\nRequirements\n- 5+ years of experience with Spark, Airflow and SQL.",
                ),
                (
                    "Data Engineer",
                    "Responsibilities\n- Own our S3 data lake, AWS Lake Formation permissions and AWS Glue Data Catalog.\n- Orchestrate jobs with Amazon MWAA.\nRequirements\n- 3+ years of experience with SQL and Python.",
                ),
            ],
            &["DEA-C01"],
        ),
        (
            "non-technical roles that use AWS AI",
            &[
                (
                    "Product Manager, Generative AI",
                    "Responsibilities\n- Define the roadmap of features built on Amazon Bedrock and Amazon Q Business.\n- Work with engineers on responsible AI and prompt design.",
                ),
                (
                    "Account Executive, AI Solutions",
                    "Responsibilities\n- Sell solutions built on Amazon Bedrock and Amazon SageMaker to enterprise customers.",
                ),
            ],
            &["AIF-C01"],
        ),
        (
            "interns on AWS generative AI",
            &[(
                "Machine Learning Intern",
                "Responsibilities\n- Prototype a chatbot with Amazon Bedrock and Amazon Lex.\nRequirements\n- Pursuing a degree in computer science.",
            )],
            &["AIF-C01"],
        ),
        (
            "Azure AI engineering (#13: not the AI-901 fundamentals exam)",
            &[
                (
                    "Senior Azure AI Engineer",
                    "Responsibilities\n- Extract data from documents with Azure AI Document Intelligence and index it in Azure AI Search.\n- Build copilots on Azure OpenAI and Azure Bot Service.\nRequirements\n- 5+ years of experience with C# and Azure.",
                ),
                (
                    "AI Engineer",
                    "Responsibilities\n- Build RAG apps on Azure OpenAI with Azure AI Search; Copilot Studio for internal agents.\nRequirements\n- 3+ years of experience on Microsoft Azure.",
                ),
                (
                    "Software Engineer, AI",
                    "Responsibilities\n- Integrate Form Recognizer and Cognitive Search into our claims platform.\nRequirements\n- 4+ years of experience with Azure Functions and .NET.",
                ),
            ],
            &["AI-103"],
        ),
        (
            "entry-level roles on Azure AI",
            &[(
                "Junior AI Developer",
                "Responsibilities\n- Try out Azure OpenAI and Azure AI Language in Microsoft Foundry.\nRequirements\n- 0-1 years of experience; curiosity about AI.",
            )],
            &["AI-901"],
        ),
        (
            "data science on Azure Machine Learning",
            &[
                (
                    "Senior Data Scientist",
                    "Responsibilities\n- Train and deploy forecasting models with Azure Machine Learning and MLflow.\n- Feature engineering and hyperparameter tuning in Azure ML notebooks.\nRequirements\n- 5+ years of experience with Python and scikit-learn.",
                ),
                (
                    "Data Scientist",
                    "Responsibilities\n- Build models in Azure Machine Learning with AutoML and deploy them to managed endpoints.\nRequirements\n- 3+ years of experience in machine learning.",
                ),
            ],
            &["DP-100", "AI-300"],
        ),
        (
            "MLOps on Azure",
            &[(
                "MLOps Engineer",
                "Responsibilities\n- Run Azure Machine Learning pipelines, registries and endpoints in production.\n- CI/CD with Azure DevOps and GitHub Actions; infrastructure in Bicep; model monitoring and drift.\nRequirements\n- 4+ years of experience in MLOps.",
            )],
            &["AI-300", "DP-100"],
        ),
        (
            "Copilot Studio and Power Platform solution architects",
            &[
                (
                    "Power Platform Solution Architect",
                    "Responsibilities\n- Design agents in Microsoft Copilot Studio connected to Dataverse and Power Automate.\n- Deliver Dynamics 365 integrations.\nRequirements\n- 6+ years of experience with Power Platform.",
                ),
                (
                    "Senior Copilot Studio Developer",
                    "Responsibilities\n- Build and deploy agents with Copilot Studio and Power Apps.\nRequirements\n- 5+ years of experience.",
                ),
            ],
            &["AB-100"],
        ),
        (
            "business users of Microsoft 365 Copilot",
            &[(
                "Business Analyst",
                "Responsibilities\n- Use Microsoft 365 Copilot and Copilot agents to prepare reports and summarize meetings.\n- Write prompts for everyday generative AI tasks.",
            )],
            &["AB-730"],
        ),
        (
            "a business role whose one AI service is Microsoft 365 Copilot",
            &[(
                "Financial Analyst",
                "Responsibilities\n- Use Microsoft 365 Copilot in Excel and Teams to speed up monthly reporting.\n- Build dashboards in Power BI.",
            )],
            &["AB-730"],
        ),
        (
            "Copilot Studio builders who also connect Azure OpenAI",
            &[(
                "Copilot Studio Developer",
                "Responsibilities\n- Build agents in Microsoft Copilot Studio; automate approvals with Power Automate flows and store data in Dataverse.\n- Connect agents to Azure OpenAI and Azure AI Search.\nRequirements\n- 3+ years building on Power Platform (Power Apps, Power Automate).",
            )],
            &["AB-100", "AI-103"],
        ),
        (
            "business leaders of AI adoption",
            &[(
                "VP of Business Transformation",
                "Responsibilities\n- Sponsor the adoption of Microsoft 365 Copilot across the company and set the strategy for generative AI and responsible AI.",
            )],
            &["AB-731"],
        ),
        (
            "Microsoft 365 administrators",
            &[(
                "Microsoft 365 Administrator",
                "Responsibilities\n- Deploy and license Microsoft 365 Copilot, manage access in Microsoft Entra ID and govern agents.",
            )],
            &["AB-900"],
        ),
        (
            "Azure developers with AI as a component",
            &[(
                "Senior Cloud Developer",
                "Responsibilities\n- Build APIs on Azure Functions and Azure App Service backed by Azure Cosmos DB and Azure Event Hubs.\n- Call Azure OpenAI for summaries.\nRequirements\n- 5+ years of experience with C#.",
            )],
            &["AI-200", "AI-103"],
        ),
    ];
    for (profile, postings, accepted) in cases {
        let out = market(postings);
        let got = answer(&out);
        assert!(
            accepted.contains(&got),
            "{profile}: got {got}, want one of {accepted:?}\n{}",
            out.recommendation.why
        );
        assert_ne!(out.recommendation.demand, Demand::None, "{profile}");
    }
}

#[test]
fn issue_13_infrastructure_in_passing_is_no_demand() {
    // Rust engineers, two of six naming S3 or DynamoDB in passing.
    let mut postings = vec![
        (
            "Senior Rust Engineer",
            "Responsibilities\n- Build our storage engine in Rust; blobs live in Amazon S3.\nRequirements\n- 5+ years of experience with Rust.",
        ),
        (
            "Rust Engineer",
            "Responsibilities\n- Write async Rust services; some state in DynamoDB and AWS Lambda.\nRequirements\n- 3+ years of experience.",
        ),
    ];
    for _ in 0..4 {
        postings.push((
            "Backend Engineer (Rust)",
            "Responsibilities\n- Build low-latency services in Rust and Tokio.\nRequirements\n- 4+ years of experience.",
        ));
    }
    let out = market(&postings);
    assert_eq!(out.recommendation.demand, Demand::None);
    assert_eq!(out.recommendation.code, None);
    assert!(
        out.recommendation
            .why
            .starts_with("No cloud AI certification is what this market demands"),
        "{}",
        out.recommendation.why
    );
}

#[test]
fn none_when_no_cloud_ai_or_data_service_is_asked_for() {
    let cases: &[(&str, &[(&str, &str)])] = &[
        (
            "GenAI on open models and generic cloud",
            &[
                (
                    "Senior AI Engineer",
                    "Responsibilities\n- Build LLM agents with OpenAI and Claude, LangChain and RAG.\nRequirements\n- Experience with a cloud such as AWS, GCP or Azure.",
                ),
                (
                    "ML Researcher",
                    "Responsibilities\n- Pretrain and fine-tune LLMs with PyTorch on our own GPU cluster.",
                ),
            ],
        ),
        (
            "Azure data engineering (no exam in the catalogue)",
            &[(
                "Senior Data Engineer",
                "Responsibilities\n- Build pipelines in Azure Data Factory and Azure Synapse; reports in Power BI and Microsoft Fabric.\nRequirements\n- 5+ years of experience with SQL.",
            )],
        ),
        (
            "backends whose infrastructure list names a data service in passing",
            &[
                (
                    "Senior Backend Engineer",
                    "Responsibilities\n- We run on AWS: microservices on EC2 and ECS, S3 for storage, AWS Lambda for serverless functions, and Amazon Kinesis for log streaming.\nRequirements\n- 5+ years of experience with Java.",
                ),
                (
                    "Backend Engineer",
                    "Responsibilities\n- Build services on AWS (ECS, DynamoDB, Amazon Kinesis for events).\nRequirements\n- 3+ years of experience with Go.",
                ),
            ],
        ),
        (
            "Azure data engineering that mentions Azure ML in passing",
            &[(
                "Data Engineer",
                "About us\nWe use machine learning to price insurance.\nResponsibilities\n- Build pipelines in Azure Data Factory and Azure Databricks; models built by our data scientists in Azure ML read your tables.\nRequirements\n- 3+ years of experience with SQL and Spark.",
            )],
        ),
        (
            "AWS named only as a bonus alternative",
            &[
                (
                    "Senior Backend Engineer",
                    "Requirements\n- 5+ years of experience with Go.\nNice to have\n- Amazon Bedrock, OpenAI or similar LLM APIs.",
                ),
                (
                    "Frontend Engineer",
                    "Responsibilities\n- Build our React app.\nRequirements\n- 3+ years of experience with TypeScript.",
                ),
            ],
        ),
    ];
    for (profile, postings) in cases {
        let out = market(postings);
        assert_eq!(
            out.recommendation.demand,
            Demand::None,
            "{profile}: {:?} {}",
            out.recommendation.code,
            out.recommendation.why
        );
        assert_eq!(out.recommendation.code, None, "{profile}");
    }
}

#[test]
fn a_split_market_says_how_it_divides() {
    let out = market(&[
        BEDROCK_RAG,
        BEDROCK_AGENTS,
        BEDROCK_CHAT,
        SAGEMAKER_TRAINING,
        SAGEMAKER_PLATFORM,
        SAGEMAKER_DS,
    ]);
    let rec = &out.recommendation;
    assert!(
        ["AIP-C01", "MLA-C01"].contains(&answer(&out)),
        "{:?}",
        rec.code
    );
    let split = rec.split.as_deref().expect("a split");
    assert!(
        split.contains("AIP-C01") && split.contains("MLA-C01"),
        "{split}"
    );
    assert!(split.contains("of 6 postings"), "{split}");
    if let Some(close) = &rec.close_call {
        // Postings-to-settle figures are shown only when within reach.
        assert!(close.postings_to_settle.is_none_or(|m| m <= 300));
    }
}

#[test]
fn issue_13_a_posting_that_names_its_exam_gets_it() {
    // An ML engineer posting rich in data services that names MLA-C01.
    let out = market(&[(
        "Machine Learning Engineer",
        "Responsibilities\n- Build features with AWS Glue, Amazon Redshift, Amazon Athena, Amazon EMR and Amazon Kinesis.\n- Deploy models on Amazon SageMaker.\nRequirements\n- 4+ years of experience.\n- AWS Certified Machine Learning Engineer - Associate (MLA-C01).",
    )]);
    assert_eq!(answer(&out), "MLA-C01", "{}", out.recommendation.why);
    assert!(out.recommendation.why.contains("names the exam itself"));
    // One posting: no interval that would read as certainty.
    let best = &out.certifications[0];
    assert_eq!(best.interval, None);

    // A senior Bedrock posting that names AIP-C01 is not sent to the fundamentals exam.
    let out = market(&[(
        "Senior GenAI Engineer",
        "Responsibilities\n- Build on Amazon Bedrock, Amazon Q Business and Amazon Titan.\nPreferred\n- AWS Certified Generative AI Developer - Professional (AIP-C01).",
    )]);
    assert_eq!(answer(&out), "AIP-C01", "{}", out.recommendation.why);
}

#[test]
fn a_retired_exams_market_goes_to_its_successors() {
    let out = market(&[
        (
            "ML Engineer",
            "Requirements\n- AWS Certified Machine Learning - Specialty (MLS-C01).\n- Train models on Amazon SageMaker with SageMaker Pipelines.",
        ),
        (
            "Senior ML Engineer",
            "Requirements\n- MLS-C01 preferred.\n- Amazon SageMaker training and SageMaker Model Monitor.",
        ),
    ]);
    assert_eq!(answer(&out), "MLA-C01", "{}", out.recommendation.why);
    assert!(
        out.notes
            .iter()
            .any(|n| n.contains("MLS-C01") && n.contains("retired")),
        "{:?}",
        out.notes
    );
    assert!(out.recommendation.why.contains("(or one it replaced)"));
}

#[test]
fn the_answer_for_each_vendor() {
    let out = market(&[
        BEDROCK_RAG,
        BEDROCK_CHAT,
        (
            "Senior Azure AI Engineer",
            "Responsibilities\n- Build agents with Azure OpenAI and Azure AI Search.\nRequirements\n- 5+ years of experience on Microsoft Azure.",
        ),
    ]);
    let pick = |v: &str| {
        out.recommendation
            .by_vendor
            .iter()
            .find(|p| p.vendor == v)
            .and_then(|p| p.code.as_deref())
    };
    assert_eq!(pick("aws"), Some("AIP-C01"));
    assert_eq!(pick("azure"), Some("AI-103"));
    assert_eq!(answer(&out), "AIP-C01");
}

#[test]
fn evidence_cites_distinctive_services_not_infrastructure() {
    let out = market(&[BEDROCK_RAG, BEDROCK_AGENTS, BEDROCK_CHAT]);
    let why = &out.recommendation.why;
    assert!(why.contains("Bedrock"), "{why}");
    assert!(
        !why.contains("Lambda") && !why.contains("DynamoDB"),
        "{why}"
    );
    assert!(why.contains("tested in AIP-C01 domain"), "{why}");
    assert!(why.contains("Roles: "), "{why}");
}

#[test]
fn wilson_matches_known_values() {
    let (lo, hi) = wilson(7, 10);
    assert!(
        (lo - 0.3968).abs() < 1e-3 && (hi - 0.8922).abs() < 1e-3,
        "{lo} {hi}"
    );
    assert_eq!(wilson(0, 0), (0.0, 1.0));
    let (lo, hi) = wilson(0, 5);
    assert!(lo == 0.0 && hi > 0.4);
}
