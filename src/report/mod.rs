//! Reports: programme listings and counts, the record of one programme, and reporting
//! completeness, as grids of text rendered to a terminal table, CSV or Markdown, or as JSON.
//! Member states are always ordered by name, never by a value. [`meeting`] is the whole
//! monitoring and evaluation report of `accsm report`.

pub mod coverage;
pub(crate) mod digits;
pub mod export;
mod grid;
mod groups;
pub mod history;
pub mod meeting;
mod programmes;
pub mod progress;
pub mod references;
pub mod rotation;
mod show;
pub mod site;

pub use grid::{
    CsvError, CsvRows, Grid, TABLE_CHUNK, UTF8_BOM, markdown_header, markdown_row, write_table,
};
pub use groups::{Group, GroupBy, Groups, NO_YEAR, group_counts};
pub use programmes::*;
pub use show::show;

use crate::lookup::Catalog;
use crate::model::{Budget, Dataset, Programme, RefKind, Text};

fn ids(values: &[Text]) -> Vec<String> {
    values.iter().map(|v| v.value.to_string()).collect()
}

/// A short label for a plan: its body ("ACCSM+3") or its id.
fn plan_label(data: &Dataset, plan: &str) -> String {
    data.plan(plan)
        .and_then(|p| p.body.as_ref())
        .map(|b| b.value.to_string())
        .unwrap_or_else(|| plan.to_string())
}

/// A country's, body's or group's name, or the id as written where the lists lack it.
fn name_of<'a>(catalog: &Catalog<'a>, id: &'a str) -> &'a str {
    [RefKind::Country, RefKind::Body, RefKind::Group]
        .iter()
        .find_map(|k| catalog.get(*k, id))
        .map_or(id, |e| e.display_name())
}

/// A programme's coordinators by name, in the order written (an id the lists lack as written).
fn coordinator_names(catalog: &Catalog<'_>, p: &Programme) -> Vec<String> {
    p.coordinators()
        .iter()
        .map(|c| name_of(catalog, &c.value).to_string())
        .collect()
}

/// A budget's funding sources by name, in the order written (an id the list lacks as written).
fn funding_source_names(catalog: &Catalog<'_>, b: &Budget) -> Vec<String> {
    b.sources
        .iter()
        .map(|s| {
            catalog
                .get(RefKind::FundingSource, &s.value)
                .map(|e| e.display_name().to_string())
                .unwrap_or_else(|| s.value.to_string())
        })
        .collect()
}

fn timeline_text(p: &Programme) -> String {
    p.timeline
        .as_ref()
        .map(|t| t.value.text.to_string())
        .unwrap_or_default()
}

fn budget_text(p: &Programme) -> String {
    p.budget
        .as_ref()
        .and_then(|b| b.text.as_ref())
        .map(|t| t.value.to_string())
        .unwrap_or_default()
}

fn status_text(p: &Programme) -> &'static str {
    p.status
        .as_ref()
        .map(|s| s.value.as_str())
        .unwrap_or("not reported")
}
