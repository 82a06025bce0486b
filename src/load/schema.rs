//! The schema of the data files, as the readers themselves tell it: every top-level table and
//! nested record, its keys, what each key holds, whether it is required, and the allowed values
//! of closed sets. It is learnt by running each reader over an empty record while the getters
//! note what they are asked for (see [`super::read`]), so it cannot drift from what is read.

use super::parse::{read_table, table_names};
use super::read::probe::Probe;
pub use super::read::probe::ValueType;
use super::read::{Ctx, Value};
use crate::model::Dataset;
use crate::source::FileId;

/// One key of a record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeySchema {
    pub key: &'static str,
    pub ty: ValueType,
    pub required: bool,
}

/// A kind of record: a top-level table (`programme`) or a nested record (`budget`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordSchema {
    /// What the record is called in messages; for top-level tables, the table name.
    pub kind: &'static str,
    /// Whether it is a top-level table (`[[kind]]`).
    pub top_level: bool,
    /// Its keys, in the order the reader reads them.
    pub keys: Vec<KeySchema>,
    /// Where lists under keys the data declares (a programme's citations of its plan's results
    /// framework) go: before this key.
    pub others_before: Option<&'static str>,
}

impl RecordSchema {
    pub fn key(&self, key: &str) -> Option<&KeySchema> {
        self.keys.iter().find(|k| k.key == key)
    }
}

/// Every kind of record accsm reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Schema {
    /// Top-level tables first, in the order of [`table_names`], then nested records in the order
    /// first met.
    pub records: Vec<RecordSchema>,
}

impl Schema {
    /// The top-level tables.
    pub fn tables(&self) -> impl Iterator<Item = &RecordSchema> {
        self.records.iter().filter(|r| r.top_level)
    }

    /// The top-level table of this name.
    pub fn table(&self, name: &str) -> Option<&RecordSchema> {
        self.tables().find(|r| r.kind == name)
    }

    /// The record of this kind, top-level or nested (`budget`, `KPI answer`).
    pub fn record(&self, kind: &str) -> Option<&RecordSchema> {
        self.records.iter().find(|r| r.kind == kind)
    }
}

/// The schema, from the readers.
pub fn schema() -> Schema {
    let mut diagnostics = Vec::new();
    let mut ctx = Ctx::new(FileId(0), &mut diagnostics);
    ctx.probe = Some(Probe::default());
    let empty: Value<'static> =
        toml::Spanned::new(0..0, toml::de::DeValue::Table(Default::default()));
    let names = table_names();
    for name in &names {
        read_table(&mut ctx, &mut Dataset::default(), name, 0..0, &empty);
    }
    let probe = ctx.probe.take().unwrap_or_default();
    let others = probe.others_before;
    let mut records: Vec<RecordSchema> = probe
        .records
        .into_iter()
        .map(|(kind, keys)| RecordSchema {
            kind,
            others_before: others.iter().find(|(k, _)| *k == kind).map(|(_, b)| *b),
            top_level: names.contains(&kind),
            keys: keys
                .into_iter()
                .map(|(key, ty, required)| KeySchema {
                    key,
                    // Every key is read with a type (`schema::tests` holds readers to it).
                    ty: ty.unwrap_or(ValueType::Text),
                    required,
                })
                .collect(),
        })
        .collect();
    // Top-level tables in table order, nested records after them (a stable sort).
    records.sort_by_key(|r| {
        names
            .iter()
            .position(|n| *n == r.kind)
            .unwrap_or(names.len())
    });
    Schema { records }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_and_nested_record_is_known_with_its_keys() {
        let s = schema();
        let tables: Vec<&str> = s.tables().map(|t| t.kind).collect();
        assert_eq!(tables, table_names());
        let programme = s
            .table("programme")
            .map(|t| t.keys.clone())
            .unwrap_or_default();
        let names: Vec<&str> = programme.iter().map(|k| k.key).collect();
        assert_eq!(
            names,
            [
                "plan",
                "number",
                "title",
                "activities",
                "areas",
                "timeline",
                "budget",
                "coordinators",
                "partners",
                "partner_organisations",
                "apsc_lines",
                "declarations",
                "carried_over",
                "from",
                "status",
                "update",
                "note",
            ]
        );
        let key = |record: &str, key: &str| s.record(record).and_then(|r| r.key(key)).cloned();
        assert_eq!(
            key("programme", "coordinators"),
            Some(KeySchema {
                key: "coordinators",
                ty: ValueType::TextList,
                required: true
            })
        );
        assert_eq!(
            key("programme", "budget").map(|k| k.ty),
            Some(ValueType::Record("budget"))
        );
        assert_eq!(
            key("return", "answers").map(|k| k.ty),
            Some(ValueType::RecordTable("KPI answer"))
        );
        assert_eq!(
            key("KPI answer", "projects").map(|k| k.ty),
            Some(ValueType::Records("project"))
        );
        assert_eq!(
            key("KPI answer", "internal").map(|k| k.ty),
            Some(ValueType::Record("survey result"))
        );
        assert_eq!(
            key("survey result", "rate").map(|k| k.ty),
            Some(ValueType::Number)
        );
        assert_eq!(
            key("kpi", "rollup").map(|k| k.ty),
            Some(ValueType::OneOf(&["count-yes", "per-ams", "sum"]))
        );
        assert_eq!(key("country", "kind").map(|k| k.required), Some(true));
        assert_eq!(key("return", "note").map(|k| k.ty), Some(ValueType::Text));
        assert_eq!(
            key("KPI answer", "note").map(|k| k.ty),
            Some(ValueType::Text)
        );
        for nested in ["budget", "progress update", "project", "survey result"] {
            assert!(s.record(nested).is_some_and(|r| !r.top_level), "{nested}");
        }
    }

    /// A key only checked for presence (`require`) must also be read with a type somewhere,
    /// and no reader may ask for more keys than a record keeps track of.
    #[test]
    fn every_key_has_a_type_and_every_reader_fits_the_tracked_keys() {
        let mut diagnostics = Vec::new();
        let mut ctx = Ctx::new(FileId(0), &mut diagnostics);
        ctx.probe = Some(Probe::default());
        let empty: Value<'static> =
            toml::Spanned::new(0..0, toml::de::DeValue::Table(Default::default()));
        for name in table_names() {
            read_table(&mut ctx, &mut Dataset::default(), name, 0..0, &empty);
        }
        let probe = ctx.probe.take().unwrap_or_default();
        for (kind, keys) in &probe.records {
            for (key, ty, _) in keys {
                assert!(ty.is_some(), "`{key}` of a {kind} is read without a type");
            }
        }
        assert!(
            (1..=super::super::read::MAX_KEYS).contains(&probe.most_asks),
            "{}",
            probe.most_asks
        );
    }
}
