//! A programme or progress update cut down to what the rules across records read (numbers,
//! titles, timelines, `from` links, statuses and dates; see `check::across`), so that a run
//! with the incremental cache can check the records of unchanged files across the data without
//! reading the rest of them back.
//!
//! Every field is named in the patterns below: a field added to either record stops the build
//! until it is said here whether the rules across records read it.

use super::{ProgrammeLists, ProgressUpdate, UpdateOutline};
use crate::model::Programme;

impl Programme {
    /// This programme with only what the rules across records read.
    pub fn outline(&self) -> Programme {
        let Programme {
            span,
            plan,
            number,
            title,
            timeline,
            budget: _,
            carried_over: _,
            from,
            status,
            updates: _,
            note: _,
            lists: _,
        } = self;
        Programme {
            span: *span,
            plan: plan.clone(),
            number: number.clone(),
            title: title.clone(),
            timeline: timeline.clone(),
            budget: None,
            carried_over: false,
            from: from.clone(),
            status: status.clone(),
            updates: Box::default(),
            note: None,
            lists: ProgrammeLists::default(),
        }
    }
}

impl ProgressUpdate {
    /// This update with only what the rules across records read.
    pub fn outline(&self) -> UpdateOutline {
        let ProgressUpdate {
            span: _,
            plan,
            number,
            date,
            status,
            meeting: _,
            text: _,
            more: _,
        } = self;
        UpdateOutline {
            plan: plan.value.clone(),
            number: number.clone(),
            date: date.clone(),
            status: status.clone(),
            has_note: self.note().is_some(),
        }
    }
}
