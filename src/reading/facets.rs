//! What a posting is besides its skills: where (city, region, country, remote or not), when
//! (the day it was posted), what kind of role and at what level, for which company, on which
//! site. The market around a person is a filter over these (`Filters`) and the segments of a
//! report are their values (`By`).

use regex::Regex;

use super::role::{self, RoleFamily, Seniority};
use crate::posting::{Place, Posting, Workplace};

/// A posting's facets.
#[derive(Debug, Clone, PartialEq)]
pub struct Facets {
    pub place: Place,
    /// Days since 1970-01-01.
    pub posted: Option<i64>,
    pub family: RoleFamily,
    pub seniority: Seniority,
    pub company: Option<String>,
    pub site: Option<String>,
}

/// Board hosts and the site names they stand for.
const SITES: &[(&str, &str)] = &[
    ("greenhouse.io", "greenhouse"),
    ("lever.co", "lever"),
    ("ashbyhq.com", "ashby"),
    ("myworkdayjobs.com", "workday"),
    ("myworkdaysite.com", "workday"),
    ("smartrecruiters.com", "smartrecruiters"),
    ("workable.com", "workable"),
    ("recruitee.com", "recruitee"),
    ("bamboohr.com", "bamboohr"),
    ("personio.de", "personio"),
    ("personio.com", "personio"),
    ("teamtailor.com", "teamtailor"),
    ("rippling.com", "rippling"),
    ("gem.com", "gem"),
    ("pinpointhq.com", "pinpoint"),
    ("icims.com", "icims"),
    ("oraclecloud.com", "oracle"),
    ("linkedin.com", "linkedin"),
    ("indeed.com", "indeed"),
    ("glassdoor.com", "glassdoor"),
    ("ziprecruiter.com", "ziprecruiter"),
    ("seek.com.au", "seek"),
    ("usajobs.gov", "usajobs"),
];

/// Which facets a run reads: the others cost a tenth of a run (the level reads the whole text
/// for years of experience), so only the filters, `--by` and the matches report ask for them.
/// The date is always read: trends need it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Needs {
    pub place: bool,
    pub family: bool,
    pub seniority: bool,
    pub company: bool,
    pub site: bool,
}

impl Needs {
    /// Every facet.
    pub const ALL: Needs = Needs {
        place: true,
        family: true,
        seniority: true,
        company: true,
        site: true,
    };

    /// What the filters and the segments read.
    #[must_use]
    pub fn of(filters: &Filters, by: Option<By>) -> Needs {
        Needs {
            place: filters.location.is_some()
                || filters.remote
                || matches!(by, Some(By::Location | By::Country | By::Remote)),
            family: filters.role.is_some() || by == Some(By::Role),
            seniority: filters.level.is_some() || by == Some(By::Level),
            company: filters.company.is_some() || by == Some(By::Company),
            site: by == Some(By::Site),
        }
    }
}

impl Facets {
    /// Reads a posting's facets; relative dates ("3 days ago") count back from `reference`
    /// (days since 1970: the day its file was saved, or today).
    #[must_use]
    pub fn of(p: &Posting, reference: i64) -> Facets {
        Facets::read(p, reference, Needs::ALL)
    }

    /// Reads the facets a run needs; the others keep a neutral value (no place, `other`, `mid`).
    #[must_use]
    pub fn read(p: &Posting, reference: i64, needs: Needs) -> Facets {
        Facets {
            place: if needs.place {
                Place::parse(p.location.as_deref(), p.workplace)
            } else {
                Place::default()
            },
            posted: p
                .date_posted
                .as_deref()
                .and_then(|d| crate::date::parse_posted(d, reference)),
            family: if needs.family {
                role::family(p.title.as_deref())
            } else {
                RoleFamily::Other
            },
            seniority: if needs.seniority {
                role::seniority(p.title.as_deref(), &p.text)
            } else {
                Seniority::Mid
            },
            company: if needs.company {
                p.company
                    .as_deref()
                    .map(|c| c.split_whitespace().collect::<Vec<_>>().join(" "))
                    .filter(|c| !c.is_empty())
            } else {
                None
            },
            site: if needs.site {
                p.site.clone().or_else(|| {
                    p.url
                        .as_deref()
                        .or(Some(p.source.as_str()))
                        .and_then(site_of_url)
                })
            } else {
                None
            },
        }
    }

    /// The month posted, as `year * 12 + month - 1`.
    #[must_use]
    pub fn month(&self) -> Option<u32> {
        let date = crate::date::civil_date(u64::try_from(self.posted?).ok()?);
        let year: u32 = date.get(..4)?.parse().ok()?;
        let month: u32 = date.get(5..7)?.parse().ok()?;
        Some(year * 12 + month - 1)
    }

    /// The segment a posting falls in when postings are grouped `by` a facet: its label.
    #[must_use]
    pub fn segment(&self, by: By) -> String {
        const UNKNOWN: &str = "unknown";
        match by {
            By::Location => match (self.place.city.is_some(), self.place.workplace) {
                (false, Some(Workplace::Remote)) => match &self.place.country {
                    Some(c) => format!("remote ({c})"),
                    None => "remote".to_string(),
                },
                _ => self.place.label().unwrap_or_else(|| UNKNOWN.to_string()),
            },
            By::Country => self
                .place
                .country
                .clone()
                .unwrap_or_else(|| UNKNOWN.to_string()),
            By::Remote => self
                .place
                .workplace
                .map_or("unspecified", Workplace::as_str)
                .to_string(),
            By::Company => self.company.clone().unwrap_or_else(|| UNKNOWN.to_string()),
            By::Role => self.family.as_str().to_string(),
            By::Level => self.seniority.as_str().to_string(),
            By::Month => self
                .month()
                .map_or_else(|| "undated".to_string(), month_label),
            By::Site => self.site.clone().unwrap_or_else(|| UNKNOWN.to_string()),
        }
    }
}

/// "2026-06" for a month number.
#[must_use]
pub fn month_label(month: u32) -> String {
    format!("{:04}-{:02}", month / 12, month % 12 + 1)
}

/// The site of a URL's host: a board's name for the boards certfit knows, else the host's
/// name without `www.` and its top-level domain ("careers.acme.com" is "acme").
fn site_of_url(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let host = rest
        .split(['/', '?', '#'])
        .next()?
        .rsplit('@')
        .next()?
        .split(':')
        .next()?
        .to_ascii_lowercase();
    let under = |h: &str| host == h || host.strip_suffix(h).is_some_and(|rest| rest.ends_with('.'));
    if let Some((_, site)) = SITES.iter().find(|(h, _)| under(h)) {
        return Some((*site).to_string());
    }
    let labels: Vec<&str> = host.split('.').filter(|l| !l.is_empty()).collect();
    match labels.len() {
        0 => None,
        1 => Some(labels[0].to_string()),
        n => Some(labels[n - 2].to_string()),
    }
}

/// The facets segments are made by (`--by`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum By {
    Location,
    Country,
    Remote,
    Company,
    Role,
    Level,
    Month,
    Site,
}

impl By {
    pub const ALL: [By; 8] = [
        By::Location,
        By::Country,
        By::Remote,
        By::Company,
        By::Role,
        By::Level,
        By::Month,
        By::Site,
    ];

    /// The facet of a name `as_str` gives (how a partial records it).
    #[must_use]
    pub fn parse(name: &str) -> Option<By> {
        By::ALL.into_iter().find(|b| b.as_str() == name)
    }

    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            By::Location => "location",
            By::Country => "country",
            By::Remote => "remote",
            By::Company => "company",
            By::Role => "role",
            By::Level => "level",
            By::Month => "month",
            By::Site => "site",
        }
    }
}

/// Which postings are kept: the market around the person.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    /// `--location TEXT`: a city, region, country or "remote".
    pub location: Option<String>,
    /// `--remote`.
    pub remote: bool,
    /// `--title REGEX` (case-insensitive).
    pub title: Option<Regex>,
    /// `--company REGEX` (case-insensitive).
    pub company: Option<Regex>,
    pub role: Option<RoleFamily>,
    pub level: Option<Seniority>,
    /// `--since`: days since 1970; undated postings are kept.
    pub since: Option<i64>,
}

/// The filter a posting failed, first in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Filtered {
    Location,
    Remote,
    Title,
    Company,
    Role,
    Level,
    Since,
}

impl Filtered {
    pub const ALL: [Filtered; 7] = [
        Filtered::Location,
        Filtered::Remote,
        Filtered::Title,
        Filtered::Company,
        Filtered::Role,
        Filtered::Level,
        Filtered::Since,
    ];

    /// The flag that filtered.
    #[must_use]
    pub fn flag(self) -> &'static str {
        match self {
            Filtered::Location => "--location",
            Filtered::Remote => "--remote",
            Filtered::Title => "--title",
            Filtered::Company => "--company",
            Filtered::Role => "--role",
            Filtered::Level => "--level",
            Filtered::Since => "--since",
        }
    }
}

impl Filters {
    /// Whether any filter is set.
    #[must_use]
    pub fn any(&self) -> bool {
        self.location.is_some()
            || self.remote
            || self.title.is_some()
            || self.company.is_some()
            || self.role.is_some()
            || self.level.is_some()
            || self.since.is_some()
    }

    /// The first filter a posting fails, if any.
    #[must_use]
    pub fn check(&self, p: &Posting, f: &Facets) -> Option<Filtered> {
        if let Some(wanted) = &self.location {
            if !f.place.matches(wanted) {
                return Some(Filtered::Location);
            }
        }
        if self.remote && f.place.workplace != Some(Workplace::Remote) {
            return Some(Filtered::Remote);
        }
        if let Some(re) = &self.title {
            if !p.title.as_deref().is_some_and(|t| re.is_match(t)) {
                return Some(Filtered::Title);
            }
        }
        if let Some(re) = &self.company {
            if !f.company.as_deref().is_some_and(|c| re.is_match(c)) {
                return Some(Filtered::Company);
            }
        }
        if self.role.is_some_and(|r| r != f.family) {
            return Some(Filtered::Role);
        }
        if self.level.is_some_and(|l| l != f.seniority) {
            return Some(Filtered::Level);
        }
        if let (Some(since), Some(posted)) = (self.since, f.posted) {
            if posted < since {
                return Some(Filtered::Since);
            }
        }
        None
    }
}

/// `--since`: a date (YYYY-MM-DD) or an age (`30d`, `6w`, `3m`, `1y`) counted back from today.
pub fn parse_since(text: &str, today: i64) -> Result<i64, String> {
    let t = text.trim();
    if let Some(day) = crate::date::days_of(t) {
        return Ok(day);
    }
    let (number, unit) = t.split_at(t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len()));
    let n: i64 = number.parse().map_err(|_| {
        format!("`{t}` is neither a date (2026-06-01) nor an age (30d, 6w, 3m, 1y)")
    })?;
    let per = match unit {
        "d" | "" => 1,
        "w" => 7,
        "m" => 30,
        "y" => 365,
        _ => {
            return Err(format!(
                "`{t}`: the age's unit is d, w, m or y (30d, 6w, 3m, 1y)"
            ));
        }
    };
    Ok(today - n * per)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn posting(title: &str, location: &str, date: &str) -> Posting {
        let mut p = Posting::new("x".into(), "Build models.".into());
        p.title = Some(title.into());
        p.location = Some(location.into());
        p.date_posted = Some(date.into());
        p.company = Some("  Acme   Corp ".into());
        p.url = Some("https://boards.greenhouse.io/acme/jobs/1".into());
        p
    }

    #[test]
    fn issue_18_facets_of_a_posting() {
        let today = crate::date::days_of("2026-12-06").unwrap();
        let p = posting("Senior ML Engineer", "Remote - US", "2026-06-30");
        let f = Facets::of(&p, today);
        assert_eq!(f.segment(By::Location), "remote (US)");
        assert_eq!(f.segment(By::Country), "US");
        assert_eq!(f.segment(By::Remote), "remote");
        assert_eq!(f.segment(By::Company), "Acme Corp");
        assert_eq!(f.segment(By::Role), "ml-engineering");
        assert_eq!(f.segment(By::Level), "senior");
        assert_eq!(f.segment(By::Month), "2026-06");
        assert_eq!(f.segment(By::Site), "greenhouse");
        let mut undated = posting("Data Analyst", "Berlin, Germany", "");
        undated.date_posted = None;
        undated.url = Some("https://careers.example.com/jobs/7".into());
        let f = Facets::of(&undated, today);
        assert_eq!(f.segment(By::Month), "undated");
        assert_eq!(f.segment(By::Location), "Berlin, DE");
        assert_eq!(f.segment(By::Site), "example");
    }

    #[test]
    fn issue_18_filters_combine_and_keep_undated_postings() {
        let today = crate::date::days_of("2026-12-06").unwrap();
        let filters = Filters {
            location: Some("US".into()),
            title: Some(
                regex::RegexBuilder::new("ml|machine")
                    .case_insensitive(true)
                    .build()
                    .unwrap(),
            ),
            since: Some(parse_since("90d", today).unwrap()),
            ..Filters::default()
        };
        let check = |p: &Posting| filters.check(p, &Facets::of(p, today));
        assert_eq!(
            check(&posting("Senior ML Engineer", "Austin, TX", "2026-11-01")),
            None
        );
        assert_eq!(
            check(&posting("Senior ML Engineer", "London", "2026-11-01")),
            Some(Filtered::Location)
        );
        assert_eq!(
            check(&posting("Data Analyst", "Austin, TX", "2026-11-01")),
            Some(Filtered::Title)
        );
        assert_eq!(
            check(&posting(
                "Machine Learning Engineer",
                "Austin, TX",
                "2026-01-01"
            )),
            Some(Filtered::Since)
        );
        let mut undated = posting("ML Engineer", "Austin, TX", "");
        undated.date_posted = None;
        assert_eq!(check(&undated), None);
    }

    #[test]
    fn issue_18_since_takes_dates_and_ages() {
        let today = crate::date::days_of("2026-12-06").unwrap();
        assert_eq!(
            parse_since("2026-06-01", today),
            Ok(crate::date::days_of("2026-06-01").unwrap())
        );
        assert_eq!(parse_since("30d", today), Ok(today - 30));
        assert_eq!(parse_since("6w", today), Ok(today - 42));
        assert!(parse_since("last summer", today).is_err());
        assert!(parse_since("3q", today).is_err());
    }
}
