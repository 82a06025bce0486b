//! What `validate` refuses in a single value, said again in JSON Schema where JSON Schema can say
//! it, so that the editor underlines it as it is typed. The rules that need more than the value
//! (a count within its total, a rating on its KPI's scale, a timeline within its plan) stay
//! `validate`'s alone. `tests/schema.rs` holds each limit to the rule that refuses it.

use serde_json::{Value, json};

/// The keywords added to a key's schema: `(record, key)` as the readers name them.
pub(super) fn limit(record: &str, key: &str) -> Option<Value> {
    let whole_counts = json!({ "additionalProperties": { "minimum": 0 } });
    Some(match (record, key) {
        // Programme numbers start at 1 (the programme reader).
        ("programme", "number") => json!({ "minimum": 1 }),
        ("programme", "timeline") => json!({ "pattern": timeline_pattern() }),
        // `negative-amount`.
        ("budget", "amount" | "local_amount") => json!({ "minimum": 0 }),
        // `answer-out-of-range`.
        ("KPI answer", "percent") => json!({ "minimum": 0, "maximum": 100 }),
        ("KPI answer", "count" | "total") => json!({ "minimum": 0 }),
        ("KPI answer", "levels" | "per_year") => whole_counts,
        ("survey result", "rate") => json!({ "minimum": 0 }),
        _ => return None,
    })
}

/// `extra`'s keywords added to `out`, objects merged keyword by keyword.
pub(super) fn merge(out: &mut Value, extra: Value) {
    match (out, extra) {
        (Value::Object(out), Value::Object(extra)) => {
            for (key, value) in extra {
                match out.get_mut(&key) {
                    Some(existing) if existing.is_object() && value.is_object() => {
                        merge(existing, value);
                    }
                    _ => {
                        out.insert(key, value);
                    }
                }
            }
        }
        (out, extra) => *out = extra,
    }
}

/// The timelines `Timeline::parse` reads, as a pattern: a year (2022), a range (2022-2023, with
/// a hyphen or an en dash), a quarter (Q4 2022), a month (January 2022, Jan 2022), Annual(ly),
/// Biennial(ly), TBC; words in any case, spaces around them allowed. A range that ends before
/// it starts fits the pattern and is `validate`'s to refuse.
pub fn timeline_pattern() -> String {
    let any_case = |word: &str| -> String {
        word.chars()
            .map(|c| match c {
                'a'..='z' | 'A'..='Z' => {
                    format!("[{}{}]", c.to_ascii_uppercase(), c.to_ascii_lowercase())
                }
                ' ' => " ".to_string(),
                other => other.to_string(),
            })
            .collect()
    };
    let words = [
        "annual",
        "annually",
        "every year",
        "yearly",
        "biennial",
        "biennially",
        "every two years",
        "tbc",
        "tbd",
        "to be confirmed",
        "to be determined",
    ];
    let mut months: Vec<String> = Vec::new();
    for month in crate::model::timeline::MONTHS {
        months.push(any_case(month));
        months.push(any_case(&month[..3]));
    }
    let year = "[0-9]{4}";
    let alternatives = [
        words
            .iter()
            .map(|w| any_case(w))
            .collect::<Vec<_>>()
            .join("|"),
        year.to_string(),
        format!("{year}\\s*[-\u{2013}]\\s*{year}"),
        format!("[Qq]\\+?0*[1-4] +\\s*{year}"),
        format!("({}) +\\s*{year}", months.join("|")),
    ];
    format!("^\\s*({})\\s*$", alternatives.join("|"))
}
