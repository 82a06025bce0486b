//! What a table holds, as far as the layout and the fixes care: the kind of record its keys
//! belong to, from the schema (`accsm::load::schema`), and whether a value holds comments.

use toml_edit::{Array, InlineTable, Item, Key, RawString, Table, Value};

use crate::load::{RecordSchema, Schema, ValueType};

/// What a table or inline table holds, as far as the layout cares.
#[derive(Clone, Copy)]
pub(super) enum Shape<'s> {
    /// The document: its tables are records of the kind they are named after.
    Root,
    /// A record whose keys have a canonical order.
    Record(&'s RecordSchema),
    /// A table of records under names of the user's (`answers`).
    MapOf(&'s RecordSchema),
    /// Anything else: the order as written.
    Free,
}

impl<'s> Shape<'s> {
    pub(super) fn child(self, schema: &'s Schema, key: &str) -> Shape<'s> {
        let record = |kind: &str| schema.record(kind);
        match self {
            Shape::Root => schema.table(key).map_or(Shape::Free, Shape::Record),
            Shape::Record(r) => match r.key(key).map(|k| k.ty) {
                Some(ValueType::Record(k) | ValueType::Records(k)) => {
                    record(k).map_or(Shape::Free, Shape::Record)
                }
                Some(ValueType::RecordTable(k)) => record(k).map_or(Shape::Free, Shape::MapOf),
                _ => Shape::Free,
            },
            Shape::MapOf(r) => Shape::Record(r),
            Shape::Free => Shape::Free,
        }
    }

    /// Whether the key holds one nested record, which is written inline.
    pub(super) fn holds_one_record(self, key: &str) -> bool {
        matches!(self, Shape::Record(r)
            if matches!(r.key(key).map(|k| k.ty), Some(ValueType::Record(_))))
    }

    /// Where a key goes among its record's keys; keys accsm does not know go last, or, in a
    /// record whose other lists the data declares (a programme's citations), before the key the
    /// schema names for them.
    pub(super) fn rank(self, key: &str) -> usize {
        self.rank_of(key, true)
    }

    /// [`Shape::rank`] for a key whose value is (`list`) or is not a list: only lists go where
    /// the record's other lists go; any other key accsm does not know goes last.
    pub(super) fn rank_of(self, key: &str, list: bool) -> usize {
        match self {
            Shape::Record(r) => {
                let at = |key: &str| r.keys.iter().position(|k| k.key == key);
                match (at(key), r.others_before.and_then(at)) {
                    (Some(i), _) => 2 * i + 1,
                    (None, Some(before)) if list => 2 * before,
                    (None, _) => 2 * r.keys.len() + 1,
                }
            }
            _ => 0,
        }
    }
}

/// The text of whitespace and comments: from the file for a parsed document.
pub(super) fn raw_text<'a>(input: &'a str, raw: &'a RawString) -> &'a str {
    match raw.span() {
        Some(span) => input.get(span).unwrap_or(""),
        None => raw.as_str().unwrap_or(""),
    }
}

pub(super) fn value_has_comments(input: &str, value: &Value) -> bool {
    match value {
        Value::Array(a) => array_has_comments(input, a),
        Value::InlineTable(t) => inline_has_comments(input, t),
        _ => false,
    }
}

pub(super) fn array_has_comments(input: &str, array: &Array) -> bool {
    let has = |raw: Option<&RawString>| raw_has_comment(input, raw);
    has(Some(array.trailing()))
        || array.iter().any(|v| {
            has(v.decor().prefix()) || has(v.decor().suffix()) || value_has_comments(input, v)
        })
}

pub(super) fn inline_has_comments(input: &str, table: &InlineTable) -> bool {
    let has = |raw: Option<&RawString>| raw_has_comment(input, raw);
    let decor_has = |d: &toml_edit::Decor| has(d.prefix()) || has(d.suffix());
    has(Some(table.trailing()))
        || table.get_values().iter().any(|(path, v)| {
            path.iter()
                .any(|k| decor_has(k.leaf_decor()) || decor_has(k.dotted_decor()))
                || decor_has(v.decor())
                || value_has_comments(input, v)
        })
}

pub(super) fn raw_has_comment(input: &str, raw: Option<&RawString>) -> bool {
    raw.is_some_and(|r| raw_text(input, r).contains('#'))
}

/// A table to print under its header, in document order.
pub(super) struct Header<'a, 's> {
    pub(super) position: isize,
    pub(super) table: &'a Table,
    pub(super) path: Vec<&'a Key>,
    pub(super) is_array: bool,
    pub(super) shape: Shape<'s>,
}

/// Every table of a document with its header path and shape, as `toml_edit` orders them for
/// printing: by position, a table without one (an implicit parent) after the one before it.
pub(super) fn collect<'a, 's>(
    schema: &'s Schema,
    table: &'a Table,
    path: &mut Vec<&'a Key>,
    is_array: bool,
    shape: Shape<'s>,
    last_position: &mut isize,
    out: &mut Vec<Header<'a, 's>>,
) {
    if !table.is_dotted() {
        if let Some(position) = table.position() {
            *last_position = position;
        }
        out.push(Header {
            position: *last_position,
            table,
            path: path.clone(),
            is_array,
            shape,
        });
    }
    for (name, item) in table.iter() {
        let Some(key) = table.key(name) else { continue };
        let inner = shape.child(schema, name);
        match item {
            Item::Table(sub) => {
                path.push(key);
                collect(schema, sub, path, false, inner, last_position, out);
                path.pop();
            }
            Item::ArrayOfTables(tables) => {
                for sub in tables.iter() {
                    path.push(key);
                    collect(schema, sub, path, true, inner, last_position, out);
                    path.pop();
                }
            }
            _ => {}
        }
    }
}
