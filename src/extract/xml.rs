//! XML feeds of postings: Personio's (`https://CO.jobs.personio.de/xml`), whose `<position>`s hold
//! a title, offices, and the description as named sections of HTML.

use quick_xml::events::Event;

use super::{ExtractError, Posting, html, text};

/// Reads an XML feed into its postings.
pub fn extract(source: &str, raw: &str) -> Result<Vec<Posting>, ExtractError> {
    let mut reader = quick_xml::Reader::from_str(raw.trim_start_matches('\u{feff}'));
    let mut path: Vec<String> = Vec::new();
    let mut value = String::new();
    let mut position: Option<Position> = None;
    let mut section: (String, String) = (String::new(), String::new());
    let mut postings = Vec::new();
    let mut positions = 0usize;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| ExtractError::Invalid(format!("invalid XML: {e}")))?;
        match event {
            Event::Start(e) => {
                let name = e.local_name().as_ref().to_string();
                if name == "position" {
                    position = Some(Position::default());
                }
                path.push(name);
                value.clear();
            }
            Event::Text(t) => value.push_str(&t.xml10_content()),
            Event::CData(c) => value.push_str(&c.xml10_content()),
            Event::GeneralRef(r) => push_reference(&r, &mut value),
            Event::End(_) => {
                let name = path.pop().unwrap_or_default();
                let parent = path.last().map_or("", String::as_str);
                if let Some(p) = position.as_mut() {
                    let v = value.trim().to_string();
                    match (parent, name.as_str()) {
                        ("position", "id") => p.id = v,
                        ("position", "name") => p.title = v,
                        ("position", "subcompany") => p.company = v,
                        ("position" | "additionalOffices", "office") if !v.is_empty() => {
                            p.offices.push(v);
                        }
                        ("position", "employmentType") => p.kind = v,
                        ("position", "createdAt") => p.created = v,
                        ("jobDescription", "name") => section.0 = v,
                        ("jobDescription", "value") => section.1 = v,
                        (_, "jobDescription") => {
                            p.sections.push(std::mem::take(&mut section));
                        }
                        (_, "position") => {
                            positions += 1;
                            if let Some(posting) = position.take().and_then(|p| p.posting(source)) {
                                postings.push(posting);
                            }
                        }
                        _ => {}
                    }
                }
                value.clear();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if postings.is_empty() {
        return Err(ExtractError::NoPostings(if positions > 0 {
            format!("no position in this XML feed has a description ({positions} without)")
        } else {
            "no posting in this XML (certfit reads Personio's feed)".into()
        }));
    }
    Ok(postings)
}

/// Appends what an XML reference (`&amp;`, `&#233;`) stands for; unknown entities stand for nothing.
pub(super) fn push_reference(r: &quick_xml::events::BytesRef<'_>, out: &mut String) {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        out.push(c);
    } else {
        out.push_str(match r.as_ref() {
            "amp" => "&",
            "lt" => "<",
            "gt" => ">",
            "quot" => "\"",
            "apos" => "'",
            _ => "",
        });
    }
}

/// One `<position>` of a Personio feed.
#[derive(Default)]
struct Position {
    id: String,
    title: String,
    company: String,
    offices: Vec<String>,
    kind: String,
    created: String,
    /// (heading, HTML) of each `<jobDescription>`.
    sections: Vec<(String, String)>,
}

impl Position {
    fn posting(self, source: &str) -> Option<Posting> {
        let mut body = String::new();
        for (heading, value) in &self.sections {
            let value = serde_json::Value::String(value.clone());
            let part = html::html_or_text(&value);
            if part.trim().is_empty() {
                continue;
            }
            if !heading.is_empty() {
                body.push_str(heading);
                body.push('\n');
            }
            body.push_str(part.trim());
            body.push_str("\n\n");
        }
        let clean = text::clean(&body);
        if clean.is_empty() {
            return None;
        }
        let some = |s: String| (!s.is_empty()).then_some(s);
        let mut p = Posting::new(source.to_string(), clean);
        p.title = some(self.title);
        p.company = some(self.company);
        p.location = some(self.offices.join("; "));
        p.employment_type = some(self.kind);
        p.date_posted = some(self.created.chars().take(10).collect());
        // The feed has no URLs: the posting's path, made whole by whoever fetched the feed.
        p.url = some(self.id).map(|id| format!("/job/{id}"));
        Some(p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FEED: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<workzag-jobs>
  <position>
    <id>1234</id>
    <subcompany>Acme GmbH</subcompany>
    <office>Berlin</office>
    <additionalOffices><office>Munich</office></additionalOffices>
    <name>Machine Learning Engineer (f/m/x)</name>
    <jobDescriptions>
      <jobDescription>
        <name>Your tasks</name>
        <value><![CDATA[<ul><li>Train models on <strong>Amazon SageMaker</strong></li></ul>]]></value>
      </jobDescription>
      <jobDescription>
        <name>Your profile</name>
        <value>&lt;p&gt;Experience with AWS Glue &amp;amp; Athena&lt;/p&gt;</value>
      </jobDescription>
    </jobDescriptions>
    <employmentType>permanent</employmentType>
    <createdAt>2026-08-11T14:15:17+00:00</createdAt>
  </position>
  <position><id>99</id><name>No text</name></position>
</workzag-jobs>"#;

    #[test]
    fn personio_feed_sections_become_the_posting() {
        let p = extract("feed", FEED).unwrap();
        assert_eq!(p.len(), 1);
        assert_eq!(
            p[0].title.as_deref(),
            Some("Machine Learning Engineer (f/m/x)")
        );
        assert_eq!(p[0].company.as_deref(), Some("Acme GmbH"));
        assert_eq!(p[0].location.as_deref(), Some("Berlin; Munich"));
        assert_eq!(p[0].date_posted.as_deref(), Some("2026-08-11"));
        assert_eq!(p[0].url.as_deref(), Some("/job/1234"));
        assert!(p[0].text.starts_with("Your tasks\n"), "{}", p[0].text);
        assert!(p[0].text.contains("Amazon SageMaker"), "{}", p[0].text);
        assert!(
            p[0].text
                .contains("Your profile\nExperience with AWS Glue & Athena"),
            "{}",
            p[0].text
        );
    }

    #[test]
    fn other_xml_says_what_is_read() {
        let err = extract("x", "<rss><channel><title>t</title></channel></rss>").unwrap_err();
        assert!(err.to_string().contains("Personio"), "{err}");
        assert!(extract("x", "<a><b></a>").is_err());
    }
}
