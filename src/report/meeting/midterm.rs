//! The mid-term view: the programmes timed in a plan's mid-term review period, by status and
//! year, the first thing a mid-term review asks about.

use super::doc::{BarRow, Bars, Block, Cell, Chart, Row, Table};
use super::programmes::{STATUS_KEYS, STATUSES, status_counts, status_index, status_note};
use crate::model::{Dataset, Plan, Programme};
use crate::query::programme_years;

/// The review period of a plan, when it has one: (first year, last year).
pub fn period(plan: &Plan) -> Option<(i64, i64)> {
    let start = plan.midterm_start.as_ref()?.value;
    let end = plan.midterm_end.as_ref()?.value;
    (start <= end).then_some((start, end))
}

/// Programmes of the plan timed in the review period, by year and status.
pub fn programmes_in_period(
    data: &Dataset,
    plan: &Plan,
    programmes: &[&Programme],
    (start, end): (i64, i64),
) -> Vec<Block> {
    // Year of the period → counts per status. The years are read only when plausible, and a
    // period is cut to a hundred years in any case.
    let mut rows: Vec<(i64, [usize; STATUSES])> = (start..=end)
        .take(100)
        .map(|y| (y, [0; STATUSES]))
        .collect();
    let mut in_period: Vec<&Programme> = Vec::new();
    for p in programmes {
        let covered = programme_years(data, p);
        let mut hit = false;
        for (year, counts) in rows.iter_mut() {
            if covered.contains(year) {
                counts[status_index(p)] += 1;
                hit = true;
            }
        }
        if hit {
            in_period.push(p);
        }
    }
    let all = status_counts(in_period.iter().copied());
    let mut blocks = vec![Block::para(format!(
        "{} of the plan's {} programmes are timed in the review period {start}-{end}.",
        in_period.len(),
        programmes.len()
    ))];
    blocks.extend(status_note(all).map(Block::para));
    if in_period.is_empty() {
        return blocks;
    }
    let mut header = vec!["Year".to_string()];
    header.extend(STATUS_KEYS.iter().map(|k| k.label.to_string()));
    header.push("Programmes".to_string());
    let cells = |label: String, counts: &[usize; STATUSES]| {
        let mut cells = vec![Cell::text(label)];
        cells.extend(counts.iter().map(Cell::number));
        cells.push(Cell::number(counts.iter().sum::<usize>()));
        cells
    };
    let mut table_rows: Vec<Row> = rows
        .iter()
        .map(|(y, c)| Row::of(cells(y.to_string(), c)))
        .collect();
    table_rows.push(Row::total(cells(
        format!("{start}-{end}, each programme once"),
        &all,
    )));
    blocks.push(Block::Chart(Chart::Bars(Bars {
        title: format!(
            "{}: programmes timed in {start}-{end}, by year and status",
            plan.title.value
        ),
        desc: format!(
            "One bar per year of the review period, split by status; the table below gives the \
             same counts. {}",
            rows.iter()
                .map(|(y, c)| format!("{y}: {}", c.iter().sum::<usize>()))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        legend: STATUS_KEYS.to_vec(),
        rows: rows
            .iter()
            .map(|(y, c)| BarRow {
                label: y.to_string(),
                parts: c.to_vec(),
            })
            .collect(),
    })));
    blocks.push(Block::Table(Table {
        caption: format!(
            "{}: programmes timed in the review period, by year and status. A programme of \
             several years counts in each of them.",
            plan.title.value
        ),
        header,
        rows: table_rows,
    }));
    blocks
}
