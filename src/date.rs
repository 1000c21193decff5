//! Calendar dates as YYYY-MM-DD: today (for exam lifecycles), the dates boards give as Unix
//! times, and the posting dates sources write in every form ("2026-06-30", "Jun 30, 2026",
//! "1751241600000", "3 days ago"). No time-zone database: everything is UTC.

/// Today's date (UTC) as YYYY-MM-DD; `CERTFIT_TODAY` overrides it for reproducible reports.
#[must_use]
pub fn today() -> String {
    if let Ok(day) = std::env::var("CERTFIT_TODAY") {
        if !day.trim().is_empty() {
            return day.trim().to_string();
        }
    }
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    civil_date(secs / 86_400)
}

/// The UTC date of a Unix time in milliseconds, as boards such as Lever give it.
#[must_use]
pub fn civil_date_of_millis(ms: i64) -> String {
    civil_date((ms.max(0) / 86_400_000) as u64)
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's algorithm).
#[must_use]
pub fn civil_date(days: u64) -> String {
    let z = i64::try_from(days).unwrap_or(i64::MAX / 2) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Days since 1970-01-01 of a proleptic Gregorian date, if it is one.
#[must_use]
pub fn days_from_civil(y: i64, m: u32, d: u32) -> Option<i64> {
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let len = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    if d == 0 || d > len || !(1900..=2200).contains(&y) {
        return None;
    }
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// Days since 1970-01-01 of a YYYY-MM-DD date.
#[must_use]
pub fn days_of(iso: &str) -> Option<i64> {
    let mut parts = iso.get(..10)?.split('-');
    let y = parts.next()?.parse().ok()?;
    let m = parts.next()?.parse().ok()?;
    let d = parts.next()?.parse().ok()?;
    days_from_civil(y, m, d)
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

fn month_number(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    let at = MONTHS.iter().position(|m| w.starts_with(m))?;
    // "March" and "Mar" but not "Marketing".
    let full = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ][at];
    (full.starts_with(w.as_str()) || w == "sept").then_some(at as u32 + 1)
}

/// The day a posting was posted, from what its source wrote: ISO dates and times, Unix times in
/// seconds or milliseconds, "June 30, 2026", "30 Jun 2026", "Tue, 30 Jun 2026 12:00:00 GMT",
/// "06/30/2026", and relative ages ("3 days ago", "30+ days ago", "yesterday", "just posted")
/// counted back from `reference` (days since 1970: the day the source was saved, or today).
#[must_use]
pub fn parse_posted(text: &str, reference: i64) -> Option<i64> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    if let Some(day) = days_of(t) {
        return Some(day);
    }
    if let Some(day) = t.get(..10).and_then(|d| days_of(&d.replace('/', "-"))) {
        return Some(day);
    }
    if t.chars().all(|c| c.is_ascii_digit()) {
        let n: i64 = t.parse().ok()?;
        let days = match t.len() {
            12 | 13 => n / 86_400_000,
            9 | 10 => n / 86_400,
            _ => return None,
        };
        return (days > 0).then_some(days);
    }
    if let Some(day) = relative(t, reference) {
        return Some(day);
    }
    // Words: "June 30, 2026", "30 June 2026", "Tue, 30 Jun 2026 12:00:00 GMT".
    let words: Vec<&str> = t
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let month = words.iter().find_map(|w| month_number(w));
    let numbers: Vec<i64> = words
        .iter()
        .filter_map(|w| {
            w.trim_end_matches(['s', 't', 'h', 'n', 'd', 'r'])
                .parse()
                .ok()
        })
        .collect();
    if let Some(m) = month {
        let year = numbers
            .iter()
            .copied()
            .find(|n| (1900..=2200).contains(n))?;
        let day = numbers.iter().copied().find(|n| (1..=31).contains(n))?;
        return days_from_civil(year, m, day as u32);
    }
    // "06/30/2026" (month first, as US sources write) or "30/06/2026" when the first cannot be a
    // month.
    let nums: Vec<i64> = t
        .split(['/', '.', '-'])
        .filter_map(|p| p.trim().parse().ok())
        .collect();
    if let [a, b, y] = nums[..] {
        let (m, d) = if a > 12 { (b, a) } else { (a, b) };
        return days_from_civil(y, u32::try_from(m).ok()?, u32::try_from(d).ok()?);
    }
    None
}

/// "3 days ago", "30+ days ago", "2 weeks ago", "1 month ago", "an hour ago", "today",
/// "yesterday", "just posted", "Posted 5 days ago".
fn relative(text: &str, reference: i64) -> Option<i64> {
    let t = text.to_ascii_lowercase();
    let t = t
        .trim_start_matches("posted")
        .trim_start_matches("active")
        .trim();
    if ["today", "just posted", "just now", "new"].contains(&t)
        || t.ends_with("hours ago")
        || t.ends_with("hour ago")
        || t.ends_with("minutes ago")
    {
        return Some(reference);
    }
    if t == "yesterday" {
        return Some(reference - 1);
    }
    let rest = t.strip_suffix("ago")?.trim();
    let (count, unit) = rest.split_once(' ')?;
    let count: i64 = match count.trim_end_matches('+') {
        "a" | "an" | "one" => 1,
        n => n.parse().ok()?,
    };
    let per = match unit.trim().trim_end_matches('s') {
        "day" | "d" => 1,
        "week" | "w" => 7,
        "month" | "mo" => 30,
        "year" | "y" => 365,
        _ => return None,
    };
    Some(reference - count * per)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue_18_posting_dates_in_every_form() {
        let today = days_of("2026-12-06").unwrap();
        let day = |t: &str| parse_posted(t, today).map(|d| civil_date(d as u64));
        let s = |d: &str| Some(d.to_string());
        assert_eq!(day("2026-06-30"), s("2026-06-30"));
        assert_eq!(day("2026-06-30T09:15:00.000Z"), s("2026-06-30"));
        assert_eq!(day("2026-07-13 13:42:26 UTC"), s("2026-07-13"));
        assert_eq!(day("1751241600000"), s("2025-06-30"));
        assert_eq!(day("1751241600"), s("2025-06-30"));
        assert_eq!(day("June 30, 2026"), s("2026-06-30"));
        assert_eq!(day("30 Jun 2026"), s("2026-06-30"));
        assert_eq!(day("Tue, 30 Jun 2026 12:00:00 GMT"), s("2026-06-30"));
        assert_eq!(day("06/30/2026"), s("2026-06-30"));
        assert_eq!(day("30/06/2026"), s("2026-06-30"));
        assert_eq!(day("3 days ago"), s("2026-12-03"));
        assert_eq!(day("30+ days ago"), s("2026-11-06"));
        assert_eq!(day("Posted 2 weeks ago"), s("2026-11-22"));
        assert_eq!(day("yesterday"), s("2026-12-05"));
        assert_eq!(day("Just posted"), s("2026-12-06"));
        for junk in ["", "soon", "2026-13-01", "Marketing 2026", "12345"] {
            assert_eq!(day(junk), None, "{junk}");
        }
    }

    #[test]
    fn civil_dates() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(20_415), "2025-11-23");
        assert_eq!(civil_date(19_782), "2024-02-29");
    }
}
