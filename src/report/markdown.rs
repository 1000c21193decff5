//! The report as Markdown (`--markdown`), for notes, tickets and pull requests.

use std::io::{self, Write};

use super::Report;

/// Text from postings in a Markdown table cell: pipes and line breaks would break the table, and
/// markup characters are escaped so that nothing in a posting becomes a link or an image.
fn cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '|' | '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The report as Markdown (`--markdown`).
pub struct Markdown;

impl super::Writer for Markdown {
    fn write(&self, out: &mut dyn Write, report: &Report<'_>) -> io::Result<()> {
        write(out, report)
    }
}

fn write(out: &mut dyn Write, r: &Report<'_>) -> io::Result<()> {
    let t = r.tables;
    let n = r.analyzed;
    writeln!(out, "# certfit report\n")?;
    write!(out, "{} analyzed", super::count(n as usize, "posting"))?;
    if r.folded > 0 {
        write!(
            out,
            ", {} folded",
            super::count(r.folded as usize, "duplicate")
        )?;
    }
    writeln!(
        out,
        ", {} skipped{}.\n",
        super::count(r.skipped.len(), "input"),
        r.repeated_note()
    )?;

    let rec = &r.outcome.recommendation;
    match (&rec.code, &rec.name) {
        (Some(code), Some(name)) => {
            writeln!(
                out,
                "## Recommendation: {} ({code})\n\n**Demand: {}**\n",
                cell(name),
                rec.demand.as_str()
            )?;
            writeln!(out, "{}\n", cell(&rec.why))?;
            if let Some(split) = &rec.split {
                writeln!(out, "**The market divides:** {}.\n", cell(split))?;
            }
            if let Some(c) = &rec.close_call {
                writeln!(
                    out,
                    "**Close call** with {} ({}, score {:.0}): the postings cannot tell them apart{}.\n",
                    cell(&c.name),
                    c.code,
                    c.score,
                    c.postings_to_settle
                        .map(|m| format!("; about {m} postings in all would settle it"))
                        .unwrap_or_default()
                )?;
            }
            let evidence = r.recommendation_evidence(8);
            if !evidence.is_empty() {
                writeln!(out, "| skill | evidence | posting |\n|---|---|---|")?;
                for (skill, source, snippet) in evidence {
                    writeln!(
                        out,
                        "| {} | {} | {} |",
                        cell(skill),
                        cell(snippet),
                        cell(source)
                    )?;
                }
                writeln!(out)?;
            }
        }
        _ => writeln!(
            out,
            "## Recommendation: none\n\n**Demand: none**\n\n{}\n",
            cell(&rec.why)
        )?,
    }
    if !rec.by_vendor.is_empty() {
        writeln!(
            out,
            "| if you have picked | best exam | postings asking |\n|---|---|---:|"
        )?;
        for v in &rec.by_vendor {
            writeln!(
                out,
                "| {} | {} | {} |",
                cell(&v.vendor_name),
                v.code.as_deref().unwrap_or("none"),
                v.postings
            )?;
        }
        writeln!(out)?;
    }
    for note in &r.outcome.notes {
        writeln!(out, "> {}\n", cell(note))?;
    }

    let v = &t.vendors;
    writeln!(
        out,
        "## Cloud\n\n| AWS only | Azure only | both | neither |\n|---:|---:|---:|---:|"
    )?;
    writeln!(
        out,
        "| {} | {} | {} | {} |\n",
        v.aws_only, v.azure_only, v.both, v.neither
    )?;

    writeln!(
        out,
        "## Certifications\n\n| score | 95% interval | code | name | level | status | postings |\n|---:|---|---|---|---|---|---:|"
    )?;
    for c in r.outcome.certifications.iter().filter(|c| c.support > 0) {
        writeln!(
            out,
            "| {:.1} | {} | {} | {} | {} | {} | {}/{n} |",
            c.score,
            c.interval
                .map_or_else(|| "-".to_string(), |(lo, hi)| format!("{lo:.0}-{hi:.0}")),
            c.code,
            cell(&c.name),
            c.level.as_str(),
            c.status,
            c.support
        )?;
    }
    writeln!(out)?;

    writeln!(
        out,
        "## Skills\n\n| skill | vendor | postings | share | mentions | certifications |\n|---|---|---:|---:|---:|---|"
    )?;
    for s in &t.skills {
        writeln!(
            out,
            "| {} | {} | {} | {:.0}% | {} | {} |",
            cell(&s.skill),
            s.vendor,
            s.postings,
            s.share * 100.0,
            s.mentions,
            s.certifications.join(", ")
        )?;
    }
    writeln!(out)?;

    if let Some(by) = r.market.by {
        writeln!(
            out,
            "## By {}\n\n| segment | postings | AWS | Azure | recommendation | demand |\n|---|---:|---:|---:|---|---|",
            by.as_str()
        )?;
        for seg in r.market.segments {
            let t = &seg.tables;
            let n = f64::from(t.analyzed.max(1));
            let rec = &seg.outcome.recommendation;
            writeln!(
                out,
                "| {} | {} | {:.0}% | {:.0}% | {} | {} |",
                cell(&seg.label),
                t.analyzed,
                f64::from(t.vendors.aws()) / n * 100.0,
                f64::from(t.vendors.azure()) / n * 100.0,
                rec.code.as_deref().unwrap_or("none"),
                rec.demand.as_str()
            )?;
        }
        writeln!(out)?;
    }
    if let Some(note) = r.market.filtered_note() {
        writeln!(out, "{}.\n", cell(&note))?;
    }

    if let Some(gap) = r.gap {
        writeln!(out, "## Your gap\n")?;
        if !gap.unknown.is_empty() {
            writeln!(out, "Not in the taxonomy: {}.\n", cell(&gap.unknown_line()))?;
        }
        for m in gap.missing.iter().take(15) {
            writeln!(
                out,
                "- {} ({:.0}% of postings)",
                cell(&m.skill),
                m.share * 100.0
            )?;
        }
        if let Some(best) = &gap.best {
            writeln!(
                out,
                "\n{} ({}) closes {:.0}% of this gap. Study order:\n",
                cell(&best.name),
                best.code,
                best.closes * 100.0
            )?;
            for (i, s) in best.study.iter().enumerate() {
                writeln!(
                    out,
                    "{}. {} ({:.0}%): {}",
                    i + 1,
                    cell(&s.domain),
                    s.weight,
                    cell(&s.skills.join(", "))
                )?;
            }
        }
        writeln!(out)?;
    }

    if !r.skipped.is_empty() {
        writeln!(out, "## Skipped\n\n| input | reason |\n|---|---|")?;
        for s in r.skipped {
            writeln!(
                out,
                "| {} | {} |",
                cell(&s.source),
                cell(&s.reason.to_string())
            )?;
        }
    }
    Ok(())
}
