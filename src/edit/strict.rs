//! What `toml_edit` reads but TOML 1.0 does not allow, so that `fmt` leaves such a file as it
//! is instead of printing it as something else: a second byte-order mark (the parser skips it,
//! the printer would drop it) and an inline table that goes on over a line break (TOML 1.1
//! allows it; the printer would join its lines). Other readers of the file (an editor, Python's
//! `tomllib`) refuse both, so accsm says where and lets the user decide.

use toml_edit::{Document, InlineTable, Item, Table, Value};

/// What in `body` (the text after its first byte-order mark) TOML 1.0 does not allow, in
/// words and with where; `None` when nothing.
pub(super) fn not_toml_1_0(body: &str, doc: &Document<&str>) -> Option<String> {
    if body.starts_with('\u{feff}') {
        return Some(
            "starts with a second byte-order mark (an invisible character that TOML does not \
             allow)"
                .to_string(),
        );
    }
    let at = in_table(body, doc.as_table())?;
    let (line, column) = line_column(body, at);
    Some(format!(
        "at line {line}, column {column}: an inline table `{{ … }}` goes on after a line break, \
         which TOML 1.0 does not allow"
    ))
}

/// Line and column (in characters), both from 1, of the byte offset `at`.
pub(super) fn line_column(text: &str, mut at: usize) -> (usize, usize) {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}

fn in_table(body: &str, table: &Table) -> Option<usize> {
    table.iter().find_map(|(_, item)| in_item(body, item))
}

fn in_item(body: &str, item: &Item) -> Option<usize> {
    match item {
        Item::Value(v) => in_value(body, v),
        Item::Table(t) => in_table(body, t),
        Item::ArrayOfTables(list) => list.iter().find_map(|t| in_table(body, t)),
        Item::None => None,
    }
}

fn in_value(body: &str, value: &Value) -> Option<usize> {
    match value {
        Value::Array(a) => a.iter().find_map(|v| in_value(body, v)),
        Value::InlineTable(t) => {
            line_break_between(body, t).or_else(|| t.iter().find_map(|(_, v)| in_value(body, v)))
        }
        _ => None,
    }
}

/// The offset of the first line break in the inline table written outside its values (a value
/// such as a list or a multi-line string may hold line breaks of its own).
fn line_break_between(body: &str, table: &InlineTable) -> Option<usize> {
    let span = table.span()?;
    let mut values: Vec<std::ops::Range<usize>> = table
        .get_values()
        .iter()
        .filter_map(|(_, v)| v.span())
        .collect();
    values.sort_by_key(|r| r.start);
    let mut from = span.start;
    for r in values.iter().chain(std::iter::once(&(span.end..span.end))) {
        let gap = body.get(from..r.start.max(from)).unwrap_or("");
        if let Some(i) = gap.find('\n') {
            return Some(from + i);
        }
        from = from.max(r.end);
    }
    None
}
