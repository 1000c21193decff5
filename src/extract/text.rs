//! Bytes to clean text: charset decoding, entity and Markdown-escape removal, space folding.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

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
        .filter(|e| *e != UTF_8)
        .unwrap_or(WINDOWS_1252);
    let (text, _, _) = encoding.decode(bytes);
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

/// Cleans posting text so that names match however the source wrote them: HTML entities decoded,
/// Markdown escapes and emphasis markers removed, Unicode spaces, dashes and quotes made plain,
/// runs of spaces folded, lines trimmed, and at most one blank line between blocks.
#[must_use]
pub fn clean(raw: &str) -> String {
    let decoded = if has_entity(raw) {
        html_escape::decode_html_entities(raw)
    } else {
        std::borrow::Cow::Borrowed(raw)
    };
    let mut out = String::with_capacity(decoded.len());
    let mut blank_lines = 0;
    for raw_line in lines(&decoded) {
        // The line goes straight after its break; an empty line takes the break back.
        let mark = out.len();
        if mark > 0 {
            out.push_str(if blank_lines > 0 { "\n\n" } else { "\n" });
        }
        let start = out.len();
        clean_line(raw_line, &mut out);
        if out.len() == start {
            out.truncate(mark);
            blank_lines += 1;
        } else {
            blank_lines = 0;
        }
    }
    out
}

/// Whether a text holds something shaped like an HTML entity (`&amp;`, `&#8217;`, `&#x2019;`):
/// most `&`s in postings are "R&D" and "AI & ML", not worth a decoding pass.
fn has_entity(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b'&', bytes).any(|at| {
        let rest = &bytes[at + 1..];
        let name = rest.strip_prefix(b"#").unwrap_or(rest);
        let len = name
            .iter()
            .take(32)
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        len > 0 && name.get(len) == Some(&b';')
    })
}

/// The lines of a text, as `str::lines` splits them (`\n` or `\r\n`), found with SIMD.
pub(crate) fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    memchr::memchr_iter(b'\n', text.as_bytes())
        .map(Some)
        .chain(std::iter::once(None))
        .filter_map(move |end| {
            let from = start;
            let to = end.unwrap_or(text.len());
            start = to + 1;
            // Like str::lines: no empty last line after a final line break.
            if end.is_none() && from >= text.len() {
                return None;
            }
            let line = &text[from..to];
            Some(line.strip_suffix('\r').unwrap_or(line))
        })
}

/// Two spaces in a row, searched for once per run of plain text.
static DOUBLE_SPACE: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"  "));

/// Whether clean text keeps a byte as it is: printable ASCII but for Markdown's escape and
/// emphasis characters. Written without branches, so that `plain_run_end` runs on vectors.
#[allow(clippy::needless_bitwise_bool)] // on purpose: `&&` would branch on every byte
const fn is_plain(b: u8) -> bool {
    (b >= b' ') & (b <= b'~') & (b != b'\\') & (b != b'*') & (b != b'_')
}

/// Where the run of plain bytes starting at `from` ends: 32 bytes at a time, then one by one.
fn plain_run_end(bytes: &[u8], from: usize) -> usize {
    let mut i = from;
    while let Some(chunk) = bytes.get(i..i + 32) {
        if !chunk.iter().fold(true, |plain, &b| plain & is_plain(b)) {
            break;
        }
        i += 32;
    }
    while bytes.get(i).is_some_and(|&b| is_plain(b)) {
        i += 1;
    }
    i
}

/// Cleans one line onto the end of `out`.
fn clean_line(line: &str, out: &mut String) {
    let start = out.len();
    let line = unescape_markdown(line);
    let line = line.as_ref();
    let bytes = line.as_bytes();
    let mut pending_space = false;
    let mut i = 0;
    while i < bytes.len() {
        // A run of plain text, most of a posting, is copied whole.
        if bytes[i] != b' ' && is_plain(bytes[i]) {
            let end = plain_run_end(bytes, i);
            let run = &line[i..end];
            let words = run.trim_end_matches(' ');
            if pending_space {
                out.push(' ');
            }
            if DOUBLE_SPACE.find(words.as_bytes()).is_some() {
                for (n, word) in words.split(' ').filter(|w| !w.is_empty()).enumerate() {
                    if n > 0 {
                        out.push(' ');
                    }
                    out.push_str(word);
                }
            } else {
                out.push_str(words);
            }
            pending_space = words.len() < run.len();
            i = end;
            continue;
        }
        let mut chars = line[i..].chars();
        let Some(raw) = chars.next() else { break };
        i += raw.len_utf8();
        let c = match raw {
            '\u{00a0}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}' => ' ',
            '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{00ad}' => continue,
            '\u{2010}'..='\u{2015}'
            | '\u{2212}'
            | '\u{2022}'
            | '\u{25cf}'
            | '\u{25aa}'
            | '\u{2023}'
            | '\u{2043}'
            | '\u{00b7}' => '-',
            '\u{2018}' | '\u{2019}' | '\u{201b}' | '\u{2032}' => '\'',
            '\u{201c}' | '\u{201d}' | '\u{201f}' | '\u{2033}' => '"',
            // Tabs and other control characters separate words.
            c if c.is_control() => ' ',
            c => c,
        };
        // Emphasis markers (`**bold**`, `__bold__`) only get in the way of evidence snippets.
        if (c == '*' || c == '_') && chars.next() == Some(c) {
            i += 1;
            continue;
        }
        if c == ' ' {
            pending_space = out.len() > start;
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(c);
    }
}

/// Markdown escapes: `\-`, `\*`, `\_`, `\#`... stand for the character itself.
fn unescape_markdown(line: &str) -> std::borrow::Cow<'_, str> {
    if memchr::memchr(b'\\', line.as_bytes()).is_none() {
        return std::borrow::Cow::Borrowed(line);
    }
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek().is_some_and(char::is_ascii_punctuation) {
            out.push(chars.next().unwrap_or_default());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_are_decoded_and_ampersands_kept() {
        assert_eq!(clean("R&amp;D &#8211; AI &amp; ML"), "R&D - AI & ML");
        assert_eq!(clean("R&D and AI & ML; more"), "R&D and AI & ML; more");
        assert!(!has_entity("R&D, AI & ML; Q&A"));
        assert!(has_entity("Tom &amp; Jerry"));
    }

    #[test]
    fn lines_split_as_str_lines_does() {
        for text in [
            "",
            "\n",
            "a",
            "a\n",
            "a\nb",
            "a\r\nb\r\n",
            "\n\na\n\n",
            "é\n\nß",
        ] {
            assert_eq!(
                lines(text).collect::<Vec<_>>(),
                text.lines().collect::<Vec<_>>(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn cleans_escapes_entities_and_spaces() {
        let cases = [
            (
                r"Azure AI\-Search \*\*required\*\*",
                "Azure AI-Search required",
            ),
            (
                "SageMaker &amp; Bedrock&nbsp;Guardrails",
                "SageMaker & Bedrock Guardrails",
            ),
            ("**Requirements**", "Requirements"),
            (
                "  Step\u{2011}Functions\t\tand  Glue  ",
                "Step-Functions and Glue",
            ),
            ("it\u{2019}s \u{201c}RAG\u{201d}", "it's \"RAG\""),
            ("snake_case stays", "snake_case stays"),
            ("a\n\n\n\nb\n c", "a\n\nb\nc"),
        ];
        for (raw, want) in cases {
            assert_eq!(clean(raw), want, "cleaning {raw:?}");
        }
    }

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
