//! Bytes to text: a byte-order mark first, then UTF-8, then (for HTML) a `<meta charset>` or the
//! charset a server declared, then Windows-1252, the usual encoding of older saved pages and
//! exports. Binary content is refused. Shared by everything that reads bytes: stdin and CSV rows
//! here, documents in `extract`.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecodeError {
    Empty,
    Binary,
}

/// Decodes bytes to text: a BOM first, then UTF-8, then (for HTML) a `<meta charset>`, then
/// Windows-1252, the usual encoding of older saved pages and exports. Invalid bytes never abort.
/// UTF-8, nearly every input, is borrowed rather than copied.
pub fn decode(bytes: &[u8], html: bool) -> Result<Cow<'_, str>, DecodeError> {
    decode_with_hint(bytes, html, None)
}

/// `decode`, with the charset a server declared taking precedence over `<meta>` and the fallback.
pub fn decode_with_hint<'a>(
    bytes: &'a [u8],
    html: bool,
    charset: Option<&str>,
) -> Result<Cow<'a, str>, DecodeError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(DecodeError::Empty);
    }
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        return Ok(text);
    }
    if looks_binary(bytes) {
        return Err(DecodeError::Binary);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(Cow::Borrowed(text));
    }
    let declared = charset.and_then(|c| Encoding::for_label(c.trim().as_bytes()));
    let encoding = declared
        .or_else(|| html.then(|| meta_charset(bytes)).flatten())
        // A page that declares UTF-16 in ASCII is not UTF-16 (the HTML standard reads it as
        // UTF-8), and these bytes are not UTF-8.
        .filter(|e| *e != UTF_8 && *e != UTF_16LE && *e != UTF_16BE)
        .unwrap_or(WINDOWS_1252);
    let (text, _, had_errors) = encoding.decode(bytes);
    // A declared charset that lies shows as bytes it cannot decode: read them as Windows-1252,
    // which decodes any byte, rather than count a page of garbage as a posting.
    if had_errors && encoding != WINDOWS_1252 {
        return Ok(WINDOWS_1252.decode(bytes).0);
    }
    Ok(text)
}

/// NUL bytes in the first 8 KiB, or many control characters, mean this is not text.
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if memchr::memchr(0, head).is_some() {
        return true;
    }
    // Control characters other than tab, line feed, form feed and carriage return, counted
    // without a branch per byte (so the loop is vectorized) in runs short enough for a u8.
    let control: usize = head
        .chunks(255)
        .map(|run| {
            run.iter()
                .map(|&b| {
                    (u8::from(b < 0x20)
                        & u8::from(b != b'\t')
                        & u8::from(b != b'\n')
                        & u8::from(b != 0x0c)
                        & u8::from(b != b'\r'))
                        | u8::from(b == 0x7f)
                })
                .fold(0u8, u8::wrapping_add)
        })
        .map(usize::from)
        .sum();
    control * 10 > head.len()
}

/// The encoding named by `<meta charset=...>` or `content="...charset=..."` in the first 1 KiB.
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
    let at = head.find("charset=")? + "charset=".len();
    let label: String = head[at..]
        .trim_start_matches(['"', '\''])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
        .collect();
    Encoding::for_label(label.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_boms_and_legacy_charsets() {
        assert_eq!(decode(b"\xef\xbb\xbfhello", false).unwrap(), "hello");
        assert_eq!(decode(b"\xff\xfeh\x00i\x00", false).unwrap(), "hi");
        assert_eq!(
            decode(b"caf\xe9 na\xefve", false).unwrap(),
            "caf\u{e9} na\u{ef}ve"
        );
        let page = b"<html><head><meta charset=\"iso-8859-15\"></head><body>\xa4</body></html>";
        assert!(decode(page, true).unwrap().contains('\u{20ac}'));
        assert_eq!(decode(b"", false), Err(DecodeError::Empty));
        assert_eq!(decode(b"\x00\x00binary", false), Err(DecodeError::Binary));
    }

    #[test]
    fn issue_16_a_lying_charset_falls_back() {
        // Declared Shift_JIS, written in Windows-1252: "café" with an é that Shift_JIS cannot
        // decode on its own at the end.
        let page = b"<html><head><meta charset=\"shift_jis\"></head><body>Amazon SageMaker caf\xe9</body></html>";
        let text = decode(page, true).unwrap();
        assert!(text.contains("Amazon SageMaker caf\u{e9}"), "{text}");
        let page = b"<meta charset=\"utf-16\"><p>Azure OpenAI na\xefve</p>";
        let text = decode(page, true).unwrap();
        assert!(text.contains("Azure OpenAI na\u{ef}ve"), "{text}");
    }

    #[test]
    fn many_control_characters_mean_binary() {
        // One in ten bytes a control character other than layout: not text, wherever they sit.
        let mut bytes = b"posting text ".repeat(700);
        for i in (0..bytes.len()).step_by(9) {
            bytes[i] = if i % 2 == 0 { 0x01 } else { 0x7f };
        }
        assert_eq!(decode(&bytes, false), Err(DecodeError::Binary));
        // Tabs, line and form feeds and carriage returns are layout, however many.
        let layout = b"a\t\n\x0c\r".repeat(3000);
        assert!(decode(&layout, false).is_ok());
        // A few stray control characters in a long text are tolerated.
        let mut text = b"posting text ".repeat(700);
        text[100] = 0x1b;
        assert!(decode(&text, false).is_ok());
    }
}
