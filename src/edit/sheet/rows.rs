//! The long shape of a KPI return as a table, shared by the workbook accsm writes and the files
//! it imports: the return's header as (field, value) rows, and its answers as one row per answer
//! field, `KPI | KPI title | Question | Field | Item | Allowed values | Answer`.
//!
//! `Field` names the key of the answer as the TOML return spells it (`count`, `levels`,
//! `internal.rate`, `projects[2].by_country`); `Item` the entry of a list or table (a level, a
//! period, a year, an AMS, the number of a question). What a cell may hold follows from the
//! field alone ([`field_form`]): the `Allowed values` column is there for people and is never
//! read back.

use toml_edit::{Item, Value};

use super::super::template::Asked;
use crate::model::{AnswerKind, Dataset, Kpi, Plan, SCALE_FORMS};

pub const ANSWERS: &str = "Answers";
pub const RETURN: &str = "Return";
pub const GUIDELINES: &str = "Guidelines";
/// The columns of the answers sheet (and of the CSV form), in order.
pub const ANSWER_COLUMNS: [&str; 7] = [
    "KPI",
    "KPI title",
    "Question",
    "Field",
    "Item",
    "Allowed values",
    "Answer",
];
/// The columns of the header sheet.
pub const RETURN_COLUMNS: [&str; 3] = ["Field", "Value", "What to write"];
/// The `KPI` cell of a CSV row that holds a header field instead of an answer.
pub const HEADER_KPI: &str = "return";

/// What a cell may hold.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Form {
    YesNo,
    Whole,
    Rating {
        low: i64,
        high: i64,
    },
    Decimal,
    Text,
    /// One entry per line of the cell (names, indicators).
    Lines,
    Date,
}

/// A value in a cell, typed by its field.
#[derive(Clone, Debug, PartialEq)]
pub enum Filled {
    Bool(bool),
    Int(i64),
    Float(f64),
    Text(String),
    Lines(Vec<String>),
}

/// One row of the answers sheet.
#[derive(Clone, Debug)]
pub struct Row {
    pub kpi: String,
    pub title: String,
    pub question: String,
    pub field: String,
    pub item: String,
    pub form: Form,
    pub allowed: String,
    pub value: Option<Filled>,
}

/// One row of the header sheet.
#[derive(Clone, Debug)]
pub struct HeaderRow {
    pub field: &'static str,
    pub form: Form,
    pub what: &'static str,
    pub value: Option<Filled>,
}

/// The header fields of a return, in the order the return writes them, with what to write.
pub const HEADER_FIELDS: [(&str, Form, &str); 10] = [
    ("plan", Form::Text, "the plan's id (filled in)"),
    ("country", Form::Text, "the AMS's id (filled in)"),
    ("year", Form::Whole, "the reporting year (filled in)"),
    ("round", Form::Text, "baseline, mid-term, annual or target"),
    (
        "submitted",
        Form::Date,
        "the date the return is sent, YYYY-MM-DD",
    ),
    ("focal_point", Form::Text, "who filled in the return"),
    ("data_source", Form::Text, "where the figures come from"),
    (
        "definitions",
        Form::Text,
        "national definitions of the terms used (guideline v)",
    ),
    (
        "narrative",
        Form::Text,
        "qualitative information that complements the figures (guideline vi)",
    ),
    ("note", Form::Text, "anything else"),
];

/// The rounds a return belongs to.
pub const ROUNDS: [&str; 4] = ["baseline", "mid-term", "annual", "target"];

/// A field of an answer, parsed from its `Field` cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldPath<'a> {
    /// A key of the answer itself (`count`, `levels`).
    Plain(&'a str),
    /// A key of a survey (`internal.rate`).
    Survey(&'a str, &'a str),
    /// A key of the n-th project, from 1 (`projects[2].title`).
    Project(usize, &'a str),
}

const PLAIN: [&str; 12] = [
    "yes",
    "count",
    "total",
    "percent",
    "names",
    "levels",
    "ratings",
    "impact_ratings",
    "per_year",
    "revises",
    "narrative",
    "note",
];
const SURVEYS: [&str; 2] = ["internal", "third_party"];
const SURVEY_KEYS: [&str; 5] = ["rate", "title", "year", "indicators", "scale"];
const PROJECT_KEYS: [&str; 5] = ["title", "total", "female", "male", "by_country"];
/// The most projects one answer lists.
pub const MAX_PROJECTS: usize = 10_000;

/// Every field name a row may hold, for "did you mean".
pub fn field_names() -> Vec<String> {
    let mut names: Vec<String> = PLAIN.iter().map(|s| s.to_string()).collect();
    for s in SURVEYS {
        names.extend(SURVEY_KEYS.iter().map(|k| format!("{s}.{k}")));
    }
    names.extend(PROJECT_KEYS.iter().map(|k| format!("projects[1].{k}")));
    names
}

/// `field` as a known field of an answer, or `None`.
pub fn parse_field(field: &str) -> Option<FieldPath<'static>> {
    let field = field.trim();
    if let Some(p) = PLAIN.iter().find(|p| **p == field) {
        return Some(FieldPath::Plain(p));
    }
    if let Some((s, k)) = field.split_once('.') {
        if let (Some(s), Some(k)) = (
            SURVEYS.iter().find(|x| **x == s),
            SURVEY_KEYS.iter().find(|x| **x == k),
        ) {
            return Some(FieldPath::Survey(s, k));
        }
    }
    let rest = field.strip_prefix("projects[")?;
    let (n, key) = rest.split_once("].")?;
    let n: usize = n.parse().ok().filter(|n| (1..=MAX_PROJECTS).contains(n))?;
    let key = PROJECT_KEYS.iter().find(|x| **x == key)?;
    Some(FieldPath::Project(n, key))
}

impl FieldPath<'_> {
    /// Whether the field is a table or list whose entries the `Item` column names.
    pub fn has_items(self) -> bool {
        matches!(
            self,
            FieldPath::Plain("levels" | "ratings" | "impact_ratings" | "per_year" | "revises")
                | FieldPath::Project(_, "by_country")
        )
    }

    /// What a cell of this field may hold for `kpi`.
    pub fn form(self, kpi: Option<&Kpi>) -> Form {
        match self {
            FieldPath::Plain("yes") => Form::YesNo,
            FieldPath::Plain("percent") | FieldPath::Survey(_, "rate") => Form::Decimal,
            FieldPath::Plain("names") | FieldPath::Survey(_, "indicators") => Form::Lines,
            FieldPath::Plain("narrative" | "note")
            | FieldPath::Survey(_, "title" | "scale")
            | FieldPath::Project(_, "title") => Form::Text,
            FieldPath::Plain("ratings" | "impact_ratings") => match kpi.map(|k| &k.scale[..]) {
                Some([low, high]) => Form::Rating {
                    low: low.value,
                    high: high.value,
                },
                _ => Form::Whole,
            },
            _ => Form::Whole,
        }
    }
}

impl std::fmt::Display for FieldPath<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FieldPath::Plain(k) => write!(f, "{k}"),
            FieldPath::Survey(s, k) => write!(f, "{s}.{k}"),
            FieldPath::Project(n, k) => write!(f, "projects[{n}].{k}"),
        }
    }
}

/// What the `Allowed values` column says of a form.
pub fn allowed(form: Form) -> String {
    match form {
        Form::YesNo => "yes or no".to_string(),
        Form::Whole => "a whole number, 0 or more".to_string(),
        Form::Rating { low, high } => format!("a whole number from {low} to {high}"),
        Form::Decimal => "a number".to_string(),
        Form::Text => "text".to_string(),
        Form::Lines => "text, one per line".to_string(),
        Form::Date => "a date, YYYY-MM-DD".to_string(),
    }
}

/// The rows of the answers sheet for `year` under `plan`: every field the template asks of each
/// KPI of the plan, empty.
pub fn template_rows(data: &Dataset, plan: &Plan, year: i64) -> Vec<Row> {
    let ams: Vec<&str> = data.ams_of(plan).into_iter().map(|(id, _)| id).collect();
    let asked = Asked { plan, year };
    let mut rows = Vec::new();
    for kpi in data.kpis.iter().filter(|k| k.plan.value == plan.id.value) {
        rows.extend(kpi_rows(kpi, &ams, asked));
    }
    rows
}

/// The question of `kpi` that mentions `words`, or its first.
fn question_with(kpi: &Kpi, words: &str) -> String {
    let q = |i: usize| kpi.questions.get(i).map(|q| q.value.to_string());
    kpi.questions
        .iter()
        .find(|q| q.value.to_lowercase().contains(words))
        .map(|q| q.value.to_string())
        .or_else(|| q(0))
        .unwrap_or_default()
}

/// The fields the template asks of one KPI, in the template's order.
fn kpi_rows(kpi: &Kpi, ams: &[&str], asked: Asked<'_>) -> Vec<Row> {
    let question = |i: usize| {
        kpi.questions
            .get(i)
            .map(|q| q.value.to_string())
            .unwrap_or_default()
    };
    let mut fields: Vec<(String, String, String)> = Vec::new();
    let mut push = |field: String, item: &str, q: String| fields.push((field, item.to_string(), q));
    match kpi.answer.value {
        AnswerKind::YesNo if kpi.questions.len() > 1 => {
            for i in 0..kpi.questions.len() {
                push("yes".into(), &(i + 1).to_string(), question(i));
            }
        }
        AnswerKind::YesNo => push("yes".into(), "", question(0)),
        AnswerKind::Count | AnswerKind::Percentage => {
            if kpi.levels.is_empty() {
                push("count".into(), "", question(0));
            }
            for level in &kpi.levels {
                let q = question_with(kpi, &format!("{} level", level.value));
                push("levels".into(), &level.value, q);
            }
            if kpi.asks_total {
                push("total".into(), "", question_with(kpi, "total"));
            }
            if kpi.accepts(AnswerKind::Percentage) && kpi.answer.value != AnswerKind::Percentage {
                push("percent".into(), "", String::new());
            }
            if kpi.asks_names {
                push("names".into(), "", question_with(kpi, "names"));
            }
        }
        AnswerKind::Rating => {
            for (i, field) in ["ratings", "impact_ratings"].into_iter().enumerate() {
                for p in asked.periods(kpi) {
                    push(field.into(), p, question(i));
                }
            }
        }
        AnswerKind::CountPerYear => {
            let years = asked.per_year(kpi);
            for y in &years {
                push("per_year".into(), &y.to_string(), question(0));
            }
            if let Some(before) = asked.revisable(kpi).filter(|y| !years.contains(y)) {
                push("revises".into(), &before.to_string(), question(0));
            }
        }
        AnswerKind::Participants => {
            for key in ["title", "total", "female", "male"] {
                push(format!("projects[1].{key}"), "", question(0));
            }
            for id in ams {
                push("projects[1].by_country".into(), id, question(0));
            }
        }
        AnswerKind::Survey => {
            let ten = kpi.questions.len() >= 2 * SURVEY_KEYS.len();
            for (s, survey) in SURVEYS.iter().enumerate() {
                for (k, key) in SURVEY_KEYS.iter().enumerate() {
                    let q = question(if ten { s * SURVEY_KEYS.len() + k } else { 0 });
                    push(format!("{survey}.{key}"), "", q);
                }
            }
        }
    }
    push("narrative".into(), "", String::new());
    push("note".into(), "", String::new());
    fields
        .into_iter()
        .map(|(field, item, question)| row(kpi.id.value.as_ref(), Some(kpi), field, item, question))
        .collect()
}

/// A row for `field` of `kpi` (or of an id the plan does not have), empty.
fn row(id: &str, kpi: Option<&Kpi>, field: String, item: String, question: String) -> Row {
    let form = parse_field(&field).map_or(Form::Text, |f| f.form(kpi));
    let mut allowed = allowed(form);
    if field == "percent" {
        allowed.push_str(", only where no count is known");
    } else if field == "revises" {
        allowed.push_str(", only to correct the figure an earlier return gave");
    } else if field.ends_with(".scale") {
        allowed = format!("text, the scale as {SCALE_FORMS}");
    }
    Row {
        kpi: id.to_string(),
        title: kpi.map(|k| k.title.value.to_string()).unwrap_or_default(),
        question,
        field,
        item,
        form,
        allowed,
        value: None,
    }
}

/// The header rows, filled from `values` (the `[return]` table of a return) where given.
pub fn header_rows(values: Option<&toml_edit::Table>) -> Vec<HeaderRow> {
    HEADER_FIELDS
        .iter()
        .map(|&(field, form, what)| HeaderRow {
            field,
            form,
            what,
            value: values
                .and_then(|t| t.get(field))
                .and_then(Item::as_value)
                .and_then(scalar),
        })
        .collect()
}

/// A value of a return as a cell's value; `None` for what a cell cannot hold.
fn scalar(v: &Value) -> Option<Filled> {
    Some(match v {
        Value::Boolean(b) => Filled::Bool(*b.value()),
        Value::Integer(n) => Filled::Int(*n.value()),
        Value::Float(f) => Filled::Float(*f.value()),
        Value::String(s) => Filled::Text(s.value().clone()),
        Value::Datetime(d) => Filled::Text(d.value().to_string()),
        Value::Array(a) => Filled::Lines(
            a.iter()
                .map(|v| v.as_str().map(str::to_string))
                .collect::<Option<Vec<_>>>()?,
        ),
        Value::InlineTable(_) => return None,
    })
}

/// The answer of a return as (field, item, value), in the return's order.
fn flatten(answer: &toml_edit::Table) -> Vec<(String, String, Filled)> {
    let mut out = Vec::new();
    for (key, item) in answer.iter() {
        match (key, item) {
            ("internal" | "third_party", _) if item.is_table_like() => {
                for (k, v) in item.as_table_like().into_iter().flat_map(|t| t.iter()) {
                    if let Some(f) = v.as_value().and_then(scalar) {
                        out.push((format!("{key}.{k}"), String::new(), f));
                    }
                }
            }
            ("projects", Item::ArrayOfTables(projects)) => {
                for (i, p) in projects.iter().enumerate() {
                    for (k, v) in p.iter() {
                        let field = format!("projects[{}].{k}", i + 1);
                        items_or_scalar(&mut out, field, v);
                    }
                }
            }
            // The same projects written as a list of inline tables.
            ("projects", Item::Value(Value::Array(list)))
                if list.iter().all(Value::is_inline_table) =>
            {
                for (i, p) in list.iter().filter_map(Value::as_inline_table).enumerate() {
                    for (k, v) in p.iter() {
                        let field = format!("projects[{}].{k}", i + 1);
                        items_or_scalar(&mut out, field, &Item::Value(v.clone()));
                    }
                }
            }
            ("yes", Item::Value(Value::Array(list))) => {
                for (i, b) in list.iter().enumerate() {
                    if let Some(f) = scalar(b) {
                        out.push((key.to_string(), (i + 1).to_string(), f));
                    }
                }
            }
            _ => items_or_scalar(&mut out, key.to_string(), item),
        }
    }
    out
}

fn items_or_scalar(out: &mut Vec<(String, String, Filled)>, field: String, item: &Item) {
    if let Some(t) = item.as_table_like() {
        for (k, v) in t.iter() {
            if let Some(f) = v.as_value().and_then(scalar) {
                out.push((field.clone(), k.to_string(), f));
            }
        }
    } else if let Some(f) = item.as_value().and_then(scalar) {
        out.push((field, String::new(), f));
    }
}

/// `rows` filled with the answers of `answers` (the `[return.answers]` table): a value the
/// template has a row for fills it; any other gets a row of its own after its field's rows
/// (or after its KPI's), so that every value of the return is in the sheet, in its order.
pub fn fill(rows: &mut Vec<Row>, data: &Dataset, answers: &dyn toml_edit::TableLike) {
    for (id, answer) in answers.iter() {
        // An answer written inline (`"A.1" = { yes = true }`) is the same answer.
        let answer = match answer {
            Item::Table(t) => t.clone(),
            Item::Value(Value::InlineTable(t)) => t.clone().into_table(),
            _ => continue,
        };
        let kpi = data.kpis.iter().find(|k| k.id.value.as_ref() == id);
        for (field, item, value) in flatten(&answer) {
            fill_one(rows, id, kpi, field, item, value);
        }
    }
}

fn fill_one(
    rows: &mut Vec<Row>,
    id: &str,
    kpi: Option<&Kpi>,
    field: String,
    item: String,
    value: Filled,
) {
    let of_kpi = |r: &Row| r.kpi == id;
    let same = |r: &Row| of_kpi(r) && r.field == field && r.item == item;
    // A table's entries keep the return's order: each one moves after the ones filled before.
    let last_filled = rows
        .iter()
        .rposition(|r| of_kpi(r) && r.field == field && r.value.is_some());
    let at = match rows.iter().position(same) {
        Some(i) => {
            let mut r = rows.remove(i);
            r.value = Some(value);
            let to = last_filled.map_or(i, |j| if j < i { j + 1 } else { j });
            rows.insert(to.min(rows.len()), r);
            return;
        }
        None => last_filled
            .or_else(|| rows.iter().rposition(|r| of_kpi(r) && r.field == field))
            .or_else(|| rows.iter().rposition(of_kpi))
            .map_or(rows.len(), |i| i + 1),
    };
    let question = rows
        .iter()
        .find(|r| of_kpi(r) && r.field == field)
        .map(|r| r.question.clone())
        .unwrap_or_default();
    let mut r = row(id, kpi, field, item, question);
    r.value = Some(value);
    rows.insert(at, r);
}
