//! Documents recruiters send: PDF and DOCX, turned into plain text.

use super::ExtractError;

/// The text of a PDF. The PDF library can panic on odd files; that becomes an error, not a crash.
#[cfg(feature = "pdf")]
pub fn pdf_text(bytes: &[u8]) -> Result<String, ExtractError> {
    let result = std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem(bytes));
    match result {
        Ok(Ok(text)) if !text.trim().is_empty() => Ok(text),
        Ok(Ok(_)) => Err(ExtractError::Invalid(
            "the PDF holds no text (a scanned image?); copy its text into a .txt file".into(),
        )),
        Ok(Err(e)) => Err(ExtractError::Invalid(format!("unreadable PDF: {e}"))),
        Err(_) => Err(ExtractError::Invalid(
            "unreadable PDF: the PDF reader failed on this file".into(),
        )),
    }
}

#[cfg(not(feature = "pdf"))]
pub fn pdf_text(_bytes: &[u8]) -> Result<String, ExtractError> {
    Err(ExtractError::Invalid(
        "this certfit was built without PDF support (feature `pdf`)".into(),
    ))
}

/// The text of a DOCX: `word/document.xml`, one line per paragraph, tabs and breaks kept.
#[cfg(feature = "docx")]
pub fn docx_text(bytes: &[u8]) -> Result<String, ExtractError> {
    use quick_xml::events::Event;
    use std::io::Read;

    let invalid = |what: String| ExtractError::Invalid(format!("unreadable DOCX: {what}"));
    let mut archive =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| invalid(e.to_string()))?;
    let mut xml = String::new();
    archive
        .by_name("word/document.xml")
        .map_err(|e| invalid(e.to_string()))?
        // A posting is small; a huge document.xml is a zip bomb or not a posting.
        .take(64 * 1024 * 1024)
        .read_to_string(&mut xml)
        .map_err(|e| invalid(e.to_string()))?;
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut out = String::new();
    let mut in_text = false;
    loop {
        match reader.read_event().map_err(|e| invalid(e.to_string()))? {
            Event::Start(e) if e.local_name().as_ref() == "t" => in_text = true,
            Event::End(e) => match e.local_name().as_ref() {
                "t" => in_text = false,
                "p" => out.push('\n'),
                _ => {}
            },
            Event::Empty(e) => match e.local_name().as_ref() {
                "tab" => out.push('\t'),
                "br" | "cr" => out.push('\n'),
                _ => {}
            },
            Event::Text(t) if in_text => out.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_text => {
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
            Event::Eof => break,
            _ => {}
        }
    }
    if out.trim().is_empty() {
        return Err(ExtractError::Empty);
    }
    Ok(out)
}

#[cfg(not(feature = "docx"))]
pub fn docx_text(_bytes: &[u8]) -> Result<String, ExtractError> {
    Err(ExtractError::Invalid(
        "this certfit was built without DOCX support (feature `docx`)".into(),
    ))
}

#[cfg(all(test, feature = "docx"))]
mod tests {
    use super::*;
    use std::io::Write;

    fn docx(document_xml: &str) -> Vec<u8> {
        let mut buf = std::io::Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut buf);
        zip.start_file(
            "word/document.xml",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        zip.write_all(document_xml.as_bytes()).unwrap();
        zip.finish().unwrap();
        buf.into_inner()
    }

    #[test]
    fn docx_paragraphs_tabs_and_entities() {
        let xml = r#"<w:document xmlns:w="x"><w:body><w:p><w:r><w:t>Requirements</w:t></w:r></w:p>
            <w:p><w:r><w:t>Amazon SageMaker &amp; AWS Glue</w:t><w:tab/><w:t xml:space="preserve"> Bedrock</w:t></w:r></w:p></w:body></w:document>"#;
        assert_eq!(
            docx_text(&docx(xml)).unwrap(),
            "Requirements\nAmazon SageMaker & AWS Glue\t Bedrock\n"
        );
        assert!(docx_text(b"not a zip").is_err());
    }
}
