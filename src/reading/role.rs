//! The kind of role a posting is for (its family) and its seniority, read from the title the way
//! a recruiter sorts postings: the specialty a title names wins over its generic noun ("Senior
//! Software Engineer, Generative AI" is generative-AI engineering), and a title without one falls
//! back to the years of experience asked for.

use std::sync::LazyLock;

use regex::Regex;

use super::level::years_asked;
use crate::posting::phrase_regex;

/// The family of a role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RoleFamily {
    MlEngineering,
    DataScience,
    DataEngineering,
    AiEngineering,
    SoftwareEngineering,
    Architecture,
    Analytics,
    Product,
    SalesAndSolutions,
    Research,
    Other,
}

impl RoleFamily {
    pub const ALL: [RoleFamily; 11] = [
        RoleFamily::MlEngineering,
        RoleFamily::DataScience,
        RoleFamily::DataEngineering,
        RoleFamily::AiEngineering,
        RoleFamily::SoftwareEngineering,
        RoleFamily::Architecture,
        RoleFamily::Analytics,
        RoleFamily::Product,
        RoleFamily::SalesAndSolutions,
        RoleFamily::Research,
        RoleFamily::Other,
    ];

    /// The name `--role` takes and reports show.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            RoleFamily::MlEngineering => "ml-engineering",
            RoleFamily::DataScience => "data-science",
            RoleFamily::DataEngineering => "data-engineering",
            RoleFamily::AiEngineering => "ai-engineering",
            RoleFamily::SoftwareEngineering => "software-engineering",
            RoleFamily::Architecture => "architecture",
            RoleFamily::Analytics => "analytics",
            RoleFamily::Product => "product",
            RoleFamily::SalesAndSolutions => "sales-and-solutions",
            RoleFamily::Research => "research",
            RoleFamily::Other => "other",
        }
    }

    #[must_use]
    pub fn parse(name: &str) -> Option<RoleFamily> {
        let n = name.trim().to_ascii_lowercase().replace([' ', '_'], "-");
        let n = match n.as_str() {
            "ml" | "mle" | "machine-learning" => "ml-engineering",
            "ds" => "data-science",
            "de" => "data-engineering",
            "genai" | "generative-ai" | "ai" => "ai-engineering",
            "swe" | "software" => "software-engineering",
            "sales" | "solutions" => "sales-and-solutions",
            other => other,
        }
        .to_string();
        RoleFamily::ALL.into_iter().find(|f| f.as_str() == n)
    }
}

/// A role's seniority, as postings are sorted by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Seniority {
    Intern,
    Junior,
    Mid,
    Senior,
    StaffPlus,
    Manager,
}

impl Seniority {
    pub const ALL: [Seniority; 6] = [
        Seniority::Intern,
        Seniority::Junior,
        Seniority::Mid,
        Seniority::Senior,
        Seniority::StaffPlus,
        Seniority::Manager,
    ];

    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Seniority::Intern => "intern",
            Seniority::Junior => "junior",
            Seniority::Mid => "mid",
            Seniority::Senior => "senior",
            Seniority::StaffPlus => "staff+",
            Seniority::Manager => "manager",
        }
    }

    #[must_use]
    pub fn parse(name: &str) -> Option<Seniority> {
        let n = name.trim().to_ascii_lowercase();
        let n = match n.as_str() {
            "internship" | "interns" => "intern",
            "entry" | "entry-level" | "jr" | "graduate" => "junior",
            "middle" | "intermediate" => "mid",
            "sr" => "senior",
            "staff" | "staff-and-above" | "principal" | "lead" => "staff+",
            "management" | "director" | "leader" => "manager",
            other => other,
        }
        .to_string();
        Seniority::ALL.into_iter().find(|s| s.as_str() == n)
    }
}

/// Title patterns of each family, tried in this order: a specialty before a generic noun.
static FAMILIES: LazyLock<Vec<(RoleFamily, Regex)>> = LazyLock::new(|| {
    [
        (
            RoleFamily::Research,
            r"\b(?:research (?:scientist|engineer)|researcher|applied scientist|research fellow|(?:ai|ml) scientist|phd)\b",
        ),
        (
            RoleFamily::Product,
            r"\b(?:product (?:manager|owner|lead|director|management)|head of product|vp,? product|program manager|technical program manager|tpm|product designer|ux designer)\b",
        ),
        (
            RoleFamily::SalesAndSolutions,
            r"\b(?:sales|account (?:executive|manager|director)|solutions? engineer|customer engineer|pre-?sales|business development|technical account manager|partner (?:manager|engineer)|go[- ]to[- ]market|customer success|field engineer|forward deployed|deployment strategist|consultant)\b",
        ),
        (
            RoleFamily::Architecture,
            r"\b(?:architect|architecture)\b",
        ),
        (
            RoleFamily::AiEngineering,
            r"\b(?:gen(?:erative)?[- ]?ai|llm(?:ops)?s?|ai engineer(?:ing)?|ai developer|ai software|ai agents?|agentic|prompt engineer|conversational ai|ai applications?|ai/ml engineer|ai & ml engineer|applied ai)\b",
        ),
        (
            RoleFamily::MlEngineering,
            r"\b(?:machine learning|ml|mlops|ml ops|deep learning|computer vision|nlp|ml platform|ml infrastructure|ai/ml|model(?:ing)? engineer)\b",
        ),
        (
            RoleFamily::DataScience,
            r"\b(?:data scien(?:tist|ce)|decision scien(?:tist|ce)|statistician|quantitative (?:analyst|researcher)|econometrician)\b",
        ),
        (
            RoleFamily::DataEngineering,
            r"\b(?:data engineer(?:ing)?|analytics engineer|etl|data platform|big data|data infrastructure|data warehouse|database engineer|data architect)\b",
        ),
        (
            RoleFamily::Analytics,
            r"\b(?:data analyst|analytics|business intelligence|bi (?:developer|analyst|engineer)|analyst|reporting)\b",
        ),
        (
            RoleFamily::SoftwareEngineering,
            r"\b(?:software|developer|programmer|swe|sde|backend|back-end|frontend|front-end|full[- ]?stack|devops|sre|site reliability|platform engineer|cloud engineer|infrastructure engineer|engineer(?:ing)?|mobile|ios|android|qa|test automation)\b",
        ),
    ]
    .into_iter()
    .map(|(family, re)| (family, phrase_regex(re)))
    .collect()
});

static INTERN: LazyLock<Regex> = LazyLock::new(|| {
    phrase_regex(
        r"\b(?:interns?|internship|co-?op|apprentice(?:ship)?|student|trainee|werkstudent|praktikum)\b",
    )
});
static JUNIOR: LazyLock<Regex> = LazyLock::new(|| {
    phrase_regex(
        r"\b(?:junior|jr\.?|entry[- ]level|new grad(?:uate)?|graduate|early[- ]career|associate (?:engineer|developer|scientist|data)|(?:engineer|developer|scientist|analyst) i|level i|l[1-3])\b",
    )
});
static MANAGER: LazyLock<Regex> = LazyLock::new(|| {
    phrase_regex(
        r"\b(?:manager|management|director|head of|vp|vice president|chief|cto|cdo|cio|president)\b",
    )
});
/// Managers who are individual contributors by another name.
static NOT_MANAGER: LazyLock<Regex> = LazyLock::new(|| {
    phrase_regex(
        r"\b(?:product manager|program manager|account manager|technical account manager|partner manager|success manager)\b",
    )
});
static STAFF: LazyLock<Regex> = LazyLock::new(|| {
    phrase_regex(
        r"\b(?:staff|principal|distinguished|fellow|lead|architect|(?:engineer|scientist) (?:iv|v)|l[6-9]|e[6-9])\b",
    )
});
static SENIOR: LazyLock<Regex> = LazyLock::new(|| {
    phrase_regex(r"\b(?:senior|sr\.?|(?:engineer|scientist|developer|analyst) iii|l5|e5)\b")
});
static MID: LazyLock<Regex> = LazyLock::new(|| {
    phrase_regex(
        r"\b(?:mid[- ]level|intermediate|(?:engineer|scientist|developer|analyst) ii|l4|e4)\b",
    )
});

/// The family of a role from its title; a posting without one is `Other`.
#[must_use]
pub fn family(title: Option<&str>) -> RoleFamily {
    let Some(title) = title else {
        return RoleFamily::Other;
    };
    FAMILIES
        .iter()
        .find(|(_, re)| re.is_match(title))
        .map_or(RoleFamily::Other, |(family, _)| *family)
}

/// The seniority of a role: its title's words, else the years of experience the text asks for
/// (under 2 junior, 2 to 4 mid, 5 to 7 senior, 8 or more staff+), else mid.
#[must_use]
pub fn seniority(title: Option<&str>, text: &str) -> Seniority {
    if let Some(title) = title {
        if INTERN.is_match(title) {
            return Seniority::Intern;
        }
        if MANAGER.is_match(title) && !NOT_MANAGER.is_match(title) {
            return Seniority::Manager;
        }
        if STAFF.is_match(title) {
            return Seniority::StaffPlus;
        }
        if SENIOR.is_match(title) {
            return Seniority::Senior;
        }
        if JUNIOR.is_match(title) {
            return Seniority::Junior;
        }
        if MID.is_match(title) {
            return Seniority::Mid;
        }
    }
    match years_asked(text) {
        Some(y) if y < 2 => Seniority::Junior,
        Some(y) if y < 5 => Seniority::Mid,
        Some(y) if y < 8 => Seniority::Senior,
        Some(_) => Seniority::StaffPlus,
        None => Seniority::Mid,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue_18_families_from_titles() {
        for (title, want) in [
            (
                "Machine Learning Engineer, MLOps",
                RoleFamily::MlEngineering,
            ),
            (
                "Staff Machine Learning Platform Engineer (AWS and Azure)",
                RoleFamily::MlEngineering,
            ),
            (
                "Senior Software Engineer, Generative AI (AWS)",
                RoleFamily::AiEngineering,
            ),
            ("AI Engineer - Agents", RoleFamily::AiEngineering),
            ("LLM Engineer", RoleFamily::AiEngineering),
            ("Data Scientist, Claims Analytics", RoleFamily::DataScience),
            ("Senior Data Engineer", RoleFamily::DataEngineering),
            ("Analytics Engineer", RoleFamily::DataEngineering),
            (
                "senior data analyst, population health",
                RoleFamily::Analytics,
            ),
            ("Senior Frontend Engineer", RoleFamily::SoftwareEngineering),
            ("Backend Developer (Rust)", RoleFamily::SoftwareEngineering),
            ("Cloud Solutions Architect, AI", RoleFamily::Architecture),
            ("Product Manager, AI Platform", RoleFamily::Product),
            (
                "Solutions Engineer, Enterprise",
                RoleFamily::SalesAndSolutions,
            ),
            ("Account Executive", RoleFamily::SalesAndSolutions),
            (
                "Research Scientist, Foundation Models",
                RoleFamily::Research,
            ),
            ("Office Manager", RoleFamily::Other),
        ] {
            assert_eq!(family(Some(title)), want, "{title}");
        }
        assert_eq!(family(None), RoleFamily::Other);
    }

    #[test]
    fn issue_18_seniority_from_titles_then_years() {
        for (title, want) in [
            ("Machine Learning Intern (Summer 2027)", Seniority::Intern),
            ("Junior Data Engineer", Seniority::Junior),
            ("Data Scientist II", Seniority::Mid),
            ("Senior Data Scientist", Seniority::Senior),
            ("Staff ML Engineer", Seniority::StaffPlus),
            ("Principal Applied Scientist", Seniority::StaffPlus),
            ("Engineering Manager, ML Platform", Seniority::Manager),
            ("Director of Data Science", Seniority::Manager),
            ("Product Manager, AI", Seniority::Mid),
        ] {
            assert_eq!(seniority(Some(title), ""), want, "{title}");
        }
        assert_eq!(
            seniority(
                Some("Data Engineer"),
                "You have 6+ years of experience with Spark."
            ),
            Seniority::Senior
        );
        assert_eq!(
            seniority(None, "At least 1 year of experience in Python."),
            Seniority::Junior
        );
        assert_eq!(
            seniority(Some("ML Engineer"), "Build models."),
            Seniority::Mid
        );
    }

    #[test]
    fn issue_18_names_parse_back() {
        for f in RoleFamily::ALL {
            assert_eq!(RoleFamily::parse(f.as_str()), Some(f));
        }
        for s in Seniority::ALL {
            assert_eq!(Seniority::parse(s.as_str()), Some(s));
        }
        assert_eq!(RoleFamily::parse("genai"), Some(RoleFamily::AiEngineering));
        assert_eq!(Seniority::parse("staff"), Some(Seniority::StaffPlus));
    }
}
