//! CSV exports of job scrapers (JobSpy in both of its dialects) and any CSV with a description-like
//! column: one posting per row.

use super::{ExtractError, Posting, html, text};
use crate::input::csv::{headers, reader, sniff_backslash};

/// Header names of the description column, best first.
const TEXT_COLUMNS: &[&str] = &[
    "description",
    "job_description",
    "jobdescription",
    "description_text",
    "descriptionplain",
    "description_html",
    "descriptionhtml",
    "content",
    "body",
    "text",
    "details",
    "summary",
];

/// What one row of a CSV file holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Row {
    /// A posting with its description.
    Posting(Posting),
    /// A row that names a posting (a title or a URL) without its description, as JobSpy writes
    /// LinkedIn rows unless told to fetch descriptions: its fields, no text.
    NoDescription(Posting),
    /// A row with nothing to read.
    Blank,
}

/// Which columns hold what, found from the header (and a sample of rows for the description).
#[derive(Debug, Clone)]
pub struct Columns {
    text: usize,
    title: Option<usize>,
    company: Option<usize>,
    location: Option<usize>,
    url: Option<usize>,
    date: Option<usize>,
    kind: Option<usize>,
    remote: Option<usize>,
    site: Option<usize>,
}

impl Columns {
    /// Finds the columns; `text_column` names the description column instead of guessing it.
    pub fn detect(
        headers: &[String],
        sample: &[csv::StringRecord],
        text_column: Option<&str>,
    ) -> Result<Columns, ExtractError> {
        let find = |names: &[&str]| {
            names
                .iter()
                .find_map(|n| headers.iter().position(|h| h.eq_ignore_ascii_case(n)))
        };
        let text = match text_column {
            Some(name) => headers
                .iter()
                .position(|h| h.eq_ignore_ascii_case(name))
                .ok_or_else(|| {
                    ExtractError::Invalid(format!(
                        "no column `{name}` (columns: {})",
                        headers.join(", ")
                    ))
                })?,
            None => find(TEXT_COLUMNS)
                .or_else(|| longest_column(sample, headers.len()))
                .ok_or_else(|| {
                    ExtractError::NoPostings(
                        "no description-like column in this CSV (use --text-column)".into(),
                    )
                })?,
        };
        Ok(Columns {
            text,
            title: find(&["title", "job_title", "position", "role", "name"]),
            company: find(&["company", "company_name", "employer", "organization"]),
            location: find(&["location", "job_location", "city"]),
            url: find(&[
                "job_url",
                "url",
                "link",
                "job_url_direct",
                "apply_url",
                "hostedurl",
            ]),
            date: find(&[
                "date_posted",
                "posted",
                "date",
                "published_at",
                "created_at",
            ]),
            kind: find(&["job_type", "employment_type", "type"]),
            remote: find(&[
                "is_remote",
                "remote",
                "work_from_home_type",
                "workplace_type",
            ]),
            site: find(&["site", "source", "board"]),
        })
    }

    /// What one row holds.
    #[must_use]
    pub fn row(&self, source: &str, row: &csv::StringRecord) -> Row {
        let cell = |col: Option<usize>| {
            col.and_then(|c| row.get(c))
                .map(text::clean)
                .filter(|v| !v.is_empty() && v != "nan" && v != "None")
        };
        let desc = row.get(self.text).unwrap_or_default();
        let body = if desc.contains('<') && desc.contains("</") {
            html::html_or_text(&serde_json::Value::String(desc.to_string())).into_owned()
        } else {
            desc.to_string()
        };
        let clean = text::clean(&body);
        let described = !clean.is_empty() && clean != "nan";
        let mut p = Posting::new(
            source.to_string(),
            if described { clean } else { String::new() },
        );
        p.title = cell(self.title);
        p.company = cell(self.company);
        p.location = cell(self.location);
        p.url = cell(self.url);
        p.date_posted = cell(self.date);
        p.employment_type = cell(self.kind);
        p.workplace = cell(self.remote).and_then(|v| match v.to_ascii_lowercase().as_str() {
            "true" | "yes" | "1" => Some(crate::posting::Workplace::Remote),
            "false" | "no" | "0" => None,
            other => crate::posting::Workplace::parse(other),
        });
        p.site = cell(self.site).map(|s| s.to_ascii_lowercase());
        if described {
            Row::Posting(p)
        } else if p.title.is_some() || p.url.is_some() {
            Row::NoDescription(p)
        } else {
            Row::Blank
        }
    }

    /// The posting of one row, if it has a description.
    #[must_use]
    pub fn posting(&self, source: &str, row: &csv::StringRecord) -> Option<Posting> {
        match self.row(source, row) {
            Row::Posting(p) => Some(p),
            Row::NoDescription(_) | Row::Blank => None,
        }
    }
}

/// Reads a whole CSV text; `text_column` names the description column instead of guessing it.
pub fn extract(
    source: &str,
    raw: &str,
    text_column: Option<&str>,
) -> Result<Vec<Posting>, ExtractError> {
    let raw = raw.trim_start_matches('\u{feff}');
    let mut reader = reader(raw.as_bytes(), sniff_backslash(raw));
    let headers = headers(&mut reader).map_err(ExtractError::Invalid)?;
    let rows: Vec<csv::StringRecord> = reader.records().filter_map(Result::ok).collect();
    let columns = Columns::detect(&headers, &rows[..rows.len().min(50)], text_column)?;
    let postings: Vec<Posting> = rows
        .iter()
        .filter_map(|r| columns.posting(source, r))
        .collect();
    if postings.is_empty() {
        return Err(ExtractError::NoPostings("no row has a description".into()));
    }
    Ok(postings)
}

/// The column with the longest text on average: the description, when no header says so.
fn longest_column(rows: &[csv::StringRecord], width: usize) -> Option<usize> {
    let sample = &rows[..rows.len().min(50)];
    (0..width)
        .map(|c| {
            (
                c,
                sample
                    .iter()
                    .map(|r| r.get(c).map_or(0, str::len))
                    .sum::<usize>(),
            )
        })
        .filter(|(_, total)| *total / sample.len().max(1) >= 200)
        .max_by_key(|(_, total)| *total)
        .map(|(c, _)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pandas_dialect_with_embedded_newlines_and_quotes() {
        let raw = "site,job_url,title,company,location,description\n\
                   indeed,https://x/1,ML Engineer,Acme,\"Austin, TX\",\"**Requirements**\n\n\\- Amazon SageMaker \"\"Pipelines\"\"\n\\- AWS Glue\"\n\
                   linkedin,https://x/2,Analyst,Beta,Remote,nan\n";
        let p = extract("jobs.csv", raw, None).unwrap();
        assert_eq!(p.len(), 1);
        assert_eq!(
            p[0].text,
            "Requirements\n\n- Amazon SageMaker \"Pipelines\"\n- AWS Glue"
        );
        assert_eq!(p[0].location.as_deref(), Some("Austin, TX"));
        assert_eq!(p[0].url.as_deref(), Some("https://x/1"));
    }

    #[test]
    fn all_quoted_dialect_with_backslash_escapes() {
        let raw = "\"id\",\"title\",\"company\",\"description\"\n\"1\",\"Data Scientist\",\"Acme\",\"Uses \\\"Azure OpenAI\\\" daily\nand Azure ML\"\n";
        let p = extract("jobs.csv", raw, None).unwrap();
        assert_eq!(p[0].text, "Uses \"Azure OpenAI\" daily\nand Azure ML");
        assert_eq!(p[0].title.as_deref(), Some("Data Scientist"));
    }

    #[test]
    fn guesses_or_takes_the_text_column() {
        let long = "Amazon Bedrock ".repeat(20);
        let raw = format!("name,notes\nA,{long}\n");
        let p = extract("x.csv", &raw, None).unwrap();
        assert!(p[0].text.starts_with("Amazon Bedrock"));
        assert_eq!(p[0].title.as_deref(), Some("A"));
        let raw = "title,blurb\nA,Azure OpenAI\n";
        assert!(extract("x.csv", raw, None).is_err());
        assert_eq!(
            extract("x.csv", raw, Some("blurb")).unwrap()[0].text,
            "Azure OpenAI"
        );
    }
}
