//! Programmes by status and priority or thematic area, and by coordinator and year: counts
//! only, member states by name, never ranked.

use std::collections::BTreeMap;

use super::doc::{BarRow, Bars, Block, Cell, Chart, Key, Row, Table};
use crate::check::references::Catalog;
use crate::model::{AreaKind, Dataset, Plan, Programme, RefKind, Status};
use crate::report::{Grid, GroupBy, group_counts};

/// The statuses in the order of progress, then "not reported".
pub const STATUS_KEYS: [Key; STATUSES] = [
    Key {
        class: "st-planned",
        label: "planned",
    },
    Key {
        class: "st-ongoing",
        label: "ongoing",
    },
    Key {
        class: "st-postponed",
        label: "postponed",
    },
    Key {
        class: "st-cancelled",
        label: "cancelled",
    },
    Key {
        class: "st-completed",
        label: "completed",
    },
    Key {
        class: "st-none",
        label: "not reported",
    },
];

/// The statuses and "not reported".
pub const STATUSES: usize = 6;
/// The column of programmes with no reported status.
const UNREPORTED: usize = STATUSES - 1;

/// The row of programmes tagged with no area.
const NO_AREA: &str = "(no area given)";

/// The column of a programme's status in [`STATUS_KEYS`].
pub fn status_index(p: &Programme) -> usize {
    match p.status.as_ref().map(|s| s.value) {
        Some(Status::Planned) => 0,
        Some(Status::Ongoing) => 1,
        Some(Status::Postponed) => 2,
        Some(Status::Cancelled) => 3,
        Some(Status::Completed) => 4,
        None => UNREPORTED,
    }
}

/// Counts of programmes per status, in [`STATUS_KEYS`] order.
pub fn status_counts<'a>(programmes: impl IntoIterator<Item = &'a Programme>) -> [usize; STATUSES] {
    let mut counts = [0; STATUSES];
    for p in programmes {
        counts[status_index(p)] += 1;
    }
    counts
}

/// What the statuses of a set of programmes allow one to say, in words.
pub fn status_note(counts: [usize; STATUSES]) -> Option<String> {
    let all: usize = counts.iter().sum();
    let unreported = counts[UNREPORTED];
    if all == 0 {
        None
    } else if unreported == all {
        Some(format!(
            "None of these {all} programmes has a reported status, so the counts say how many \
             programmes there are, not how far they have come. A missing status is shown as \
             \"not reported\", never guessed."
        ))
    } else if unreported > 0 {
        Some(format!(
            "{unreported} of {all} programmes have no reported status; progress is known for the \
             other {} only.",
            all - unreported
        ))
    } else {
        None
    }
}

/// The areas a plan's programmes are tagged with: those of its kind, in the order of the
/// reference lists.
fn area_kind(plan: &Plan) -> RefKind {
    match plan.area_kind.value {
        AreaKind::Priority => RefKind::PriorityArea,
        AreaKind::Thematic => RefKind::ThematicArea,
    }
}

/// Programmes by area and status, with a chart of the same counts.
pub fn by_status_and_area(
    data: &Dataset,
    catalog: &Catalog<'_>,
    plan: &Plan,
    programmes: &[&Programme],
) -> Vec<Block> {
    let kind = area_kind(plan);
    // Area id → counts per status; the plan's own areas first, all of them, even when empty.
    let mut rows: Vec<(String, [usize; STATUSES])> = data
        .references_of(kind)
        .map(|a| (a.id.value.to_string(), [0; STATUSES]))
        .collect();
    let mut others: BTreeMap<String, [usize; STATUSES]> = BTreeMap::new();
    let mut untagged = [0; STATUSES];
    for p in programmes {
        let s = status_index(p);
        if p.areas().is_empty() {
            untagged[s] += 1;
        }
        for a in p.areas() {
            match rows.iter_mut().find(|(id, _)| *id == a.value.as_str()) {
                Some((_, counts)) => counts[s] += 1,
                None => others.entry(a.value.to_string()).or_default()[s] += 1,
            }
        }
    }
    rows.extend(others);
    if untagged.iter().sum::<usize>() > 0 {
        rows.push((NO_AREA.to_string(), untagged));
    }
    // An area of the other kind (a priority area in a plan of thematic areas) or one the lists
    // do not know is said to be so, not shown as if it were one of the plan's own.
    let title = |id: &str| {
        if id == NO_AREA {
            return id.to_string();
        }
        match catalog.get(kind, id) {
            Some(e) => format!("{id} {}", e.display_name()),
            None => match [RefKind::PriorityArea, RefKind::ThematicArea]
                .iter()
                .find_map(|k| catalog.get(*k, id))
            {
                Some(e) => format!(
                    "{id} {} (not an area of this plan's kind)",
                    e.display_name()
                ),
                None => format!("{id} (not in the reference lists)"),
            },
        }
    };
    let mut header = vec!["Area".to_string()];
    header.extend(STATUS_KEYS.iter().map(|k| k.label.to_string()));
    header.push("Programmes".to_string());
    let count_row = |label: String, counts: &[usize; STATUSES], total: bool| {
        let mut cells = vec![Cell::text(label)];
        cells.extend(counts.iter().map(Cell::number));
        cells.push(Cell::number(counts.iter().sum::<usize>()));
        if total {
            Row::total(cells)
        } else {
            Row::of(cells)
        }
    };
    let mut table_rows: Vec<Row> = rows
        .iter()
        .map(|(id, counts)| count_row(title(id), counts, false))
        .collect();
    let all = status_counts(programmes.iter().copied());
    table_rows.push(count_row(
        "All programmes of the plan, each once".to_string(),
        &all,
        true,
    ));
    let mut blocks = Vec::new();
    blocks.extend(status_note(all).map(Block::para));
    blocks.push(Block::Chart(Chart::Bars(Bars {
        title: format!("{}: programmes by area and status", plan.title.value),
        desc: format!(
            "One bar per area, in the order of the reference lists, split by status; the table \
             below gives the same counts. {}",
            rows.iter()
                .map(|(id, c)| format!("{id}: {}", c.iter().sum::<usize>()))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        legend: STATUS_KEYS.to_vec(),
        rows: rows
            .iter()
            .map(|(id, counts)| BarRow {
                label: if id == NO_AREA {
                    "no area".to_string()
                } else {
                    id.clone()
                },
                parts: counts.to_vec(),
            })
            .collect(),
    })));
    blocks.push(Block::Table(Table {
        caption: format!(
            "{}: programmes by area and status. A programme counts once in each area it serves, \
             so the area rows add up to more than the plan's total.",
            plan.title.value
        ),
        header,
        rows: table_rows,
    }));
    blocks
}

/// Programmes by coordinator and year: coordinators by name, years ascending.
pub fn by_coordinator_and_year(
    data: &Dataset,
    catalog: &Catalog<'_>,
    plan: &Plan,
    programmes: &[&Programme],
) -> Block {
    let grid = group_counts(data, catalog, programmes, GroupBy::Coordinator).grid();
    Block::Table(grid_table(
        format!(
            "{}: programmes by coordinator and year, coordinators in alphabetical order. A joint \
             programme counts once for each coordinator, and a programme of several years once \
             in each year (Annually = every year of the plan); a TBC or blank timeline counts \
             under \"no year\".",
            plan.title.value
        ),
        grid,
    ))
}

/// A grid of counts as a table: the first column heads the rows, the others are numbers.
pub fn grid_table(caption: String, grid: Grid) -> Table {
    Table {
        caption,
        header: grid.header,
        rows: grid
            .rows
            .into_iter()
            .map(|row| {
                Row::of(
                    row.into_iter()
                        .enumerate()
                        .map(|(i, c)| {
                            if i == 0 {
                                Cell::text(c)
                            } else {
                                Cell::number(c)
                            }
                        })
                        .collect(),
                )
            })
            .collect(),
    }
}
