//! What an exported table is built from: where its rows come from, and its columns, each named
//! after a key of the files taking the type the readers give that key.

use super::spec::{Field, FieldType, ForeignKey, Table};
use crate::load::{Schema, ValueType};
use crate::model::{ProgrammeList, RefKind};

/// Where a table's rows come from.
#[derive(Clone, Copy, Debug)]
pub(super) enum Rows {
    Programme,
    ProgrammeList(ProgrammeList),
    ProgrammeFunding,
    ProgrammeUpdate,
    ProgrammeYear,
    Plan,
    PlanMeasure,
    PlanApscLine,
    Kpi,
    KpiQuestion,
    KpiList,
    Return,
    ReturnAnswer,
    ReturnText,
    Arc,
    Chair,
    Update,
    Reference(RefKind),
}

/// A table, where its rows come from, and which keys of the files it carries.
pub(super) struct Entry {
    pub(super) table: Table,
    pub(super) rows: Rows,
    pub(super) covers: Vec<(&'static str, &'static str)>,
}

/// Builds one table's columns, the keys of the files as the readers type them.
pub(super) struct Build<'s> {
    schema: &'s Schema,
    missing: &'s mut Vec<String>,
    pub(super) entry: Entry,
}

impl<'s> Build<'s> {
    pub(super) fn new(
        schema: &'s Schema,
        missing: &'s mut Vec<String>,
        name: &'static str,
        rows: Rows,
        description: impl Into<String>,
    ) -> Self {
        Build {
            schema,
            missing,
            entry: Entry {
                table: Table {
                    name,
                    description: description.into(),
                    fields: Vec::new(),
                    primary_key: Vec::new(),
                    foreign_keys: Vec::new(),
                },
                rows,
                covers: Vec::new(),
            },
        }
    }

    pub(super) fn col(
        mut self,
        name: &'static str,
        ty: FieldType,
        required: bool,
        description: impl Into<String>,
    ) -> Self {
        self.entry.table.fields.push(Field {
            name,
            ty,
            required,
            description: description.into(),
        });
        self
    }

    /// A column holding the key `key` of `record`, named `name`, of the type the reader gives it.
    pub(super) fn key_as(
        mut self,
        name: &'static str,
        record: &'static str,
        key: &'static str,
        description: impl Into<String>,
    ) -> Self {
        let (ty, required) = match self.schema.record(record).and_then(|r| r.key(key)) {
            Some(k) => (field_type(k.ty), k.required),
            None => {
                self.missing.push(format!("{record}.{key}"));
                (FieldType::Text, false)
            }
        };
        self.entry.covers.push((record, key));
        self.col(name, ty, required, description)
    }

    pub(super) fn key(
        self,
        record: &'static str,
        key: &'static str,
        description: impl Into<String>,
    ) -> Self {
        self.key_as(key, record, key, description)
    }

    /// Marks the last column as always filled (a key that defaults to false when left out).
    pub(super) fn always(mut self) -> Self {
        if let Some(f) = self.entry.table.fields.last_mut() {
            f.required = true;
        }
        self
    }

    /// Keys of the files this table carries in its rows rather than as columns.
    pub(super) fn covers(mut self, record: &'static str, keys: &[&'static str]) -> Self {
        self.entry.covers.extend(keys.iter().map(|k| (record, *k)));
        self
    }

    pub(super) fn primary_key(mut self, fields: &[&'static str]) -> Self {
        self.entry.table.primary_key = fields.to_vec();
        self
    }

    pub(super) fn foreign_key(
        mut self,
        fields: &[&'static str],
        table: &'static str,
        reference: &[&'static str],
    ) -> Self {
        self.entry.table.foreign_keys.push(ForeignKey {
            fields: fields.to_vec(),
            table,
            reference: reference.to_vec(),
        });
        self
    }

    pub(super) fn source(self) -> Self {
        self.col(
            "source",
            FieldType::Text,
            true,
            "file:line the record was read from, relative to the repository",
        )
    }
}

fn field_type(ty: ValueType) -> FieldType {
    match ty {
        ValueType::OneOf(values) => FieldType::OneOf(values),
        ValueType::WholeNumber => FieldType::Integer,
        ValueType::Number => FieldType::Number,
        ValueType::Bool => FieldType::Boolean,
        ValueType::Date => FieldType::Date,
        ValueType::TextList => FieldType::TextList,
        _ => FieldType::Text,
    }
}
