//! The report as one self-contained HTML page (`--html`): no external scripts, styles or fonts;
//! charts are inline SVG. Every text taken from a posting or a file name is escaped.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::Report;

/// Escapes text for HTML element content and quoted attribute values.
#[must_use]
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font:15px/1.5 system-ui,-apple-system,'Segoe UI',sans-serif;max-width:980px;margin:2em auto;padding:0 1em;color:#1d2430}\
h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #dde3ea;padding-bottom:.2em}\
h3{font-size:1em;margin:1.4em 0 .4em}\
.muted{color:#5b6675}.rec{background:#eef7f0;border-left:4px solid #2e8b57;padding:.8em 1em;margin:1em 0}\
.close{background:#fff6e5;border-left:4px solid #d9921b;padding:.6em 1em;margin:.4em 0}.note{background:#f3f5f8;padding:.5em 1em;margin:.4em 0}\
table{border-collapse:collapse;width:100%;margin:.6em 0}th,td{text-align:left;padding:.3em .5em;border-bottom:1px solid #e6eaef;vertical-align:top}\
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}.tag{font-size:.8em;padding:0 .4em;border-radius:3px;background:#e8ecf1}\
td.code,span.code{white-space:nowrap}.retired{background:#fbe3e3}.beta{background:#fff3d6}q{color:#33404f}td.src{overflow-wrap:anywhere}\
.chart{margin:.6em 0}.bar{display:grid;grid-template-columns:minmax(8em,16em) 1fr 8.5em;gap:.6em;align-items:center;margin:.15em 0;font-size:.9em}\
.bar .l{text-align:right;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}.bar .t{background:#f0f3f6;height:1em;border-radius:2px}\
.bar .t i{display:block;height:100%;border-radius:2px;min-width:2px}.bar .v{font-variant-numeric:tabular-nums;color:#33404f}\
.split{display:flex;height:1.6em;border-radius:3px;overflow:hidden;margin:.6em 0}.split i{display:block;height:100%}\
.legend{display:flex;flex-wrap:wrap;gap:.4em 1.4em;font-size:.9em}.legend span::before{content:'';display:inline-block;width:.9em;height:.9em;border-radius:2px;margin-right:.35em;vertical-align:-.1em;background:var(--c)}\
ul.notes{padding-left:1.2em;color:#33404f;font-size:.92em}\
@media (max-width:640px){body{font-size:14px;margin:1em auto}.bar{grid-template-columns:1fr 5.5em;gap:.1em .5em}\
.bar .l{grid-column:1/-1;text-align:left;white-space:normal}table.ev tr,table.ev td{display:block;border:0;padding:.1em 0}\
table.ev tr{border-bottom:1px solid #e6eaef;padding:.5em 0}table.ev tr:first-child{display:none}.wide{display:none}}";

/// The report as a self-contained HTML page (`--html`).
pub struct Html;

impl super::Writer for Html {
    fn write(&self, out: &mut dyn Write, report: &Report<'_>) -> io::Result<()> {
        write(out, report)
    }
}

fn write(out: &mut dyn Write, r: &Report<'_>) -> io::Result<()> {
    let mut h = String::new();
    let n = r.analyzed;
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <title>certfit report</title><style>{STYLE}</style></head><body>\n<h1>Which certification the postings ask for</h1>\n\
         <p class=\"muted\">{} analyzed{}, {} skipped{}. certfit {}.</p>\n",
        super::count(n as usize, "posting"),
        if r.folded > 0 {
            format!(", {} folded", super::count(r.folded as usize, "duplicate"))
        } else {
            String::new()
        },
        super::count(r.skipped.len(), "input"),
        esc(&r.repeated_note()),
        env!("CARGO_PKG_VERSION"),
    );
    recommendation(&mut h, r);
    evidence(&mut h, r);
    vendors(&mut h, r);
    certifications(&mut h, r);
    skills(&mut h, r);
    gap(&mut h, r);
    skipped(&mut h, r);
    h.push_str("</body></html>\n");
    out.write_all(h.as_bytes())
}

fn recommendation(h: &mut String, r: &Report<'_>) {
    let rec = &r.outcome.recommendation;
    match (&rec.code, &rec.name) {
        (Some(code), Some(name)) => {
            let class = if rec.demand == crate::recommend::Demand::Weak {
                "close"
            } else {
                "rec"
            };
            let _ = writeln!(
                h,
                "<div class=\"{class}\"><strong>Recommendation: {} ({})</strong> <span class=\"muted\">demand: {}</span><br>{}</div>",
                esc(name),
                esc(code),
                rec.demand.as_str(),
                esc(&rec.why)
            );
        }
        _ => {
            let _ = writeln!(
                h,
                "<div class=\"close\"><strong>Recommendation: none</strong> <span class=\"muted\">demand: none</span><br>{}</div>",
                esc(&rec.why)
            );
        }
    }
    if let Some(split) = &rec.split {
        let _ = writeln!(
            h,
            "<div class=\"note\">The market divides: {}.</div>",
            esc(split)
        );
    }
    let picks: Vec<String> = rec
        .by_vendor
        .iter()
        .map(|v| {
            format!(
                "{}: <span class=\"code\">{}</span> ({} asking)",
                esc(&v.vendor_name),
                esc(v.code.as_deref().unwrap_or("none")),
                v.postings
            )
        })
        .collect();
    if !picks.is_empty() {
        let _ = writeln!(
            h,
            "<div class=\"note\">If you have picked a cloud already: {}</div>",
            picks.join(" · ")
        );
    }
    if let Some(c) = &rec.close_call {
        let settle = c
            .postings_to_settle
            .map(|m| format!("; about {m} postings in all would settle it"))
            .unwrap_or_default();
        let _ = writeln!(
            h,
            "<div class=\"close\">Close call with {} ({}, score {:.0}): the postings cannot tell them apart{}.</div>",
            esc(&c.name),
            esc(&c.code),
            c.score,
            esc(&settle)
        );
    }
}

/// The snippets behind the recommendation: right after it, before any chart.
fn evidence(h: &mut String, r: &Report<'_>) {
    let evidence = r.recommendation_evidence(8);
    if evidence.is_empty() {
        return;
    }
    h.push_str("<h2>The evidence behind it</h2>\n<table class=\"ev\"><tr><th>skill</th><th>what the posting says</th><th>posting</th></tr>\n");
    for (skill, source, snippet) in evidence {
        let _ = writeln!(
            h,
            "<tr><td><strong>{}</strong></td><td><q>{}</q></td><td class=\"muted src\">{}</td></tr>",
            esc(skill),
            esc(snippet),
            esc(source)
        );
    }
    h.push_str("</table>\n");
}

fn vendors(h: &mut String, r: &Report<'_>) {
    let split = &r.tables.vendors;
    let total = f64::from(r.analyzed.max(1));
    let parts = [
        ("AWS only", split.aws_only, "#ff9900"),
        ("both", split.both, "#8e7cc3"),
        ("Azure only", split.azure_only, "#0078d4"),
        ("neither", split.neither, "#c3cbd5"),
    ];
    h.push_str("<h2>AWS or Azure</h2>\n<div class=\"split\" role=\"img\" aria-label=\"postings by cloud\">");
    for (label, count, color) in parts {
        if count > 0 {
            let _ = write!(
                h,
                "<i style=\"width:{:.2}%;background:{color}\" title=\"{label}: {count}\"></i>",
                f64::from(count) / total * 100.0
            );
        }
    }
    h.push_str("</div>\n<div class=\"legend\">");
    // Every part is named with its count, however thin its segment.
    for (label, count, color) in parts {
        let _ = write!(
            h,
            "<span style=\"--c:{color}\">{label}: {count} ({:.0}%)</span>",
            f64::from(count) / total * 100.0
        );
    }
    h.push_str("</div>\n");
}

/// A bar chart: one bar per (label, full label, value, text after the bar), the longest bar the
/// largest value, so that small values still read as bars. HTML and CSS rather than SVG: text
/// keeps its size on a phone, where a scaled drawing shrinks it.
fn bars(h: &mut String, rows: &[(String, String, f64, String)], color: &str) {
    let max = rows.iter().map(|r| r.2).fold(0.0_f64, f64::max);
    h.push_str("<div class=\"chart\">\n");
    for (label, title, value, after) in rows {
        let width = if max > 0.0 { value / max * 100.0 } else { 0.0 };
        let _ = writeln!(
            h,
            "<div class=\"bar\"><span class=\"l\" title=\"{}\">{}</span><span class=\"t\"><i style=\"width:{width:.1}%;background:{color}\"></i></span><span class=\"v\">{}</span></div>",
            esc(title),
            esc(label),
            esc(after)
        );
    }
    h.push_str("</div>\n");
}

fn certifications(h: &mut String, r: &Report<'_>) {
    let ranked = r.supported_certifications();
    if ranked.is_empty() {
        return;
    }
    h.push_str("<h2>Certifications</h2>\n<p class=\"muted\">Score 0-100: the share of the postings' demand whose kind of work and level point to the exam, weighted by where they ask (requirements count most).</p>\n");
    let rows: Vec<(String, String, f64, String)> = ranked
        .iter()
        .take(10)
        .map(|c| {
            (
                c.code.clone(),
                c.name.clone(),
                c.score,
                match c.interval {
                    Some((lo, hi)) => format!("{:.0} ({lo:.0}-{hi:.0})", c.score),
                    None => format!("{:.0}", c.score),
                },
            )
        })
        .collect();
    bars(h, &rows, "#2e8b57");
    h.push_str("<table><tr><th>code</th><th>name</th><th>level</th><th class=\"n wide\">cost</th><th class=\"n wide\">minutes</th><th class=\"n wide\">pass</th><th class=\"n\">score</th><th class=\"n\">postings</th></tr>\n");
    for c in ranked {
        let cert = &r.taxonomy.certifications[c.cert];
        let status = match c.status.as_str() {
            "active" => String::new(),
            s => format!(" <span class=\"tag {}\">{}</span>", esc(s), esc(s)),
        };
        let opt = |v: Option<String>| v.unwrap_or_else(|| "-".into());
        let _ = writeln!(
            h,
            "<tr><td class=\"code\">{}</td><td>{}{status}</td><td>{}</td><td class=\"n wide\">{}</td><td class=\"n wide\">{}</td><td class=\"n wide\">{}</td><td class=\"n\">{:.1}</td><td class=\"n\">{}/{}</td></tr>",
            esc(&c.code),
            esc(&c.name),
            c.level.as_str(),
            opt(cert.cost_usd.map(|x| format!("${x:.0}"))),
            opt(cert.minutes.map(|m| m.to_string())),
            opt(cert.passing_score.map(|p| p.to_string())),
            c.score,
            c.support,
            r.analyzed
        );
    }
    h.push_str("</table>\n");
    // Lifecycle notes (retired exams and their successors, betas) sit with the exams, below the
    // answer and its evidence.
    if !r.outcome.notes.is_empty() {
        h.push_str("<ul class=\"notes\">");
        for note in &r.outcome.notes {
            let _ = write!(h, "<li>{}</li>", esc(note));
        }
        h.push_str("</ul>\n");
    }
}

fn skills(h: &mut String, r: &Report<'_>) {
    use crate::taxonomy::{GENERAL, is_ai_or_data};
    let n = r.analyzed;
    let row = |s: &&crate::aggregate::SkillRow| {
        (
            s.skill.clone(),
            format!("{} ({})", s.skill, s.skill_id),
            s.share,
            format!("{}/{n} ({:.0}%)", s.postings, s.share * 100.0),
        )
    };
    let skills = || {
        r.tables
            .skills
            .iter()
            .filter(|s| s.category != "certification")
    };
    let services: Vec<_> = skills()
        .filter(|s| s.vendor != GENERAL && is_ai_or_data(&s.category))
        .take(15)
        .map(|s| row(&s))
        .collect();
    let concepts: Vec<_> = skills()
        .filter(|s| s.vendor == GENERAL)
        .take(10)
        .map(|s| row(&s))
        .collect();
    let other: Vec<String> = skills()
        .filter(|s| s.vendor != GENERAL && !is_ai_or_data(&s.category))
        .take(10)
        .map(|s| format!("{} ({})", esc(&s.skill), s.postings))
        .collect();
    if services.is_empty() && concepts.is_empty() && other.is_empty() {
        return;
    }
    h.push_str("<h2>Most demanded skills</h2>\n");
    if !services.is_empty() {
        h.push_str("<h3>AI and data services</h3>\n");
        bars(h, &services, "#4a78b5");
    }
    if !concepts.is_empty() {
        h.push_str("<h3>Concepts and tools</h3>\n");
        bars(h, &concepts, "#7a8fa6");
    }
    if !other.is_empty() {
        let _ = writeln!(
            h,
            "<p class=\"muted\">Other cloud services named (postings): {}</p>",
            other.join(" · ")
        );
    }
}

fn gap(h: &mut String, r: &Report<'_>) {
    let Some(gap) = r.gap else { return };
    h.push_str("<h2>Your gap</h2>\n");
    if !gap.unknown.is_empty() {
        let _ = writeln!(
            h,
            "<p class=\"muted\">Not in the taxonomy: {}</p>",
            esc(&gap.unknown_line())
        );
    }
    if gap.missing.is_empty() {
        h.push_str("<p>You have every skill these postings ask for.</p>\n");
        return;
    }
    h.push_str(
        "<p class=\"muted\">Most important first: the share of postings asking for a skill times the \
         weight of the exam domain that tests it.</p>\n<table><tr><th>missing skill</th><th>vendor</th>\
         <th class=\"n\">postings</th><th class=\"n\">priority</th></tr>\n",
    );
    for m in gap.missing.iter().take(15) {
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{}</td><td class=\"n\">{:.0}%</td><td class=\"n\">{:.2}</td></tr>",
            esc(&m.skill),
            esc(&m.vendor),
            m.share * 100.0,
            m.priority
        );
    }
    h.push_str("</table>\n");
    if let Some(best) = &gap.best {
        let _ = writeln!(
            h,
            "<p><strong>{} ({})</strong> closes {:.0}% of this gap. Study order:</p><ol>",
            esc(&best.name),
            esc(&best.code),
            best.closes * 100.0
        );
        for s in &best.study {
            let _ = writeln!(
                h,
                "<li>{} ({:.0}%): {}</li>",
                esc(&s.domain),
                s.weight,
                esc(&s.skills.join(", "))
            );
        }
        h.push_str("</ol>\n");
    }
}

fn skipped(h: &mut String, r: &Report<'_>) {
    if r.skipped.is_empty() {
        return;
    }
    h.push_str("<h2>Skipped inputs</h2>\n<table><tr><th>input</th><th>reason</th></tr>\n");
    for s in r.skipped {
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{}</td></tr>",
            esc(&s.source),
            esc(&s.reason.to_string())
        );
    }
    h.push_str("</table>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            esc("<script>alert(1)</script>"),
            "&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(esc("a \"b\" & 'c'"), "a &quot;b&quot; &amp; &#39;c&#39;");
    }
}
