//! The terminal summary: what was read, where the demand is, and what to take.

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};

use super::Report;
use crate::aggregate::SkillRow;
use crate::recommend::Demand;
use crate::taxonomy::GENERAL;

const BOLD: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();
const GREEN: Style = AnsiColor::Green.on_default().bold();
const YELLOW: Style = AnsiColor::Yellow.on_default();
const RED: Style = AnsiColor::Red.on_default();

/// Writes the summary. Colors are plain ANSI; the caller's stream strips them when it should.
pub fn write(out: &mut dyn Write, r: &Report<'_>, top: usize) -> io::Result<()> {
    let t = r.tables;
    let n = r.analyzed;
    write!(
        out,
        "{BOLD}certfit{BOLD:#} analyzed {BOLD}{n}{BOLD:#} posting{}",
        plural(n)
    )?;
    if r.skipped.is_empty() {
        writeln!(out)?;
    } else {
        writeln!(out, ", {YELLOW}skipped {}{YELLOW:#}:", r.skipped.len())?;
        for s in r.skipped {
            writeln!(out, "  {YELLOW}{}{YELLOW:#}: {}", s.source, s.reason)?;
        }
    }
    if n == 0 {
        return Ok(());
    }

    let v = &t.vendors;
    writeln!(out, "\n{BOLD}Cloud{BOLD:#}")?;
    let aws = v.aws_only + v.both;
    let azure = v.azure_only + v.both;
    writeln!(
        out,
        "  AWS {} of {n} ({}) · Azure {} of {n} ({}) · both {} · neither {}",
        aws,
        percent(aws, n),
        azure,
        percent(azure, n),
        v.both,
        v.neither
    )?;

    let services: Vec<&SkillRow> = t
        .skills
        .iter()
        .filter(|s| s.category != "certification" && s.vendor != GENERAL)
        .take(top)
        .collect();
    skill_list(out, "Most demanded AWS and Azure services", &services, n)?;
    let concepts: Vec<&SkillRow> = t
        .skills
        .iter()
        .filter(|s| s.vendor == GENERAL)
        .take(top.div_ceil(2))
        .collect();
    skill_list(out, "Most demanded concepts and tools", &concepts, n)?;
    let named: Vec<_> = t
        .skills
        .iter()
        .filter(|s| s.category == "certification")
        .collect();
    if !named.is_empty() {
        writeln!(out, "\n{BOLD}Certifications named in postings{BOLD:#}")?;
        let width = named
            .iter()
            .map(|s| s.skill.chars().count())
            .max()
            .unwrap_or(0);
        for s in named {
            // A retired exam a posting still asks for: say what replaced it.
            let retired =
                r.outcome.certifications.iter().find(|c| {
                    c.retired && r.taxonomy.certifications[c.cert].skill_id() == s.skill_id
                });
            let note = retired.map_or(String::new(), |c| {
                let successors = &r.taxonomy.certifications[c.cert].successors;
                if successors.is_empty() {
                    format!("  {RED}retired{RED:#}")
                } else {
                    format!("  {RED}retired{RED:#}, now {}", successors.join(" and "))
                }
            });
            writeln!(out, "  {:<width$}  {}/{n}{note}", s.skill, s.postings)?;
        }
    }

    let ranked = r.supported_certifications();
    if !ranked.is_empty() {
        writeln!(
            out,
            "\n{BOLD}Certifications{BOLD:#} {DIM}(score 0-100 with 95% interval: the share of the postings' demand that points to the exam){DIM:#}"
        )?;
        for c in ranked.iter().take(8) {
            let cert = &r.taxonomy.certifications[c.cert];
            let status = if c.retired {
                format!("  {RED}retired{RED:#}")
            } else if c.status == "active" {
                String::new()
            } else {
                format!("  {YELLOW}{}{YELLOW:#}", c.status)
            };
            let facts: Vec<String> = [
                Some(c.level.as_str().to_string()),
                cert.cost_usd.map(|x| format!("${x:.0}")),
                cert.minutes.map(|m| format!("{m} min")),
                cert.passing_score.map(|p| format!("pass {p}")),
            ]
            .into_iter()
            .flatten()
            .collect();
            writeln!(
                out,
                "  {:>5.1} {DIM}{:<9}{DIM:#} {:<8} {}{status}\n  {:15} {DIM}{} · points to it in {} of {n} postings{DIM:#}",
                c.score,
                c.interval
                    .map(|(lo, hi)| format!("({lo:.0}-{hi:.0})"))
                    .unwrap_or_default(),
                c.code,
                c.name,
                "",
                facts.join(", "),
                c.support,
            )?;
        }
    }

    writeln!(out)?;
    let rec = &r.outcome.recommendation;
    if let (Some(code), Some(name)) = (&rec.code, &rec.name) {
        let style = if rec.demand == Demand::Weak {
            YELLOW
        } else {
            GREEN
        };
        writeln!(
            out,
            "{style}Recommendation: {code} - {name}{style:#} {DIM}(demand: {}){DIM:#}",
            rec.demand.as_str()
        )?;
        writeln!(out, "  {}", rec.why)?;
        if let Some(split) = &rec.split {
            writeln!(out, "  {YELLOW}The market divides: {split}.{YELLOW:#}")?;
        }
        if let Some(close) = &rec.close_call {
            let settle = close
                .postings_to_settle
                .map(|m| format!("; about {m} postings in all would settle it"))
                .unwrap_or_default();
            writeln!(
                out,
                "  {YELLOW}Close call with {} ({}, score {:.0}): the postings cannot tell them apart{settle}.{YELLOW:#}",
                close.code, close.name, close.score
            )?;
        }
        for (skill, source, snippet) in r.recommendation_evidence(3) {
            writeln!(out, "  {DIM}{skill}: \"{snippet}\" ({source}){DIM:#}")?;
        }
    } else {
        writeln!(
            out,
            "{YELLOW}Recommendation: none{YELLOW:#} {DIM}(demand: none){DIM:#}"
        )?;
        writeln!(out, "  {}", rec.why)?;
    }
    let picks: Vec<String> = rec
        .by_vendor
        .iter()
        .map(|v| match &v.code {
            Some(code) => format!(
                "{}: {code} ({})",
                v.vendor_name,
                crate::report::count(v.postings as usize, "posting")
            ),
            None => format!("{}: none", v.vendor_name),
        })
        .collect();
    if !picks.is_empty() {
        writeln!(
            out,
            "  {DIM}If you have picked a cloud already:{DIM:#} {}",
            picks.join(" · ")
        )?;
    }
    for note in &r.outcome.notes {
        writeln!(out, "  {DIM}note:{DIM:#} {note}")?;
    }
    if let Some(gap) = r.gap {
        write_gap(out, gap)?;
    }
    Ok(())
}

fn write_gap(out: &mut dyn Write, gap: &crate::recommend::gap::Gap) -> io::Result<()> {
    writeln!(
        out,
        "\n{BOLD}Your gap{BOLD:#} {DIM}(what postings ask for that you lack, by demand x exam weight){DIM:#}"
    )?;
    if !gap.unknown.is_empty() {
        writeln!(
            out,
            "  {YELLOW}not in the taxonomy: {}{YELLOW:#}",
            gap.unknown_line()
        )?;
    }
    if !gap.have.is_empty() {
        writeln!(out, "  you have: {}", gap.have.join(", "))?;
    }
    if gap.missing.is_empty() {
        writeln!(
            out,
            "  nothing: you have every skill these postings ask for"
        )?;
        return Ok(());
    }
    for m in gap.missing.iter().take(10) {
        writeln!(
            out,
            "  {:<44} {:>4.0}% of postings",
            m.skill,
            m.share * 100.0
        )?;
    }
    if let Some(best) = &gap.best {
        writeln!(
            out,
            "  {GREEN}{} ({}) closes {:.0}% of this gap.{GREEN:#} Study order:",
            best.code,
            best.name,
            best.closes * 100.0
        )?;
        for (i, step) in best.study.iter().enumerate() {
            writeln!(
                out,
                "  {}. {} ({:.0}%): {}",
                i + 1,
                step.domain,
                step.weight,
                step.skills.join(", ")
            )?;
        }
    }
    Ok(())
}

fn skill_list(out: &mut dyn Write, title: &str, rows: &[&SkillRow], n: u32) -> io::Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "\n{BOLD}{title}{BOLD:#} {DIM}(postings naming each){DIM:#}"
    )?;
    let width = rows
        .iter()
        .map(|s| s.skill.chars().count())
        .max()
        .unwrap_or(0)
        .min(44);
    for s in rows {
        let name: String = s.skill.chars().take(width).collect();
        let bar = "#".repeat(((s.share * 20.0).round() as usize).max(1));
        let legacy = if s.legacy > 0 {
            format!(" {DIM}({} by a former name){DIM:#}", s.legacy)
        } else {
            String::new()
        };
        writeln!(
            out,
            "  {name:<width$}  {:<7} {:>3}/{n:<3} {:>4}  {DIM}{bar}{DIM:#}{legacy}",
            s.vendor,
            s.postings,
            percent(s.postings, n),
        )?;
    }
    Ok(())
}

fn plural(n: u32) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn percent(k: u32, n: u32) -> String {
    if n == 0 {
        return "0%".to_string();
    }
    format!("{:.0}%", f64::from(k) * 100.0 / f64::from(n))
}
