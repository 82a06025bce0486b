//! Where each programme stands as of a date, from its progress updates: the latest update on or
//! before the date gives its status; a programme still planned after its timeline has ended is
//! overdue. Every view of progress (`progress`, `list --status`, `show`, the report) asks here,
//! so they all agree.

use serde::Serialize;

use crate::check::updates::timeline_years;
use crate::dates::PartialDate;
use crate::model::{Dataset, Histories, Programme, ProgressUpdate, Status};

/// Where a programme stands: its status, with "planned" split into on time and overdue, or no
/// status reported. Each programme has exactly one, so counts of them add up to the total.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Standing {
    Planned,
    Overdue,
    Ongoing,
    Postponed,
    Cancelled,
    Completed,
    NotReported,
}

impl Standing {
    /// In the order of progress, as every table shows them.
    pub const ALL: [Standing; 7] = [
        Standing::Planned,
        Standing::Overdue,
        Standing::Ongoing,
        Standing::Postponed,
        Standing::Cancelled,
        Standing::Completed,
        Standing::NotReported,
    ];

    /// The word tables and messages use.
    pub fn label(self) -> &'static str {
        match self {
            Standing::Planned => "planned",
            Standing::Overdue => "overdue",
            Standing::Ongoing => "ongoing",
            Standing::Postponed => "postponed",
            Standing::Cancelled => "cancelled",
            Standing::Completed => "completed",
            Standing::NotReported => "not reported",
        }
    }

    /// The name JSON and CSV headers use (`not-reported`).
    pub fn key(self) -> &'static str {
        match self {
            Standing::NotReported => "not-reported",
            s => s.label(),
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

/// The progress of every programme of a data set as of one date.
pub struct Progress<'a> {
    data: &'a Dataset,
    histories: Histories<'a>,
    /// `None`: every update counts (the current status).
    pub as_of: Option<PartialDate>,
    /// The year a timeline must have ended before for a planned programme to be overdue.
    due_year: i64,
}

impl<'a> Progress<'a> {
    /// As of `as_of`, or now (every update, overdue against today's year) when `None`.
    pub fn new(data: &'a Dataset, as_of: Option<PartialDate>) -> Self {
        let due_year = as_of.unwrap_or_else(crate::dates::today).year;
        Progress {
            data,
            histories: Histories::new(&data.updates),
            as_of,
            due_year,
        }
    }

    /// Every update of the programme, oldest first, including any after the date.
    pub fn history(&self, p: &Programme) -> &[&'a ProgressUpdate] {
        self.histories.of(&p.plan.value, p.number.value)
    }

    /// The updates on or before `date` (every one when `None`).
    fn until(&self, p: &Programme, date: Option<PartialDate>) -> &[&'a ProgressUpdate] {
        let all = self.history(p);
        match date {
            None => all,
            Some(d) => {
                let n = all.partition_point(|u| u.date.value.on_or_before(d));
                &all[..n]
            }
        }
    }

    /// The latest update as of the date.
    pub fn latest(&self, p: &Programme) -> Option<&'a ProgressUpdate> {
        self.until(p, self.as_of).last().copied()
    }

    /// The status as of `date`: the latest update's on or before it. A programme with no update
    /// at all has the status its own record gives, which has no date: it counts only for the
    /// current status (`date` `None`).
    pub fn status_at(&self, p: &Programme, date: Option<PartialDate>) -> Option<Status> {
        match self.until(p, date).last() {
            Some(u) => Some(u.status.value),
            None if date.is_none() && self.history(p).is_empty() => {
                p.status.as_ref().map(|s| s.value)
            }
            None => None,
        }
    }

    /// The status as of this view's date.
    pub fn status(&self, p: &Programme) -> Option<Status> {
        self.status_at(p, self.as_of)
    }

    /// Where the programme stands as of this view's date.
    pub fn standing(&self, p: &Programme) -> Standing {
        match self.status(p) {
            None => Standing::NotReported,
            Some(Status::Planned) if self.is_past_due(p) => Standing::Overdue,
            Some(Status::Planned) => Standing::Planned,
            Some(Status::Ongoing) => Standing::Ongoing,
            Some(Status::Postponed) => Standing::Postponed,
            Some(Status::Cancelled) => Standing::Cancelled,
            Some(Status::Completed) => Standing::Completed,
        }
    }

    /// Whether the programme's timeline ended before the year of this view's date.
    fn is_past_due(&self, p: &Programme) -> bool {
        self.data
            .plan(&p.plan.value)
            .and_then(|plan| timeline_years(p, plan))
            .is_some_and(|(_, last)| last < self.due_year)
    }
}

/// Each programme's status as of `as_of` (the latest update on or before it; the current
/// status when `None`), in the order of the data: what the end-term view counts as completed
/// and what it carries over.
pub fn statuses_as_of(
    data: &Dataset,
    as_of: Option<PartialDate>,
) -> Vec<(&Programme, Option<Status>)> {
    let progress = Progress::new(data, as_of);
    data.programmes
        .iter()
        .map(|p| (p, progress.status(p)))
        .collect()
}
