//! Programmes by coordinator and year, and the status keys the mid-term view counts with: counts
//! only, member states by name, never ranked.

use super::doc::{Block, Cell, Key, Row, Table};
use crate::lookup::Catalog;
use crate::model::{Dataset, Plan, Programme, Status};
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

/// The column of a programme's status in [`STATUS_KEYS`].
pub fn status_index(p: &Programme) -> usize {
    status_column(p.status.as_ref().map(|s| s.value))
}

/// The column of a status in [`STATUS_KEYS`]; no status is "not reported".
pub fn status_column(status: Option<Status>) -> usize {
    match status {
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
