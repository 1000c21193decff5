//! Where job boards keep a posting in their answers, beyond one description field found by name:
//! the object inside a single-posting answer, descriptions split into named sections, and further
//! parts (requirements, qualifications, responsibilities) in fields of their own. The part that
//! names the skills is often one of those, so none is dropped.

use serde_json::{Map, Value};

/// The posting object inside a board's single-posting answer: Recruitee's `{"offer": {...}}`,
/// BambooHR's `{"result": {"jobOpening": {...}}}`.
pub fn inner(map: &Map<String, Value>) -> Option<&Map<String, Value>> {
    map.get("offer")
        .or_else(|| map.get("result")?.get("jobOpening"))
        .and_then(Value::as_object)
}

/// A description kept as named sections, in reading order, with their headings: SmartRecruiters'
/// `jobAd.sections.{companyDescription,jobDescription,qualifications,additionalInformation}`, and
/// Rippling's `description.{role,company}`.
pub fn sections(o: &Map<String, Value>) -> Option<Vec<(String, &Value)>> {
    if let Some(sections) = o
        .get("jobAd")
        .and_then(|j| j.get("sections"))
        .and_then(Value::as_object)
    {
        let order = [
            "jobDescription",
            "qualifications",
            "additionalInformation",
            "companyDescription",
        ];
        return Some(
            order
                .iter()
                .filter_map(|k| sections.get(*k))
                .filter_map(|s| {
                    let heading = s.get("title").and_then(Value::as_str).unwrap_or_default();
                    Some((heading.to_string(), s.get("text")?))
                })
                .collect(),
        );
    }
    let description = o.get("description")?.as_object()?;
    (description.contains_key("role") || description.contains_key("company")).then(|| {
        [("role", ""), ("company", "About the company")]
            .iter()
            .filter_map(|(k, heading)| Some(((*heading).to_string(), description.get(*k)?)))
            .collect()
    })
}

/// Further parts of a description in fields of their own, with the heading each goes under:
/// Recruitee's and Workable's `requirements`, Pinpoint's `key_responsibilities` and
/// `skills_knowledge_expertise` (headings in `*_header`), Oracle's `External*Str`.
pub fn parts(o: &Map<String, Value>) -> Vec<(String, &Value)> {
    const PARTS: &[(&str, &str)] = &[
        ("ExternalResponsibilitiesStr", "Responsibilities"),
        ("ExternalQualificationsStr", "Qualifications"),
        ("key_responsibilities", "Responsibilities"),
        (
            "skills_knowledge_expertise",
            "Skills, knowledge and expertise",
        ),
        ("requirements", "Requirements"),
        ("qualifications", "Qualifications"),
        ("benefits", "Benefits"),
    ];
    PARTS
        .iter()
        .filter_map(|(field, heading)| {
            let value = o.get(*field)?;
            let text = value.as_str()?;
            if text.trim().is_empty() {
                return None;
            }
            let heading = o
                .get(&format!("{field}_header"))
                .and_then(Value::as_str)
                .filter(|h| !h.trim().is_empty())
                .unwrap_or(heading);
            Some((heading.to_string(), value))
        })
        .collect()
}

/// Where a board keeps the place: SmartRecruiters' `location.fullLocation`, Workable's
/// `location.display`, Pinpoint's `location.{city,province}`, BambooHR's `atsLocation`, Rippling's
/// `workLocations`, Oracle's `PrimaryLocation`.
pub fn location(o: &Map<String, Value>) -> Option<String> {
    let joined = |v: &Value, keys: &[&str]| {
        let parts: Vec<&str> = keys
            .iter()
            .filter_map(|k| v.get(*k)?.as_str())
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        (!parts.is_empty()).then(|| parts.join(", "))
    };
    if let Some(l) = o.get("location").filter(|l| l.is_object()) {
        if let Some(s) = joined(l, &["fullLocation"])
            .or_else(|| joined(l, &["display"]))
            .or_else(|| joined(l, &["city", "province", "region", "state", "country"]))
            .or_else(|| joined(l, &["name"]))
        {
            return Some(s);
        }
    }
    if let Some(l) = o.get("atsLocation") {
        if let Some(s) = joined(l, &["city", "state", "province", "country"]) {
            return Some(s);
        }
    }
    if let Some(Value::Array(places)) = o.get("workLocations") {
        let places: Vec<&str> = places.iter().filter_map(Value::as_str).collect();
        if !places.is_empty() {
            return Some(places.join("; "));
        }
    }
    o.get("PrimaryLocation")
        .and_then(Value::as_str)
        .map(str::to_string)
}
