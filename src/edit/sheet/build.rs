//! From the entries of a filled-in sheet to the TOML return, built with `toml_edit` (which
//! quotes every key and value, so no cell can become a live key), with the cell each value came
//! from. A cell that cannot be its field's value is a finding and stays out of the return.

use std::collections::BTreeMap;

use toml_edit::{Array, ArrayOfTables, DocumentMut, InlineTable, Item, Key, Table, Value};

use super::read::{Cell, CellRef, Entry, date};
use super::rows::{FieldPath, Filled, Form, HEADER_FIELDS, field_names, parse_field};
use super::workbook::CELL_CHARS;
use super::{Finding, Severity};
use crate::diag::Code;
use crate::model::{Dataset, Kpi};
use crate::spelling::did_you_mean;

/// A path into the return (`["return", "answers", "A.1", "yes", "0"]`) and the cell it came from.
pub type Origins = Vec<(Vec<String>, CellRef)>;

/// The return built from a sheet.
#[derive(Debug, Default)]
pub struct Built {
    /// The return's text, in `accsm fmt`'s layout.
    pub text: String,
    pub origins: Origins,
    pub findings: Vec<Finding>,
    pub country: Option<(String, CellRef)>,
    pub year: Option<(i64, CellRef)>,
}

/// A key written as `toml_edit` would, but quoted unless it is a plain word or a number
/// (`national`, `2020`), as accsm writes returns: `"2020-2022"`, `"A.1"`.
fn key(k: &str) -> Key {
    let word = k.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    let number = !k.is_empty() && k.bytes().all(|b| b.is_ascii_digit());
    if word || number {
        return Key::new(k);
    }
    let quoted = Value::from(k).to_string();
    Key::parse(quoted.trim())
        .ok()
        .and_then(|mut keys| keys.pop())
        .unwrap_or_else(|| Key::new(k))
}

/// The cell's value as `form` asks, or what is wrong with it and how to put it right.
pub fn convert(cell: &Cell, form: Form) -> Result<Filled, (String, String)> {
    let shown = |s: &str| {
        let s = crate::escape::terminal_safe(s);
        if s.chars().count() > 40 {
            format!("{}…", s.chars().take(40).collect::<String>())
        } else {
            s.into_owned()
        }
    };
    match cell {
        Cell::Formula(f) => {
            return Err((
                format!("the cell holds a formula (`={}`)", shown(f)),
                "accsm does not work out formulas: type the value itself".to_string(),
            ));
        }
        Cell::Error(e) => {
            return Err((
                format!("the cell holds the error `{}`", shown(e)),
                "type the value itself".to_string(),
            ));
        }
        Cell::Text(s) if s.chars().count() > CELL_CHARS => {
            return Err((
                format!("the cell holds {} characters", s.chars().count()),
                format!("a cell holds at most {CELL_CHARS}; shorten it"),
            ));
        }
        _ => {}
    }
    let number_help = "type a whole number, e.g. 12".to_string();
    // A cell formatted as a percentage means what it shows: 45%, not 0.45.
    // A number written as shown (`45,5`, `45%`) is that number where the field takes one, and
    // the text as written where it takes text.
    let read_as;
    let cell = match cell {
        Cell::Percent(p) => {
            read_as = Cell::Number(super::read::percent(*p));
            &read_as
        }
        Cell::Shown { text, value } => {
            read_as = match form {
                Form::Whole | Form::Rating { .. } | Form::Decimal => Cell::Number(*value),
                _ => Cell::Text(text.clone()),
            };
            &read_as
        }
        other => other,
    };
    match (form, cell) {
        (Form::YesNo, Cell::Bool(b)) => Ok(Filled::Bool(*b)),
        (Form::YesNo, Cell::Text(s)) => match s.trim().to_lowercase().as_str() {
            "yes" | "true" => Ok(Filled::Bool(true)),
            "no" | "false" => Ok(Filled::Bool(false)),
            _ => Err((
                format!("`{}` is not yes or no", shown(s)),
                "write yes or no".into(),
            )),
        },
        (Form::YesNo, _) => Err(("this is not yes or no".into(), "write yes or no".into())),
        (Form::Whole | Form::Rating { .. }, Cell::Number(n)) => whole(*n)
            .map(Filled::Int)
            .ok_or_else(|| (format!("{n} is not a whole number"), number_help)),
        (Form::Whole | Form::Rating { .. }, Cell::Text(s)) => {
            let t = s.trim();
            t.parse::<i64>()
                .ok()
                .or_else(|| t.parse::<f64>().ok().and_then(whole))
                .map(Filled::Int)
                .ok_or_else(|| (format!("`{}` is not a whole number", shown(s)), number_help))
        }
        (Form::Decimal, Cell::Number(n)) if n.is_finite() => Ok(Filled::Float(*n)),
        (Form::Decimal, Cell::Text(s)) => s
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|n| n.is_finite())
            .map(Filled::Float)
            .ok_or_else(|| {
                (
                    format!("`{}` is not a number", shown(s)),
                    "type a number, e.g. 72.5".into(),
                )
            }),
        (Form::Whole | Form::Rating { .. } | Form::Decimal, Cell::Date(d)) => Err((
            format!(
                "the cell holds a date ({}), not a number",
                date(d).unwrap_or_default()
            ),
            "format the cell as a number (Home > Number > General) and type the number".into(),
        )),
        (Form::Whole | Form::Rating { .. } | Form::Decimal, _) => {
            Err(("this is not a number".into(), number_help))
        }
        (Form::Date, Cell::Date(d)) => date(d)
            .map(Filled::Text)
            .ok_or_else(|| ("the date is out of range".into(), "write YYYY-MM-DD".into())),
        (Form::Date, Cell::Text(s)) if serial_text(s).is_some() => {
            let n = serial_text(s).unwrap_or_default();
            convert(&Cell::Number(n), Form::Date)
        }
        (Form::Date, Cell::Number(n)) => Err((
            format!("{n} is a number, not a date"),
            match serial_date(*n) {
                Some(d) => format!(
                    "if it is a date stored as a serial number ({d}), format the cell as a date or write {d}"
                ),
                None => "write the date as YYYY-MM-DD".to_string(),
            },
        )),
        // One entry a line, exactly: spaces, empty lines and a `\r` before the break stay, as
        // the workbook was written from the return (`import` warns of an empty name).
        (Form::Lines, Cell::Text(s)) => {
            Ok(Filled::Lines(s.split('\n').map(str::to_string).collect()))
        }
        (_, Cell::Text(s)) => Ok(Filled::Text(s.clone())),
        (_, Cell::Number(n)) => Ok(Filled::Text(match whole(*n) {
            Some(i) => i.to_string(),
            None => n.to_string(),
        })),
        (_, Cell::Bool(b)) => Ok(Filled::Text(if *b { "yes" } else { "no" }.to_string())),
        (_, Cell::Date(d)) => date(d)
            .map(Filled::Text)
            .ok_or_else(|| ("the date is out of range".into(), "write text".into())),
        (
            _,
            Cell::Empty | Cell::Formula(_) | Cell::Error(_) | Cell::Percent(_) | Cell::Shown { .. },
        ) => Err(("the cell is empty".into(), "write a value".into())),
    }
}

/// A cell that gives no answer: empty, or only spaces where the field is not text (a space in a
/// text or a list of names is kept, so that a return comes back from its workbook exactly).
fn nothing(cell: &Cell, form: Form) -> bool {
    cell.is_empty() || (cell.is_blank() && !matches!(form, Form::Text | Form::Lines))
}

/// A date's serial number written as text (`45382`): five digits, never a year.
fn serial_text(s: &str) -> Option<f64> {
    let t = s.trim();
    (t.len() == 5 && t.bytes().all(|b| b.is_ascii_digit()))
        .then(|| t.parse().ok())
        .flatten()
}

/// A whole number a spreadsheet holds exactly.
fn whole(n: f64) -> Option<i64> {
    (n.is_finite() && n.fract() == 0.0 && n.abs() <= (1u64 << 53) as f64).then_some(n as i64)
}

/// A serial day number without a workbook (a CSV file, a number typed as text) read as the
/// 1900 date system, the one Excel and LibreOffice write today.
fn serial_date(n: f64) -> Option<String> {
    let d = calamine::ExcelDateTime::new(n, calamine::ExcelDateTimeType::DateTime, false);
    (n >= 61.0).then(|| date(&d)).flatten()
}

fn to_value(f: &Filled) -> Value {
    match f {
        Filled::Bool(b) => Value::from(*b),
        Filled::Int(n) => Value::from(*n),
        Filled::Float(x) => Value::from(*x),
        Filled::Text(s) => Value::from(s.as_str()),
        Filled::Lines(lines) => Value::Array(lines.iter().map(String::as_str).collect::<Array>()),
    }
}

/// Builds the return from `entries`.
pub fn build(entries: &[Entry], data: &Dataset, schema: &crate::load::Schema) -> Built {
    let mut b = Built::default();
    let mut ret = Table::new();
    header(entries, &mut ret, &mut b);
    let mut answers = Table::new();
    answers.set_implicit(true);
    let mut order: Vec<&str> = Vec::new();
    for e in entries {
        if let Some((id, _)) = &e.kpi {
            if !order.contains(&id.as_str()) {
                order.push(id);
            }
        }
    }
    for id in order {
        let rows: Vec<&Entry> = entries
            .iter()
            .filter(|e| e.kpi.as_ref().is_some_and(|k| k.0 == id))
            .collect();
        let Some(first) = rows.first().and_then(|e| e.kpi.as_ref()) else {
            continue;
        };
        let kpi = data.kpis.iter().find(|k| k.id.value.as_ref() == id);
        if kpi.is_none() {
            if rows.iter().all(|e| e.value.is_blank()) {
                continue;
            }
            let ids = data.kpis.iter().map(|k| k.id.value.as_ref());
            let help = match did_you_mean(id, ids) {
                Some(near) => format!("did you mean `{near}`?"),
                None => "write the id of a KPI of the plan, as `accsm kpis` lists them".into(),
            };
            b.findings.push(
                Finding::new(
                    Severity::Error,
                    Code::UnknownReference,
                    format!("`{}` is not a KPI", crate::escape::terminal_safe(id)),
                    Some(first.1.clone()),
                )
                .with_help(help),
            );
            continue;
        }
        let path = vec!["return".to_string(), "answers".to_string(), id.to_string()];
        if let Some(table) = answer(&rows, kpi, &path, &mut b) {
            b.origins.push((path, first.1.clone()));
            answers.insert_formatted(&key(id), Item::Table(table));
        }
    }
    ret.insert("answers", Item::Table(answers));
    let mut doc = DocumentMut::new();
    doc.insert("return", Item::Table(ret));
    let raw = doc.to_string();
    b.text = crate::edit::format_toml(&raw, schema).unwrap_or(raw);
    b
}

/// The header fields, in the order a return writes them.
fn header(entries: &[Entry], ret: &mut Table, b: &mut Built) {
    let mut seen: BTreeMap<String, CellRef> = BTreeMap::new();
    let known: Vec<&str> = HEADER_FIELDS.iter().map(|h| h.0).collect();
    let mut values: Vec<(&str, Filled, CellRef)> = Vec::new();
    for e in entries.iter().filter(|e| e.kpi.is_none()) {
        let (name, fat) = &e.field;
        let Some(&(field, form, _)) = HEADER_FIELDS.iter().find(|h| h.0 == name.as_str()) else {
            let otherwise = format!("the fields are {}", known.join(", "));
            b.findings.push(unknown_field(
                name,
                "a return",
                known.iter().copied(),
                otherwise,
                fat,
            ));
            continue;
        };
        if nothing(&e.value, form) {
            continue;
        }
        if let Some(first) = seen.get(field) {
            b.findings.push(duplicate(field, first, &e.at));
            continue;
        }
        seen.insert(field.to_string(), e.at.clone());
        match convert(&e.value, form) {
            Ok(v) => values.push((field, v, e.at.clone())),
            Err((message, help)) => b.findings.push(bad_value(field, &message, help, &e.at)),
        }
    }
    for &(field, _, _) in &HEADER_FIELDS {
        let Some((_, v, at)) = values.iter().find(|(f, _, _)| *f == field) else {
            continue;
        };
        match (field, v) {
            ("country", Filled::Text(c)) => b.country = Some((c.trim().to_string(), at.clone())),
            ("year", Filled::Int(y)) => b.year = Some((*y, at.clone())),
            _ => {}
        }
        ret.insert(field, Item::Value(to_value(v)));
        b.origins
            .push((vec!["return".into(), field.into()], at.clone()));
    }
    if let Some(first) = entries.iter().find(|e| e.kpi.is_none()) {
        b.origins.push((vec!["return".into()], first.at.clone()));
    }
}

/// A field name that is not one of `known`: a "did you mean" when one is close, else `otherwise`.
fn unknown_field<'k>(
    name: &str,
    of: &str,
    known: impl IntoIterator<Item = &'k str>,
    otherwise: String,
    at: &CellRef,
) -> Finding {
    let help = match did_you_mean(name, known) {
        Some(near) => format!("did you mean `{near}`?"),
        None => otherwise,
    };
    Finding::new(
        Severity::Error,
        Code::UnknownKey,
        format!(
            "`{}` is not a field of {of}",
            crate::escape::terminal_safe(name)
        ),
        Some(at.clone()),
    )
    .with_help(help)
}

/// A cell whose text is not a value of its field's form.
fn bad_value(field: impl std::fmt::Display, message: &str, help: String, at: &CellRef) -> Finding {
    Finding::new(
        Severity::Error,
        Code::BadValue,
        format!("`{field}`: {message}"),
        Some(at.clone()),
    )
    .with_help(help)
}

fn duplicate(what: &str, first: &CellRef, again: &CellRef) -> Finding {
    Finding::new(
        Severity::Error,
        Code::DuplicateEntry,
        format!("`{what}` is answered twice; the first is at {first}"),
        Some(again.clone()),
    )
    .with_help("keep one of the two and empty the other")
}

/// What one field of an answer has collected.
enum Slot {
    One(Filled),
    Items(Vec<(String, Filled, CellRef)>),
}

/// The answer table of one KPI, or `None` when no row of it has a value.
fn answer(rows: &[&Entry], kpi: Option<&Kpi>, path: &[String], b: &mut Built) -> Option<Table> {
    let names = field_names();
    let mut fields: Vec<(FieldPath<'static>, Slot, CellRef)> = Vec::new();
    for e in rows {
        let (name, fat) = &e.field;
        let Some(field) = parse_field(name) else {
            let otherwise = "write a field as the template names it (count, names, levels…)";
            b.findings.push(unknown_field(
                name,
                "an answer",
                names.iter().map(String::as_str),
                otherwise.to_string(),
                fat,
            ));
            continue;
        };
        if nothing(&e.value, field.form(kpi)) {
            continue;
        }
        let value = match convert(&e.value, field.form(kpi)) {
            Ok(v) => v,
            Err((message, help)) => {
                b.findings.push(bad_value(field, &message, help, &e.at));
                continue;
            }
        };
        if let Filled::Lines(lines) = &value {
            if let Some(n) = lines.iter().position(|l| l.trim().is_empty()) {
                b.findings.push(
                    Finding::new(
                        Severity::Warning,
                        Code::BadValue,
                        format!(
                            "`{field}`: line {} of this cell is empty, so the list has an empty \
                             name; it is kept as written",
                            n + 1
                        ),
                        Some(e.at.clone()),
                    )
                    .with_help(
                        "delete the empty line (and a line break at the end) if it is not a name",
                    ),
                );
            }
        }
        let item = e.item.0.clone();
        let itemised = field.has_items() || (field == FieldPath::Plain("yes") && !item.is_empty());
        if !itemised && !item.is_empty() {
            b.findings.push(
                Finding::new(
                    Severity::Error,
                    Code::BadValue,
                    format!(
                        "`{field}` takes one value; the item `{}` means nothing to it",
                        crate::escape::terminal_safe(&item)
                    ),
                    Some(e.item.1.clone()),
                )
                .with_help("empty the Item cell"),
            );
            continue;
        }
        if itemised && item.is_empty() {
            b.findings.push(
                Finding::new(
                    Severity::Error,
                    Code::MissingField,
                    format!(
                        "`{field}` needs an Item: the level, period, year or AMS the value is for"
                    ),
                    Some(e.item.1.clone()),
                )
                .with_help("write it in the Item cell, as the template does"),
            );
            continue;
        }
        match fields.iter_mut().find(|(f, _, _)| *f == field) {
            None if itemised => fields.push((
                field,
                Slot::Items(vec![(item, value, e.at.clone())]),
                e.at.clone(),
            )),
            None => fields.push((field, Slot::One(value), e.at.clone())),
            Some((_, Slot::Items(items), _)) => {
                if let Some((_, _, first)) = items.iter().find(|(i, _, _)| *i == item) {
                    b.findings
                        .push(duplicate(&format!("{field} {item}"), first, &e.at));
                } else {
                    items.push((item, value, e.at.clone()));
                }
            }
            Some((_, _, first)) => b.findings.push(duplicate(&field.to_string(), first, &e.at)),
        }
    }
    if fields.is_empty() {
        return None;
    }
    Some(assemble(fields, path, b))
}

/// The answer table from its fields, recording where each value came from.
fn assemble(
    fields: Vec<(FieldPath<'static>, Slot, CellRef)>,
    path: &[String],
    b: &mut Built,
) -> Table {
    let sub = |keys: &[&str]| -> Vec<String> {
        path.iter()
            .cloned()
            .chain(keys.iter().map(|k| k.to_string()))
            .collect()
    };
    let mut table = Table::new();
    // Projects by their number in the sheet: their table, and the origins below the project.
    let mut projects: BTreeMap<usize, (Table, Origins)> = BTreeMap::new();
    for (field, slot, at) in fields {
        match (field, slot) {
            (FieldPath::Plain("yes"), Slot::Items(mut items)) => {
                let number = |i: &str| i.trim().parse::<usize>().unwrap_or(usize::MAX);
                items.sort_by_key(|(i, _, _)| number(i));
                let mut list = Array::new();
                for (n, (item, v, cell)) in items.iter().enumerate() {
                    if number(item) != n + 1 {
                        b.findings.push(
                            Finding::new(
                                Severity::Error,
                                Code::BadValue,
                                format!(
                                    "`yes` for question {item} is given, but not for question {}",
                                    n + 1
                                ),
                                Some(cell.clone()),
                            )
                            .with_help("answer every question of the KPI, numbered 1, 2…, or none"),
                        );
                        break;
                    }
                    b.origins
                        .push((sub(&["yes", &n.to_string()]), cell.clone()));
                    list.push(to_value(v));
                }
                table.insert("yes", Item::Value(Value::Array(list)));
            }
            (FieldPath::Plain(k), Slot::One(v)) => {
                b.origins.push((sub(&[k]), at));
                table.insert(k, Item::Value(to_value(&v)));
            }
            (FieldPath::Plain(k), Slot::Items(items)) => {
                let (t, origins) = inline(&items);
                for (item, cell) in origins {
                    b.origins.push((sub(&[k, &item]), cell));
                }
                table.insert(k, Item::Value(Value::InlineTable(t)));
            }
            (FieldPath::Survey(s, k), Slot::One(v)) => {
                let entry = table
                    .entry(s)
                    .or_insert_with(|| Item::Value(Value::InlineTable(InlineTable::new())));
                if let Some(t) = entry.as_inline_table_mut() {
                    t.insert(k, to_value(&v));
                }
                b.origins.push((sub(&[s, k]), at.clone()));
                b.origins.push((sub(&[s]), at));
            }
            (FieldPath::Project(n, k), slot) => {
                let (project, origins) = projects.entry(n).or_default();
                origins.push((Vec::new(), at.clone()));
                match slot {
                    Slot::One(v) => {
                        project.insert(k, Item::Value(to_value(&v)));
                        origins.push((vec![k.to_string()], at));
                    }
                    Slot::Items(items) => {
                        let (t, cells) = inline(&items);
                        for (item, cell) in cells {
                            origins.push((vec![k.to_string(), item], cell));
                        }
                        project.insert(k, Item::Value(Value::InlineTable(t)));
                    }
                }
            }
            (FieldPath::Survey(..), Slot::Items(_)) => {}
        }
    }
    if !projects.is_empty() {
        let mut list = ArrayOfTables::new();
        // A project's place in the list, not its number in the sheet, is its path.
        for (index, (project, origins)) in projects.into_values().enumerate() {
            let at = sub(&["projects", &index.to_string()]);
            for (rest, cell) in origins {
                b.origins
                    .push((at.iter().cloned().chain(rest).collect(), cell));
            }
            list.push(project);
        }
        table.insert("projects", Item::ArrayOfTables(list));
    }
    table
}

/// An inline table of the items, in their order, and the cell of each.
fn inline(items: &[(String, Filled, CellRef)]) -> (InlineTable, Vec<(String, CellRef)>) {
    let mut t = InlineTable::new();
    let mut cells = Vec::new();
    for (item, v, at) in items {
        t.insert_formatted(&key(item), to_value(v));
        cells.push((item.clone(), at.clone()));
    }
    (t, cells)
}
