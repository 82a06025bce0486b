//! The KPI return template: the return's header with its keys filled in, then one answer table
//! per KPI of the plan with every answer line commented out, so that an untouched template is
//! valid and answers nothing, and a line uncommented lands in its KPI's table.
//!
//! Every TOML value and key is written by `toml_edit`, which quotes and escapes it; an answer
//! block is a `toml_edit` document rendered and then commented out line by line, but for the
//! answer table's header. Text from the
//! data that becomes a comment (KPI titles, questions) is split on its line breaks, every line
//! is commented, and control characters are escaped: a title holding `"\n[return]\nx = 1` stays
//! a comment.

use std::fmt;
use std::ops::RangeInclusive;

use toml_edit::{Array, ArrayOfTables, DocumentMut, InlineTable, Item, Table, Value, value};

use crate::dates::period_start;
use crate::escape::terminal_safe;
use crate::model::{AnswerKind, Dataset, Kpi, Plan, SCALE_FORMS};

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
    let ams: Vec<&str> = data.ams_of(plan).into_iter().map(|(id, _)| id).collect();
    let mut out = header(&plan.id.value, country, year, round(plan, year));
    let asked = Asked { plan, year };
    for kpi in data.kpis.iter().filter(|k| k.plan.value == plan.id.value) {
        out.push('\n');
        out.push_str(&answer_block(kpi, &ams, asked));
    }
    Ok(out)
}

/// The plan and the year a template is for: what its questions may ask about.
#[derive(Clone, Copy)]
pub(super) struct Asked<'a> {
    pub(super) plan: &'a Plan,
    pub(super) year: i64,
}

impl Asked<'_> {
    /// The years a per-year count is asked for: the return's own year, and in the baseline
    /// year's return the years the template asks about before it (2020 in the 2021 return).
    pub(super) fn per_year(&self, kpi: &Kpi) -> Vec<i64> {
        let baseline = self.plan.baseline_year.as_ref().map(|y| y.value);
        let first_return = Some(self.year) == baseline;
        let reported = self.plan.reporting_years();
        kpi.years
            .iter()
            .map(|y| y.value)
            .filter(|&y| y == self.year || (first_return && y < self.year))
            .filter(|y| reported.contains(y))
            .collect()
    }

    /// The year before the return's, if the KPI asks about it: the one a revision would most
    /// often correct.
    pub(super) fn revisable(&self, kpi: &Kpi) -> Option<i64> {
        let before = self.year.checked_sub(1)?;
        let asked = kpi.years.iter().any(|y| y.value == before);
        (asked && self.plan.reporting_years().contains(&before)).then_some(before)
    }

    /// The periods rated that have begun by the return's year.
    pub(super) fn periods<'k>(&self, kpi: &'k Kpi) -> Vec<&'k str> {
        kpi.periods
            .iter()
            .map(|p| p.value.as_str())
            .filter(|p| period_start(p).is_none_or(|s| s <= self.year))
            .collect()
    }
}

/// The round a year is reported in: the plan's baseline year, its target year, or another.
pub(super) fn round(plan: &Plan, year: i64) -> &'static str {
    if Some(year) == plan.baseline_year.as_ref().map(|y| y.value) {
        "baseline"
    } else if Some(year) == plan.target_year.as_ref().map(|y| y.value) {
        "target"
    } else {
        "annual"
    }
}

/// Every line of `text` as a comment line: split on line breaks, control characters escaped.
pub(super) fn comment(text: &str) -> String {
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

/// How to fill in the template, at its top.
pub const HOW_TO_FILL_IN: &str = "\
# Under each KPI, an answer line counts once you remove the \"# \" at its start and write your
# figure over the placeholder (0, false, \"\"). A line left as it is stays unanswered: never
# leave a placeholder as an answer. Then run `accsm validate`.
# The M&E framework tracks each AMS's own progress against its baseline; it does not compare AMS.
";

/// The live part: what the return is, with the keys every return needs filled in, and the
/// optional keys commented out.
fn header(plan: &str, country: &str, year: i64, round: &str) -> String {
    let mut out = comment(&format!("KPI return of {country} for {year}, {plan}."));
    out.push_str(HOW_TO_FILL_IN);
    out.push('\n');
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
         # definitions = \"\"  # national definitions of the terms used (guideline v)\n\
         # narrative = \"\"  # qualitative information that complements the figures (guideline vi)\n"
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

/// One KPI: its id and title, its questions, then its answer table, live, with every answer
/// line in it commented out: an untouched block answers nothing, and a line uncommented lands
/// in the KPI's own table.
fn answer_block(kpi: &Kpi, ams: &[&str], asked: Asked<'_>) -> String {
    let mut out = comment(&format!("[{}] {}", kpi.id.value, kpi.title.value));
    for q in &kpi.questions {
        out.push_str(&comment(&format!("Q: {}", q.value)));
    }
    let mut answers = Table::new();
    answers.set_implicit(true);
    answers.insert(&kpi.id.value, Item::Table(answer_table(kpi, ams, asked)));
    let mut ret = Table::new();
    ret.set_implicit(true);
    ret.insert("answers", Item::Table(answers));
    let mut doc = DocumentMut::new();
    doc.insert("return", Item::Table(ret));
    let rendered = doc.to_string();
    let mut lines = rendered.lines();
    // The first line is the answer table's header (`[return]` and `[return.answers]` are
    // implicit): it stays live.
    if let Some(table_header) = lines.next() {
        out.push_str(table_header);
        out.push('\n');
    }
    for line in lines {
        out.push_str(if line.is_empty() { "#" } else { "# " });
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// The keys of a KPI's answer, each at its placeholder, as the answer form asks them.
fn answer_table(kpi: &Kpi, ams: &[&str], asked: Asked<'_>) -> Table {
    let mut t = Table::new();
    match kpi.answer.value {
        AnswerKind::YesNo if kpi.questions.len() > 1 => {
            let answers: Array = kpi.questions.iter().map(|_| false).collect();
            t.insert(
                "yes",
                commented(
                    Value::Array(answers),
                    "one true (yes) or false (no) per question, in order",
                ),
            );
        }
        AnswerKind::YesNo => {
            t.insert(
                "yes",
                commented(Value::from(false), "true for yes, false for no"),
            );
        }
        AnswerKind::Count | AnswerKind::Percentage => count_keys(kpi, &mut t),
        AnswerKind::Rating => {
            let periods = asked.periods(kpi);
            let (low, high) = match kpi.scale.as_slice() {
                [lo, hi] => (lo.value, hi.value),
                _ => (1, 5),
            };
            if !periods.is_empty() {
                let note = |form: &str| format!("{form}, {low} to {high}, per period");
                let level1 = note("level 1 evaluation (Annex 1)");
                t.insert("ratings", commented(zeros(periods.clone()), &level1));
                let impact = note("impact evaluation (Annex 2)");
                t.insert("impact_ratings", commented(zeros(periods), &impact));
            }
        }
        AnswerKind::CountPerYear => per_year_keys(kpi, asked, &mut t),
        AnswerKind::Participants => {
            let mut project = Table::new();
            project.insert("title", value(""));
            for key in ["total", "female", "male"] {
                project.insert(key, value(0));
            }
            project.insert("by_country", Item::Value(zeros(ams.iter().copied())));
            project
                .decor_mut()
                .set_suffix("  # one such block per project");
            let mut projects = ArrayOfTables::new();
            projects.push(project);
            t.insert("narrative", value(""));
            t.insert("projects", Item::ArrayOfTables(projects));
            return t;
        }
        AnswerKind::Survey => {
            let note = format!("the scale as {SCALE_FORMS}");
            t.insert("internal", commented(survey(), &note));
            t.insert(
                "third_party",
                commented(survey(), "a third-party survey, the same way"),
            );
        }
    }
    t.insert("narrative", value(""));
    t
}

/// A count (or counts by level), its total and names where asked, and a percentage where the
/// template allows one instead.
fn count_keys(kpi: &Kpi, t: &mut Table) {
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
    if kpi.accepts(AnswerKind::Percentage) && kpi.answer.value != AnswerKind::Percentage {
        t.insert(
            "percent",
            commented(
                Value::from(0.0),
                "only where no count is known: the percentage instead",
            ),
        );
    }
    if kpi.asks_names {
        t.insert(
            "names",
            commented(Value::Array(Array::new()), "the names of what is counted"),
        );
    }
}

/// The years the return gives a count for, and a revision of the year before.
fn per_year_keys(kpi: &Kpi, asked: Asked<'_>, t: &mut Table) {
    let years: Vec<String> = asked.per_year(kpi).iter().map(i64::to_string).collect();
    let note = match years.as_slice() {
        [one] => format!("the count for {one}"),
        _ => "the count for each year".to_string(),
    };
    t.insert(
        "per_year",
        commented(zeros(years.iter().map(String::as_str)), &note),
    );
    let revisable = asked
        .revisable(kpi)
        .filter(|y| !asked.per_year(kpi).contains(y));
    if let Some(before) = revisable {
        let before = before.to_string();
        t.insert(
            "revises",
            commented(
                zeros([before.as_str()]),
                "only to correct the figure an earlier return gave",
            ),
        );
    }
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
