//! Calendar dates as YYYY-MM-DD: today (for exam lifecycles) and the dates boards give as Unix
//! times. No time-zone database: everything is UTC.

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
fn civil_date(days: u64) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(20_415), "2025-11-23");
        assert_eq!(civil_date(19_782), "2024-02-29");
    }
}
