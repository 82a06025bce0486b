//! The rows of the exported tables (see [`super::tables`]), streamed into a [`Sink`] in a
//! fixed order.

use rayon::prelude::*;

use super::columns::Entry;
use super::run::{Export, Run};
use super::spec::{ExportError, Sink};
use super::tables::catalogue;

/// How many rows a table got.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowCount {
    pub table: &'static str,
    pub rows: usize,
}

/// Writes every table into `sink`, each in a fixed order: programmes by plan then published
/// number; returns by plan, AMS name and year, their answers in the order of the KPIs; plans,
/// KPIs, ARCs, chairs and reference lists in the order of the files.
pub fn export(export: &Export<'_>, sink: &mut dyn Sink) -> Result<Vec<RowCount>, ExportError> {
    let run = Run::new(export);
    let catalogue = catalogue();
    catalogue
        .entries
        .iter()
        .map(|entry| write_table(&run, entry, sink))
        .collect()
}

/// As [`export`], but each table into a sink of its own, made by `sink_for`, and the tables
/// written side by side on the loading threads: for the formats that write a file a table. The
/// counts come back in the order of the tables.
pub fn export_each<S: Sink + Send>(
    export: &Export<'_>,
    sink_for: impl Fn() -> S + Sync,
) -> Result<Vec<RowCount>, ExportError> {
    let run = Run::new(export);
    let catalogue = catalogue();
    crate::load::parallel(|| {
        // The longest tables are begun first: a table is one thread's work, and a long one
        // begun last would leave the other threads waiting for it at the end (at 100,000
        // programmes the progress updates and the citations are most of the rows).
        let entries = &catalogue.entries;
        let lengths: Vec<usize> = entries.par_iter().map(|e| e.count(&run)).collect();
        let mut order: Vec<usize> = (0..entries.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(lengths[i]));
        let mut counts = order
            .par_iter()
            .with_max_len(1)
            .map(|&i| Ok((i, write_table(&run, &entries[i], &mut sink_for())?)))
            .collect::<Result<Vec<_>, ExportError>>()?;
        counts.sort_by_key(|(i, _)| *i);
        Ok(counts.into_iter().map(|(_, count)| count).collect())
    })
}

fn write_table<'x>(
    run: &'x Run<'x>,
    entry: &Entry<'x>,
    sink: &mut dyn Sink,
) -> Result<RowCount, ExportError> {
    let table = &entry.table;
    sink.begin(table)?;
    let rows = entry.write(run, sink)?;
    sink.end(table)?;
    Ok(RowCount {
        table: table.name,
        rows,
    })
}
