//! The exported tables, in the order they are written. Each is declared once, in the module of
//! what it holds ([`super::programmes`], [`super::plans`], [`super::returns`],
//! [`super::directory`], [`super::frameworks`]): its columns with their names, types, descriptions and the cells they
//! read. Columns named after a key of the files take the key's type from the readers themselves
//! ([`crate::load::schema`]), so a key read as a number is exported as one; a test holds the
//! export to covering every key the readers know.

use super::columns::Catalogue;
use super::spec::Table;
use super::{directory, frameworks, plans, programmes, returns};
use crate::load::schema;

/// Every exported table, in the order they are written.
pub fn tables() -> Vec<Table> {
    catalogue().entries.into_iter().map(|e| e.table).collect()
}

/// The tables, ready to be written.
pub(super) fn catalogue<'x>() -> Catalogue<'x> {
    let mut c = Catalogue {
        schema: schema(),
        entries: Vec::new(),
        missing: Vec::new(),
    };
    programmes::declare(&mut c);
    plans::declare(&mut c);
    returns::declare(&mut c);
    directory::declare(&mut c);
    frameworks::declare(&mut c);
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_column_named_after_a_key_is_a_key_the_readers_know() {
        let missing = catalogue().missing;
        assert!(missing.is_empty(), "not read by any reader: {missing:?}");
    }

    /// A key a reader learns must reach the export: this fails, naming it, until a column or a
    /// table carries it.
    #[test]
    fn every_key_the_readers_know_is_exported() {
        let entries = catalogue().entries;
        let covered: Vec<(&str, &str)> = entries.iter().flat_map(|e| e.covers.clone()).collect();
        let mut left_out = Vec::new();
        for record in schema().records {
            for key in &record.keys {
                if !covered.contains(&(record.kind, key.key)) {
                    left_out.push(format!("{}.{}", record.kind, key.key));
                }
            }
        }
        assert!(left_out.is_empty(), "keys no table exports: {left_out:?}");
    }

    #[test]
    fn names_are_snake_case_and_keys_name_real_columns() {
        let tables = tables();
        let snake = |s: &str| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        };
        let mut names = std::collections::HashSet::new();
        for t in &tables {
            assert!(snake(t.name) && t.name.len() <= 31, "{}", t.name);
            assert!(names.insert(t.name), "two tables named {}", t.name);
            let columns: Vec<&str> = t.fields.iter().map(|f| f.name).collect();
            let mut unique = columns.clone();
            unique.sort_unstable();
            unique.dedup();
            assert_eq!(unique.len(), columns.len(), "{}: a column twice", t.name);
            for c in &columns {
                assert!(snake(c), "{}.{c}", t.name);
            }
            for k in &t.primary_key {
                assert!(columns.contains(k), "{}: primary key {k}", t.name);
            }
            for fk in &t.foreign_keys {
                let target = tables.iter().find(|x| x.name == fk.table);
                let target = target.unwrap_or_else(|| panic!("{}: no table {}", t.name, fk.table));
                assert_eq!(fk.fields.len(), fk.reference.len());
                for f in &fk.fields {
                    assert!(columns.contains(f), "{}: foreign key {f}", t.name);
                }
                assert_eq!(
                    fk.reference, target.primary_key,
                    "{} → {}: a foreign key leads to the primary key",
                    t.name, fk.table
                );
            }
        }
    }
}
