//! The KPI return template: the return's header with its keys filled in, then one answer block
//! per KPI of the plan, commented out so that an untouched template is valid and says nothing.
//!
//! Every TOML value and key is written by `toml_edit`, which quotes and escapes it; an answer
//! block is a `toml_edit` document rendered and then commented out line by line. Text from the
//! data that becomes a comment (KPI titles, questions) is split on its line breaks, every line
//! is commented, and control characters are escaped: a title holding `"\n[return]\nx = 1` stays
//! a comment.

use std::fmt;
use std::ops::RangeInclusive;

use toml_edit::{Array, ArrayOfTables, DocumentMut, InlineTable, Item, Key, Table, Value, value};

use crate::escape::terminal_safe;
use crate::model::{AnswerKind, Dataset, Kpi, Plan};

/// A year the plan does not report on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YearOutsidePlan {
    pub year: i64,
    pub plan: String,
    pub years: RangeInclusive<i64>,
}

impl fmt::Display for YearOutsidePlan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} lies outside the reporting years of `{}` ({}-{})",
            self.year,
            self.plan,
            self.years.start(),
            self.years.end()
        )
    }
}

impl std::error::Error for YearOutsidePlan {}

/// The return template of `country` (an AMS id) for `year` under `plan`: every KPI of the plan
/// with its questions, ready to fill in.
pub fn return_template(
    data: &Dataset,
    plan: &Plan,
    country: &str,
    year: i64,
) -> Result<String, YearOutsidePlan> {
    let years = plan.reporting_years();
    if !years.contains(&year) {
        return Err(YearOutsidePlan {
            year,
            plan: plan.id.value.to_string(),
            years,
        });
    }
    let ams: Vec<&str> = data.ams_by_name().into_iter().map(|(id, _)| id).collect();
    let mut out = header(&plan.id.value, country, year, round(plan, year));
    for kpi in data.kpis.iter().filter(|k| k.plan.value == plan.id.value) {
        out.push('\n');
        out.push_str(&answer_block(kpi, &ams));
    }
    Ok(out)
}

/// The round a year is reported in: the plan's baseline year, its target year, or another.
fn round(plan: &Plan, year: i64) -> &'static str {
    if Some(year) == plan.baseline_year.as_ref().map(|y| y.value) {
        "baseline"
    } else if Some(year) == plan.target_year.as_ref().map(|y| y.value) {
        "target"
    } else {
        "annual"
    }
}

/// Every line of `text` as a comment line: split on line breaks, control characters escaped.
fn comment(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let line = terminal_safe(line);
        if line.is_empty() {
            out.push_str("#\n");
        } else {
            out.push_str("# ");
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

/// The live part: what the return is, with the keys every return needs filled in, and the
/// optional keys commented out.
fn header(plan: &str, country: &str, year: i64, round: &str) -> String {
    let mut out = comment(&format!("KPI return of {country} for {year}, {plan}."));
    out.push_str(
        "# Fill in the answers you have and delete the blocks you cannot answer; run `accsm validate`.\n\
         # The M&E framework tracks each AMS's own progress against its baseline; it does not compare AMS.\n\n",
    );
    let mut table = Table::new();
    table.insert("plan", value(plan));
    table.insert("country", value(country));
    table.insert("year", value(year));
    table.insert(
        "round",
        commented(Value::from(round), "baseline, mid-term, annual or target"),
    );
    let mut doc = DocumentMut::new();
    doc.insert("return", Item::Table(table));
    out.push_str(&doc.to_string());
    out.push_str(&format!(
        "# submitted = {year}-12-31\n\
         # focal_point = \"\"\n\
         # data_source = \"\"\n\
         # definitions = \"\"  # national definitions of the terms used\n\
         # narrative = \"\"  # qualitative information that complements the figures\n"
    ));
    out
}

/// A value with a comment after it on its line.
fn commented(mut v: Value, note: &str) -> Item {
    v.decor_mut().set_suffix(format!("  # {note}"));
    Item::Value(v)
}

/// `{ key = 0, … }` for each of `keys`, quoted by `toml_edit` where a key needs it.
fn zeros<'a>(keys: impl IntoIterator<Item = &'a str>) -> Value {
    let mut t = InlineTable::new();
    for k in keys {
        t.insert(k, Value::from(0));
    }
    Value::InlineTable(t)
}

/// One KPI: its id and title, its questions, then its answer table commented out.
fn answer_block(kpi: &Kpi, ams: &[&str]) -> String {
    let mut out = comment(&format!("[{}] {}", kpi.id.value, kpi.title.value));
    for q in &kpi.questions {
        out.push_str(&comment(&format!("Q: {}", q.value)));
    }
    let mut answers = Table::new();
    answers.set_implicit(true);
    answers.insert(&kpi.id.value, Item::Table(answer_table(kpi, ams)));
    let mut ret = Table::new();
    ret.set_implicit(true);
    ret.insert("answers", Item::Table(answers));
    let mut doc = DocumentMut::new();
    doc.insert("return", Item::Table(ret));
    // Answer blocks stay commented out until filled in, so an untouched template is valid.
    for line in doc.to_string().lines() {
        out.push_str(if line.is_empty() { "#" } else { "# " });
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// The keys of a KPI's answer, each at its empty value, as the answer form asks them.
fn answer_table(kpi: &Kpi, ams: &[&str]) -> Table {
    let mut t = Table::new();
    match kpi.answer.value {
        AnswerKind::YesNo if kpi.questions.len() > 1 => {
            let answers: Array = kpi.questions.iter().map(|_| false).collect();
            t.insert(
                "yes",
                commented(Value::Array(answers), "one true/false per question"),
            );
        }
        AnswerKind::YesNo => {
            t.insert("yes", value(false));
        }
        AnswerKind::Count | AnswerKind::Percentage => {
            if kpi.levels.is_empty() {
                t.insert("count", value(0));
            } else {
                t.insert(
                    "levels",
                    Item::Value(zeros(kpi.levels.iter().map(|l| l.value.as_str()))),
                );
            }
            if kpi.asks_total {
                t.insert(
                    "total",
                    commented(Value::from(0), "the total, so a percentage can be derived"),
                );
            }
            if kpi.asks_names {
                t.insert(
                    "names",
                    commented(Value::Array(Array::new()), "the names of what is counted"),
                );
            }
        }
        AnswerKind::Rating => {
            let periods = || zeros(kpi.periods.iter().map(|p| p.value.as_str()));
            t.insert("ratings", commented(periods(), "level 1 evaluation, 1-5"));
            t.insert(
                "impact_ratings",
                commented(periods(), "impact evaluation, 1-5"),
            );
        }
        AnswerKind::CountPerYear => {
            let years: Vec<String> = kpi.years.iter().map(|y| y.value.to_string()).collect();
            t.insert(
                "per_year",
                Item::Value(zeros(years.iter().map(String::as_str))),
            );
        }
        AnswerKind::Participants => {
            let mut project = Table::new();
            project.insert("title", value(""));
            for key in ["total", "female", "male"] {
                project.insert(key, value(0));
            }
            project.insert("by_country", Item::Value(zeros(ams.iter().copied())));
            let mut projects = ArrayOfTables::new();
            projects.push(project);
            t.insert("projects", Item::ArrayOfTables(projects));
        }
        AnswerKind::Survey => {
            t.insert("internal", Item::Value(survey()));
        }
    }
    let mut narrative = Key::new("narrative");
    if kpi.answer.value == AnswerKind::Survey {
        // Optional, so commented out even once the block is filled in.
        narrative
            .leaf_decor_mut()
            .set_prefix(format!("# third_party = {}\n", survey()));
    }
    t.insert_formatted(&narrative, value(""));
    t
}

/// An empty survey answer: `{ rate = 0.0, title = "", year = 0, indicators = [], scale = "" }`.
fn survey() -> Value {
    let mut s = InlineTable::new();
    s.insert("rate", Value::from(0.0));
    s.insert("title", Value::from(""));
    s.insert("year", Value::from(0));
    s.insert("indicators", Value::Array(Array::new()));
    s.insert("scale", Value::from(""));
    Value::InlineTable(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_cover_every_line_and_escape_control_characters() {
        assert_eq!(comment("one"), "# one\n");
        assert_eq!(
            comment("t\"\n[return]\r\nx = 1\n\nend\u{1b}[2J\rz"),
            "# t\"\n# [return]\n# x = 1\n#\n# end\\u{1b}[2J\\u{d}z\n"
        );
    }

    #[test]
    fn the_header_quotes_what_it_is_given() {
        let text = header("p\"\n[x]", "IDN\nevil = 1", 2023, "annual");
        let parsed: toml::Table = toml::from_str(&text).unwrap_or_default();
        assert_eq!(parsed.keys().collect::<Vec<_>>(), ["return"]);
        let ret = parsed["return"].as_table().cloned().unwrap_or_default();
        // `toml::Table` keeps its keys sorted.
        assert_eq!(
            ret.keys().collect::<Vec<_>>(),
            ["country", "plan", "round", "year"]
        );
        assert_eq!(ret["country"].as_str(), Some("IDN\nevil = 1"));
        assert!(text.starts_with("# KPI return of IDN\n# evil = 1 for 2023, p\"\n# [x].\n"));
    }
}
