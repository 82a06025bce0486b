//! `accsm fix`: the changes that findings carry ([`crate::diag::Fix`]), applied to the text of a
//! file. Only the values a fix names are touched: a string is replaced where it stands, and a
//! list that loses or gains an item is written again on one line from its own items. Everything
//! else — comments, blank lines, the layout of other keys — stays byte for byte. The file is
//! parsed with `toml_edit` to find the lists; the result must parse and keep every comment, in
//! order, or nothing of the file is changed.

use std::collections::{HashMap, HashSet};
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
    let mut planned: Vec<(usize, &Fix)> = Vec::new();
    for &(n, fix) in fixes {
        match plan.add_fix(&index, text, fix) {
            Ok(()) => planned.push((n, fix)),
            Err(why) => out.refused.push((n, why)),
        }
    }
    // All together first: one rewrite of the file, one check.
    match plan.result(&index, text, nl) {
        Ok(after) => {
            out.text = after;
            out.applied = planned.iter().map(|(n, _)| *n).collect();
        }
        Err(_) => {
            // Not sound together: halves, then halves of halves, each kept only if the file
            // with it and what was kept before is still sound, down to the one fix that is not.
            let mut kept = Kept {
                plan: Plan::default(),
                text: text.to_string(),
                applied: Vec::new(),
            };
            kept.try_chunk(&index, text, nl, &planned, &mut out.refused);
            out.text = kept.text;
            out.applied = kept.applied;
            out.applied.sort_unstable();
        }
    }
    out.refused.sort_by_key(|(n, _)| *n);
    out
}

/// The fixes kept so far when not all of them could be made together, and the text they give.
struct Kept {
    plan: Plan,
    text: String,
    applied: Vec<usize>,
}

impl Kept {
    fn try_chunk(
        &mut self,
        index: &Index<'_>,
        text: &str,
        nl: &str,
        chunk: &[(usize, &Fix)],
        refused: &mut Vec<(usize, String)>,
    ) {
        if chunk.is_empty() {
            return;
        }
        let mut attempt = self.plan.clone();
        let added = chunk
            .iter()
            .try_for_each(|(_, fix)| attempt.add_fix(index, text, fix));
        match added.and_then(|()| attempt.result(index, text, nl)) {
            Ok(after) => {
                self.plan = attempt;
                self.text = after;
                self.applied.extend(chunk.iter().map(|(n, _)| *n));
            }
            Err(why) if chunk.len() == 1 => refused.push((chunk[0].0, why)),
            Err(_) => {
                let (first, second) = chunk.split_at(chunk.len() / 2);
                self.try_chunk(index, text, nl, first, refused);
                self.try_chunk(index, text, nl, second, refused);
            }
        }
    }
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
    /// Each list item by where it is written: (list, item).
    items: HashMap<(usize, usize), (usize, usize)>,
    /// Each list by its table and key.
    by_key: HashMap<(usize, String), usize>,
}

impl<'s> Index<'s> {
    fn of(doc: &Document<&str>, text: &str, schema: &'s Schema) -> Self {
        let mut index = Index {
            lists: Vec::new(),
            tables: Vec::new(),
            items: HashMap::new(),
            by_key: HashMap::new(),
        };
        index.table(doc.as_table(), Shape::Root, text, schema);
        index.tables[0].header_end = None;
        for (l, list) in index.lists.iter().enumerate() {
            index.by_key.insert((list.table, list.key.clone()), l);
            for (i, (span, _)) in list.items.iter().enumerate() {
                index.items.entry((span.start, span.end)).or_insert((l, i));
            }
        }
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
        self.items.get(&(span.start, span.end)).copied()
    }
}

/// The offset just past the line break that ends the line holding `at`.
fn line_end(text: &str, at: usize) -> usize {
    text.get(at..)
        .and_then(|rest| rest.find('\n'))
        .map_or(text.len(), |i| at + i + 1)
}

/// The changes to make, gathered before any is made. Each is found by a key, so that planning
/// and making n fixes costs about n steps, not n × n.
#[derive(Clone, Default)]
struct Plan {
    /// A string written again where it stands: its span → the new text.
    strings: HashMap<(usize, usize), String>,
    /// Items leaving a list: (list, item).
    removed: HashSet<(usize, usize)>,
    /// Values joining a list of a table: (table, key) → the values, in the order of the fixes.
    added: HashMap<(usize, &'static str), Vec<String>>,
    /// The (table, key) of `added`, in the order they first came.
    added_order: Vec<(usize, &'static str)>,
}

/// What one edit added to a plan, to take it back when another edit of its fix cannot be made.
enum Undo {
    String((usize, usize)),
    Move((usize, usize), (usize, &'static str)),
}

impl Plan {
    /// Adds every edit of `fix`, or none of them (and says why).
    fn add_fix(&mut self, index: &Index<'_>, text: &str, fix: &Fix) -> Result<(), String> {
        let mut done = Vec::new();
        for edit in &fix.edits {
            match self.add(index, text, edit) {
                Ok(undo) => done.push(undo),
                Err(why) => {
                    for undo in done.into_iter().rev() {
                        self.undo(undo);
                    }
                    return Err(why);
                }
            }
        }
        Ok(())
    }

    fn undo(&mut self, undo: Undo) {
        match undo {
            Undo::String(key) => {
                self.strings.remove(&key);
            }
            Undo::Move(item, list) => {
                self.removed.remove(&item);
                if let Some(values) = self.added.get_mut(&list) {
                    values.pop();
                    if values.is_empty() {
                        self.added.remove(&list);
                        self.added_order.retain(|l| *l != list);
                    }
                }
            }
        }
    }

    fn add(&mut self, index: &Index<'_>, text: &str, edit: &Edit) -> Result<Undo, String> {
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
                let key = (range.start, range.end);
                self.strings.insert(key, encode(value));
                Ok(Undo::String(key))
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
                    .by_key
                    .get(&(source.table, list.to_string()))
                    .map(|&t| &index.lists[t]);
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
                self.removed.insert((l, i));
                let to = (source.table, *list);
                let values = self.added.entry(to).or_default();
                if values.is_empty() {
                    self.added_order.push(to);
                }
                values.push(value.clone());
                Ok(Undo::Move((l, i), to))
            }
        }
    }

    /// Whether an edit planned already changes the value at `range`.
    fn touches(&self, index: &Index<'_>, range: &Range<usize>) -> bool {
        self.strings.contains_key(&(range.start, range.end))
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

    /// The text with every change made, or `None` if two changes would overlap. The text is
    /// written once, from start to end, between the changes.
    fn apply(&self, index: &Index<'_>, text: &str, nl: &str) -> Option<String> {
        let mut splices: Vec<(Range<usize>, String)> = Vec::new();
        let mut rewritten: HashSet<usize> = self.removed.iter().map(|(l, _)| *l).collect();
        for (table, key) in &self.added_order {
            if let Some(&l) = index.by_key.get(&(*table, key.to_string())) {
                rewritten.insert(l);
            }
        }
        let mut rewritten: Vec<usize> = rewritten.into_iter().collect();
        rewritten.sort_unstable();
        for &l in &rewritten {
            let list = &index.lists[l];
            let adds = self
                .added
                .get(&(list.table, list.key.as_str()))
                .map_or(&[][..], Vec::as_slice);
            splices.push((list.span.clone(), self.list_text(l, list, adds, text)));
        }
        // Lists a table does not have yet: a new line each.
        for &(table, key) in &self.added_order {
            if index.by_key.contains_key(&(table, key.to_string())) {
                continue;
            }
            let values = self.added.get(&(table, key)).map_or(&[][..], Vec::as_slice);
            let at = insert_at(&index.tables[table], key, text);
            let items: Vec<String> = unique(values.iter().map(String::as_str))
                .into_iter()
                .map(encode)
                .collect();
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
        for (&(start, end), new) in &self.strings {
            let inside_rewritten = index
                .item_at(&(start..end))
                .is_some_and(|(l, _)| rewritten.binary_search(&l).is_ok());
            if !inside_rewritten {
                splices.push((start..end, new.clone()));
            }
        }
        splices.sort_by_key(|(r, _)| (r.start, r.end));
        if splices.windows(2).any(|w| w[0].0.end > w[1].0.start) {
            return None;
        }
        let mut out = String::with_capacity(text.len() + 64 * splices.len());
        let mut from = 0;
        for (range, new) in &splices {
            out.push_str(text.get(from..range.start)?);
            out.push_str(new);
            from = range.end;
        }
        out.push_str(text.get(from..)?);
        Some(out)
    }

    /// A list written again on one line: its items as written (or as a fix writes them), less
    /// those leaving it, and the values joining it that it does not hold yet.
    fn list_text(&self, l: usize, list: &List, adds: &[String], text: &str) -> String {
        let mut items: Vec<String> = Vec::new();
        let mut held: HashSet<&str> = HashSet::new();
        for (i, (span, value)) in list.items.iter().enumerate() {
            if self.removed.contains(&(l, i)) {
                continue;
            }
            match self.strings.get(&(span.start, span.end)) {
                Some(new) => items.push(new.clone()),
                None => items.push(text.get(span.clone()).unwrap_or("").to_string()),
            }
            held.extend(value.as_deref());
        }
        for value in unique(adds.iter().map(String::as_str)) {
            if !held.contains(value) {
                items.push(encode(value));
            }
        }
        format!("[{}]", items.join(", "))
    }
}

/// The values, each once, in their order.
fn unique<'a>(values: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut seen = HashSet::new();
    values.filter(|v| seen.insert(*v)).collect()
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
