//! HTML pages: schema.org `JobPosting` JSON-LD first, then the page's main content with
//! navigation, banners, scripts and styles left out.

use std::borrow::Cow;
use std::sync::LazyLock;

use ego_tree::iter::Edge;
use scraper::{ElementRef, Html, Node, Selector};
use serde_json::Value;

use super::{ExtractError, Posting, text};

/// A page without JobPosting data needs at least this much text to be taken as a posting.
const MIN_TEXT: usize = 300;

static LD_JSON: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse(r#"script[type*="ld+json" i]"#).expect("selector"));
static MAIN: LazyLock<Vec<Selector>> = LazyLock::new(|| {
    ["main", "[role=main]", "article", "body"]
        .iter()
        .map(|s| Selector::parse(s).expect("selector"))
        .collect()
});
static OG_TITLE: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse(r#"meta[property="og:title"]"#).expect("selector"));
static OG_SITE: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse(r#"meta[property="og:site_name"]"#).expect("selector"));
static TITLE: LazyLock<Selector> = LazyLock::new(|| Selector::parse("title").expect("selector"));
static H1: LazyLock<Selector> = LazyLock::new(|| Selector::parse("h1").expect("selector"));
static MICRODATA: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse(r#"[itemtype*="JobPosting"]"#).expect("selector"));
static ITEMPROP_DESCRIPTION: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse(r#"[itemprop="description"]"#).expect("selector"));
static ITEMPROP_TITLE: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse(r#"[itemprop="title"]"#).expect("selector"));
static ITEMPROP_ORG_NAME: LazyLock<Selector> = LazyLock::new(|| {
    Selector::parse(r#"[itemprop="hiringOrganization"] [itemprop="name"], [itemprop="hiringOrganization"][itemprop="name"]"#).expect("selector")
});

/// Elements nested deeper than this make a page no posting: the HTML parser's time grows with the
/// square of the depth (100,000 nested `<div>`s took 37 s), and real pages stay under a hundred.
const MAX_DEPTH: usize = 4096;

/// Elements that pages close, so that counting opening and closing tags follows their depth
/// (`<p>`, `<li>` and `<td>` are often left open, and void elements have no end).
const CONTAINERS: &[&str] = &[
    "div",
    "section",
    "article",
    "span",
    "table",
    "ul",
    "ol",
    "main",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "a",
    "b",
    "i",
    "em",
    "strong",
    "font",
    "blockquote",
    "center",
    "small",
];

/// How deep the page's containers nest, read in one pass over its tags (scripts and styles
/// skipped), stopping once past `limit`.
fn nesting(raw: &str, limit: usize) -> usize {
    let bytes = raw.as_bytes();
    let (mut depth, mut most) = (0usize, 0usize);
    let mut at = 0;
    while let Some(i) = memchr::memchr(b'<', &bytes[at..]) {
        let tag = at + i + 1;
        at = tag;
        let closing = bytes.get(tag) == Some(&b'/');
        let name_at = tag + usize::from(closing);
        let name_len = bytes[name_at..]
            .iter()
            .take(12)
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        let name = raw[name_at..name_at + name_len].to_ascii_lowercase();
        if !closing && (name == "script" || name == "style") {
            // Their text is not markup: go to their end.
            let mut end = None;
            let mut from = at;
            while let Some(j) = memchr::memmem::find(&bytes[from..], b"</") {
                let after = from + j + 2;
                if bytes
                    .get(after..after + name.len())
                    .is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes()))
                {
                    end = Some(after);
                    break;
                }
                from = after;
            }
            match end {
                Some(j) => at = j,
                None => break,
            }
            continue;
        }
        if !CONTAINERS.contains(&name.as_str()) {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
        } else {
            depth += 1;
            most = most.max(depth);
            if most > limit {
                break;
            }
        }
    }
    most
}

pub(super) fn extract(source: &str, raw: &str) -> Result<Vec<Posting>, ExtractError> {
    let depth = nesting(raw, MAX_DEPTH);
    if depth > MAX_DEPTH {
        return Err(ExtractError::Invalid(format!(
            "not a job posting: elements nested more than {MAX_DEPTH} deep"
        )));
    }
    let doc = Html::parse_document(raw);
    let postings = json_ld_postings(&doc, source);
    if !postings.is_empty() {
        return Ok(postings);
    }
    let postings = microdata_postings(&doc, source);
    if !postings.is_empty() {
        return Ok(postings);
    }
    if let Some(posting) = super::layouts::posting(&doc, source) {
        return Ok(vec![posting]);
    }
    if let Some(n) = search_results(&doc) {
        return Err(ExtractError::NoPostings(format!(
            "a list of {n} job postings (search results), not one posting: analyze the postings' own URLs"
        )));
    }
    let mut longest = 0;
    let Some(root) = MAIN
        .iter()
        .filter_map(|sel| doc.select(sel).next())
        .map(|el| text::clean(&block_text(el, true)))
        .find(|t| {
            longest = longest.max(t.chars().count());
            t.len() >= MIN_TEXT
        })
    else {
        return Err(ExtractError::TooLittleText(longest));
    };
    let mut posting = Posting::new(source.to_string(), root);
    posting.title = meta_content(&doc, &OG_TITLE)
        .or_else(|| first_text(&doc, &H1))
        .or_else(|| first_text(&doc, &TITLE));
    posting.company = meta_content(&doc, &OG_SITE);
    Ok(vec![posting])
}

/// The postings a page marks up as `JobPosting` (JSON-LD, else microdata), and nothing else: how
/// the pages of a web crawl are read, where a page without one is not a posting at all.
pub(super) fn structured(source: &str, raw: &str) -> Vec<Posting> {
    if nesting(raw, MAX_DEPTH) > MAX_DEPTH {
        return Vec::new();
    }
    let doc = Html::parse_document(raw);
    let postings = json_ld_postings(&doc, source);
    if postings.is_empty() {
        microdata_postings(&doc, source)
    } else {
        postings
    }
}

fn meta_content(doc: &Html, sel: &Selector) -> Option<String> {
    doc.select(sel)
        .next()
        .and_then(|m| m.value().attr("content"))
        .map(text::clean)
        .filter(|c| !c.is_empty())
}

fn first_text(doc: &Html, sel: &Selector) -> Option<String> {
    doc.select(sel)
        .next()
        .map(|e| text::clean(&e.text().collect::<String>()))
        .filter(|c| !c.is_empty())
}

/// Postings marked up with schema.org microdata (`itemtype=".../JobPosting"`).
fn microdata_postings(doc: &Html, source: &str) -> Vec<Posting> {
    doc.select(&MICRODATA)
        .filter_map(|item| {
            let desc = item.select(&ITEMPROP_DESCRIPTION).next()?;
            let text = text::clean(&block_text(desc, false));
            if text.is_empty() {
                return None;
            }
            let mut p = Posting::new(source.to_string(), text);
            p.title = item
                .select(&ITEMPROP_TITLE)
                .next()
                .map(|t| text::clean(&t.text().collect::<String>()))
                .filter(|t| !t.is_empty());
            p.company = item
                .select(&ITEMPROP_ORG_NAME)
                .next()
                .map(|t| text::clean(&t.text().collect::<String>()))
                .filter(|t| !t.is_empty());
            Some(p)
        })
        .collect()
}

/// The number of postings a JSON-LD `ItemList` of job postings names: a search results page.
fn search_results(doc: &Html) -> Option<usize> {
    for script in doc.select(&LD_JSON) {
        let body: String = script.text().collect();
        let Ok(v) = serde_json::from_str::<Value>(&body.replace(['\n', '\r', '\t'], " ")) else {
            continue;
        };
        if v.get("@type").and_then(Value::as_str) == Some("ItemList") {
            let n = v
                .get("itemListElement")
                .and_then(Value::as_array)
                .map_or(0, Vec::len);
            if n > 1 {
                return Some(n);
            }
        }
    }
    None
}

/// Every `JobPosting` in the page's JSON-LD scripts, including `@graph` and arrays.
fn json_ld_postings(doc: &Html, source: &str) -> Vec<Posting> {
    let mut postings = Vec::new();
    for script in doc.select(&LD_JSON) {
        let body: String = script.text().collect();
        // Raw line breaks inside strings are invalid JSON but common; outside strings they are
        // white space anyway.
        let body = body
            .trim()
            .trim_start_matches("<!--")
            .trim_end_matches("-->")
            .replace(['\n', '\r', '\t'], " ");
        if let Ok(value) = serde_json::from_str::<Value>(&body) {
            let mut found = Vec::new();
            collect_job_postings(&value, &mut found, 0);
            postings.extend(
                found
                    .into_iter()
                    .filter_map(|v| posting_from_json_ld(v, source)),
            );
        }
    }
    postings
}

fn collect_job_postings<'a>(value: &'a Value, out: &mut Vec<&'a Value>, depth: usize) {
    if depth > 4 {
        return;
    }
    match value {
        Value::Array(items) => {
            for item in items {
                collect_job_postings(item, out, depth + 1);
            }
        }
        Value::Object(map) => {
            if is_job_posting(map.get("@type")) {
                out.push(value);
            } else if let Some(graph) = map.get("@graph") {
                collect_job_postings(graph, out, depth + 1);
            }
        }
        _ => {}
    }
}

fn is_job_posting(t: Option<&Value>) -> bool {
    let is = |s: &str| s.rsplit(['/', ':']).next() == Some("JobPosting");
    match t {
        Some(Value::String(s)) => is(s),
        Some(Value::Array(items)) => items.iter().any(|i| i.as_str().is_some_and(is)),
        _ => false,
    }
}

fn posting_from_json_ld(v: &Value, source: &str) -> Option<Posting> {
    let mut body = v.get("description").map(html_or_text).unwrap_or_default();
    // Some boards put parts of the posting in their own schema.org fields.
    for (field, heading) in [
        ("responsibilities", "Responsibilities"),
        ("qualifications", "Qualifications"),
        ("skills", "Skills"),
        ("experienceRequirements", "Experience requirements"),
    ] {
        let part = v.get(field).map(html_or_text).unwrap_or_default();
        if !part.is_empty() && !body.contains(part.trim()) {
            body.to_mut().push_str(&format!("\n\n{heading}:\n{part}"));
        }
    }
    let text = text::clean(&body);
    if text.is_empty() {
        return None;
    }
    let mut posting = Posting::new(source.to_string(), text);
    posting.title = string_field(v.get("title"));
    posting.company = v
        .get("hiringOrganization")
        .and_then(|o| string_field(o.get("name")).or_else(|| string_field(Some(o))));
    posting.location = location(v.get("jobLocation"));
    posting.date_posted = string_field(v.get("datePosted"));
    posting.employment_type = string_field(v.get("employmentType"));
    posting.workplace =
        string_field(v.get("jobLocationType")).and_then(|t| crate::posting::Workplace::parse(&t));
    posting.url = string_field(v.get("url"));
    Some(posting)
}

/// A string, or the strings of an array joined with ", ", entities decoded.
fn string_field(v: Option<&Value>) -> Option<String> {
    let s = match v? {
        Value::String(s) => s.clone(),
        Value::Array(items) => items
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join(", "),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    let s = text::clean(&s);
    (!s.is_empty()).then_some(s)
}

fn location(v: Option<&Value>) -> Option<String> {
    let v = v?;
    if let Value::Array(items) = v {
        let all: Vec<String> = items.iter().filter_map(|i| location(Some(i))).collect();
        return (!all.is_empty()).then(|| all.join("; "));
    }
    let address = v.get("address").unwrap_or(v);
    if let Value::String(s) = address {
        return Some(text::clean(s));
    }
    let parts: Vec<String> = ["addressLocality", "addressRegion", "addressCountry"]
        .iter()
        .filter_map(|k| {
            let f = address.get(*k)?;
            string_field(Some(f)).or_else(|| string_field(f.get("name")))
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// Text of a JSON-LD field that may hold HTML, entity-escaped HTML or plain text; plain text is
/// borrowed, not copied.
pub(super) fn html_or_text(v: &Value) -> Cow<'_, str> {
    let mut s: Cow<'_, str> = match v {
        Value::String(s) => Cow::Borrowed(s),
        Value::Array(items) => Cow::Owned(
            items
                .iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join("\n"),
        ),
        _ => return Cow::Borrowed(""),
    };
    // Entity-escaped HTML ("&lt;p&gt;"), sometimes escaped twice.
    for _ in 0..2 {
        let escaped = memchr::memchr_iter(b'&', s.as_bytes()).any(|at| {
            let rest = &s.as_bytes()[at..];
            rest.starts_with(b"&lt;") || rest.starts_with(b"&amp;lt;")
        });
        if escaped {
            s = Cow::Owned(html_escape::decode_html_entities(&s).into_owned());
        }
    }
    if memchr::memchr(b'<', s.as_bytes()).is_some() && memchr::memchr(b'>', s.as_bytes()).is_some()
    {
        let fragment = Html::parse_fragment(&s);
        Cow::Owned(block_text(fragment.root_element(), false))
    } else {
        s
    }
}

/// The text of an element with one line per block, `- ` before list items and `## ` before
/// headings. With `page` set, page furniture (navigation, header, footer, forms, cookie banners)
/// is left out too.
pub(super) fn block_text(root: ElementRef<'_>, page: bool) -> String {
    let mut out = String::new();
    let mut skip_depth = 0usize;
    for edge in root.traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(el) => {
                    if skip_depth > 0 || skipped(el, page) {
                        skip_depth += 1;
                        continue;
                    }
                    let name = el.name();
                    if is_block(name) {
                        newline(&mut out);
                    }
                    match name {
                        "li" => out.push_str("- "),
                        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => out.push_str("## "),
                        "br" => out.push('\n'),
                        "td" | "th" => out.push(' '),
                        _ => {}
                    }
                }
                Node::Text(t) if skip_depth == 0 => {
                    // Source formatting is not content: line breaks inside a text node are spaces.
                    out.push_str(&t.replace(['\n', '\r'], " "));
                }
                _ => {}
            },
            Edge::Close(node) => {
                if let Node::Element(el) = node.value() {
                    if skip_depth > 0 {
                        skip_depth -= 1;
                    } else if is_block(el.name()) {
                        newline(&mut out);
                    }
                }
            }
        }
    }
    out
}

/// Ends the current line once: blocks are one per line, without blank lines between them.
fn newline(out: &mut String) {
    if !out.ends_with('\n') {
        out.push('\n');
    }
}

fn skipped(el: &scraper::node::Element, page: bool) -> bool {
    let name = el.name();
    if matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "svg"
            | "head"
            | "iframe"
            | "object"
            | "canvas"
            | "select"
    ) {
        return true;
    }
    if el.attr("hidden").is_some() || el.attr("aria-hidden") == Some("true") {
        return true;
    }
    if !page {
        return false;
    }
    if matches!(
        name,
        "nav" | "header" | "footer" | "form" | "aside" | "button" | "dialog"
    ) {
        return true;
    }
    if matches!(
        el.attr("role"),
        Some(
            "navigation"
                | "banner"
                | "contentinfo"
                | "dialog"
                | "alertdialog"
                | "search"
                | "complementary"
        )
    ) {
        return true;
    }
    let marker = |attr: Option<&str>| {
        attr.is_some_and(|v| {
            let v = v.to_ascii_lowercase();
            [
                "cookie",
                "consent",
                "gdpr",
                "newsletter",
                "share-",
                "social",
                "breadcrumb",
                "skip-link",
            ]
            .iter()
            .any(|m| v.contains(m))
        })
    };
    marker(el.attr("id")) || marker(el.attr("class"))
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "dd"
            | "details"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hr"
            | "li"
            | "main"
            | "nav"
            | "ol"
            | "p"
            | "pre"
            | "section"
            | "summary"
            | "table"
            | "tr"
            | "ul"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(html: &str) -> Posting {
        let mut p = extract("page.html", html).unwrap();
        assert_eq!(p.len(), 1);
        p.remove(0)
    }

    #[test]
    fn issue_16_a_short_page_says_how_much_text_it_has() {
        let err = extract(
            "short",
            "<html><body><main><p>Short job: SageMaker.</p></main></body></html>",
        )
        .unwrap_err();
        assert_eq!(err, ExtractError::TooLittleText(21));
    }

    #[test]
    fn issue_16_deeply_nested_pages_are_refused_quickly() {
        let deep = format!(
            "<html><body>{}Amazon SageMaker{}</body></html>",
            "<div>".repeat(100_000),
            "</div>".repeat(100_000)
        );
        let err = extract("deep", &deep).unwrap_err();
        assert!(
            err.to_string().contains("nested more than 4096 deep"),
            "{err}"
        );
        // Scripts' text is not markup, and pages that close what they open are not deep.
        let page = format!(
            "<html><body><script>var s = '{}';</script>{}</body></html>",
            "<div>".repeat(10_000),
            "<div><p>Amazon SageMaker</div>".repeat(10_000)
        );
        assert_eq!(nesting(&page, MAX_DEPTH), 1);
    }

    #[test]
    fn json_ld_description_wins_over_page_text() {
        let html = r#"<html><head><script type="application/ld+json">
        {"@context":"https://schema.org","@graph":[{"@type":"Organization","name":"X"},
         {"@type":["JobPosting"],"title":"ML Engineer &amp; MLOps","datePosted":"2026-10-01",
          "hiringOrganization":{"@type":"Organization","name":"Acme"},
          "jobLocation":{"address":{"addressLocality":"Seattle","addressRegion":"WA"}},
          "employmentType":["FULL_TIME"],
          "description":"&lt;p&gt;Build on &lt;b&gt;Amazon SageMaker&lt;/b&gt; &amp;amp; AWS Glue&lt;/p&gt;&lt;ul&gt;&lt;li&gt;RAG&lt;/li&gt;&lt;/ul&gt;"}]}
        </script></head><body><nav>Azure</nav><p>cookie text</p></body></html>"#;
        let p = one(html);
        assert_eq!(p.text, "Build on Amazon SageMaker & AWS Glue\n- RAG");
        assert_eq!(p.title.as_deref(), Some("ML Engineer & MLOps"));
        assert_eq!(p.company.as_deref(), Some("Acme"));
        assert_eq!(p.location.as_deref(), Some("Seattle, WA"));
        assert_eq!(p.employment_type.as_deref(), Some("FULL_TIME"));
    }

    #[test]
    fn page_text_leaves_out_furniture() {
        let filler = "We build retrieval systems for hospitals and clinics. ".repeat(8);
        let html = format!(
            r#"<html><head><title>Job</title><style>.x{{}} SageMaker</style></head><body>
            <nav>Azure AWS Lambda</nav><div id="cookie-banner">Accept cookies</div>
            <main><h1>GenAI Engineer</h1><p>{filler}</p><h2>Requirements</h2><ul><li>Amazon Bedrock</li><li>RAG</li></ul>
            <script>var s = "SageMaker";</script></main><footer>AWS Lambda</footer></body></html>"#
        );
        let p = one(&html);
        assert!(p.text.starts_with("## GenAI Engineer\n"), "{}", p.text);
        assert!(
            p.text.contains("## Requirements\n- Amazon Bedrock\n- RAG"),
            "{}",
            p.text
        );
        for absent in ["Azure", "Lambda", "SageMaker", "cookies"] {
            assert!(!p.text.contains(absent), "{absent} in {}", p.text);
        }
        assert_eq!(p.title.as_deref(), Some("GenAI Engineer"));
    }

    #[test]
    fn a_page_with_little_text_is_not_a_posting() {
        let err = extract(
            "x.html",
            "<html><body><p>Please sign in to continue.</p></body></html>",
        )
        .unwrap_err();
        assert!(matches!(err, ExtractError::TooLittleText(_)));
    }

    #[test]
    fn microdata_and_search_results() {
        let html = r#"<div itemscope itemtype="https://schema.org/JobPosting"><h1 itemprop="title">Data Scientist</h1>
            <div itemprop="hiringOrganization" itemscope><span itemprop="name">Acme</span></div>
            <div itemprop="description"><p>Azure Machine Learning</p></div></div>"#;
        let p = one(html);
        assert_eq!(
            (p.text.as_str(), p.title.as_deref(), p.company.as_deref()),
            (
                "Azure Machine Learning",
                Some("Data Scientist"),
                Some("Acme")
            )
        );
        let list = r#"<script type="application/ld+json">{"@type":"ItemList","itemListElement":[{"url":"a"},{"url":"b"},{"url":"c"}]}</script>"#;
        assert!(
            matches!(extract("s.html", list), Err(ExtractError::NoPostings(m)) if m.contains("3 job postings"))
        );
    }

    #[test]
    fn several_job_postings_each_count() {
        let html = r#"<script type="application/ld+json">[{"@type":"JobPosting","title":"A","description":"Bedrock"},{"@type":"JobPosting","title":"B","description":"SageMaker"}]</script>"#;
        let p = extract("x.html", html).unwrap();
        assert_eq!(p.len(), 2);
        assert_eq!(p[1].text, "SageMaker");
    }
}
