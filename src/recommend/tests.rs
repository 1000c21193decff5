//! Scoring on hand-built tables: lifecycle, close calls, intervals.

use super::*;
use crate::aggregate::Aggregator;
use crate::extract::Section;
use crate::matcher::Found;

fn found(t: &Taxonomy, id: &str, section: Section) -> Found {
    Found {
        skill: t.skill_index(id).unwrap_or_else(|| panic!("no skill {id}")),
        mentions: 1,
        first: 0,
        evidence: String::new(),
        section,
        legacy: false,
        implied: false,
    }
}

fn tables(t: &Taxonomy, postings: &[&[&str]]) -> Tables {
    let mut agg = Aggregator::new(t);
    for ids in postings {
        let f: Vec<Found> = ids
            .iter()
            .map(|id| found(t, id, Section::Requirements))
            .collect();
        agg.push(&f).unwrap();
    }
    agg.finish().unwrap()
}

#[test]
fn wilson_matches_known_values() {
    let (lo, hi) = wilson(7, 10);
    assert!(
        (lo - 0.3968).abs() < 1e-3 && (hi - 0.8922).abs() < 1e-3,
        "{lo} {hi}"
    );
    assert_eq!(wilson(0, 0), (0.0, 1.0));
    let (lo, hi) = wilson(0, 5);
    assert!(lo == 0.0 && hi > 0.4);
}

#[test]
fn a_retired_exams_market_goes_to_its_successors() {
    let t = Taxonomy::embedded().unwrap();
    // Every posting names the retired Machine Learning Specialty and asks for SageMaker.
    let tables = tables(
        &t,
        &[
            &["cert.mls-c01", "aws.sagemaker"],
            &["cert.mls-c01", "aws.sagemaker", "aws.glue"],
        ],
    );
    let out = recommend(&t, &tables, "2026-11-23");
    let rec = out.recommendation.expect("a recommendation");
    assert_ne!(rec.code, "MLS-C01");
    let mls = t.certification("MLS-C01").unwrap();
    assert!(
        mls.successors.contains(&rec.code),
        "{} is not a successor of MLS-C01",
        rec.code
    );
    let retired = out
        .certifications
        .iter()
        .find(|c| c.code == "MLS-C01")
        .unwrap();
    assert!(retired.retired);
    assert!(
        out.notes
            .iter()
            .any(|n| n.contains("MLS-C01") && n.contains("retired")),
        "{:?}",
        out.notes
    );
    let successor = out
        .certifications
        .iter()
        .find(|c| c.code == rec.code)
        .unwrap();
    assert_eq!(
        successor.named, 2,
        "postings naming the retired exam count for its successor"
    );
}

#[test]
fn a_split_market_is_a_close_call_and_a_clear_one_is_not() {
    let t = Taxonomy::embedded().unwrap();
    let split = tables(
        &t,
        &[
            &["aws.sagemaker"],
            &["azure.machine-learning"],
            &["aws.sagemaker"],
            &["azure.machine-learning"],
        ],
    );
    let out = recommend(&t, &split, "2026-11-23");
    let rec = out.recommendation.unwrap();
    let close = rec.close_call.expect("a close call");
    assert_ne!(close.code, rec.code);

    let aws: Vec<&[&str]> = vec![&["aws.sagemaker", "aws.glue", "aws.s3"]; 30];
    let clear = tables(&t, &aws);
    let out = recommend(&t, &clear, "2026-11-23");
    let rec = out.recommendation.unwrap();
    assert_eq!(t.certification(&rec.code).unwrap().vendor, "aws");
    let best = &out.certifications[0];
    assert!(best.interval.0 <= best.score && best.score <= best.interval.1);
}

#[test]
fn concepts_alone_recommend_nothing() {
    let t = Taxonomy::embedded().unwrap();
    let tables = tables(&t, &[&["concept.rag"], &["concept.mlops"]]);
    let out = recommend(&t, &tables, "2026-11-23");
    assert!(out.recommendation.is_none());
}
