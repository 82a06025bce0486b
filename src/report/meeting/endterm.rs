//! The end-term view (`accsm report --end-term`): for a plan that has ended, each KPI from the
//! baseline to the target year (each AMS against its own baseline, and the AMS as a whole), the
//! programmes' final status, and what the next plans carried over.
//!
//! Where a programme's final status comes from is a [`FinalStatus`] source: today the
//! programme's own `status` key ([`StatusKey`]); a record of progress updates can be plugged in
//! in its place without touching the report.

use super::doc::{Block, Cell, Row, Table};
use super::programmes::{STATUS_KEYS, STATUSES};
use crate::model::{Dataset, Plan, Programme, Status};

/// A programme's final status, as a source of progress gives it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Final {
    /// `None`: not reported.
    pub status: Option<Status>,
    /// When it was last reported, where the source knows (a meeting, a date).
    pub as_of: Option<String>,
}

/// Where the end-term report takes each programme's final status from.
pub trait FinalStatus {
    /// What the source is, in words, for the report's reader.
    fn describe(&self) -> String;
    fn final_status(&self, p: &Programme) -> Final;
}

/// The programme's own `status` key, as last written in its record.
pub struct StatusKey;

impl FinalStatus for StatusKey {
    fn describe(&self) -> String {
        "the status each programme's record gives".to_string()
    }

    fn final_status(&self, p: &Programme) -> Final {
        Final {
            status: p.status.as_ref().map(|s| s.value),
            as_of: None,
        }
    }
}

/// The column of a final status in [`STATUS_KEYS`], in the order the mid-term view counts.
fn index(f: &Final) -> usize {
    match f.status {
        Some(Status::Planned) => 0,
        Some(Status::Ongoing) => 1,
        Some(Status::Postponed) => 2,
        Some(Status::Cancelled) => 3,
        Some(Status::Completed) => 4,
        None => UNREPORTED,
    }
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
        .map(|p| (*p, source.final_status(p)))
        .collect();
    let mut counts = [0usize; STATUSES];
    for (_, f) in &finals {
        counts[index(f)] += 1;
    }
    let mut blocks = vec![Block::para(format!(
        "Final status of the {} programmes of {}, from {}.",
        programmes.len(),
        plan.title.value,
        source.describe()
    ))];
    if counts[UNREPORTED] == programmes.len() && !programmes.is_empty() {
        blocks.push(Block::para(
            "No programme of this plan has a reported status, so the report cannot say how many \
             were completed: it counts them as not reported rather than guess. (Public reporting \
             put about 28 programmes of the 2021-2025 plans completed by the 22nd ACCSM in \
             August 2024; that figure is not in the programmes' records.)",
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
    blocks.extend(carried_over(data, plan, &finals));
    blocks
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
        fn describe(&self) -> String {
            "a test source".to_string()
        }
        fn final_status(&self, _: &Programme) -> Final {
            Final {
                status: Some(Status::Completed),
                as_of: Some("2025-12".to_string()),
            }
        }
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
        let table = blocks.iter().find_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        });
        let Some(table) = table else {
            panic!("no table")
        };
        let completed = &table.rows[index(&AllCompleted.final_status(progs[0]))].cells;
        assert_eq!(completed[1].text, progs.len().to_string());
        let own = programmes(data, plan, &progs, &StatusKey);
        let Some(Block::Table(t)) = own.get(2) else {
            panic!("no table in the status-key view")
        };
        assert_eq!(t.rows[UNREPORTED].cells[1].text, progs.len().to_string());
    }
}
