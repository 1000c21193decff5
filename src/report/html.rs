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
.segs{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:.8em}.seg{border:1px solid #e6eaef;border-radius:4px;padding:.4em .8em}\
.seg h3{margin:.2em 0}.seg p{margin:.1em 0 .4em}.seg .bar{grid-template-columns:minmax(6em,12em) 1fr 3em}\
svg.trend{width:100%;height:auto;max-width:760px}svg.trend text{font:13px system-ui,sans-serif;fill:#5b6675}\
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
    segments(&mut h, r);
    trends(&mut h, r);
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
    use crate::taxonomy::GENERAL;
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
        .filter(|s| s.is_ai_or_data_service())
        .take(15)
        .map(|s| row(&s))
        .collect();
    let concepts: Vec<_> = skills()
        .filter(|s| s.vendor == GENERAL)
        .take(10)
        .map(|s| row(&s))
        .collect();
    let other: Vec<String> = skills()
        .filter(|s| s.vendor != GENERAL && !s.is_ai_or_data_service())
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

/// One card per segment (`--by`), every chart on the same 0-100% scale so that segments compare
/// at a glance: the cloud split, then the services most named.
fn segments(h: &mut String, r: &Report<'_>) {
    let Some(by) = r.market.by else { return };
    let _ = writeln!(
        h,
        "<h2>By {}</h2>\n<p class=\"muted\">Each segment's postings: the share naming AWS and Azure services, and the AI and data services most named, on one scale (0-100% of the segment's postings).</p>\n<div class=\"segs\">",
        esc(by.as_str())
    );
    for seg in r.market.segments.iter().take(24) {
        let t = &seg.tables;
        let total = f64::from(t.analyzed.max(1));
        let pct = |k: u32| f64::from(k) / total * 100.0;
        let answer = seg.answer();
        let _ = write!(
            h,
            "<div class=\"seg\"><h3>{}</h3><p class=\"muted\">{} · <strong>{}</strong></p>",
            esc(&seg.label),
            super::count(t.analyzed as usize, "posting"),
            esc(&answer)
        );
        let v = &t.vendors;
        for (label, k, color) in [("AWS", v.aws(), "#ff9900"), ("Azure", v.azure(), "#0078d4")] {
            let _ = write!(
                h,
                "<div class=\"bar\"><span class=\"l\">{label}</span><span class=\"t\"><i style=\"width:{:.1}%;background:{color}\"></i></span><span class=\"v\">{:.0}%</span></div>",
                pct(k),
                pct(k)
            );
        }
        for row in t
            .skills
            .iter()
            .filter(|s| s.is_ai_or_data_service())
            .take(3)
        {
            let _ = write!(
                h,
                "<div class=\"bar\"><span class=\"l\" title=\"{}\">{}</span><span class=\"t\"><i style=\"width:{:.1}%;background:#4a78b5\"></i></span><span class=\"v\">{:.0}%</span></div>",
                esc(&row.skill),
                esc(&row.skill),
                row.share * 100.0,
                row.share * 100.0
            );
        }
        h.push_str("</div>\n");
    }
    h.push_str("</div>\n");
    if r.market.segments.len() > 24 {
        let _ = writeln!(
            h,
            "<p class=\"muted\">And {} smaller segments: --segments FILE writes every one.</p>",
            r.market.segments.len() - 24
        );
    }
}

/// Demand month by month as an SVG line chart: the two clouds and the five most named services.
/// Months with too few postings are hollow points joined by dashes: shown, not read as swings.
fn trends(h: &mut String, r: &Report<'_>) {
    let months = r.market.months;
    if months.len() < 2 {
        return;
    }
    let share = |m: &crate::aggregate::Month, k: u32| f64::from(k) / f64::from(m.postings.max(1));
    let mut series: Vec<(String, &str, Vec<f64>)> = vec![
        (
            "AWS".into(),
            "#ff9900",
            months.iter().map(|m| share(m, m.vendors.aws())).collect(),
        ),
        (
            "Azure".into(),
            "#0078d4",
            months.iter().map(|m| share(m, m.vendors.azure())).collect(),
        ),
    ];
    let colors = ["#2e8b57", "#8e44ad", "#c0392b", "#16a085", "#7f8c8d"];
    let services = r
        .tables
        .skills
        .iter()
        .filter(|s| s.is_ai_or_data_service())
        .take(colors.len());
    for (row, color) in services.zip(colors) {
        let Some(skill) = r.taxonomy.skill_index(&row.skill_id) else {
            continue;
        };
        series.push((
            row.skill.clone(),
            color,
            months.iter().map(|m| share(m, m.naming(skill))).collect(),
        ));
    }
    let top = series
        .iter()
        .flat_map(|(_, _, v)| v.iter().copied())
        .fold(0.0_f64, f64::max);
    // Round ticks: every 5 points up to 20%, every 10 up to 50%, else every 20.
    let step = if top <= 0.2 {
        0.05
    } else if top <= 0.5 {
        0.1
    } else {
        0.2
    };
    let ceiling = ((top / step).ceil() * step).clamp(step, 1.0);
    let ticks = (ceiling / step).round() as u32;
    let (width, ht, left, bottom, topm) = (640.0, 300.0, 48.0, 40.0, 12.0);
    let plot_w = width - left - 40.0;
    let plot_h = ht - bottom - topm;
    let px = |i: usize| left + plot_w * i as f64 / (months.len() - 1) as f64;
    let py = |v: f64| topm + plot_h * (1.0 - v / ceiling);
    let _ = writeln!(
        h,
        "<h2>Demand over time</h2>\n<p class=\"muted\">Share of each month's postings naming the clouds and the services most named; months with fewer than {} postings are hollow and dashed{}.</p>",
        super::MIN_MONTH_POSTINGS,
        if r.market.undated > 0 {
            format!(
                " ({} without a date left out)",
                super::count(r.market.undated as usize, "posting")
            )
        } else {
            String::new()
        }
    );
    let _ = write!(
        h,
        "<svg class=\"trend\" viewBox=\"0 0 {width} {ht}\" role=\"img\" aria-label=\"demand by month\">"
    );
    for tick in 0..=ticks {
        let v = step * f64::from(tick);
        let _ = write!(
            h,
            "<line x1=\"{left}\" x2=\"{:.1}\" y1=\"{:.1}\" y2=\"{:.1}\" stroke=\"#e6eaef\"/><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{:.0}%</text>",
            left + plot_w,
            py(v),
            py(v),
            left - 6.0,
            py(v) + 4.0,
            v * 100.0
        );
    }
    let every = months.len().div_ceil(8);
    for (i, m) in months.iter().enumerate() {
        if i % every == 0 || i == months.len() - 1 {
            let _ = write!(
                h,
                "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
                px(i),
                ht - bottom + 20.0,
                crate::reading::facets::month_label(m.month)
            );
        }
    }
    let sparse = |i: usize| months[i].postings < super::MIN_MONTH_POSTINGS;
    // A month without postings has no share: a gap, not a zero.
    let empty = |i: usize| months[i].postings == 0;
    for (name, color, values) in &series {
        for i in 1..values.len() {
            if empty(i) || empty(i - 1) {
                continue;
            }
            let dash = if sparse(i) || sparse(i - 1) {
                " stroke-dasharray=\"4 4\""
            } else {
                ""
            };
            let _ = write!(
                h,
                "<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"{color}\" stroke-width=\"2\"{dash}/>",
                px(i - 1),
                py(values[i - 1]),
                px(i),
                py(values[i])
            );
        }
        for (i, v) in values.iter().enumerate() {
            if empty(i) {
                continue;
            }
            let fill = if sparse(i) { "#fff" } else { color };
            let _ = write!(
                h,
                "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"3.5\" fill=\"{fill}\" stroke=\"{color}\" stroke-width=\"1.5\"><title>{}: {:.0}% of {} postings in {}</title></circle>",
                px(i),
                py(*v),
                esc(name),
                v * 100.0,
                months[i].postings,
                crate::reading::facets::month_label(months[i].month)
            );
        }
    }
    h.push_str("</svg>\n<div class=\"legend\">");
    for (name, color, values) in &series {
        let first = values
            .iter()
            .zip(months)
            .find(|(_, m)| m.postings >= super::MIN_MONTH_POSTINGS);
        let last = values
            .iter()
            .zip(months)
            .rev()
            .find(|(_, m)| m.postings >= super::MIN_MONTH_POSTINGS);
        let change = match (first, last) {
            (Some((a, ma)), Some((b, mb))) if ma.month != mb.month => format!(
                ": {:.0}% in {}, {:.0}% in {}",
                a * 100.0,
                crate::reading::facets::month_label(ma.month),
                b * 100.0,
                crate::reading::facets::month_label(mb.month)
            ),
            _ => String::new(),
        };
        let _ = write!(
            h,
            "<span style=\"--c:{color}\">{}{}</span>",
            esc(name),
            change
        );
    }
    h.push_str("</div>\n");
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
