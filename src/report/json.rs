//! The machine-readable report (`--json`).

use std::io::{self, Write};

use serde_json::{Value, json};

use super::Report;

/// The report as a JSON value; field names are stable.
#[must_use]
pub fn to_value(r: &Report<'_>) -> Value {
    let t = r.tables;
    let skills: Vec<Value> = t
        .skills
        .iter()
        .map(|s| {
            let status = r.taxonomy.skill(&s.skill_id).map(|k| k.status.as_str());
            json!({
                "skill_id": s.skill_id,
                "skill": s.skill,
                "vendor": s.vendor,
                "category": s.category,
                "postings": s.postings,
                "share": round4(s.share),
                "mentions": s.mentions,
                "certifications": s.certifications,
                "required": s.required,
                "preferred": s.preferred,
                "legacy_name": s.legacy,
                "status": status,
            })
        })
        .collect();
    let certifications: Vec<Value> = r
        .outcome
        .certifications
        .iter()
        .map(|c| {
            let cert = &r.taxonomy.certifications[c.cert];
            json!({
                "code": c.code,
                "name": c.name,
                "vendor": c.vendor,
                "level": c.level.as_str(),
                "status": c.status,
                "retires_on": cert.retires_on,
                "successors": cert.successors,
                "score": round1(c.score),
                "score_interval": c.interval.map(|(lo, hi)| [round1(lo), round1(hi)]),
                "support": c.support,
                "support_share": round4(c.support_share),
                "support_interval": [round4(c.support_interval.0), round4(c.support_interval.1)],
                "named": c.named,
                "leads": c.leads,
                "cost_usd": cert.cost_usd,
                "minutes": cert.minutes,
                "questions": cert.questions,
                "passing_score": cert.passing_score,
                "domains": c.domains.iter().map(|d| json!({
                    "name": d.name,
                    "weight": d.weight,
                    "share": round4(d.share),
                    "demand": round4(d.demand),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let rec = &r.outcome.recommendation;
    let by_vendor: serde_json::Map<String, Value> = rec
        .by_vendor
        .iter()
        .map(|v| (v.vendor.clone(), json!(v.code)))
        .collect();
    let recommendation = json!({
        "demand": rec.demand.as_str(),
        "code": rec.code,
        "name": rec.name,
        "why": rec.why,
        "asking": rec.asking,
        "demand_share": round4(rec.demand_share),
        "levels": rec.levels,
        "split": rec.split,
        "by_vendor": by_vendor,
        "vendors": rec.by_vendor.iter().map(|v| json!({
            "vendor": v.vendor,
            "code": v.code,
            "score": round1(v.score),
            "postings": v.postings,
        })).collect::<Vec<_>>(),
        "close_call": rec.close_call.as_ref().map(|c| json!({
            "code": c.code,
            "name": c.name,
            "score": round1(c.score),
            "postings_to_settle": c.postings_to_settle,
        })),
        "evidence": r.recommendation_evidence(8).iter().map(|(skill, source, snippet)| json!({
            "skill": skill, "source": source, "snippet": snippet,
        })).collect::<Vec<_>>(),
    });
    let gap = r.gap.map(|g| {
        json!({
            "have": g.have,
            "unknown": g.unknown,
            "suggestions": g.suggestions.iter().map(|(term, skill)| json!({
                "term": term,
                "skill": skill,
            })).collect::<Vec<_>>(),
            "missing": g.missing.iter().map(|m| json!({
                "skill_id": m.skill_id,
                "skill": m.skill,
                "vendor": m.vendor,
                "share": round4(m.share),
                "priority": round4(m.priority),
            })).collect::<Vec<_>>(),
            "best": g.best.as_ref().map(|b| json!({
                "code": b.code,
                "name": b.name,
                "closes": round4(b.closes),
                "study": b.study.iter().map(|s| json!({
                    "domain": s.domain, "weight": s.weight, "skills": s.skills,
                })).collect::<Vec<_>>(),
            })),
        })
    });
    json!({
        "certfit": env!("CARGO_PKG_VERSION"),
        "postings": {
            "analyzed": r.analyzed,
            "duplicates_folded": r.folded,
            "skipped": r.skipped.iter().map(|s| json!({"source": s.source, "reason": s.reason.to_string()})).collect::<Vec<_>>(),
            "repeated_inputs": r.repeated.iter().map(|x| json!({"input": x.input, "read_as": x.read_as, "within": x.within})).collect::<Vec<_>>(),
            "filtered": {
                "total": r.market.filtered_total(),
                "by_filter": r.market.filtered.iter().map(|(f, n)| (f.flag().trim_start_matches('-').to_string(), json!(n))).collect::<serde_json::Map<_, _>>(),
            },
            "undated": r.market.undated,
            "other_records": r.market.other_records,
        },
        "vendors": {
            "aws_only": t.vendors.aws_only,
            "azure_only": t.vendors.azure_only,
            "both": t.vendors.both,
            "neither": t.vendors.neither,
        },
        "skills": skills,
        "certifications": certifications,
        "recommendation": recommendation,
        "gap": gap,
        "notes": r.outcome.notes,
        "segments": segments(r),
        "trends": trends(r),
    })
}

/// The segments of `--by`, or null.
fn segments(r: &Report<'_>) -> Value {
    let Some(by) = r.market.by else {
        return Value::Null;
    };
    let rows: Vec<Value> = r
        .market
        .segments
        .iter()
        .map(|seg| {
            let t = &seg.tables;
            let n = f64::from(t.analyzed.max(1));
            let rec = &seg.outcome.recommendation;
            json!({
                "segment": seg.label,
                "postings": t.analyzed,
                "vendors": {
                    "aws_only": t.vendors.aws_only,
                    "azure_only": t.vendors.azure_only,
                    "both": t.vendors.both,
                    "neither": t.vendors.neither,
                },
                "aws_share": round4(f64::from(t.vendors.aws()) / n),
                "azure_share": round4(f64::from(t.vendors.azure()) / n),
                "top_skills": t.skills.iter().filter(|s| s.category != "certification").take(5).map(|s| json!({
                    "skill_id": s.skill_id,
                    "postings": s.postings,
                    "share": round4(s.share),
                })).collect::<Vec<_>>(),
                "recommendation": {
                    "demand": rec.demand.as_str(),
                    "code": rec.code,
                    "why": rec.why,
                },
                "certifications": seg.outcome.certifications.iter().filter(|c| c.support > 0).take(5).map(|c| json!({
                    "code": c.code,
                    "score": round1(c.score),
                    "support": c.support,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({ "by": by.as_str(), "rows": rows })
}

/// Demand month by month over dated postings.
fn trends(r: &Report<'_>) -> Value {
    let followed = r.trend_skills(super::csv::TREND_SKILLS);
    let months: Vec<Value> = r
        .market
        .months
        .iter()
        .map(|m| {
            let n = f64::from(m.postings.max(1));
            let v = &m.vendors;
            let skills: serde_json::Map<String, Value> = followed
                .iter()
                .map(|(skill, id)| {
                    let k = m.naming(*skill);
                    (id.clone(), json!(round4(f64::from(k) / n)))
                })
                .collect();
            json!({
                "month": crate::reading::facets::month_label(m.month),
                "postings": m.postings,
                "sparse": m.postings < super::MIN_MONTH_POSTINGS,
                "aws_share": round4(f64::from(v.aws()) / n),
                "azure_share": round4(f64::from(v.azure()) / n),
                "both_share": round4(f64::from(v.both) / n),
                "skills": skills,
            })
        })
        .collect();
    json!({
        "min_postings": super::MIN_MONTH_POSTINGS,
        "undated": r.market.undated,
        "months": months,
    })
}

/// The whole report as JSON (`--json`).
pub struct Json;

impl super::Writer for Json {
    fn write(&self, out: &mut dyn Write, report: &Report<'_>) -> io::Result<()> {
        write(out, report)
    }
}

/// Writes the report as pretty JSON with a final newline.
fn write(out: &mut dyn Write, r: &Report<'_>) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &to_value(r))?;
    out.write_all(b"\n")
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}
