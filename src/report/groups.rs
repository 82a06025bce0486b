//! Counts of programmes grouped by coordinator, year, area or status. Member states are ordered
//! by name, never by a count.

use std::collections::{BTreeMap, BTreeSet};

use super::{Grid, name_of, status_text};
use crate::check::references::Catalog;
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

/// Counts of programmes. By coordinator: a coordinator × year matrix with the programmes that
/// match no year and the total. Coordinators are ordered by name; a joint programme counts for
/// each of its coordinators.
pub fn group_counts(
    data: &Dataset,
    catalog: &Catalog<'_>,
    programmes: &[&Programme],
    by: GroupBy,
) -> Grid {
    let years: BTreeSet<i64> = programmes
        .iter()
        .flat_map(|p| programme_years(data, p))
        .collect();
    let no_year = "no year (TBC or blank)";
    match by {
        GroupBy::Coordinator => {
            let mut rows: BTreeMap<String, (BTreeMap<i64, usize>, usize, usize)> = BTreeMap::new();
            for p in programmes {
                let covered = programme_years(data, p);
                for c in p.coordinators() {
                    let row = rows.entry(name_of(catalog, &c.value)).or_default();
                    for y in &covered {
                        *row.0.entry(*y).or_default() += 1;
                    }
                    if covered.is_empty() {
                        row.1 += 1;
                    }
                    row.2 += 1;
                }
            }
            let mut header = vec!["Coordinator".to_string()];
            header.extend(years.iter().map(i64::to_string));
            header.extend([no_year.to_string(), "Programmes".to_string()]);
            Grid {
                header,
                rows: rows
                    .into_iter()
                    .map(|(name, (by_year, none, total))| {
                        let mut row = vec![name];
                        row.extend(
                            years
                                .iter()
                                .map(|y| by_year.get(y).copied().unwrap_or(0).to_string()),
                        );
                        row.extend([none.to_string(), total.to_string()]);
                        row
                    })
                    .collect(),
            }
        }
        GroupBy::Year => {
            let mut counts: BTreeMap<String, usize> = BTreeMap::new();
            for p in programmes {
                let covered = programme_years(data, p);
                if covered.is_empty() {
                    *counts.entry(no_year.to_string()).or_default() += 1;
                }
                for y in covered {
                    *counts.entry(y.to_string()).or_default() += 1;
                }
            }
            count_grid("Year", counts)
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
            count_grid("Area", counts)
        }
        GroupBy::Status => {
            let mut counts: BTreeMap<String, usize> = BTreeMap::new();
            for p in programmes {
                *counts.entry(status_text(p).to_string()).or_default() += 1;
            }
            count_grid("Status", counts)
        }
    }
}

fn count_grid(label: &str, counts: BTreeMap<String, usize>) -> Grid {
    Grid {
        header: vec![label.to_string(), "Programmes".to_string()],
        rows: counts
            .into_iter()
            .map(|(k, n)| vec![k, n.to_string()])
            .collect(),
    }
}
