//! The end-term view (`accsm report --end-term`): for a plan that has ended, each KPI from the
//! baseline to the target year (each AMS against its own baseline, and the AMS as a whole), the
//! programmes' final status, and what the next plans carried over.
//!
//! A programme's final status is its status at the end of its plan: the latest progress update
//! on or before 31 December of the plan's last year ([`AtPlanEnd`]). A programme with no update
//! at all has the undated `status` key of its own record, if it has one, as every other view of
//! progress reads it; otherwise it is not reported, never guessed. The report says which of
//! these each programme's status is. The source is a [`FinalStatus`], so a test can plug in its
//! own.

use super::doc::{Block, Cell, Row, Table};
use super::programmes::{STATUS_KEYS, STATUSES, status_column};
use crate::dates::PartialDate;
use crate::model::{Dataset, Plan, Programme, Status};
use crate::query::progress::Progress;

/// A programme's final status, as a source of progress gives it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Final {
    /// `None`: not reported.
    pub status: Option<Status>,
    /// Where the status comes from.
    pub from: Origin,
}

/// Where a final status comes from, said in the report beside it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// The latest progress update on or before the end of the plan: its date and meeting.
    Update { date: PartialDate, meeting: String },
    /// The programme's own `status` key: it has no progress update, and the key has no date.
    Record,
    /// No progress update on or before the end of the plan; `later`: the first one after it.
    NoUpdate { later: Option<PartialDate> },
}

impl Origin {
    /// In words, for the table: "update of 2024-08 (22nd ACCSM SOM)".
    pub fn describe(&self) -> String {
        match self {
            Origin::Update { date, meeting } => format!("update of {date} ({meeting})"),
            Origin::Record => "its record's status key (no update; no date)".to_string(),
            Origin::NoUpdate { later: None } => "no progress update on record".to_string(),
            Origin::NoUpdate { later: Some(d) } => {
                format!("no progress update on record by the end of the plan (the first is of {d})")
            }
        }
    }
}

/// Where the end-term report takes each programme's final status from.
pub trait FinalStatus {
    /// What the source is, in words, for the report's reader, for a plan.
    fn describe(&self, plan: &Plan) -> String;
    fn final_status(&self, plan: &Plan, p: &Programme) -> Final;
}

/// The status at the end of the plan, from the progress updates.
pub struct AtPlanEnd<'a> {
    progress: Progress<'a>,
}

impl<'a> AtPlanEnd<'a> {
    pub fn new(data: &'a Dataset) -> Self {
        AtPlanEnd {
            progress: Progress::new(data, None),
        }
    }
}

/// The last day of a plan: 31 December of its last year.
fn plan_end(plan: &Plan) -> PartialDate {
    PartialDate {
        year: plan.end.value,
        month: 12,
        day: 31,
    }
}

impl FinalStatus for AtPlanEnd<'_> {
    fn describe(&self, plan: &Plan) -> String {
        format!(
            "the programmes' progress updates: each one's latest update on or before 31 December \
             {}, the end of the plan",
            plan.end.value
        )
    }

    fn final_status(&self, plan: &Plan, p: &Programme) -> Final {
        let end = plan_end(plan);
        let history = self.progress.history(p);
        let before = history.partition_point(|u| u.date.value.on_or_before(end));
        if let Some(u) = before.checked_sub(1).and_then(|i| history.get(i)) {
            return Final {
                status: Some(u.status.value),
                from: Origin::Update {
                    date: u.date.value,
                    meeting: u.meeting.value.to_string(),
                },
            };
        }
        match (history.first(), &p.status) {
            (None, Some(s)) => Final {
                status: Some(s.value),
                from: Origin::Record,
            },
            (first, _) => Final {
                status: None,
                from: Origin::NoUpdate {
                    later: first.map(|u| u.date.value),
                },
            },
        }
    }
}

/// The column of a final status in [`STATUS_KEYS`], in the order the mid-term view counts.
fn index(f: &Final) -> usize {
    status_column(f.status)
}

/// The column of programmes with no reported status.
const UNREPORTED: usize = STATUSES - 1;

/// The programmes' final status and what was carried over, for one plan.
pub fn programmes(
    data: &Dataset,
    plan: &Plan,
    programmes: &[&Programme],
    source: &dyn FinalStatus,
) -> Vec<Block> {
    let finals: Vec<(&Programme, Final)> = programmes
        .iter()
        .map(|p| (*p, source.final_status(plan, p)))
        .collect();
    let mut counts = [0usize; STATUSES];
    for (_, f) in &finals {
        counts[index(f)] += 1;
    }
    let mut blocks = vec![Block::para(format!(
        "Final status of the {} programmes of {}, from {}.",
        programmes.len(),
        plan.title.value,
        source.describe(plan)
    ))];
    blocks.extend(origins(&finals, plan));
    if counts[UNREPORTED] == programmes.len() && !programmes.is_empty() {
        blocks.push(Block::para(
            "No programme of this plan has a reported status, so the report cannot say how many \
             were completed: it counts them as not reported rather than guess. (Public reporting \
             put about 28 programmes of the 2021-2025 plans completed by the 22nd ACCSM in \
             August 2024; that figure is not in this repository's progress updates.)",
        ));
    }
    let mut rows: Vec<Row> = STATUS_KEYS
        .iter()
        .zip(counts)
        .map(|(k, n)| Row::of(vec![Cell::text(k.label), Cell::number(n)]))
        .collect();
    rows.push(Row::total(vec![
        Cell::text("All programmes"),
        Cell::number(programmes.len()),
    ]));
    blocks.push(Block::Table(Table {
        caption: format!("{}: programmes by final status", plan.title.value),
        header: vec!["Final status".to_string(), "Programmes".to_string()],
        rows,
    }));
    blocks.push(each_programme(plan, &finals));
    blocks.extend(carried_over(data, plan, &finals));
    blocks
}

/// How many final statuses come from an update, from a record's status key, and from nothing.
fn origins(finals: &[(&Programme, Final)], plan: &Plan) -> Option<Block> {
    let (mut updates, mut records, mut none) = (0, 0, 0);
    for (_, f) in finals {
        match f.from {
            Origin::Update { .. } => updates += 1,
            Origin::Record => records += 1,
            Origin::NoUpdate { .. } => none += 1,
        }
    }
    let mut parts = Vec::new();
    if updates > 0 {
        parts.push(format!(
            "{updates} from their latest progress update on or before 31 December {}",
            plan.end.value
        ));
    }
    if records > 0 {
        parts.push(format!(
            "{records} from the status key of their own record, which has no date (they have \
             no progress update)"
        ));
    }
    if none > 0 {
        parts.push(format!(
            "{none} with no progress update on record by the end of the plan, counted as not \
             reported"
        ));
    }
    (!parts.is_empty()).then(|| Block::para(format!("Of these: {}.", parts.join("; "))))
}

/// Each programme's final status and where it comes from.
fn each_programme(plan: &Plan, finals: &[(&Programme, Final)]) -> Block {
    let rows = finals
        .iter()
        .map(|(p, f)| {
            Row::of(vec![
                Cell::number(p.number.value),
                Cell::text(p.title.value.as_str()),
                Cell::text(STATUS_KEYS[index(f)].label),
                Cell::text(f.from.describe()),
            ])
        })
        .collect();
    Block::Table(Table {
        caption: format!("{}: each programme's final status", plan.title.value),
        header: ["No.", "Programme", "Final status", "As of"]
            .map(String::from)
            .to_vec(),
        rows,
    })
}
/// The programmes of the plan that later plans continue (`from` links), and those not
/// completed that no later plan continues.
fn carried_over(data: &Dataset, plan: &Plan, finals: &[(&Programme, Final)]) -> Vec<Block> {
    let mut continued = Vec::new();
    let mut left = Vec::new();
    for (p, f) in finals {
        let later = data.continued_in(p);
        if later.is_empty() {
            if f.status != Some(Status::Completed) {
                left.push(*p);
            }
            continue;
        }
        let to: Vec<String> = later.iter().map(|q| q.reference()).collect();
        continued.push(Row::of(vec![
            Cell::number(p.number.value),
            Cell::text(p.title.value.as_str()),
            Cell::text(STATUS_KEYS[index(f)].label),
            Cell::text(to.join(", ")),
        ]));
    }
    let mut blocks = vec![Block::para(format!(
        "{} of its programmes are carried over to a later plan in this repository; {} others \
         are not reported completed and no later plan continues them.",
        continued.len(),
        left.len()
    ))];
    if !continued.is_empty() {
        blocks.push(Block::Table(Table {
            caption: format!("{}: what was carried over", plan.title.value),
            header: ["No.", "Programme", "Final status", "Continued in"]
                .map(String::from)
                .to_vec(),
            rows: continued,
        }));
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A source that says every programme was completed: the report takes what it is given.
    struct AllCompleted;

    impl FinalStatus for AllCompleted {
        fn describe(&self, _: &Plan) -> String {
            "a test source".to_string()
        }
        fn final_status(&self, _: &Plan, _: &Programme) -> Final {
            Final {
                status: Some(Status::Completed),
                from: Origin::Record,
            }
        }
    }

    fn tables(blocks: &[Block]) -> Vec<&Table> {
        blocks
            .iter()
            .filter_map(|b| match b {
                Block::Table(t) => Some(t),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_plugged_in_source_decides_the_final_status() {
        let loaded = crate::load::embedded::load();
        let data = &loaded.dataset;
        let Some(plan) = data.plan("accsm-2021-2025") else {
            panic!("the shipped plan is missing");
        };
        let progs: Vec<&Programme> = data
            .programmes
            .iter()
            .filter(|p| p.plan.value == plan.id.value)
            .collect();
        let blocks = programmes(data, plan, &progs, &AllCompleted);
        let completed = &tables(&blocks)[0].rows[index(&AllCompleted.final_status(plan, progs[0]))];
        assert_eq!(completed.cells[1].text, progs.len().to_string());
        // The shipped data has no progress update and no status key: nothing is reported, and
        // each programme's row says so.
        let own = programmes(data, plan, &progs, &AtPlanEnd::new(data));
        let own_tables = tables(&own);
        assert_eq!(
            own_tables[0].rows[UNREPORTED].cells[1].text,
            progs.len().to_string()
        );
        assert!(
            own_tables[1]
                .rows
                .iter()
                .all(|r| r.cells[3].text == "no progress update on record"),
            "{:?}",
            own_tables[1].rows
        );
    }
}
