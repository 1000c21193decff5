//! Decoded text to clean text: entity and Markdown-escape removal, space folding. (Bytes become
//! text in `crate::input::decode`.)

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

/// The title of a plain-text posting (text, Markdown, PDF, DOCX, pasted): its first line when it
/// reads as one: a Markdown heading, "Job title: ...", or a short line that is neither a sentence
/// nor a section heading ("About us"). Evidence then names the posting, not `stdin#3`.
#[must_use]
pub fn first_line_title(clean: &str) -> Option<String> {
    const LABELS: &[&str] = &["job title", "title", "position", "role", "job"];
    let line = lines(clean).map(str::trim).find(|l| !l.is_empty())?;
    let marked = line.starts_with('#');
    let mut title = line.trim_start_matches('#').trim();
    if let Some((label, rest)) = title.split_once(':') {
        if LABELS.iter().any(|l| label.trim().eq_ignore_ascii_case(l)) && !rest.trim().is_empty() {
            title = rest.trim();
        }
    }
    let words = title.split_whitespace().count();
    let sentence = title.ends_with(['.', ':', ';', '!', '?', ',']);
    let plausible = (1..=16).contains(&words)
        && title.chars().count() <= 120
        && (marked || !sentence)
        && !title.contains("://")
        && !crate::posting::is_section_heading(line);
    plausible.then(|| title.to_string())
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
    fn issue_17_titles_come_from_first_lines_that_read_as_titles() {
        let title = |raw: &str| first_line_title(&clean(raw));
        assert_eq!(
            title("\n\nData Scientist, Claims Analytics\nTidewell | Hartford\n").as_deref(),
            Some("Data Scientist, Claims Analytics")
        );
        assert_eq!(
            title("# Data Scientist (Azure)\n\n**Solvista**").as_deref(),
            Some("Data Scientist (Azure)")
        );
        assert_eq!(
            title("**Senior Software Engineer, Generative AI (AWS)**\n\nCaselight").as_deref(),
            Some("Senior Software Engineer, Generative AI (AWS)")
        );
        assert_eq!(
            title("Job Title: ML Engineer\nWe build...").as_deref(),
            Some("ML Engineer")
        );
        assert_eq!(
            title("senior data analyst, population health\n").as_deref(),
            Some("senior data analyst, population health")
        );
        // Not titles: a sentence, a section heading, a lead-in, a link, a paragraph.
        assert_eq!(title("We are hiring engineers who love data.\nMore"), None);
        assert_eq!(title("About us\nWe are a bank."), None);
        assert_eq!(title("Requirements:\n- Python"), None);
        assert_eq!(title("https://example.com/jobs/1\n"), None);
        assert_eq!(title(&"word ".repeat(40)), None);
    }

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
}
