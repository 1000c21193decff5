//! The TOML shape of taxonomy files, parsed strictly (`deny_unknown_fields`).

use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FileDef {
    #[serde(default)]
    pub vendor: Vec<VendorDef>,
    #[serde(default)]
    pub skill: Vec<SkillDef>,
    #[serde(default)]
    pub certification: Vec<CertDef>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct VendorDef {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub anchors: Vec<String>,
    #[serde(default)]
    pub words: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SkillDef {
    pub id: String,
    pub name: String,
    pub vendor: String,
    pub category: String,
    #[serde(default)]
    pub status: SkillStatus,
    pub status_note: Option<String>,
    pub successor: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub former: Vec<String>,
    #[serde(default)]
    pub context_aliases: Vec<String>,
    #[serde(default)]
    pub context: ContextRule,
    #[serde(default)]
    pub exact_case: Vec<String>,
    #[serde(default)]
    pub avoid: Vec<String>,
    #[serde(default)]
    pub avoid_near: Vec<String>,
    #[serde(default)]
    pub context_near: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CertDef {
    pub code: String,
    pub name: String,
    pub vendor: String,
    pub level: Level,
    #[serde(default)]
    pub status: CertStatus,
    pub retires_on: Option<String>,
    #[serde(default)]
    pub successors: Vec<String>,
    pub cost_usd: Option<f64>,
    pub minutes: Option<u32>,
    pub questions: Option<u32>,
    pub passing_score: Option<u32>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub sources: Vec<String>,
    pub note: Option<String>,
    pub work: Option<String>,
    #[serde(default)]
    pub signals: Vec<String>,
    #[serde(default)]
    pub related: Vec<String>,
    #[serde(default)]
    pub roles: Vec<RoleLevel>,
    #[serde(default)]
    pub domain: Vec<DomainDef>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct DomainDef {
    pub name: String,
    pub weight: f64,
    pub published: Option<String>,
    #[serde(default)]
    pub skills: Vec<String>,
}

/// Where a service stands in its lifecycle.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SkillStatus {
    #[default]
    Active,
    /// Closed to new customers or no longer developed.
    Maintenance,
    Retired,
}

impl SkillStatus {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            SkillStatus::Active => "active",
            SkillStatus::Maintenance => "maintenance",
            SkillStatus::Retired => "retired",
        }
    }
}

/// What a context alias needs before it counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ContextRule {
    /// Next to another service of the vendor, or a vendor anchor, in a list.
    #[default]
    List,
    /// In a sentence that names another accepted service of the vendor, or a vendor anchor.
    Sentence,
    /// Anywhere in a posting that is in the vendor's context.
    Vendor,
}

/// The level of a role, as a posting's title and requirements show it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RoleLevel {
    Intern,
    Entry,
    /// What a posting that says nothing of its level is read as.
    #[default]
    Mid,
    Senior,
    /// Product, sales, customer success, business and analyst roles.
    NonTechnical,
    /// Business leaders (not engineering leaders).
    Leader,
    /// IT and Microsoft 365 administrators.
    Administrator,
}

impl RoleLevel {
    /// In declaration order, so that `ALL[level as usize] == level`.
    pub const ALL: [RoleLevel; 7] = [
        RoleLevel::Intern,
        RoleLevel::Entry,
        RoleLevel::Mid,
        RoleLevel::Senior,
        RoleLevel::NonTechnical,
        RoleLevel::Leader,
        RoleLevel::Administrator,
    ];

    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            RoleLevel::Intern => "intern",
            RoleLevel::Entry => "entry",
            RoleLevel::Mid => "mid",
            RoleLevel::Senior => "senior",
            RoleLevel::NonTechnical => "non-technical",
            RoleLevel::Leader => "leader",
            RoleLevel::Administrator => "administrator",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Fundamentals,
    Associate,
    Professional,
    Specialty,
    Expert,
}

impl Level {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Fundamentals => "fundamentals",
            Level::Associate => "associate",
            Level::Professional => "professional",
            Level::Specialty => "specialty",
            Level::Expert => "expert",
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CertStatus {
    #[default]
    Active,
    Beta,
    /// Announced to retire on `retires_on`.
    Retiring,
    Retired,
}

impl CertStatus {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            CertStatus::Active => "active",
            CertStatus::Beta => "beta",
            CertStatus::Retiring => "retiring",
            CertStatus::Retired => "retired",
        }
    }
}
