//! The taxonomy: vendors, skills and certifications, loaded from TOML data files and validated.
//!
//! The default files under `taxonomies/` are embedded in the binary; user files add to them or
//! override entries with the same id (skills, vendors) or code (certifications).

mod check;
mod schema;

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

pub use check::{Problem, alias_key, canonical_problems};
pub use schema::{CertStatus, ContextRule, Level, RoleLevel, SkillStatus};

use schema::{CertDef, FileDef, SkillDef, VendorDef};

/// The files embedded in the binary, in load order.
pub const EMBEDDED: &[(&str, &str)] = &[
    (
        "vendors.toml",
        include_str!("../../taxonomies/vendors.toml"),
    ),
    ("aws.toml", include_str!("../../taxonomies/aws.toml")),
    ("azure.toml", include_str!("../../taxonomies/azure.toml")),
    (
        "concepts.toml",
        include_str!("../../taxonomies/concepts.toml"),
    ),
    (
        "certifications.toml",
        include_str!("../../taxonomies/certifications.toml"),
    ),
];

/// Categories a skill may have; `certification` is given to the skills made from certifications.
pub const CATEGORIES: &[&str] = &[
    "ai-platform",
    "generative-ai",
    "ai-service",
    "data",
    "analytics",
    "database",
    "compute",
    "storage",
    "integration",
    "devops",
    "security",
    "monitoring",
    "concept",
    "certification",
];

/// Where a category stands in [`CATEGORIES`]: AI first, then data, then general cloud; ties in
/// the reports' rankings go to the lower rank.
#[must_use]
pub fn category_rank(category: &str) -> u32 {
    CATEGORIES
        .iter()
        .position(|c| *c == category)
        .unwrap_or(CATEGORIES.len()) as u32
}

/// Whether a category is of AI or data services: what the certifications test, as against the
/// general cloud (compute, storage, integration, devops, security, monitoring) most postings name.
#[must_use]
pub fn is_ai_or_data(category: &str) -> bool {
    matches!(
        category,
        "ai-platform" | "generative-ai" | "ai-service" | "data" | "analytics"
    )
}

/// The vendor id of vendor-neutral skills.
pub const GENERAL: &str = "general";

/// The two clouds whose split the reports show (postings naming AWS only, Azure only, both,
/// neither): the question certfit answers. Other vendors a taxonomy adds are matched and scored
/// like these, but have no column of their own in the split.
pub const COMPARED: [&str; 2] = ["aws", "azure"];

/// A failure to load a taxonomy: every problem found, not only the first.
#[derive(Debug, thiserror::Error)]
#[error("{} problem(s) in the taxonomy:\n{}", problems.len(), problems.iter().map(|p| format!("  {p}")).collect::<Vec<_>>().join("\n"))]
pub struct TaxonomyError {
    pub problems: Vec<Problem>,
}

#[derive(Debug, Clone)]
pub struct Vendor {
    pub id: String,
    pub name: String,
    pub anchors: Vec<String>,
    /// Words that name the vendor in passing: in a sentence about another vendor's service they
    /// offer a choice ("SageMaker or Azure ML"); between two names they only separate a list's
    /// items ("SageMaker, AWS Glue").
    pub words: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Skill {
    pub id: String,
    pub name: String,
    pub vendor: String,
    pub category: String,
    pub status: SkillStatus,
    pub status_note: Option<String>,
    pub successor: Option<String>,
    pub aliases: Vec<String>,
    pub former: Vec<String>,
    pub context_aliases: Vec<String>,
    pub context: ContextRule,
    pub exact_case: Vec<String>,
    pub avoid: Vec<String>,
    pub avoid_near: Vec<String>,
    /// Words that accept a context alias in the same sentence ("Claude" near "Bedrock").
    pub context_near: Vec<String>,
    /// The file the skill was defined in, for messages.
    pub origin: String,
}

impl Skill {
    /// The family id: the first two segments (`aws.sagemaker` for `aws.sagemaker.clarify`).
    #[must_use]
    pub fn family(&self) -> &str {
        family_of(&self.id)
    }

    /// The id of the parent skill, if this is a feature.
    #[must_use]
    pub fn parent(&self) -> Option<&str> {
        let (parent, _) = self.id.rsplit_once('.')?;
        parent.contains('.').then_some(parent)
    }
}

/// The family of a skill id: its first two dot-separated segments.
#[must_use]
pub fn family_of(id: &str) -> &str {
    match id.match_indices('.').nth(1) {
        Some((i, _)) => &id[..i],
        None => id,
    }
}

#[derive(Debug, Clone)]
pub struct Domain {
    pub name: String,
    pub weight: f64,
    pub published: Option<String>,
    pub skills: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Certification {
    pub code: String,
    pub name: String,
    pub vendor: String,
    pub level: Level,
    pub status: CertStatus,
    pub retires_on: Option<String>,
    pub successors: Vec<String>,
    pub cost_usd: Option<f64>,
    pub minutes: Option<u32>,
    pub questions: Option<u32>,
    pub passing_score: Option<u32>,
    pub aliases: Vec<String>,
    pub sources: Vec<String>,
    pub note: Option<String>,
    /// The kind of work the exam is for, as advice says it ("build generative-AI applications and
    /// agents on AWS").
    pub work: Option<String>,
    /// Skills whose presence shows this exam's kind of work: a posting that names one asks for
    /// the exam's vendor's cloud AI (or data) services.
    pub signals: Vec<String>,
    /// Skills that point to this exam's kind of work once a posting names a signal of its vendor
    /// (vendor-neutral concepts, supporting services).
    pub related: Vec<String>,
    /// The role levels the exam suits; empty: those its level suits.
    pub roles: Vec<RoleLevel>,
    pub domains: Vec<Domain>,
    pub origin: String,
}

impl Certification {
    /// The id of the skill that stands for a mention of this certification in a posting.
    #[must_use]
    pub fn skill_id(&self) -> String {
        cert_skill_id(&self.code)
    }

    /// Whether the exam can no longer be taken on `today` (an ISO date).
    #[must_use]
    pub fn is_retired(&self, today: &str) -> bool {
        match self.status {
            CertStatus::Retired => true,
            CertStatus::Retiring => self.retires_on.as_deref().is_some_and(|d| d < today),
            CertStatus::Active | CertStatus::Beta => false,
        }
    }
}

/// The skill id of a certification code: `cert.mla-c01`.
#[must_use]
pub fn cert_skill_id(code: &str) -> String {
    format!("cert.{}", code.to_ascii_lowercase())
}

/// A loaded and validated taxonomy.
#[derive(Debug, Clone)]
pub struct Taxonomy {
    pub vendors: Vec<Vendor>,
    /// Every skill, the certification skills (`cert.*`) last, sorted by id within each group.
    pub skills: Vec<Skill>,
    pub certifications: Vec<Certification>,
    index: HashMap<String, usize>,
}

impl Taxonomy {
    /// The embedded default taxonomy.
    /// A fingerprint of everything matching and scoring read from the taxonomy: partial runs
    /// made with different taxonomies cannot be merged.
    #[must_use]
    pub fn fingerprint(&self) -> String {
        let text = format!(
            "{:?}{:?}{:?}",
            self.skills, self.certifications, self.vendors
        );
        format!("{:016x}", xxhash_rust::xxh3::xxh3_64(text.as_bytes()))
    }

    pub fn embedded() -> Result<Self, TaxonomyError> {
        let mut layer = Layer::default();
        let mut problems = Vec::new();
        for (name, text) in EMBEDDED {
            layer.parse(name, text, &mut problems);
        }
        Self::build(layer, problems)
    }

    /// The embedded taxonomy with the files at `path` (a file or a folder of `.toml` files) on top.
    pub fn with_overrides(path: &Path) -> Result<Self, TaxonomyError> {
        let mut layer = Layer::default();
        let mut problems = Vec::new();
        for (name, text) in EMBEDDED {
            layer.parse(name, text, &mut problems);
        }
        let mut user = Layer::default();
        for (file, text) in read_files(path, &mut problems) {
            user.parse(&file, &text, &mut problems);
        }
        layer.overlay(user);
        Self::build(layer, problems)
    }

    /// Only the files at `path`, without the embedded taxonomy.
    pub fn from_path(path: &Path) -> Result<Self, TaxonomyError> {
        let mut layer = Layer::default();
        let mut problems = Vec::new();
        for (file, text) in read_files(path, &mut problems) {
            layer.parse(&file, &text, &mut problems);
        }
        Self::build(layer, problems)
    }

    /// Parses and validates in-memory files (name, text), as if they were the whole taxonomy.
    pub fn from_sources(files: &[(&str, &str)]) -> Result<Self, TaxonomyError> {
        let mut layer = Layer::default();
        let mut problems = Vec::new();
        for (name, text) in files {
            layer.parse(name, text, &mut problems);
        }
        Self::build(layer, problems)
    }

    fn build(layer: Layer, mut problems: Vec<Problem>) -> Result<Self, TaxonomyError> {
        let Layer {
            vendors,
            skills,
            certifications,
        } = layer;
        let vendors: Vec<Vendor> = vendors
            .into_iter()
            .map(|(def, _)| Vendor {
                id: def.id,
                name: def.name,
                anchors: def.anchors,
                words: def.words,
            })
            .collect();
        let mut skills: Vec<Skill> = skills
            .into_iter()
            .map(|(def, origin)| skill_from(def, origin))
            .collect();
        let mut certifications: Vec<Certification> = certifications
            .into_iter()
            .map(|(def, origin)| cert_from(def, origin))
            .collect();
        skills.sort_by(|a, b| a.id.cmp(&b.id));
        certifications.sort_by(|a, b| a.code.cmp(&b.code));
        skills.extend(certifications.iter().map(cert_skill));
        let index = skills
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.clone(), i))
            .collect();
        let taxonomy = Taxonomy {
            vendors,
            skills,
            certifications,
            index,
        };
        problems.extend(check::validate(&taxonomy));
        if problems.is_empty() {
            Ok(taxonomy)
        } else {
            Err(TaxonomyError { problems })
        }
    }

    /// The index of a vendor by id.
    #[must_use]
    pub fn vendor_index(&self, id: &str) -> Option<usize> {
        self.vendors.iter().position(|v| v.id == id)
    }

    /// The index of a skill by id.
    #[must_use]
    pub fn skill_index(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    #[must_use]
    pub fn skill(&self, id: &str) -> Option<&Skill> {
        self.skill_index(id).map(|i| &self.skills[i])
    }

    #[must_use]
    pub fn certification(&self, code: &str) -> Option<&Certification> {
        self.certifications
            .iter()
            .find(|c| c.code.eq_ignore_ascii_case(code))
    }

    /// The codes of the certifications whose domains cover a skill (or one of its ancestors).
    #[must_use]
    pub fn certifications_covering(&self, skill_id: &str) -> Vec<&str> {
        if let Some(code) = skill_id.strip_prefix("cert.") {
            return self
                .certifications
                .iter()
                .filter(|c| c.code.eq_ignore_ascii_case(code))
                .map(|c| c.code.as_str())
                .collect();
        }
        self.certifications
            .iter()
            .filter(|c| {
                c.domains
                    .iter()
                    .any(|d| d.skills.iter().any(|s| covers(s, skill_id)))
            })
            .map(|c| c.code.as_str())
            .collect()
    }
}

/// Whether a domain entry `listed` covers `skill_id`: the same skill or one of its features.
#[must_use]
pub fn covers(listed: &str, skill_id: &str) -> bool {
    skill_id == listed
        || (skill_id.starts_with(listed) && skill_id.as_bytes().get(listed.len()) == Some(&b'.'))
}

impl fmt::Display for Skill {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.name, self.id)
    }
}

/// Definitions from one source (embedded or user), each with the file it came from.
#[derive(Default)]
struct Layer {
    vendors: Vec<(VendorDef, String)>,
    skills: Vec<(SkillDef, String)>,
    certifications: Vec<(CertDef, String)>,
}

impl Layer {
    fn parse(&mut self, file: &str, text: &str, problems: &mut Vec<Problem>) {
        match toml::from_str::<FileDef>(text) {
            Ok(def) => {
                let origin = file.to_string();
                self.vendors
                    .extend(def.vendor.into_iter().map(|v| (v, origin.clone())));
                self.skills
                    .extend(def.skill.into_iter().map(|s| (s, origin.clone())));
                self.certifications
                    .extend(def.certification.into_iter().map(|c| (c, origin.clone())));
            }
            Err(err) => problems.push(Problem::new(file, "", err.to_string().trim_end())),
        }
    }

    /// Puts `user` on top: entries with an existing id or code replace it, others are added.
    fn overlay(&mut self, user: Layer) {
        for (def, origin) in user.vendors {
            match self.vendors.iter_mut().find(|(v, _)| v.id == def.id) {
                Some(slot) => *slot = (def, origin),
                None => self.vendors.push((def, origin)),
            }
        }
        // By id in a map: a taxonomy of 100,000 skills must not take 100,000² comparisons.
        let mut at: std::collections::HashMap<String, usize> = self
            .skills
            .iter()
            .enumerate()
            .map(|(i, (s, _))| (s.id.clone(), i))
            .collect();
        for (def, origin) in user.skills {
            if let Some(&i) = at.get(&def.id) {
                self.skills[i] = (def, origin);
            } else {
                at.insert(def.id.clone(), self.skills.len());
                self.skills.push((def, origin));
            }
        }
        for (def, origin) in user.certifications {
            let found = self
                .certifications
                .iter_mut()
                .find(|(c, _)| c.code.eq_ignore_ascii_case(&def.code));
            match found {
                Some(slot) => *slot = (def, origin),
                None => self.certifications.push((def, origin)),
            }
        }
    }
}

/// Reads a taxonomy file, or every `.toml` file of a folder (sorted), as (display name, text).
fn read_files(path: &Path, problems: &mut Vec<Problem>) -> Vec<(String, String)> {
    let mut paths: Vec<PathBuf> = Vec::new();
    if path.is_dir() {
        match std::fs::read_dir(path) {
            Ok(entries) => {
                paths.extend(
                    entries
                        .filter_map(Result::ok)
                        .map(|e| e.path())
                        .filter(|p| p.extension().is_some_and(|e| e == "toml")),
                );
                paths.sort();
                if paths.is_empty() {
                    problems.push(Problem::new(
                        &path.display().to_string(),
                        "",
                        "no .toml files in this folder",
                    ));
                }
            }
            Err(err) => problems.push(Problem::new(
                &path.display().to_string(),
                "",
                &err.to_string(),
            )),
        }
    } else {
        paths.push(path.to_path_buf());
    }
    let mut files = Vec::new();
    for p in paths {
        match std::fs::read_to_string(&p) {
            Ok(text) => files.push((p.display().to_string(), text)),
            Err(err) => problems.push(Problem::new(
                &p.display().to_string(),
                "",
                &format!("cannot read: {err}"),
            )),
        }
    }
    files
}

fn skill_from(def: SkillDef, origin: String) -> Skill {
    Skill {
        id: def.id,
        name: def.name,
        vendor: def.vendor,
        category: def.category,
        status: def.status,
        status_note: def.status_note,
        successor: def.successor,
        aliases: def.aliases,
        former: def.former,
        context_aliases: def.context_aliases,
        context: def.context,
        exact_case: def.exact_case,
        avoid: def.avoid,
        avoid_near: def.avoid_near,
        context_near: def.context_near,
        origin,
    }
}

fn cert_from(def: CertDef, origin: String) -> Certification {
    Certification {
        code: def.code,
        name: def.name,
        vendor: def.vendor,
        level: def.level,
        status: def.status,
        retires_on: def.retires_on,
        successors: def.successors,
        cost_usd: def.cost_usd,
        minutes: def.minutes,
        questions: def.questions,
        passing_score: def.passing_score,
        aliases: def.aliases,
        sources: def.sources,
        note: def.note,
        work: def.work,
        signals: def.signals,
        related: def.related,
        roles: def.roles,
        domains: def
            .domain
            .into_iter()
            .map(|d| Domain {
                name: d.name,
                weight: d.weight,
                published: d.published,
                skills: d.skills,
            })
            .collect(),
        origin,
    }
}

fn cert_skill(cert: &Certification) -> Skill {
    let status = if matches!(cert.status, CertStatus::Retired) {
        SkillStatus::Retired
    } else {
        SkillStatus::Active
    };
    Skill {
        id: cert.skill_id(),
        name: format!("{} ({})", cert.name, cert.code),
        vendor: cert.vendor.clone(),
        category: "certification".to_string(),
        status,
        status_note: None,
        successor: None,
        aliases: cert.aliases.clone(),
        former: Vec::new(),
        context_aliases: Vec::new(),
        context: ContextRule::List,
        exact_case: Vec::new(),
        avoid: Vec::new(),
        avoid_near: Vec::new(),
        context_near: Vec::new(),
        origin: cert.origin.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn family_is_first_two_segments() {
        assert_eq!(family_of("aws.sagemaker.clarify"), "aws.sagemaker");
        assert_eq!(family_of("aws.sagemaker"), "aws.sagemaker");
        assert_eq!(family_of("cert.mla-c01"), "cert.mla-c01");
    }

    #[test]
    fn coverage_includes_features_only() {
        assert!(covers("aws.sagemaker", "aws.sagemaker.clarify"));
        assert!(covers("aws.sagemaker", "aws.sagemaker"));
        assert!(!covers("aws.sagemaker", "aws.sagemaker-x"));
        assert!(!covers("aws.sagemaker.clarify", "aws.sagemaker"));
    }

    #[test]
    fn embedded_taxonomy_is_valid() {
        let t = Taxonomy::embedded().unwrap_or_else(|e| panic!("{e}"));
        assert!(t.skills.len() > 100, "only {} skills", t.skills.len());
        assert!(t.skill("aws.bedrock").is_some());
        assert!(t.skill("cert.mla-c01").is_some());
    }

    #[test]
    fn embedded_list_names_every_file() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("taxonomies");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| {
                std::path::Path::new(n)
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
            })
            .collect();
        on_disk.sort();
        let mut embedded: Vec<String> = EMBEDDED.iter().map(|(n, _)| (*n).to_string()).collect();
        embedded.sort();
        assert_eq!(
            on_disk, embedded,
            "add new taxonomy files to taxonomy::EMBEDDED"
        );
    }

    #[test]
    fn embedded_files_are_canonical() {
        let mut problems = Vec::new();
        for (name, text) in EMBEDDED {
            problems.extend(canonical_problems(name, text));
        }
        assert!(
            problems.is_empty(),
            "taxonomy files are not canonical:\n{}",
            problems
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        );
    }

    #[test]
    fn overrides_replace_by_id_and_add() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("mine.toml"),
            r#"
[[skill]]
id = "aws.bedrock"
name = "Bedrock (mine)"
vendor = "aws"
category = "generative-ai"
aliases = ["Amazon Bedrock"]

[[skill]]
id = "concept.widgets"
name = "Widget science"
vendor = "general"
category = "concept"
aliases = ["widget science"]
"#,
        )
        .unwrap();
        let t = Taxonomy::with_overrides(dir.path()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(t.skill("aws.bedrock").unwrap().name, "Bedrock (mine)");
        assert!(t.skill("concept.widgets").is_some());
    }

    /// Issue 16: a user's taxonomy of many skills loads in time that grows with its size (the
    /// overlay used to compare every new skill with every one before it).
    #[test]
    fn issue_16_a_large_user_taxonomy_loads() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.toml");
        let mut text = String::new();
        for i in 0..20_000 {
            use std::fmt::Write;
            let _ = write!(
                text,
                "[[skill]]\nid = \"aws.gen{i:06}\"\nname = \"Generated {i}\"\nvendor = \"aws\"\ncategory = \"data\"\naliases = [\"Genskill{i:06}\"]\n\n"
            );
        }
        std::fs::write(&path, text).unwrap();
        let t = Taxonomy::with_overrides(&path).unwrap_or_else(|e| panic!("{e}"));
        assert!(t.skill_index("aws.gen019999").is_some());
        assert!(t.skills.len() > 20_000);
    }
}
