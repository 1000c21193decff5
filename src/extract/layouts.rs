//! Job pages that carry no JobPosting data but keep the posting in elements a board always uses:
//! LinkedIn's public job page (its "similar jobs" sidebar, most of the page's text, left out),
//! SEEK's `data-automation` fields, and iCIMS' job frame.

use std::sync::LazyLock;

use scraper::{Html, Selector};

use super::html::block_text;
use super::{Posting, text};

/// Where one board's page keeps the parts of its posting (CSS selectors, best first).
struct Layout {
    description: &'static [&'static str],
    title: &'static [&'static str],
    company: &'static [&'static str],
    location: &'static [&'static str],
}

const LAYOUTS: &[Layout] = &[
    // LinkedIn's public (guest) job page, as JobSpy reads it.
    Layout {
        description: &["div.show-more-less-html__markup", "div.description__text"],
        title: &[".top-card-layout__title", "h1.topcard__title"],
        company: &["a.topcard__org-name-link", ".topcard__flavor a"],
        location: &["span.topcard__flavor--bullet"],
    },
    // SEEK (and JobStreet, its Asian site).
    Layout {
        description: &[r#"[data-automation="jobAdDetails"]"#],
        title: &[r#"[data-automation="job-detail-title"]"#],
        company: &[r#"[data-automation="advertiser-name"]"#],
        location: &[r#"[data-automation="job-detail-location"]"#],
    },
    // iCIMS' job frame (`?in_iframe=1`), when it has no JSON-LD.
    Layout {
        description: &[
            ".iCIMS_JobContent",
            ".iCIMS_InfoMsg_Job",
            ".iCIMS_Expandable_Text",
        ],
        title: &[".iCIMS_Header h1", ".iCIMS_Header", "h1"],
        company: &[r#"meta[property="og:site_name"]"#],
        location: &[],
    },
];

struct Compiled {
    description: Vec<Selector>,
    title: Vec<Selector>,
    company: Vec<Selector>,
    location: Vec<Selector>,
}

static COMPILED: LazyLock<Vec<Compiled>> = LazyLock::new(|| {
    let all = |list: &[&str]| {
        list.iter()
            .map(|s| Selector::parse(s).expect("a built-in selector is valid"))
            .collect()
    };
    LAYOUTS
        .iter()
        .map(|l| Compiled {
            description: all(l.description),
            title: all(l.title),
            company: all(l.company),
            location: all(l.location),
        })
        .collect()
});

/// The posting of a page laid out as a known board's, if it is one.
pub(super) fn posting(doc: &Html, source: &str) -> Option<Posting> {
    COMPILED.iter().find_map(|layout| {
        let description = layout
            .description
            .iter()
            .filter_map(|sel| doc.select(sel).next())
            .map(|el| text::clean(&block_text(el, false)))
            .find(|t| !t.is_empty())?;
        let first = |sels: &[Selector]| {
            sels.iter().find_map(|sel| {
                let el = doc.select(sel).next()?;
                let text = match el.value().attr("content") {
                    Some(content) => text::clean(content),
                    None => text::clean(&el.text().collect::<String>()),
                };
                (!text.is_empty()).then_some(text)
            })
        };
        let mut p = Posting::new(source.to_string(), description);
        p.title = first(&layout.title);
        p.company = first(&layout.company);
        p.location = first(&layout.location);
        Some(p)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linkedin_guest_page_without_its_sidebar() {
        let page = r#"<html><body>
            <h1 class="top-card-layout__title topcard__title">Machine Learning Engineer</h1>
            <a class="topcard__org-name-link" href="x">Acme Corp</a>
            <span class="topcard__flavor topcard__flavor--bullet">Austin, TX</span>
            <div class="show-more-less-html__markup"><p>Train models on Amazon SageMaker.</p></div>
            <section class="similar-jobs"><p>Azure OpenAI Engineer at Other Co</p></section>
            </body></html>"#;
        let p = posting(&Html::parse_document(page), "li").unwrap();
        assert_eq!(p.text, "Train models on Amazon SageMaker.");
        assert_eq!(p.title.as_deref(), Some("Machine Learning Engineer"));
        assert_eq!(p.company.as_deref(), Some("Acme Corp"));
        assert_eq!(p.location.as_deref(), Some("Austin, TX"));
    }

    #[test]
    fn seek_page_fields() {
        let page = r#"<h1 data-automation="job-detail-title"><a>Data Engineer</a></h1>
            <span data-automation="advertiser-name">Beta Pty</span>
            <span data-automation="job-detail-location">Sydney NSW</span>
            <div data-automation="jobAdDetails"><ul><li>AWS Glue and Amazon Redshift</li></ul></div>"#;
        let p = posting(&Html::parse_document(page), "seek").unwrap();
        assert_eq!(p.text, "- AWS Glue and Amazon Redshift");
        assert_eq!(p.company.as_deref(), Some("Beta Pty"));
        assert_eq!(p.title.as_deref(), Some("Data Engineer"));
    }

    #[test]
    fn other_pages_are_no_layout() {
        assert!(posting(&Html::parse_document("<main><p>Hello</p></main>"), "x").is_none());
    }
}
