//! How an exported table is declared: each column once, with its name, its type, what it holds
//! and the cell it reads from a row, so that a column cannot be named in one place and filled
//! in another. Columns named after a key of the files take the type the readers give that key.

use std::borrow::Cow;

use super::run::Run;
use super::spec::{Cell, ExportError, Field, FieldType, ForeignKey, Sink, Table};
use crate::load::{Schema, ValueType};
use crate::model::Text;
use crate::source::{Span, Spanned};

/// The type of a column.
#[derive(Clone, Copy, Debug)]
pub(super) enum Kind {
    /// The key `key` of the record `record`, of the type its reader gives it.
    Key {
        record: &'static str,
        key: &'static str,
    },
    /// As [`Kind::Key`], for a key that defaults to false when left out: always filled.
    Flag {
        record: &'static str,
        key: &'static str,
    },
    /// A value the files do not write under a key of this name: its type, and whether every
    /// row has one.
    Own(FieldType, bool),
}

/// One column: its name, type and description, and the cell it reads from a row `R`.
pub(super) struct Column<R> {
    pub(super) name: &'static str,
    pub(super) kind: Kind,
    pub(super) description: Cow<'static, str>,
    pub(super) cell: fn(&R) -> Cell<'_>,
}

/// A column holding the key `key` of `record`, under the same name.
pub(super) fn key<R>(
    record: &'static str,
    key: &'static str,
    description: impl Into<Cow<'static, str>>,
    cell: fn(&R) -> Cell<'_>,
) -> Column<R> {
    key_as(key, record, key, description, cell)
}

/// A column named `name` holding the key `key` of `record`.
pub(super) fn key_as<R>(
    name: &'static str,
    record: &'static str,
    key: &'static str,
    description: impl Into<Cow<'static, str>>,
    cell: fn(&R) -> Cell<'_>,
) -> Column<R> {
    let kind = Kind::Key { record, key };
    column(name, kind, description, cell)
}

/// A column holding a key that defaults to false when left out.
pub(super) fn flag<R>(
    name: &'static str,
    record: &'static str,
    key: &'static str,
    description: impl Into<Cow<'static, str>>,
    cell: fn(&R) -> Cell<'_>,
) -> Column<R> {
    let kind = Kind::Flag { record, key };
    column(name, kind, description, cell)
}

/// A column of its own: a position, a name looked up, a figure in long form…
pub(super) fn own<R>(
    name: &'static str,
    ty: FieldType,
    required: bool,
    description: impl Into<Cow<'static, str>>,
    cell: fn(&R) -> Cell<'_>,
) -> Column<R> {
    column(name, Kind::Own(ty, required), description, cell)
}

fn column<R>(
    name: &'static str,
    kind: Kind,
    description: impl Into<Cow<'static, str>>,
    cell: fn(&R) -> Cell<'_>,
) -> Column<R> {
    Column {
        name,
        kind,
        description: description.into(),
        cell,
    }
}

/// A row of a table: the export it is part of, the record it comes from, and what of that
/// record it holds (nothing for the record itself; an entry of one of its lists…).
pub(super) struct Row<'x, P, T = ()> {
    pub(super) run: &'x Run<'x>,
    pub(super) of: &'x P,
    pub(super) item: T,
}

/// A record that says where it was read.
pub(super) trait Located {
    fn span(&self) -> Span;
}

macro_rules! located {
    ($($t:ty),*) => {
        $(impl Located for $t {
            fn span(&self) -> Span {
                self.span
            }
        })*
    };
}

located!(
    crate::model::Programme,
    crate::model::Kpi,
    crate::model::Return,
    crate::model::Arc,
    crate::model::Chair,
    crate::model::ProgressUpdate
);

impl<T: Located + Clone> Located for Cow<'_, T> {
    fn span(&self) -> Span {
        self.as_ref().span()
    }
}

/// What the column [`source`] (and [`item_source`]) says of itself.
const SOURCE: &str = "file:line the record was read from, relative to the repository";

/// The column that says where the record of a row was read.
pub(super) fn source<'x, P: Located, T>() -> Column<Row<'x, P, T>> {
    own("source", FieldType::Text, true, SOURCE, |r: &Row<P, T>| {
        r.run.locate(r.of.span())
    })
}

/// [`source`] for rows whose record is their item (a record read back for the row, not one
/// the data set holds). Apart because a column's cell is a plain function, which cannot be
/// told which of the two to read.
pub(super) fn item_source<'x, P, T: Located>() -> Column<Row<'x, P, T>> {
    own("source", FieldType::Text, true, SOURCE, |r: &Row<P, T>| {
        r.run.locate(r.item.span())
    })
}

/// An entry of a record's list, and the reference lists its id names an entry of (none when
/// the list holds no ids, or its ids have no name).
pub(super) struct Listed<'x> {
    pub(super) position: usize,
    pub(super) value: &'x Text,
    pub(super) names: &'static [crate::model::RefKind],
}

/// The column of a list's table that says where in the list an entry is.
pub(super) fn position<'x, P>() -> Column<Row<'x, P, Listed<'x>>> {
    own(
        "position",
        FieldType::Integer,
        true,
        "1 for the first entry, 2…",
        |r: &Row<P, Listed>| index(r.item.position),
    )
}

/// A table's rows, one after the other, in the order they are exported.
type Rows<'x, R> =
    std::sync::Arc<dyn Fn(&'x Run<'x>) -> Box<dyn Iterator<Item = R> + 'x> + Send + Sync + 'x>;

/// One table as declared: its name, description, columns and keys, and where its rows come from.
pub(super) struct Def<'x, R> {
    name: &'static str,
    description: Cow<'static, str>,
    columns: Vec<Column<R>>,
    primary_key: &'static [&'static str],
    foreign_keys: Vec<ForeignKey>,
    /// Keys of the files this table carries in its rows rather than as columns.
    covers: Vec<(&'static str, &'static str)>,
    rows: Rows<'x, R>,
    /// How many rows there are, where counting them would make each (see [`Def::counted`]).
    count: Option<Count<'x>>,
}

impl<'x, R: 'x> Def<'x, R> {
    pub(super) fn new<I>(
        name: &'static str,
        description: impl Into<Cow<'static, str>>,
        rows: impl Fn(&'x Run<'x>) -> I + Send + Sync + 'x,
    ) -> Self
    where
        I: Iterator<Item = R> + 'x,
    {
        Def {
            name,
            description: description.into(),
            columns: Vec::new(),
            primary_key: &[],
            foreign_keys: Vec::new(),
            covers: Vec::new(),
            rows: std::sync::Arc::new(move |run| Box::new(rows(run))),
            count: None,
        }
    }

    /// How many rows the table has, for rows that are costly to make (read back from packed
    /// bytes): otherwise they are counted by making each.
    pub(super) fn counted(
        mut self,
        count: impl Fn(&'x Run<'x>) -> usize + Send + Sync + 'x,
    ) -> Self {
        self.count = Some(Box::new(count));
        self
    }

    pub(super) fn columns(mut self, columns: impl IntoIterator<Item = Column<R>>) -> Self {
        self.columns.extend(columns);
        self
    }

    pub(super) fn covers(mut self, record: &'static str, keys: &[&'static str]) -> Self {
        self.covers.extend(keys.iter().map(|k| (record, *k)));
        self
    }

    pub(super) fn primary_key(mut self, fields: &'static [&'static str]) -> Self {
        self.primary_key = fields;
        self
    }

    pub(super) fn foreign_key(
        mut self,
        fields: &[&'static str],
        table: &'static str,
        reference: &[&'static str],
    ) -> Self {
        self.foreign_keys.push(ForeignKey {
            fields: fields.to_vec(),
            table,
            reference: reference.to_vec(),
        });
        self
    }
}

/// What writes one table's rows into a sink, and returns how many it wrote.
type Write<'x> = Box<
    dyn Fn(&'x Run<'x>, &Table, &mut dyn Sink) -> Result<usize, ExportError> + Send + Sync + 'x,
>;

/// How many rows a table will have, without making them.
type Count<'x> = Box<dyn Fn(&'x Run<'x>) -> usize + Send + Sync + 'x>;

/// A declared table, its columns typed, ready to be written.
pub(super) struct Entry<'x> {
    pub(super) table: Table,
    /// The keys of the files the table carries, as (record, key): a test holds the export to
    /// carrying every key the readers know.
    #[cfg_attr(not(test), allow(dead_code))]
    pub(super) covers: Vec<(&'static str, &'static str)>,
    write: Write<'x>,
    count: Count<'x>,
}

impl<'x> Entry<'x> {
    /// How many rows [`write`](Self::write) will write.
    pub(super) fn count(&self, run: &'x Run<'x>) -> usize {
        (self.count)(run)
    }

    /// Writes every row into `sink`; the table has been begun.
    pub(super) fn write(
        &self,
        run: &'x Run<'x>,
        sink: &mut dyn Sink,
    ) -> Result<usize, ExportError> {
        (self.write)(run, &self.table, sink)
    }
}

/// The tables, in the order they are written, and the keys named for a column that the readers
/// do not know (none: a test holds this).
pub(super) struct Catalogue<'x> {
    pub(super) schema: Schema,
    pub(super) entries: Vec<Entry<'x>>,
    pub(super) missing: Vec<String>,
}

impl<'x> Catalogue<'x> {
    pub(super) fn add<R: 'x>(&mut self, def: Def<'x, R>) {
        let mut covers = Vec::new();
        let fields = def
            .columns
            .iter()
            .map(|c| self.field(c, &mut covers))
            .collect();
        covers.extend(def.covers);
        let table = Table {
            name: def.name,
            description: def.description.into_owned(),
            fields,
            primary_key: def.primary_key.to_vec(),
            foreign_keys: def.foreign_keys,
        };
        let (columns, rows) = (def.columns, def.rows);
        let count: Count<'x> = match def.count {
            Some(count) => count,
            None => {
                let rows = rows.clone();
                Box::new(move |run: &'x Run<'x>| rows(run).count())
            }
        };
        let write = move |run: &'x Run<'x>, table: &Table, sink: &mut dyn Sink| {
            let mut written = 0;
            // One list of cells for every row: each row's cells borrow from that row, so the
            // list is emptied and its room handed on (`recycle`), not kept across rows.
            let mut spare: Vec<Cell<'static>> = Vec::with_capacity(columns.len());
            for row in rows(run) {
                let mut cells = recycle(spare);
                cells.extend(columns.iter().map(|c| (c.cell)(&row)));
                sink.row(table, &cells)?;
                spare = recycle(cells);
                written += 1;
            }
            Ok(written)
        };
        self.entries.push(Entry {
            table,
            covers,
            write: Box::new(write),
            count,
        });
    }

    /// The field a column is exported as, its type taken from the readers for a key.
    fn field<R>(&mut self, c: &Column<R>, covers: &mut Vec<(&'static str, &'static str)>) -> Field {
        let (ty, required) = match c.kind {
            Kind::Own(ty, required) => (ty, required),
            Kind::Key { record, key } | Kind::Flag { record, key } => {
                covers.push((record, key));
                let always = matches!(c.kind, Kind::Flag { .. });
                match self.schema.record(record).and_then(|r| r.key(key)) {
                    Some(k) => (field_type(k.ty), k.required || always),
                    None => {
                        self.missing.push(format!("{record}.{key}"));
                        (FieldType::Text, always)
                    }
                }
            }
        };
        Field {
            name: c.name,
            ty,
            required,
            description: c.description.to_string(),
        }
    }
}

/// The type a key the reader reads as `ty` is exported as. Lists of values and nested records
/// are exported as tables of their own, never as a column; a column of one is text.
fn field_type(ty: ValueType) -> FieldType {
    match ty {
        ValueType::OneOf(values) => FieldType::OneOf(values),
        ValueType::WholeNumber => FieldType::Integer,
        ValueType::Number => FieldType::Number,
        ValueType::Bool => FieldType::Boolean,
        ValueType::Date => FieldType::Date,
        ValueType::TextList => FieldType::TextList,
        ValueType::Text
        | ValueType::OneOfList(_)
        | ValueType::WholeNumberList
        | ValueType::BoolOrBoolList
        | ValueType::WholeNumberTable
        | ValueType::Record(_)
        | ValueType::Records(_)
        | ValueType::RecordTable(_) => FieldType::Text,
    }
}

// ---- the cells most columns read ----

pub(super) fn text(t: &Text) -> Cell<'_> {
    Cell::text(t.value.as_str())
}

pub(super) fn opt_text(t: &Option<Text>) -> Cell<'_> {
    t.as_ref().map_or(Cell::Null, text)
}

pub(super) fn opt_int(n: &Option<Spanned<i64>>) -> Cell<'static> {
    n.as_ref().map_or(Cell::Null, |n| Cell::Int(n.value))
}

pub(super) fn opt_number(n: &Option<Spanned<f64>>) -> Cell<'static> {
    n.as_ref().map_or(Cell::Null, |n| Cell::Number(n.value))
}

/// A 0-based position as the 1-based one a reader counts.
pub(super) fn index(i: usize) -> Cell<'static> {
    Cell::Int(i64::try_from(i + 1).unwrap_or(i64::MAX))
}

/// The name of what a closed set's value is (a status, an answer kind…), as written.
pub(super) fn name<T: crate::model::ClosedSet>(v: &Spanned<T>) -> Cell<'static> {
    Cell::text(v.value.as_str())
}

pub(super) fn opt_name<T: crate::model::ClosedSet>(v: &Option<Spanned<T>>) -> Cell<'static> {
    v.as_ref().map_or(Cell::Null, name)
}

/// An emptied list of cells, its room kept for cells of another lifetime (the collect reuses the
/// allocation: the element type's size and alignment are the same).
fn recycle<'a, 'b>(mut cells: Vec<Cell<'a>>) -> Vec<Cell<'b>> {
    cells.clear();
    cells.into_iter().map(|_| Cell::Null).collect()
}
