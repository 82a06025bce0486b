//! A programme or progress update cut down to what the rules across records read (numbers,
//! titles, timelines, `from` links, statuses and dates; see `check::across`), so that a run
//! with the incremental cache can check the records of unchanged files across the data without
//! reading the rest of them back.
//!
//! Every field is named in the patterns below: a field added to either record stops the build
//! until it is said here whether the rules across records read it.

use super::{ProgrammeLists, ProgressUpdate, Status};
use crate::dates::PartialDate;
use crate::interned::Str;
use crate::model::Programme;
use crate::source::Spanned;

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

/// A progress update cut down to what the rules across records read: a fifth of the memory
/// of one whole, which matters at hundreds of thousands.
#[derive(Clone, Debug)]
pub struct UpdateOutline {
    pub plan: Str,
    pub number: Spanned<i64>,
    pub date: Spanned<PartialDate>,
    pub status: Spanned<Status>,
    /// Whether it has a `note` (a status may go back with one).
    pub has_note: bool,
}

/// What the rules across records read of a progress update, whole or outlined.
pub trait UpdateFacts {
    fn plan(&self) -> &Str;
    fn number(&self) -> &Spanned<i64>;
    fn date(&self) -> &Spanned<PartialDate>;
    fn status(&self) -> &Spanned<Status>;
    fn has_note(&self) -> bool;

    /// `plan/number`, as the programme is referred to.
    fn programme_id(&self) -> String {
        format!("{}/{}", self.plan(), self.number().value)
    }
}

impl UpdateFacts for ProgressUpdate {
    fn plan(&self) -> &Str {
        &self.plan.value
    }
    fn number(&self) -> &Spanned<i64> {
        &self.number
    }
    fn date(&self) -> &Spanned<PartialDate> {
        &self.date
    }
    fn status(&self) -> &Spanned<Status> {
        &self.status
    }
    fn has_note(&self) -> bool {
        self.note.is_some()
    }
}

impl UpdateFacts for UpdateOutline {
    fn plan(&self) -> &Str {
        &self.plan
    }
    fn number(&self) -> &Spanned<i64> {
        &self.number
    }
    fn date(&self) -> &Spanned<PartialDate> {
        &self.date
    }
    fn status(&self) -> &Spanned<Status> {
        &self.status
    }
    fn has_note(&self) -> bool {
        self.has_note
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
            note,
            participants: _,
            ams: _,
            cost: _,
            links: _,
        } = self;
        UpdateOutline {
            plan: plan.value.clone(),
            number: number.clone(),
            date: date.clone(),
            status: status.clone(),
            has_note: note.is_some(),
        }
    }
}
