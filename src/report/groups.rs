//! Counts of programmes grouped by coordinator, year, area or status. Member states are ordered
//! by name, never by a count; years ascend, then "no year"; the same order in every format.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::{Grid, name_of, status_text};
use crate::lookup::Catalog;
use crate::model::{Dataset, Programme, RefKind};
use crate::query::programme_years;

/// What `--group-by` groups on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GroupBy {
    Coordinator,
    Year,
    Area,
    Status,
}

impl GroupBy {
    /// The heading of the label column.
    fn heading(self) -> &'static str {
        match self {
            GroupBy::Coordinator => "Coordinator",
            GroupBy::Year => "Year",
            GroupBy::Area => "Area",
            GroupBy::Status => "Status",
        }
    }
}

/// The label of programmes whose timeline names no year.
pub const NO_YEAR: &str = "no year (TBC or blank)";

/// One group: its label (always text, even `2022`) and how many programmes it holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Group {
    pub label: String,
    pub count: usize,
    /// By coordinator only: the coordinator's programmes per year, years ascending, then those
    /// that match no year.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub by_year: Vec<Group>,
}

/// Counts of programmes, in the order they are shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Groups {
    #[serde(skip)]
    by: Option<GroupBy>,
    rows: Vec<Group>,
}

impl Groups {
    pub fn rows(&self) -> &[Group] {
        &self.rows
    }

    /// The counts as a grid: by coordinator, a coordinator × year matrix with the programmes
    /// that match no year and the total.
    pub fn grid(&self) -> Grid {
        let by = self.by.unwrap_or(GroupBy::Year);
        let mut header = vec![by.heading().to_string()];
        if let Some(first) = self.rows.first() {
            header.extend(first.by_year.iter().map(|y| y.label.clone()));
        }
        header.push("Programmes".to_string());
        let rows = self
            .rows
            .iter()
            .map(|g| {
                let mut row = vec![g.label.clone()];
                row.extend(g.by_year.iter().map(|y| y.count.to_string()));
                row.push(g.count.to_string());
                row
            })
            .collect();
        Grid { header, rows }
    }
}

/// Counts of programmes by `by`. A joint programme counts for each of its coordinators, and a
/// programme of several years or areas for each of them.
pub fn group_counts(
    data: &Dataset,
    catalog: &Catalog<'_>,
    programmes: &[&Programme],
    by: GroupBy,
) -> Groups {
    let rows = match by {
        GroupBy::Coordinator => by_coordinator(data, catalog, programmes),
        GroupBy::Year => {
            let mut counts: BTreeMap<Option<i64>, usize> = BTreeMap::new();
            for p in programmes {
                let covered = programme_years(data, p);
                if covered.is_empty() {
                    *counts.entry(None).or_default() += 1;
                }
                for y in covered {
                    *counts.entry(Some(y)).or_default() += 1;
                }
            }
            year_groups(counts)
        }
        GroupBy::Area => {
            let mut counts: BTreeMap<String, usize> = BTreeMap::new();
            for p in programmes {
                if p.areas().is_empty() {
                    *counts.entry("(none given)".to_string()).or_default() += 1;
                }
                for a in p.areas() {
                    let title = [RefKind::PriorityArea, RefKind::ThematicArea]
                        .iter()
                        .find_map(|k| catalog.get(*k, &a.value))
                        .map(|e| format!("{} {}", a.value, e.display_name()))
                        .unwrap_or_else(|| a.value.to_string());
                    *counts.entry(title).or_default() += 1;
                }
            }
            counted(counts)
        }
        GroupBy::Status => {
            let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
            for p in programmes {
                *counts.entry(status_text(p)).or_default() += 1;
            }
            // In the order of progress, not of the alphabet.
            crate::model::Status::NAMES
                .iter()
                .chain(&["not reported"])
                .filter_map(|s| counts.get(s).map(|&n| group(s.to_string(), n)))
                .collect()
        }
    };
    Groups { by: Some(by), rows }
}

fn group(label: String, count: usize) -> Group {
    Group {
        label,
        count,
        by_year: Vec::new(),
    }
}

fn counted(counts: BTreeMap<String, usize>) -> Vec<Group> {
    counts.into_iter().map(|(l, n)| group(l, n)).collect()
}

/// Years ascending, then the programmes that match no year (`None`).
fn year_groups(counts: BTreeMap<Option<i64>, usize>) -> Vec<Group> {
    let label = |y: Option<i64>| y.map_or_else(|| NO_YEAR.to_string(), |y| y.to_string());
    let mut rows: Vec<Group> = counts
        .iter()
        .filter(|(y, _)| y.is_some())
        .map(|(y, n)| group(label(*y), *n))
        .collect();
    rows.extend(counts.get(&None).map(|&n| group(NO_YEAR.to_string(), n)));
    rows
}

fn by_coordinator(data: &Dataset, catalog: &Catalog<'_>, programmes: &[&Programme]) -> Vec<Group> {
    let years: BTreeSet<i64> = programmes
        .iter()
        .flat_map(|p| programme_years(data, p))
        .collect();
    // Coordinator name → (programmes per year, programmes of no year, programmes).
    let mut rows: BTreeMap<String, (BTreeMap<i64, usize>, usize, usize)> = BTreeMap::new();
    for p in programmes {
        let covered = programme_years(data, p);
        for c in p.coordinators() {
            let row = rows
                .entry(name_of(catalog, &c.value).to_string())
                .or_default();
            for y in &covered {
                *row.0.entry(*y).or_default() += 1;
            }
            if covered.is_empty() {
                row.1 += 1;
            }
            row.2 += 1;
        }
    }
    rows.into_iter()
        .map(|(name, (by_year, none, total))| {
            let mut columns: BTreeMap<Option<i64>, usize> = years
                .iter()
                .map(|y| (Some(*y), by_year.get(y).copied().unwrap_or(0)))
                .collect();
            columns.insert(None, none);
            Group {
                label: name,
                count: total,
                by_year: year_groups(columns),
            }
        })
        .collect()
}
