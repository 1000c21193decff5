//! The terminal summary: what was read, where the demand is, and what to take.
//!
//! Lines are wrapped at word boundaries to the width the command gives (the terminal's), each kind
//! of line with its own hanging indent, and tables narrow their columns to fit; with no width
//! (output piped), lines are written whole.

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};

use super::Report;
use crate::aggregate::{Month, SkillRow};
use crate::reading::facets::{Filtered, month_label};
use crate::recommend::Demand;
use crate::taxonomy::GENERAL;

const BOLD: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();
const GREEN: Style = AnsiColor::Green.on_default().bold();
const YELLOW: Style = AnsiColor::Yellow.on_default();
const RED: Style = AnsiColor::Red.on_default();

/// Skipped inputs listed one by one before the rest are only counted (unless verbose).
const SKIPS_LISTED: usize = 10;

/// How the summary is laid out.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// How many skills each list shows.
    pub top: usize,
    /// The width to wrap to; `None` writes every line whole.
    pub width: Option<usize>,
    /// List every skipped input, not the first few.
    pub verbose: bool,
}

/// Lines written to the output, wrapped to a width.
struct Screen<'o> {
    out: &'o mut dyn Write,
    width: Option<usize>,
}

impl Screen<'_> {
    /// One line, wrapped at word boundaries; continuation lines are indented by `hang` columns.
    /// Styles (ANSI sequences) take no width.
    fn line(&mut self, hang: usize, text: &str) -> io::Result<()> {
        let width = match self.width {
            Some(w) if textwrap::core::display_width(text) > w => w,
            _ => return writeln!(self.out, "{text}"),
        };
        let body = text.trim_start_matches(' ');
        let lead = " ".repeat(text.len() - body.len());
        let hang = " ".repeat(hang.min(width / 2));
        // Never at a hyphen: "MLA-C01" and "AI-103" are names.
        let options = textwrap::Options::new(width)
            .initial_indent(&lead)
            .subsequent_indent(&hang)
            .word_splitter(textwrap::WordSplitter::NoHyphenation);
        for part in textwrap::wrap(body, options) {
            writeln!(self.out, "{part}")?;
        }
        Ok(())
    }

    /// Items joined by " · ", packed into lines of the width, an item never split; each line
    /// indented by `indent` columns.
    fn items(&mut self, indent: usize, items: &[String]) -> io::Result<()> {
        let pad = " ".repeat(indent);
        let Some(width) = self.width else {
            return writeln!(self.out, "{pad}{}", items.join(" · "));
        };
        let mut line = String::new();
        for item in items {
            let wide =
                textwrap::core::display_width(&line) + 3 + textwrap::core::display_width(item);
            if !line.is_empty() && indent + wide > width {
                writeln!(self.out, "{pad}{line}")?;
                line.clear();
            }
            if !line.is_empty() {
                line.push_str(" · ");
            }
            line.push_str(item);
        }
        writeln!(self.out, "{pad}{line}")
    }

    fn blank(&mut self) -> io::Result<()> {
        writeln!(self.out)
    }
}

/// Writes the summary. Colors are plain ANSI; the caller's stream strips them when it should.
pub fn write(out: &mut dyn Write, r: &Report<'_>, options: Options) -> io::Result<()> {
    let mut screen = Screen {
        out,
        width: options.width,
    };
    let s = &mut screen;
    let n = r.analyzed;
    let mut head = format!(
        "{BOLD}certfit{BOLD:#} analyzed {BOLD}{n}{BOLD:#} posting{}",
        plural(n)
    );
    if r.folded > 0 {
        head += &format!(
            " {DIM}({} counted once){DIM:#}",
            super::count(r.folded as usize, "duplicate")
        );
    }
    if !r.skipped.is_empty() {
        head += &format!(", {YELLOW}skipped {}{YELLOW:#}:", r.skipped.len());
    }
    s.line(2, &head)?;
    let listed = if options.verbose {
        r.skipped.len()
    } else {
        SKIPS_LISTED
    };
    for skip in r.skipped.iter().take(listed) {
        s.line(
            4,
            &format!("  {YELLOW}{}{YELLOW:#}: {}", skip.source, skip.reason),
        )?;
    }
    if r.skipped.len() > listed {
        s.line(
            4,
            &format!(
                "  {YELLOW}and {} more{YELLOW:#} {DIM}(-v lists every one, as the --json report does){DIM:#}",
                r.skipped.len() - listed
            ),
        )?;
    }
    for repeat in r.repeated {
        let how = if repeat.within {
            format!("in {}, read once", repeat.read_as)
        } else if repeat.read_as == repeat.input {
            "named more than once, read once".to_string()
        } else {
            format!("the same as {}, read once", repeat.read_as)
        };
        s.line(4, &format!("  {DIM}{}: {how}{DIM:#}", repeat.input))?;
    }
    if r.market.other_records > 0 {
        s.line(
            4,
            &format!(
                "  {DIM}{} other web archive records (requests, metadata, pages without a JobPosting){DIM:#}",
                r.market.other_records
            ),
        )?;
    }
    if let Some(note) = r.market.filtered_note() {
        s.line(4, &format!("  {DIM}{note}{DIM:#}"))?;
    }
    if r.market.undated > 0
        && (r.market.filtered.iter().any(|(f, _)| *f == Filtered::Since)
            || r.market.months.len() > 1)
    {
        s.line(
            4,
            &format!(
                "  {DIM}{} without a date (kept){DIM:#}",
                super::count(r.market.undated as usize, "posting")
            ),
        )?;
    }
    if n == 0 {
        return Ok(());
    }

    let v = &r.tables.vendors;
    s.blank()?;
    s.line(2, &format!("{BOLD}Cloud{BOLD:#}"))?;
    let aws = v.aws();
    let azure = v.azure();
    s.line(
        2,
        &format!(
            "  AWS {aws} of {n} ({}) · Azure {azure} of {n} ({}) · both {} · neither {}",
            percent(aws, n),
            percent(azure, n),
            v.both,
            v.neither
        ),
    )?;

    let services = |ai: bool| {
        r.tables
            .skills
            .iter()
            .filter(move |row| {
                row.category != "certification"
                    && row.vendor != GENERAL
                    && row.is_ai_or_data_service() == ai
            })
            .take(options.top)
            .collect::<Vec<&SkillRow>>()
    };
    skill_list(
        s,
        "Most demanded AI and data services",
        &services(true),
        n,
        true,
    )?;
    let general = services(false);
    if !general.is_empty() {
        s.blank()?;
        s.line(
            2,
            &format!("{BOLD}Other cloud services named{BOLD:#} {DIM}(postings){DIM:#}"),
        )?;
        let names: Vec<String> = general
            .iter()
            .take(options.top.div_ceil(2))
            .map(|row| format!("{} ({})", row.skill, row.postings))
            .collect();
        s.items(2, &names)?;
    }
    let concepts: Vec<&SkillRow> = r
        .tables
        .skills
        .iter()
        .filter(|row| row.vendor == GENERAL)
        .take(options.top.div_ceil(2))
        .collect();
    skill_list(s, "Most demanded concepts and tools", &concepts, n, false)?;
    named_certifications(s, r)?;
    ranked_certifications(s, r)?;
    segments(s, r, options.top)?;
    trends(s, r)?;
    recommendation(s, r)?;
    if let Some(gap) = r.gap {
        write_gap(s, gap)?;
    }
    Ok(())
}

/// The segments of `--by`, largest first: postings, cloud split, the answer and its strength,
/// the AI and data services most named.
fn segments(s: &mut Screen<'_>, r: &Report<'_>, top: usize) -> io::Result<()> {
    let (Some(by), segments) = (r.market.by, r.market.segments) else {
        return Ok(());
    };
    s.blank()?;
    s.line(
        2,
        &format!(
            "{BOLD}By {}{BOLD:#} {DIM}(postings, AWS and Azure shares, the answer, the services most named){DIM:#}",
            by.as_str()
        ),
    )?;
    let shown = &segments[..segments.len().min(top)];
    let width = shown
        .iter()
        .map(|seg| seg.label.chars().count())
        .max()
        .unwrap_or(0)
        .clamp(8, s.width.map_or(32, |w| (w / 3).clamp(10, 32)));
    let digits = shown
        .iter()
        .map(|seg| seg.tables.analyzed.to_string().len())
        .max()
        .unwrap_or(1);
    let hang = 2 + width + 2 + digits + 2;
    for seg in shown {
        let t = &seg.tables;
        let n = t.analyzed;
        let aws = t.vendors.aws();
        let azure = t.vendors.azure();
        let answer = seg.answer();
        let services: Vec<&str> = t
            .skills
            .iter()
            .filter(|row| row.is_ai_or_data_service())
            .take(3)
            .map(|row| row.skill.as_str())
            .collect();
        s.line(
            hang,
            &format!(
                "  {:<width$}  {n:>digits$}  AWS {:>4} · Azure {:>4}  {BOLD}{answer}{BOLD:#}  {DIM}{}{DIM:#}",
                fit(&seg.label, width),
                percent(aws, n),
                percent(azure, n),
                services.join(", ")
            ),
        )?;
    }
    if segments.len() > shown.len() {
        s.line(
            4,
            &format!(
                "  {DIM}and {} more (--segments FILE writes every one){DIM:#}",
                segments.len() - shown.len()
            ),
        )?;
    }
    Ok(())
}

/// How demand moved: for the services most named overall and the two clouds, the share of
/// postings in the first and last months with enough postings to say.
fn trends(s: &mut Screen<'_>, r: &Report<'_>) -> io::Result<()> {
    let months: Vec<&Month> = r
        .market
        .months
        .iter()
        .filter(|m| m.postings >= super::MIN_MONTH_POSTINGS)
        .collect();
    let (Some(first), Some(last)) = (months.first(), months.last()) else {
        return Ok(());
    };
    if months.len() < 2 {
        return Ok(());
    }
    s.blank()?;
    s.line(
        2,
        &format!(
            "{BOLD}Demand over time{BOLD:#} {DIM}(share of postings, {} to {}; months of fewer than {} postings left out){DIM:#}",
            month_label(first.month),
            month_label(last.month),
            super::MIN_MONTH_POSTINGS
        ),
    )?;
    let share = |m: &Month, k: u32| f64::from(k) * 100.0 / f64::from(m.postings.max(1));
    let cloud = |m: &Month| (share(m, m.vendors.aws()), share(m, m.vendors.azure()));
    let (a0, z0) = cloud(first);
    let (a1, z1) = cloud(last);
    s.line(
        4,
        &format!("  AWS {a0:.0}% → {a1:.0}% · Azure {z0:.0}% → {z1:.0}%"),
    )?;
    let items: Vec<String> = r
        .tables
        .skills
        .iter()
        .filter(|row| row.is_ai_or_data_service())
        .take(6)
        .filter_map(|row| {
            let skill = r.taxonomy.skill_index(&row.skill_id)?;
            Some(format!(
                "{} {:.0}% → {:.0}%",
                row.skill,
                share(first, first.naming(skill)),
                share(last, last.naming(skill))
            ))
        })
        .collect();
    s.items(2, &items)
}

/// The exams postings name, with a word on the retired ones.
fn named_certifications(s: &mut Screen<'_>, r: &Report<'_>) -> io::Result<()> {
    let n = r.analyzed;
    let named: Vec<_> = r
        .tables
        .skills
        .iter()
        .filter(|s| s.category == "certification")
        .collect();
    if named.is_empty() {
        return Ok(());
    }
    s.blank()?;
    s.line(
        2,
        &format!("{BOLD}Certifications named in postings{BOLD:#}"),
    )?;
    let digits = n.to_string().len();
    for row in named {
        // A retired exam a posting still asks for: say what replaced it.
        let retired =
            r.outcome.certifications.iter().find(|c| {
                c.retired && r.taxonomy.certifications[c.cert].skill_id() == row.skill_id
            });
        let note = retired.map_or(String::new(), |c| {
            let successors = &r.taxonomy.certifications[c.cert].successors;
            if successors.is_empty() {
                format!("  {RED}retired{RED:#}")
            } else {
                format!("  {RED}retired{RED:#}, now {}", successors.join(" and "))
            }
        });
        s.line(
            2 + 2 * digits + 3,
            &format!(
                "  {:>digits$}/{n:<digits$}  {}{note}",
                row.postings, row.skill
            ),
        )?;
    }
    Ok(())
}

/// The certifications by score, with their facts.
fn ranked_certifications(s: &mut Screen<'_>, r: &Report<'_>) -> io::Result<()> {
    let n = r.analyzed;
    let ranked = r.supported_certifications();
    if ranked.is_empty() {
        return Ok(());
    }
    s.blank()?;
    s.line(
        2,
        &format!(
            "{BOLD}Certifications{BOLD:#} {DIM}(score 0-100 with 95% interval: the share of the postings' demand that points to the exam){DIM:#}"
        ),
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
        let interval = c
            .interval
            .map(|(lo, hi)| format!("({lo:.0}-{hi:.0})"))
            .unwrap_or_default();
        // Continuation lines of the name sit under the name; the facts under the code.
        s.line(
            27,
            &format!(
                "  {:>5.1} {DIM}{interval:<9}{DIM:#} {:<8} {}{status}",
                c.score, c.code, c.name
            ),
        )?;
        s.line(
            18,
            &format!(
                "{:18}{DIM}{} · points to it in {} of {n} postings{DIM:#}",
                "",
                facts.join(", "),
                c.support,
            ),
        )?;
    }
    Ok(())
}

/// The answer: the certification, why, how the market divides, the evidence, and the answer per
/// cloud.
fn recommendation(s: &mut Screen<'_>, r: &Report<'_>) -> io::Result<()> {
    s.blank()?;
    let rec = &r.outcome.recommendation;
    if let (Some(code), Some(name)) = (&rec.code, &rec.name) {
        let style = if rec.demand == Demand::Weak {
            YELLOW
        } else {
            GREEN
        };
        s.line(
            2,
            &format!(
                "{style}Recommendation: {code} - {name}{style:#} {DIM}(demand: {}){DIM:#}",
                rec.demand.as_str()
            ),
        )?;
        s.line(2, &format!("  {}", rec.why))?;
        if let Some(split) = &rec.split {
            s.line(
                4,
                &format!("  {YELLOW}The market divides: {split}.{YELLOW:#}"),
            )?;
        }
        if let Some(close) = &rec.close_call {
            let settle = close
                .postings_to_settle
                .map(|m| format!("; about {m} postings in all would settle it"))
                .unwrap_or_default();
            s.line(
                4,
                &format!(
                    "  {YELLOW}Close call with {} ({}, score {:.0}): the postings cannot tell them apart{settle}.{YELLOW:#}",
                    close.code, close.name, close.score
                ),
            )?;
        }
        for (skill, source, snippet) in r.recommendation_evidence(3) {
            s.line(
                4,
                &format!("  {DIM}{skill}: \"{snippet}\" ({source}){DIM:#}"),
            )?;
        }
    } else {
        s.line(
            2,
            &format!("{YELLOW}Recommendation: none{YELLOW:#} {DIM}(demand: none){DIM:#}"),
        )?;
        s.line(2, &format!("  {}", rec.why))?;
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
        s.line(
            4,
            &format!(
                "  {DIM}If you have picked a cloud already:{DIM:#} {}",
                picks.join(" · ")
            ),
        )?;
    }
    for note in &r.outcome.notes {
        s.line(4, &format!("  {DIM}note:{DIM:#} {note}"))?;
    }
    Ok(())
}

fn write_gap(s: &mut Screen<'_>, gap: &crate::recommend::gap::Gap) -> io::Result<()> {
    s.blank()?;
    s.line(
        2,
        &format!(
            "{BOLD}Your gap{BOLD:#} {DIM}(what postings ask for that you lack, by demand x exam weight){DIM:#}"
        ),
    )?;
    if !gap.unknown.is_empty() {
        s.line(
            4,
            &format!(
                "  {YELLOW}not in the taxonomy: {}{YELLOW:#}",
                gap.unknown_line()
            ),
        )?;
    }
    if !gap.have.is_empty() {
        s.line(4, &format!("  you have: {}", gap.have.join(", ")))?;
    }
    if gap.missing.is_empty() {
        return s.line(4, "  nothing: you have every skill these postings ask for");
    }
    let width = gap
        .missing
        .iter()
        .take(10)
        .map(|m| m.skill.chars().count())
        .max()
        .unwrap_or(0)
        .min(s.width.map_or(44, |w| w.saturating_sub(20).clamp(12, 44)));
    for m in gap.missing.iter().take(10) {
        s.line(
            4,
            &format!(
                "  {:<width$} {:>4.0}% of postings",
                fit(&m.skill, width),
                m.share * 100.0
            ),
        )?;
    }
    if let Some(best) = &gap.best {
        s.line(
            4,
            &format!(
                "  {GREEN}{} ({}) closes {:.0}% of this gap.{GREEN:#} Study order:",
                best.code,
                best.name,
                best.closes * 100.0
            ),
        )?;
        for (i, step) in best.study.iter().enumerate() {
            s.line(
                5,
                &format!(
                    "  {}. {} ({:.0}%): {}",
                    i + 1,
                    step.domain,
                    step.weight,
                    step.skills.join(", ")
                ),
            )?;
        }
    }
    Ok(())
}

/// A table of skills: name, vendor (for services), postings, share and a bar. The name column and
/// the bar narrow to fit the width; a name too long for its column ends in "…".
fn skill_list(
    s: &mut Screen<'_>,
    title: &str,
    rows: &[&SkillRow],
    n: u32,
    vendor: bool,
) -> io::Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    s.blank()?;
    s.line(
        2,
        &format!("{BOLD}{title}{BOLD:#} {DIM}(postings naming each){DIM:#}"),
    )?;
    let digits = n.to_string().len();
    let vendor_width = if vendor {
        rows.iter().map(|r| r.vendor.len()).max().unwrap_or(0)
    } else {
        0
    };
    // Everything but the name and the bar: indent, gaps, vendor, k/n, share.
    let fixed = 2 + 2 + if vendor { vendor_width + 2 } else { 0 } + 2 * digits + 1 + 5 + 2;
    let longest = rows
        .iter()
        .map(|r| r.skill.chars().count())
        .max()
        .unwrap_or(0)
        .min(44);
    let (name_width, bar_max) = match s.width {
        None => (longest, 20),
        Some(w) => {
            let room = w.saturating_sub(fixed);
            if room >= longest + 20 {
                (longest, 20)
            } else if room >= longest + 8 {
                (longest, room - longest)
            } else {
                let name = room.saturating_sub(8).clamp(10, longest.max(10));
                (name, room.saturating_sub(name).max(1))
            }
        }
    };
    for row in rows {
        let bar = "#".repeat(((row.share * bar_max as f64).round() as usize).max(1));
        let legacy = if row.legacy > 0 {
            format!(" {DIM}({} by a former name){DIM:#}", row.legacy)
        } else {
            String::new()
        };
        let vendor = if vendor {
            format!("{:<vendor_width$}  ", row.vendor)
        } else {
            String::new()
        };
        s.line(
            4,
            &format!(
                "  {:<name_width$}  {vendor}{:>digits$}/{n:<digits$} {:>4}  {DIM}{bar}{DIM:#}{legacy}",
                fit(&row.skill, name_width),
                row.postings,
                percent(row.postings, n),
            ),
        )?;
    }
    Ok(())
}

/// A name cut to `width` characters, ending in "…" when cut.
fn fit(name: &str, width: usize) -> String {
    if name.chars().count() <= width {
        return name.to_string();
    }
    let mut cut: String = name.chars().take(width.saturating_sub(1)).collect();
    cut.truncate(cut.trim_end().len());
    cut.push('…');
    cut
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

#[cfg(test)]
mod tests {
    use super::*;

    fn wrapped(width: usize, hang: usize, text: &str) -> String {
        let mut out = Vec::new();
        Screen {
            out: &mut out,
            width: Some(width),
        }
        .line(hang, text)
        .unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn issue_17_lines_wrap_at_word_boundaries_with_their_hanging_indent() {
        let text = "  5 of 9 postings ask for AWS cloud AI or data services, and the work points to MLA-C01: train, deploy and monitor ML models on SageMaker.";
        for width in [60, 120] {
            let out = wrapped(width, 4, text);
            for line in out.lines() {
                assert!(line.chars().count() <= width, "{line:?} over {width}");
            }
            let words: Vec<&str> = out.split_whitespace().collect();
            assert_eq!(words, text.split_whitespace().collect::<Vec<_>>());
        }
        let out = wrapped(60, 4, text);
        assert!(out.starts_with("  5 of 9"));
        assert!(
            out.lines()
                .skip(1)
                .all(|l| l.starts_with("    ") && !l.starts_with("     "))
        );
    }

    #[test]
    fn issue_17_styles_take_no_width() {
        let styled = format!("  {DIM}{}{DIM:#}", "word ".repeat(11).trim_end());
        // 2 + 54 visible columns: fits 60 whatever the escapes add.
        assert_eq!(wrapped(60, 4, &styled).lines().count(), 1);
    }

    #[test]
    fn issue_17_names_too_long_for_their_column_end_in_an_ellipsis() {
        assert_eq!(fit("Azure OpenAI", 20), "Azure OpenAI");
        assert_eq!(
            fit("Retrieval-augmented generation (RAG)", 16),
            "Retrieval-augme…"
        );
        assert_eq!(fit("Amazon SageMaker AI", 8), "Amazon…");
    }
}
