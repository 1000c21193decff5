//! Where a job is: city, region, country (ISO 3166-1 alpha-2) and whether it is remote, hybrid or
//! on-site, read from the location text sources give ("Seattle, WA", "Remote - US", "Houston, TX,
//! United States", "London; Berlin") and the flags some have (schema.org `TELECOMMUTE`, JobSpy's
//! `is_remote`, Lever's and Ashby's workplace types).

use std::collections::HashMap;
use std::sync::LazyLock;

/// Remote, hybrid or on-site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Workplace {
    Remote,
    Hybrid,
    Onsite,
}

impl Workplace {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Workplace::Remote => "remote",
            Workplace::Hybrid => "hybrid",
            Workplace::Onsite => "on-site",
        }
    }

    /// A source's own word for it: `TELECOMMUTE`, `remote`, `hybrid`, `onsite`, `on-site`,
    /// `in office`; JobSpy's `is_remote` is read by the caller.
    #[must_use]
    pub fn parse(word: &str) -> Option<Workplace> {
        let w = word.trim().to_ascii_lowercase().replace(['_', '-'], " ");
        match w.as_str() {
            "telecommute" | "remote" | "fully remote" | "remote first" | "work from home"
            | "wfh" | "anywhere" => Some(Workplace::Remote),
            "hybrid" | "flexible" => Some(Workplace::Hybrid),
            "onsite" | "on site" | "in office" | "office" | "in person" | "on premise" => {
                Some(Workplace::Onsite)
            }
            _ => None,
        }
    }
}

/// A job's place, as far as its source says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Place {
    pub city: Option<String>,
    pub region: Option<String>,
    /// ISO 3166-1 alpha-2, upper case.
    pub country: Option<String>,
    pub workplace: Option<Workplace>,
}

/// Country names (ISO short and official names, common names, alpha-3, usage) to alpha-2.
static COUNTRIES: LazyLock<HashMap<String, &'static str>> = LazyLock::new(|| {
    let mut map = HashMap::new();
    for line in include_str!("data/countries.tsv").lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let mut cols = line.split('\t');
        let Some(code) = cols.next() else { continue };
        map.insert(code.to_ascii_lowercase(), code);
        for name in cols {
            map.insert(fold(name), code);
        }
    }
    map
});

/// Regions (states, provinces, territories) by code and by name: (country, region name).
/// (country, region name) by a region's code or name.
type RegionMap = HashMap<String, (&'static str, &'static str)>;

static REGIONS: LazyLock<(RegionMap, RegionMap)> = LazyLock::new(|| {
    let (mut codes, mut names) = (HashMap::new(), HashMap::new());
    for line in include_str!("data/regions.tsv").lines() {
        let cols: Vec<&str> = line.split('\t').collect();
        let [code, country, name] = cols[..] else {
            continue;
        };
        if line.starts_with('#') {
            continue;
        }
        names.entry(fold(name)).or_insert((country, name));
        // Indian state codes collide with US ones ("TN", "KA" is none, but "TN" is Tennessee):
        // India's states are known by name only. A code two countries share (WA) is the US's.
        if country != "IN" {
            codes
                .entry(code.to_ascii_lowercase())
                .or_insert((country, name));
        }
    }
    (codes, names)
});

/// Cities postings often name alone ("London", "Bengaluru"), with their country.
const CITIES: &[(&str, &str)] = &[
    ("london", "GB"),
    ("manchester", "GB"),
    ("edinburgh", "GB"),
    ("cambridge, uk", "GB"),
    ("dublin", "IE"),
    ("berlin", "DE"),
    ("munich", "DE"),
    ("münchen", "DE"),
    ("hamburg", "DE"),
    ("frankfurt", "DE"),
    ("cologne", "DE"),
    ("paris", "FR"),
    ("lyon", "FR"),
    ("amsterdam", "NL"),
    ("rotterdam", "NL"),
    ("brussels", "BE"),
    ("zurich", "CH"),
    ("zürich", "CH"),
    ("geneva", "CH"),
    ("vienna", "AT"),
    ("madrid", "ES"),
    ("barcelona", "ES"),
    ("lisbon", "PT"),
    ("milan", "IT"),
    ("rome", "IT"),
    ("stockholm", "SE"),
    ("copenhagen", "DK"),
    ("oslo", "NO"),
    ("helsinki", "FI"),
    ("warsaw", "PL"),
    ("krakow", "PL"),
    ("kraków", "PL"),
    ("prague", "CZ"),
    ("budapest", "HU"),
    ("bucharest", "RO"),
    ("sofia", "BG"),
    ("athens", "GR"),
    ("istanbul", "TR"),
    ("tel aviv", "IL"),
    ("dubai", "AE"),
    ("abu dhabi", "AE"),
    ("riyadh", "SA"),
    ("bangalore", "IN"),
    ("bengaluru", "IN"),
    ("hyderabad", "IN"),
    ("pune", "IN"),
    ("mumbai", "IN"),
    ("chennai", "IN"),
    ("gurgaon", "IN"),
    ("gurugram", "IN"),
    ("noida", "IN"),
    ("new delhi", "IN"),
    ("delhi", "IN"),
    ("singapore", "SG"),
    ("tokyo", "JP"),
    ("seoul", "KR"),
    ("beijing", "CN"),
    ("shanghai", "CN"),
    ("shenzhen", "CN"),
    ("hong kong", "HK"),
    ("taipei", "TW"),
    ("sydney", "AU"),
    ("melbourne", "AU"),
    ("brisbane", "AU"),
    ("auckland", "NZ"),
    ("toronto", "CA"),
    ("vancouver", "CA"),
    ("montreal", "CA"),
    ("montréal", "CA"),
    ("ottawa", "CA"),
    ("calgary", "CA"),
    ("mexico city", "MX"),
    ("são paulo", "BR"),
    ("sao paulo", "BR"),
    ("buenos aires", "AR"),
    ("bogotá", "CO"),
    ("bogota", "CO"),
    ("santiago", "CL"),
    ("lagos", "NG"),
    ("nairobi", "KE"),
    ("cape town", "ZA"),
    ("johannesburg", "ZA"),
    ("cairo", "EG"),
    ("new york", "US"),
    ("new york city", "US"),
    ("nyc", "US"),
    ("san francisco", "US"),
    ("seattle", "US"),
    ("boston", "US"),
    ("chicago", "US"),
    ("austin", "US"),
    ("los angeles", "US"),
    ("washington, dc", "US"),
    ("atlanta", "US"),
    ("denver", "US"),
    ("bay area", "US"),
    ("sf bay area", "US"),
    ("silicon valley", "US"),
];

static CITY_COUNTRY: LazyLock<HashMap<&'static str, &'static str>> =
    LazyLock::new(|| CITIES.iter().copied().collect());

/// Lower case, dots and surrounding space dropped: how names are compared.
fn fold(name: &str) -> String {
    name.trim()
        .trim_end_matches('.')
        .to_lowercase()
        .replace('.', "")
}

/// The alpha-2 code of a country's name or code, if it is one.
#[must_use]
pub fn country_code(name: &str) -> Option<&'static str> {
    COUNTRIES.get(&fold(name)).copied()
}

/// Words that say where the work happens, found anywhere in a location text.
fn workplace_in(text: &str) -> Option<Workplace> {
    let lower = text.to_lowercase();
    let has = |w: &str| {
        lower.match_indices(w).any(|(at, _)| {
            let before = lower[..at].chars().next_back();
            let after = lower[at + w.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
    };
    if has("hybrid") {
        Some(Workplace::Hybrid)
    } else if has("remote") || has("work from home") || has("anywhere") || has("telecommute") {
        Some(Workplace::Remote)
    } else if has("on-site") || has("onsite") || has("on site") || has("in office") {
        Some(Workplace::Onsite)
    } else {
        None
    }
}

/// A place with its workplace words taken out: "Remote - US" is "US", "Hartford, CT (hybrid)" is
/// "Hartford, CT", "Remote (Canada)" is "Canada", "Remote" is "".
fn strip_workplace(piece: &str) -> String {
    const WORDS: &[&str] = &[
        "fully remote",
        "remote first",
        "work from home",
        "remote",
        "hybrid",
        "on-site",
        "onsite",
        "on site",
        "in office",
        "anywhere",
        "telecommute",
    ];
    let mut out = piece.to_string();
    for word in WORDS {
        loop {
            let lower = out.to_lowercase();
            let Some(at) = lower.match_indices(word).map(|(at, _)| at).find(|&at| {
                let before = lower[..at].chars().next_back();
                let after = lower[at + word.len()..].chars().next();
                !before.is_some_and(char::is_alphanumeric)
                    && !after.is_some_and(char::is_alphanumeric)
            }) else {
                break;
            };
            // Lower-casing keeps byte lengths for the ASCII words searched for.
            out.replace_range(at..at + word.len(), "");
        }
    }
    let out = out.replace("()", "").replace("[]", "");
    let trimmed = out.trim_matches(|c: char| c.is_whitespace() || "-–—:,.()[]".contains(c));
    // "Canada)" after "Remote (": a bracket left open or closed alone goes.
    let balanced = if trimmed.contains('(') == trimmed.contains(')') {
        trimmed.to_string()
    } else {
        trimmed.replace(['(', ')'], "")
    };
    balanced.trim().to_string()
}

impl Place {
    /// The place a location text and a source's flag describe. Of several places ("London;
    /// Berlin", "New York, NY or Remote"), the first is the posting's; a remote flag anywhere
    /// makes it remote (hybrid before remote: "Remote or hybrid" is hybrid at best).
    #[must_use]
    pub fn parse(location: Option<&str>, flag: Option<Workplace>) -> Place {
        let Some(text) = location.map(str::trim).filter(|t| !t.is_empty()) else {
            return Place {
                workplace: flag,
                ..Place::default()
            };
        };
        let workplace = flag.or_else(|| workplace_in(text));
        let first = text
            .split([';', '|', '/', '\n'])
            .flat_map(|p| p.split(" or "))
            .map(strip_workplace)
            .find(|p| !p.is_empty());
        let mut place = first.as_deref().map_or_else(Place::default, parse_parts);
        place.workplace = workplace;
        place
    }

    /// How the place reads in a segment table: "Seattle, WA, US", "remote (US)", "DE".
    #[must_use]
    pub fn label(&self) -> Option<String> {
        let parts: Vec<&str> = [&self.city, &self.region, &self.country]
            .into_iter()
            .filter_map(|p| p.as_deref())
            .collect();
        (!parts.is_empty()).then(|| parts.join(", "))
    }

    /// Whether the place matches a `--location` text: its city, region (code or name), country
    /// (code or name), or "remote" / "hybrid" / "on-site".
    #[must_use]
    pub fn matches(&self, wanted: &str) -> bool {
        let w = fold(wanted);
        if w.is_empty() {
            return true;
        }
        if let Some(wp) = Workplace::parse(&w) {
            return self.workplace == Some(wp);
        }
        let eq = |v: &Option<String>| v.as_deref().is_some_and(|v| fold(v) == w);
        if eq(&self.city) || eq(&self.region) {
            return true;
        }
        if let (Some(country), Some(code)) = (&self.country, country_code(&w)) {
            if country.eq_ignore_ascii_case(code) {
                return true;
            }
        }
        // A region named by name when the place holds its code, or the other way round.
        let (codes, names) = &*REGIONS;
        if let Some(region) = &self.region {
            let theirs = codes
                .get(&fold(region))
                .or_else(|| names.get(&fold(region)));
            let mine = codes.get(&w).or_else(|| names.get(&w));
            if let (Some(a), Some(b)) = (theirs, mine) {
                return a == b;
            }
        }
        false
    }
}

/// "Seattle, WA", "Houston, TX, United States", "Toronto, ON, Canada", "Berlin, Germany",
/// "London", "Germany", "Bengaluru, Karnataka, India".
fn parse_parts(text: &str) -> Place {
    let parts: Vec<&str> = text
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let (codes, names) = &*REGIONS;
    let mut place = Place::default();
    let mut rest = &parts[..];
    // The country last, when it is one: a name, an alpha-3, or an alpha-2 after a region.
    if let Some((last, before)) = rest.split_last() {
        let code = country_code(last).filter(|_| {
            // "San Jose, CA": CA is California, not Canada; "Toronto, ON, CA" is Canada.
            last.chars().count() > 2 || before.len() >= 2 || !codes.contains_key(&fold(last))
        });
        if let Some(code) = code {
            place.country = Some(code.to_string());
            rest = before;
        }
    }
    // Then a region: a state or province by code or name.
    if let Some((last, before)) = rest.split_last() {
        let found = codes.get(&fold(last)).or_else(|| names.get(&fold(last)));
        match found {
            Some((country, name)) if place.country.as_deref().is_none_or(|c| c == *country) => {
                place.region = Some(if last.chars().count() <= 3 {
                    last.to_ascii_uppercase()
                } else {
                    (*name).to_string()
                });
                place.country.get_or_insert_with(|| (*country).to_string());
                rest = before;
            }
            _ if !before.is_empty() => {
                // A region not in the table ("Bavaria", "Île-de-France"): kept as written.
                place.region = Some((*last).to_string());
                rest = before;
            }
            _ => {}
        }
    }
    if let Some(city) = rest.first() {
        place.city = Some((*city).to_string());
        if place.country.is_none() {
            place.country = CITY_COUNTRY
                .get(fold(city).as_str())
                .map(|c| (*c).to_string());
        }
    }
    place
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(
        text: &str,
    ) -> (
        Option<String>,
        Option<String>,
        Option<String>,
        Option<&'static str>,
    ) {
        let place = Place::parse(Some(text), None);
        (
            place.city,
            place.region,
            place.country,
            place.workplace.map(Workplace::as_str),
        )
    }

    #[allow(clippy::unnecessary_wraps)] // reads as the expected value
    fn s(v: &str) -> Option<String> {
        Some(v.to_string())
    }

    #[test]
    fn issue_18_locations_read_as_city_region_country_and_workplace() {
        assert_eq!(p("Seattle, WA"), (s("Seattle"), s("WA"), s("US"), None));
        assert_eq!(p("San Jose, CA"), (s("San Jose"), s("CA"), s("US"), None));
        assert_eq!(p("Toronto, ON, CA"), (s("Toronto"), s("ON"), s("CA"), None));
        assert_eq!(
            p("Houston, TX, United States"),
            (s("Houston"), s("TX"), s("US"), None)
        );
        assert_eq!(p("Berlin, Germany"), (s("Berlin"), None, s("DE"), None));
        assert_eq!(p("London"), (s("London"), None, s("GB"), None));
        assert_eq!(p("Germany"), (None, None, s("DE"), None));
        assert_eq!(
            p("Bengaluru, Karnataka, India"),
            (s("Bengaluru"), s("Karnataka"), s("IN"), None)
        );
        assert_eq!(p("Remote - US"), (None, None, s("US"), Some("remote")));
        assert_eq!(p("Remote (Canada)"), (None, None, s("CA"), Some("remote")));
        assert_eq!(p("Remote"), (None, None, None, Some("remote")));
        assert_eq!(
            p("New York, NY or Remote"),
            (s("New York"), s("NY"), s("US"), Some("remote"))
        );
        assert_eq!(
            p("Hartford, CT (hybrid)"),
            (s("Hartford"), s("CT"), s("US"), Some("hybrid"))
        );
        assert_eq!(p("London; Berlin"), (s("London"), None, s("GB"), None));
        assert_eq!(p("Sofia, Bulgaria"), (s("Sofia"), None, s("BG"), None));
        assert_eq!(p("Austin, Texas"), (s("Austin"), s("Texas"), s("US"), None));
    }

    #[test]
    fn issue_18_flags_win_over_words() {
        let place = Place::parse(Some("Paris, France"), Some(Workplace::Remote));
        assert_eq!(place.workplace, Some(Workplace::Remote));
        assert_eq!(place.country.as_deref(), Some("FR"));
        assert_eq!(Workplace::parse("TELECOMMUTE"), Some(Workplace::Remote));
        assert_eq!(Workplace::parse("on-site"), Some(Workplace::Onsite));
    }

    #[test]
    fn issue_18_location_filters_match_city_region_country_or_workplace() {
        let place = Place::parse(Some("Seattle, WA, United States"), None);
        for yes in ["seattle", "WA", "Washington", "US", "USA", "united states"] {
            assert!(place.matches(yes), "{yes}");
        }
        for no in ["remote", "Germany", "OR", "Portland"] {
            assert!(!place.matches(no), "{no}");
        }
        assert!(Place::parse(Some("Remote - US"), None).matches("remote"));
    }
}
