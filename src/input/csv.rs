//! How a CSV file is opened: its dialect (JobSpy writes two) and its header row. Which column holds
//! what is `extract::csv`'s to decide.

/// The header row, trimmed.
pub fn headers<R: std::io::Read>(reader: &mut csv::Reader<R>) -> Result<Vec<String>, String> {
    Ok(reader
        .headers()
        .map_err(|e| format!("invalid CSV: {e}"))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect())
}

/// JobSpy writes either pandas' default (minimal quoting, doubled quotes) or every field quoted
/// with backslash escapes. The second shows as a fully quoted header and `\"` in the data; `head`
/// is the start of the file.
#[must_use]
pub fn sniff_backslash(head: &str) -> bool {
    let header = head
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .unwrap_or_default()
        .trim();
    let all_quoted = header.starts_with('"')
        && header.ends_with('"')
        && (header.contains("\",\"") || !header.contains(','));
    all_quoted && head.contains("\\\"") && !head.contains("\"\"")
}

/// A CSV reader for either dialect.
pub fn reader<R: std::io::Read>(input: R, backslash: bool) -> csv::Reader<R> {
    let mut b = csv::ReaderBuilder::new();
    b.flexible(true);
    if backslash {
        b.escape(Some(b'\\')).double_quote(false);
    }
    b.from_reader(input)
}
