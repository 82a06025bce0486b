//! `accsm fix`: the changes that findings carry ([`crate::diag::Fix`]), applied to the text of a
//! file. Only the values a fix names are touched: a string is replaced where it stands, and a
//! list that loses or gains an item is written again on one line from its own items. Everything
//! else — comments, blank lines, the layout of other keys — stays byte for byte. The file is
//! parsed with `toml_edit` to find the lists; the result must parse and keep every comment, in
//! order, or nothing of the file is changed.

use std::ops::Range;

use toml_edit::{Document, Item, Table, Value};

use super::shape::{Shape, array_has_comments};
use super::verify;
use crate::diag::{Edit, Fix};
use crate::escape::toml_string;
use crate::load::Schema;

/// The fixes of one file, applied.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FixedFile {
    /// The new text (the old one when nothing could be applied).
    pub text: String,
    /// The fixes (by the number the caller gave them) that are in the new text.
    pub applied: Vec<usize>,
    /// The fixes that were not applied, and why, in words.
    pub refused: Vec<(usize, String)>,
}

/// Applies `fixes`, numbered by the caller, to `text`, the file every edit's span points into.
/// When the fixes together do not give a sound file, they are tried one at a time, so that one
/// that cannot be made does not hold back the others.
pub fn apply_fixes(text: &str, fixes: &[(usize, &Fix)], schema: &Schema) -> FixedFile {
    let Ok(doc) = Document::parse(text) else {
        return FixedFile {
            text: text.to_string(),
            applied: Vec::new(),
            refused: fixes
                .iter()
                .map(|(n, _)| {
                    let why = "the file is not valid TOML; correct it first (`accsm validate`)";
                    (*n, why.to_string())
                })
                .collect(),
        };
    };
    let index = Index::of(&doc, text, schema);
    let nl = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let mut plan = Plan::default();
    let mut out = FixedFile {
        text: text.to_string(),
        ..FixedFile::default()
    };
    for (n, fix) in fixes {
        let mut attempt = plan.clone();
        match fix
            .edits
            .iter()
            .try_for_each(|e| attempt.add(&index, text, e))
        {
            Ok(()) => {
                plan = attempt;
                out.applied.push(*n);
            }
            Err(why) => out.refused.push((*n, why)),
        }
    }
    if let Ok(after) = plan.result(&index, text, nl) {
        out.text = after;
        return out;
    }
    // One at a time: each kept only if the file with it is still sound.
    let mut plan = Plan::default();
    for n in std::mem::take(&mut out.applied) {
        let Some((_, fix)) = fixes.iter().find(|(m, _)| *m == n) else {
            continue;
        };
        let mut attempt = plan.clone();
        let added = fix
            .edits
            .iter()
            .try_for_each(|e| attempt.add(&index, text, e));
        match added.and_then(|()| attempt.result(&index, text, nl)) {
            Ok(after) => {
                plan = attempt;
                out.text = after;
                out.applied.push(n);
            }
            Err(why) => out.refused.push((n, why)),
        }
    }
    out.refused.sort_by_key(|(n, _)| *n);
    out
}

/// A list written as `key = [ … ]` in a table.
struct List {
    table: usize,
    key: String,
    span: Range<usize>,
    items: Vec<(Range<usize>, Option<String>)>,
    commented: bool,
}

/// A table: the kind of record it is, and where each of its `key = value` lines ends.
struct TableAt<'s> {
    shape: Shape<'s>,
    lines: Vec<(String, usize)>,
    header_end: Option<usize>,
}

/// The lists and tables of a parsed file.
struct Index<'s> {
    lists: Vec<List>,
    tables: Vec<TableAt<'s>>,
}

impl<'s> Index<'s> {
    fn of(doc: &Document<&str>, text: &str, schema: &'s Schema) -> Self {
        let mut index = Index {
            lists: Vec::new(),
            tables: Vec::new(),
        };
        index.table(doc.as_table(), Shape::Root, text, schema);
        index.tables[0].header_end = None;
        index
    }

    fn table(&mut self, table: &Table, shape: Shape<'s>, text: &str, schema: &'s Schema) {
        let id = self.tables.len();
        self.tables.push(TableAt {
            shape,
            lines: Vec::new(),
            header_end: table.span().map(|s| s.end),
        });
        for (key, item) in table.iter() {
            let inner = shape.child(schema, key);
            match item {
                Item::Value(value) => {
                    if let Some(end) = value.span().map(|s| line_end(text, s.end)) {
                        self.tables[id].lines.push((key.to_string(), end));
                    }
                    if let (Value::Array(array), Some(span)) = (value, value.span()) {
                        self.lists.push(List {
                            table: id,
                            key: key.to_string(),
                            span,
                            items: array
                                .iter()
                                .filter_map(|v| Some((v.span()?, v.as_str().map(String::from))))
                                .collect(),
                            commented: array_has_comments(text, array),
                        });
                    }
                }
                Item::Table(sub) => self.table(sub, inner, text, schema),
                Item::ArrayOfTables(subs) => {
                    for sub in subs.iter() {
                        self.table(sub, inner, text, schema);
                    }
                }
                Item::None => {}
            }
        }
    }

    /// The list and item position of the value written at `span`.
    fn item_at(&self, span: &Range<usize>) -> Option<(usize, usize)> {
        self.lists.iter().enumerate().find_map(|(l, list)| {
            let i = list.items.iter().position(|(s, _)| s == span)?;
            Some((l, i))
        })
    }
}

/// The offset just past the line break that ends the line holding `at`.
fn line_end(text: &str, at: usize) -> usize {
    text.get(at..)
        .and_then(|rest| rest.find('\n'))
        .map_or(text.len(), |i| at + i + 1)
}

/// The changes to make, gathered before any is made.
#[derive(Clone, Default)]
struct Plan {
    /// A string written again where it stands: (span, new text).
    strings: Vec<(Range<usize>, String)>,
    /// Items leaving a list: (list, item).
    removed: Vec<(usize, usize)>,
    /// Values joining a list of a table: (table, key, value).
    added: Vec<(usize, &'static str, String)>,
}

impl Plan {
    fn add(&mut self, index: &Index<'_>, text: &str, edit: &Edit) -> Result<(), String> {
        match edit {
            Edit::ReplaceValue { span, value } => {
                let range = span.range();
                let written = text.get(range.clone()).unwrap_or("");
                let is_string = written.parse::<Value>().is_ok_and(|v| v.is_str());
                if !is_string || written.trim() != written {
                    return Err("the file no longer holds that value".to_string());
                }
                if self.touches(index, &range) {
                    return Err("another fix changes the same value".to_string());
                }
                self.strings.push((range, encode(value)));
                Ok(())
            }
            Edit::MoveToList { span, value, list } => {
                let range = span.range();
                let Some((l, i)) = index.item_at(&range) else {
                    return Err("the value is not an item of a list".to_string());
                };
                let source = &index.lists[l];
                if source.commented {
                    return Err(format!(
                        "`{}` holds comments; move the value by hand",
                        source.key
                    ));
                }
                if self.touches(index, &range) {
                    return Err("another fix changes the same value".to_string());
                }
                let target = index
                    .lists
                    .iter()
                    .find(|t| t.table == source.table && t.key == *list);
                let target_written = index.tables[source.table]
                    .lines
                    .iter()
                    .any(|(k, _)| k == list);
                match target {
                    Some(t) if t.commented => {
                        return Err(format!("`{list}` holds comments; move the value by hand"));
                    }
                    None if target_written => {
                        return Err(format!("`{list}` is not a list; move the value by hand"));
                    }
                    _ => {}
                }
                self.removed.push((l, i));
                self.added.push((source.table, *list, value.clone()));
                Ok(())
            }
        }
    }

    /// Whether an edit planned already changes the value at `range`.
    fn touches(&self, index: &Index<'_>, range: &Range<usize>) -> bool {
        self.strings.iter().any(|(r, _)| r == range)
            || index
                .item_at(range)
                .is_some_and(|item| self.removed.contains(&item))
    }

    /// The text with every change made, if it is a sound file: it parses and keeps every
    /// comment, in order. Otherwise why not.
    fn result(&self, index: &Index<'_>, text: &str, nl: &str) -> Result<String, String> {
        let Some(after) = self.apply(index, text, nl) else {
            return Err("another fix changes the same text".to_string());
        };
        if Document::parse(after.as_str()).is_err() {
            return Err("the file would no longer be valid TOML; make this change by hand".into());
        }
        if !verify::same_comments_in_order(text, &after) {
            return Err("the file would not keep its comments; make this change by hand".into());
        }
        Ok(after)
    }

    /// The text with every change made, or `None` if two changes would overlap.
    fn apply(&self, index: &Index<'_>, text: &str, nl: &str) -> Option<String> {
        let mut splices: Vec<(Range<usize>, String)> = Vec::new();
        let mut rewritten: Vec<usize> = Vec::new();
        for (l, list) in index.lists.iter().enumerate() {
            let adds: Vec<&str> = self
                .added
                .iter()
                .filter(|(t, key, _)| *t == list.table && *key == list.key)
                .map(|(_, _, v)| v.as_str())
                .collect();
            let removes = self.removed.iter().any(|(rl, _)| *rl == l);
            if !removes && adds.is_empty() {
                continue;
            }
            rewritten.push(l);
            splices.push((list.span.clone(), self.list_text(l, list, &adds, text)));
        }
        // Lists a table does not have yet: a new line each.
        let mut new_lists: Vec<(usize, &str)> = Vec::new();
        for (table, key, _) in &self.added {
            let exists = index
                .lists
                .iter()
                .any(|list| list.table == *table && list.key == *key);
            if !exists && !new_lists.contains(&(*table, key)) {
                new_lists.push((*table, key));
            }
        }
        for (table, key) in new_lists {
            let values = unique(
                self.added
                    .iter()
                    .filter(|(t, k, _)| *t == table && *k == key)
                    .map(|(_, _, v)| v.as_str()),
            );
            let at = insert_at(&index.tables[table], key, text);
            let items: Vec<String> = values.into_iter().map(encode).collect();
            // After a last line without a line break, the new line needs one first.
            let before = if at > 0 && !text[..at].ends_with('\n') {
                nl
            } else {
                ""
            };
            splices.push((
                at..at,
                format!("{before}{key} = [{}]{nl}", items.join(", ")),
            ));
        }
        for (range, new) in &self.strings {
            let inside_rewritten = rewritten
                .iter()
                .any(|&l| index.lists[l].items.iter().any(|(s, _)| s == range));
            if !inside_rewritten {
                splices.push((range.clone(), new.clone()));
            }
        }
        splices.sort_by_key(|(r, _)| (r.start, r.end));
        if splices.windows(2).any(|w| w[0].0.end > w[1].0.start) {
            return None;
        }
        let mut out = text.to_string();
        for (range, new) in splices.iter().rev() {
            out.replace_range(range.clone(), new);
        }
        Some(out)
    }

    /// A list written again on one line: its items as written (or as a fix writes them), less
    /// those leaving it, and the values joining it that it does not hold yet.
    fn list_text(&self, l: usize, list: &List, adds: &[&str], text: &str) -> String {
        let mut items: Vec<String> = Vec::new();
        let mut held: Vec<String> = Vec::new();
        for (i, (span, value)) in list.items.iter().enumerate() {
            if self.removed.contains(&(l, i)) {
                continue;
            }
            let replaced = self.strings.iter().find(|(r, _)| r == span);
            match replaced {
                Some((_, new)) => items.push(new.clone()),
                None => items.push(text.get(span.clone()).unwrap_or("").to_string()),
            }
            held.extend(value.clone());
        }
        for value in unique(adds.iter().copied()) {
            if !held.iter().any(|h| h == value) {
                items.push(encode(value));
            }
        }
        format!("[{}]", items.join(", "))
    }
}

fn unique<'a>(values: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for v in values {
        if !out.contains(&v) {
            out.push(v);
        }
    }
    out
}

/// Where a new `key = […]` line goes in a table: after the line of the key that comes before it
/// in the schema's order, or just under the header.
fn insert_at(table: &TableAt<'_>, key: &str, text: &str) -> usize {
    let rank = table.shape.rank(key);
    let before = table
        .lines
        .iter()
        .filter(|(k, _)| table.shape.rank(k) < rank)
        .max_by_key(|(k, end)| (table.shape.rank(k), *end));
    match (before, table.header_end) {
        (Some((_, end)), _) => *end,
        (None, Some(header)) => line_end(text, header),
        (None, None) => 0,
    }
}

/// A value as a TOML string.
fn encode(value: &str) -> String {
    toml_string(value)
}
