//! The level of a role, read from a posting's title and the experience it asks for: interns and
//! entry-level roles, non-technical roles and business leaders go to fundamentals exams;
//! experienced engineers never do.

use std::sync::LazyLock;

use regex::Regex;

use crate::posting::phrase_regex;
use crate::taxonomy::RoleLevel;

static INTERN: LazyLock<Regex> = LazyLock::new(|| {
    phrase_regex(
        r"\b(?:interns?|internship|co-?op|apprentice(?:ship)?|students?|trainee|werkstudent|praktikum|praktikant(?:in)?|stagiaire|summer analyst)\b",
    )
});
static ENTRY: LazyLock<Regex> = LazyLock::new(|| {
    phrase_regex(
        r"\b(?:junior|jr\.?|entry[- ]level|new grad(?:uate)?s?|graduate|early[- ]career|university grad(?:uate)?|campus|engineer i|developer i|scientist i|analyst i|level i|l1)\b",
    )
});
static SENIOR: LazyLock<Regex> = LazyLock::new(|| {
    phrase_regex(
        r"\b(?:senior|sr\.?|staff|principal|lead|leader|manager|director|head|vp|vice president|chief|architect|distinguished|fellow|founding|iii|iv|l[4-7])\b",
    )
});
/// Words of engineering, science and technical roles.
static TECHNICAL: LazyLock<Regex> = LazyLock::new(|| {
    phrase_regex(
        r"\b(?:engineer(?:ing|s)?|developer|programmer|scientist|researcher|research|architect|sre|devops|mlops|llmops|technical lead|tech lead|data|machine learning|ml|software|platform|infrastructure|backend|back-end|frontend|front-end|full[- ]?stack|security|cloud|it|systems|ai|artificial intelligence|genai|llm|technology|technical|r&d|cto)\b",
    )
});
/// Words of non-technical roles: product, sales, customer success, business, analysts.
static NON_TECHNICAL: LazyLock<Regex> = LazyLock::new(|| {
    phrase_regex(
        r"\b(?:product (?:manager|owner|lead|director|marketing)|program manager|project manager|sales|account (?:executive|manager|director)|customer success|customer support|customer experience|support specialist|marketing|recruit(?:er|ing)|talent|business (?:analyst|development|partner|operations)|analyst|strategy|strategist|operations|partnerships?|go[- ]to[- ]market|gtm|sdr|bdr|counsel|legal|finance|accountant|people|hr|human resources|chief of staff|writer|enablement|community|success manager|designer|coordinator|support specialist|onboarding|executive assistant|fp&a|client partner|partner manager|facilities|nurse|clinical|physician)\b",
    )
});
/// Technical role nouns that keep a title technical whatever else it says ("Sales Engineer").
static ROLE_NOUN: LazyLock<Regex> =
    LazyLock::new(|| phrase_regex(r"\b(?:engineers?|scientists?|architects?)\b"));
/// Titles of business leaders.
static LEADER: LazyLock<Regex> = LazyLock::new(|| {
    phrase_regex(
        r"\b(?:chief|ceo|coo|cfo|cmo|cro|vp|vice president|head of|director|general manager|president|executive director)\b",
    )
});
static ADMINISTRATOR: LazyLock<Regex> =
    LazyLock::new(|| phrase_regex(r"\b(?:administrator|admin|sysadmin|system administration)\b"));
/// "5+ years of experience", "3-5 years", "at least 7 years": the first number is the minimum.
static YEARS: LazyLock<Regex> = LazyLock::new(|| {
    phrase_regex(
        r"\b(\d{1,2})\s*(?:\+|plus)?\s*(?:-|–|to)?\s*(?:\d{1,2}\s*)?\+?\s*years?\b[^.;\n]{0,40}?\b(?:experience|exp\b|working|industry|professional|of)",
    )
});

/// How long a title may be to be read as one: a first line longer than this is prose.
const TITLE_MAX: usize = 120;

/// The level of the role a posting describes. `title` is the posting's title; without one, the
/// first line of the text stands for it when it is short.
#[must_use]
pub fn read(title: Option<&str>, text: &str) -> RoleLevel {
    let title = title.map(str::trim).filter(|t| !t.is_empty()).or_else(|| {
        text.lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .filter(|l| l.len() <= TITLE_MAX)
    });
    let Some(title) = title else {
        return by_years(years_asked(text));
    };
    if INTERN.is_match(title) {
        return RoleLevel::Intern;
    }
    let technical = TECHNICAL.is_match(title);
    // "Product Manager, AI Platform" is non-technical whatever the platform; "Sales Engineer"
    // stays technical.
    let non_technical = NON_TECHNICAL.is_match(title) && !ROLE_NOUN.is_match(title);
    if ADMINISTRATOR.is_match(title) && !non_technical && !ROLE_NOUN.is_match(title) {
        return RoleLevel::Administrator;
    }
    if non_technical {
        return if LEADER.is_match(title) {
            RoleLevel::Leader
        } else {
            RoleLevel::NonTechnical
        };
    }
    if !technical && LEADER.is_match(title) {
        return RoleLevel::Leader;
    }
    if ENTRY.is_match(title) && !SENIOR.is_match(title) {
        return RoleLevel::Entry;
    }
    if SENIOR.is_match(title) {
        return RoleLevel::Senior;
    }
    by_years(years_asked(text))
}

fn by_years(years: Option<u32>) -> RoleLevel {
    match years {
        Some(y) if y >= 5 => RoleLevel::Senior,
        Some(y) if y <= 1 => RoleLevel::Entry,
        _ => RoleLevel::Mid,
    }
}

/// The most years of experience the text asks for anywhere ("5+ years of experience, 1+ with
/// AWS" is five), if it asks: a role is read as entry-level only when nothing asks for more.
///
/// The pattern is tried only around each "year" of the text, found with memchr: scanning whole
/// postings with it cost a sixth of a run.
pub fn years_asked(text: &str) -> Option<u32> {
    let bytes = text.as_bytes();
    let mut most: Option<u32> = None;
    for at in memchr::memchr2_iter(b'y', b'Y', bytes) {
        if !bytes[at..]
            .get(1..4)
            .is_some_and(|r| r.eq_ignore_ascii_case(b"ear"))
        {
            continue;
        }
        let mut start = at.saturating_sub(YEARS_BEFORE);
        while !text.is_char_boundary(start) {
            start += 1;
        }
        let mut end = (at + YEARS_AFTER).min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        for c in YEARS.captures_iter(&text[start..end]) {
            if let Some(y) = c.get(1).and_then(|m| m.as_str().parse::<u32>().ok()) {
                if y <= 30 {
                    most = Some(most.map_or(y, |m| m.max(y)));
                }
            }
        }
    }
    most
}

/// How far before and after a "year" the years pattern is tried ("10 to 12 years ... experience").
const YEARS_BEFORE: usize = 16;
const YEARS_AFTER: usize = 64;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_from_titles_and_years() {
        let cases: &[(&str, &str, RoleLevel)] = &[
            ("Machine Learning Intern", "", RoleLevel::Intern),
            ("Summer Internship - AI", "", RoleLevel::Intern),
            ("Student Researcher, Generative AI", "", RoleLevel::Intern),
            ("Junior Data Engineer", "", RoleLevel::Entry),
            ("Software Engineer, New Grad", "", RoleLevel::Entry),
            ("Senior ML Engineer", "", RoleLevel::Senior),
            ("Staff Software Engineer, AI", "", RoleLevel::Senior),
            ("Engineering Manager, GenAI", "", RoleLevel::Senior),
            ("Solutions Architect", "", RoleLevel::Senior),
            (
                "AI Engineer",
                "Requires 2+ years of experience",
                RoleLevel::Mid,
            ),
            (
                "AI Engineer",
                "7+ years of professional experience",
                RoleLevel::Senior,
            ),
            ("Product Manager, AI Platform", "", RoleLevel::NonTechnical),
            ("Account Executive", "", RoleLevel::NonTechnical),
            ("Customer Success Manager", "", RoleLevel::NonTechnical),
            ("Data Analyst", "", RoleLevel::NonTechnical),
            ("Sales Engineer", "", RoleLevel::Mid),
            ("Data Scientist", "", RoleLevel::Mid),
            ("VP of Sales", "", RoleLevel::Leader),
            ("Chief Marketing Officer", "", RoleLevel::Leader),
            ("Director of Engineering", "", RoleLevel::Senior),
            ("Microsoft 365 Administrator", "", RoleLevel::Administrator),
            (
                "Customer Operations Manager (Gainsight Administrator)",
                "",
                RoleLevel::NonTechnical,
            ),
            ("FP&A Manager", "", RoleLevel::NonTechnical),
            (
                "Principal Product Manager, Agentic Automation - Developer Experience",
                "",
                RoleLevel::NonTechnical,
            ),
        ];
        for (title, text, want) in cases {
            assert_eq!(read(Some(title), text), *want, "{title}");
        }
    }

    #[test]
    fn first_short_line_stands_for_a_missing_title() {
        assert_eq!(
            read(None, "Junior Cloud Developer\n\nWe build things."),
            RoleLevel::Entry
        );
        assert_eq!(read(None, ""), RoleLevel::Mid);
    }
}
