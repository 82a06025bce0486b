//! The report's first section: progress of implementation as of each programme's latest update —
//! where the programmes stand by area and by coordinator, completions over time (a step chart
//! with its figures beside it), and the overdue list. Counts only; member states by name.

use super::doc::{BarRow, Bars, Block, Cell, Chart, Key, Para, Row, Step, Table};
use super::{PlanPart, Section};
use crate::lookup::Catalog;
use crate::model::Dataset;
use crate::query::progress::{Progress, Standing};
use crate::report::progress::{ProgressBy, ProgressTable, completions, overdue, progress_table};

/// The legend of the standings, in [`Standing::ALL`] order: each one's own label, and the colour
/// class of the report's stylesheet (the statuses' classes, and one for overdue).
pub fn standing_keys() -> Vec<Key> {
    Standing::ALL
        .iter()
        .map(|&s| Key {
            class: match s {
                Standing::Planned => "st-planned",
                Standing::Overdue => "st-overdue",
                Standing::Ongoing => "st-ongoing",
                Standing::Postponed => "st-postponed",
                Standing::Cancelled => "st-cancelled",
                Standing::Completed => "st-completed",
                Standing::NotReported => "st-none",
            },
            label: s.label(),
        })
        .collect()
}

pub(super) fn section(data: &Dataset, catalog: &Catalog<'_>, parts: &[PlanPart<'_>]) -> Section {
    let progress = Progress::new(data, None);
    let mut s = super::section(
        "progress",
        "Progress of implementation",
        &[],
        parts,
        |part| plan_blocks(data, catalog, &progress, part),
    );
    let updates = data.updates.len();
    s.blocks.insert(
        0,
        Block::Para(
            Para::text(
                "A programme's status is that of its latest progress update (a file of its \
                 own, which the new update command writes); \"overdue\" is a programme still \
                 planned after its timeline ended. The counts are those ",
            )
            .code("accsm progress")
            .then(" prints."),
        ),
    );
    s.blocks.insert(
        1,
        Block::para(if updates == 0 {
            "No progress update is in this repository yet, so every programme is \"not \
             reported\": the counts say how many programmes there are, not how far they have \
             come. A missing status is never guessed."
                .to_string()
        } else {
            format!(
                "{updates} progress update{} read.",
                if updates == 1 { " is" } else { "s are" }
            )
        }),
    );
    s
}

fn plan_blocks(
    data: &Dataset,
    catalog: &Catalog<'_>,
    progress: &Progress<'_>,
    part: &PlanPart<'_>,
) -> Vec<Block> {
    let title = &part.plan.title.value;
    let mut blocks = Vec::new();
    let by_area = progress_table(data, catalog, progress, &part.programmes, ProgressBy::Area);
    blocks.extend(unreported_note(&by_area));
    blocks.push(Block::Chart(Chart::Bars(Bars {
        title: format!("{title}: programmes by area and where they stand"),
        desc: format!(
            "One bar per area, split by status; the table below gives the same counts. {}",
            by_area
                .rows
                .iter()
                .map(|r| format!("{}: {}", label(r), r.programmes))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        legend: standing_keys(),
        rows: by_area
            .rows
            .iter()
            .map(|r| BarRow {
                label: if r.id.is_empty() {
                    "no area".to_string()
                } else {
                    r.id.clone()
                },
                parts: r.counts().to_vec(),
            })
            .collect(),
    })));
    blocks.push(Block::Table(counts_table(
        format!(
            "{title}: programmes by area and where they stand. A programme counts once in each \
             area it serves, so the area rows add up to more than the plan's total."
        ),
        &by_area,
    )));
    let by_coordinator = progress_table(
        data,
        catalog,
        progress,
        &part.programmes,
        ProgressBy::Coordinator,
    );
    blocks.push(Block::Table(counts_table(
        format!(
            "{title}: programmes by coordinator and where they stand, coordinators in \
             alphabetical order. A joint programme counts once for each coordinator."
        ),
        &by_coordinator,
    )));
    blocks.extend(completion_line(progress, part));
    blocks.extend(overdue_list(catalog, progress, part));
    blocks
}

fn label(r: &crate::report::progress::ProgressRow) -> String {
    if r.id.is_empty() || r.id == r.name {
        r.name.clone()
    } else {
        format!("{} {}", r.id, r.name)
    }
}

/// What the statuses allow one to say, in words, when some are not reported.
fn unreported_note(t: &ProgressTable) -> Option<Block> {
    let (all, none) = (t.total.programmes, t.total.not_reported);
    if all == 0 || none == 0 {
        return None;
    }
    Some(Block::para(if none == all {
        format!(
            "None of these {all} programmes has a reported status, so the counts say how many \
             programmes there are, not how far they have come. A missing status is shown as \
             \"not reported\", never guessed."
        )
    } else {
        format!(
            "{none} of {all} programmes have no reported status; progress is known for the \
             other {} only.",
            all - none
        )
    }))
}

fn counts_table(caption: String, t: &ProgressTable) -> Table {
    let mut header = vec![t.by.heading().to_string()];
    header.extend(Standing::ALL.iter().map(|s| s.label().to_string()));
    header.push("Programmes".to_string());
    let row = |name: String, r: &crate::report::progress::ProgressRow, total: bool| {
        let mut cells = vec![Cell::text(name)];
        cells.extend(r.counts().iter().map(Cell::number));
        cells.push(Cell::number(r.programmes));
        if total {
            Row::total(cells)
        } else {
            Row::of(cells)
        }
    };
    let mut rows: Vec<Row> = t.rows.iter().map(|r| row(label(r), r, false)).collect();
    rows.push(row(
        "All programmes of the plan, each once".to_string(),
        &t.total,
        true,
    ));
    Table {
        caption,
        header,
        rows,
    }
}

/// Programmes completed over time, month by month, as a step chart with its table beside it.
fn completion_line(progress: &Progress<'_>, part: &PlanPart<'_>) -> Vec<Block> {
    let title = &part.plan.title.value;
    let points = completions(progress, &part.programmes);
    let Some(&(last, _)) = points.last() else {
        return vec![Block::para(format!(
            "No programme of {title} is reported completed yet, so there is no completion line."
        ))];
    };
    let from = (part.plan.start.value.min(points[0].0.year), 1);
    let to = (last.year.max(part.plan.end.value), 12);
    let steps: Vec<((i64, u8), usize)> = points
        .iter()
        .map(|(d, n)| ((d.year, d.month), *n))
        .collect();
    let table = Table {
        caption: format!(
            "{title}: programmes completed, as of the end of each month in which the count \
             changed (a programme reopened counts again only once completed again)."
        ),
        header: vec!["Month".to_string(), "Completed".to_string()],
        rows: points
            .iter()
            .map(|(d, n)| Row::of(vec![Cell::text(d.to_string()), Cell::number(n)]))
            .collect(),
    };
    let desc = format!(
        "A step line of the programmes completed, from {} to {}: {}.",
        from.0,
        to.0,
        points
            .iter()
            .map(|(d, n)| format!("{n} by {d}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    vec![Block::ChartBeside(
        Chart::Step(Step {
            title: format!("{title}: programmes completed over time"),
            desc,
            points: steps,
            from,
            to,
        }),
        table,
    )]
}

fn overdue_list(catalog: &Catalog<'_>, progress: &Progress<'_>, part: &PlanPart<'_>) -> Vec<Block> {
    let title = &part.plan.title.value;
    let list = overdue(catalog, progress, &part.programmes);
    if list.is_empty() {
        return vec![Block::para(format!(
            "No programme of {title} is overdue (still planned after its timeline ended)."
        ))];
    }
    vec![Block::Table(Table {
        caption: format!(
            "{title}: overdue programmes, still planned after their timeline ended, in the \
             order of the plan."
        ),
        header: [
            "Programme",
            "Title",
            "Coordinators",
            "Timeline",
            "Planned since",
        ]
        .map(String::from)
        .to_vec(),
        rows: list
            .into_iter()
            .map(|o| {
                Row::of(vec![
                    Cell::text(o.programme),
                    Cell::text(o.title),
                    Cell::text(o.coordinators.join(", ")),
                    Cell::text(o.timeline),
                    Cell::text(match (o.since, o.meeting) {
                        (Some(d), Some(m)) => format!("{d} ({m})"),
                        _ => "the programme record".to_string(),
                    }),
                ])
            })
            .collect(),
    })]
}
