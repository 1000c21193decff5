//! Documents recruiters send: PDF and DOCX, turned into plain text.

use super::ExtractError;

/// The most a PDF's compressed streams may inflate to, all together: a posting's PDF holds a few
/// hundred kilobytes of text and fonts.
#[cfg(feature = "pdf")]
const MAX_INFLATED: u64 = 64 * 1024 * 1024;

/// How much a PDF's compressed streams inflate to, counted without keeping any of it, and stopping
/// once past `limit`.
#[cfg(feature = "pdf")]
fn inflated_size(bytes: &[u8], limit: u64) -> u64 {
    use std::io::Read;
    let mut total = 0u64;
    let mut at = 0;
    while let Some(i) = memchr::memmem::find(&bytes[at..], b"stream") {
        let start = at + i + b"stream".len();
        at = start;
        // "endstream" is an end, not a start; a stream's data begins after its line break.
        if bytes[..start - b"stream".len()].ends_with(b"end") {
            continue;
        }
        let Some([b'\r', b'\n', data @ ..] | [b'\n', data @ ..]) = bytes.get(start..) else {
            continue;
        };
        let end = memchr::memmem::find(data, b"endstream").unwrap_or(data.len());
        let mut inflater =
            flate2::read::ZlibDecoder::new(&data[..end]).take(limit + 1 - total.min(limit));
        let n = std::io::copy(&mut inflater, &mut std::io::sink()).unwrap_or(0);
        total += n;
        if total > limit {
            break;
        }
    }
    total
}

// While a thread reads a PDF: the binary's panic hook stays quiet about the PDF reader's panics,
// which are caught and reported as the file's skip reason.
#[cfg(feature = "pdf")]
thread_local! {
    static READING_PDF: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether this thread is reading a PDF (for the binary's panic hook).
#[must_use]
pub fn reading_pdf() -> bool {
    #[cfg(feature = "pdf")]
    return READING_PDF.with(std::cell::Cell::get);
    #[cfg(not(feature = "pdf"))]
    false
}

/// The text of a PDF. The PDF library can panic on odd files; that becomes an error, not a crash.
#[cfg(feature = "pdf")]
pub fn pdf_text(bytes: &[u8]) -> Result<String, ExtractError> {
    if inflated_size(bytes, MAX_INFLATED) > MAX_INFLATED {
        return Err(ExtractError::Invalid(format!(
            "not a posting: the PDF inflates to more than {} MB",
            MAX_INFLATED / 1024 / 1024
        )));
    }
    READING_PDF.with(|r| r.set(true));
    let result = std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem(bytes));
    READING_PDF.with(|r| r.set(false));
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
            Event::GeneralRef(r) if in_text => super::xml::push_reference(&r, &mut out),
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

#[cfg(all(test, feature = "pdf"))]
mod pdf_tests {
    use super::*;

    #[test]
    fn issue_16_a_pdf_that_inflates_too_much_is_refused_before_reading() {
        use std::io::Write;
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        z.write_all(&vec![0u8; 3 * 1024 * 1024]).unwrap();
        let bomb = z.finish().unwrap();
        let mut pdf = b"%PDF-1.4\n1 0 obj << /Filter /FlateDecode >>\nstream\n".to_vec();
        pdf.extend_from_slice(&bomb);
        pdf.extend_from_slice(b"\nendstream\nendobj\n");
        assert!(inflated_size(&pdf, 1024 * 1024) > 1024 * 1024);
        assert_eq!(inflated_size(&pdf, 64 * 1024 * 1024), 3 * 1024 * 1024);
        assert_eq!(inflated_size(b"no streams here", 10), 0);
    }
}
