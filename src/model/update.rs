//! A progress update: what happened to one programme, told to one meeting. Each is a record of
//! its own (`[update]`, usually one file each), so that two member states adding updates in the
//! same week never edit the same lines; the programme record itself is never rewritten.

use super::{Status, Text};
use crate::dates::PartialDate;
use crate::source::{Span, Spanned};

/// One progress update of a programme.
#[derive(Clone, Debug)]
pub struct ProgressUpdate {
    pub span: Span,
    pub plan: Text,
    pub number: Spanned<i64>,
    /// The day, or the month, the update is of.
    pub date: Spanned<PartialDate>,
    pub status: Spanned<Status>,
    /// The meeting or report it was given to ("22nd ACCSM SOM").
    pub meeting: Text,
    /// What was done, in the coordinator's words.
    pub text: Option<Text>,
    /// What fewer updates record; `None` when it records none of it. Read it with the methods
    /// of the same names.
    pub more: Option<Box<UpdateMore>>,
}

/// What a progress update may record besides its date, status, meeting and what was done. Most
/// record none of it (126 of the 156 of `examples/progress`), and an update is one of hundreds of
/// thousands on a large data set: apart, it costs such an update 8 bytes instead of 96.
#[derive(Clone, Debug, Default)]
pub struct UpdateMore {
    /// Why, when the status goes back (completed → ongoing) or anything else needs saying.
    pub note: Option<Text>,
    pub participants: Option<Spanned<i64>>,
    /// The AMS that took part, by id.
    pub ams: Box<[Text]>,
    pub cost: Option<Cost>,
    /// Links to outputs (reports, recordings, press releases).
    pub links: Box<[Text]>,
}

impl UpdateMore {
    /// Boxed, or `None` when it holds nothing.
    pub fn boxed(self) -> Option<Box<UpdateMore>> {
        let UpdateMore {
            note,
            participants,
            ams,
            cost,
            links,
        } = &self;
        let empty = note.is_none()
            && participants.is_none()
            && ams.is_empty()
            && cost.is_none()
            && links.is_empty();
        (!empty).then(|| Box::new(self))
    }
}

impl ProgressUpdate {
    pub fn note(&self) -> Option<&Text> {
        self.more.as_ref()?.note.as_ref()
    }

    pub fn participants(&self) -> Option<&Spanned<i64>> {
        self.more.as_ref()?.participants.as_ref()
    }

    pub fn ams(&self) -> &[Text] {
        self.more.as_ref().map_or(&[], |m| &m.ams)
    }

    pub fn cost(&self) -> Option<&Cost> {
        self.more.as_ref()?.cost.as_ref()
    }

    pub fn links(&self) -> &[Text] {
        self.more.as_ref().map_or(&[], |m| &m.links)
    }
}

/// What a programme actually cost, in one currency.
#[derive(Clone, Debug)]
pub struct Cost {
    pub span: Span,
    pub amount: Option<Spanned<f64>>,
    pub currency: Option<Text>,
}

impl Status {
    /// Whether moving from `self` to `next` goes back: out of an end (completed, cancelled) to
    /// anything else, or from ongoing to planned. Postponing an ongoing programme does not go
    /// back; it is a status of its own.
    pub fn goes_back_to(self, next: Status) -> bool {
        use Status::*;
        match (self, next) {
            (a, b) if a == b => false,
            (Completed | Cancelled, _) => true,
            (Ongoing, Planned) => true,
            _ => false,
        }
    }
}

/// The updates of each programme in the order they happened: by date, and in the order read
/// for two of the same date (checks report that case, see `conflicting-updates`). Built once
/// per run; every view of progress reads the history through it, so that all agree on which
/// update is the latest.
#[derive(Debug)]
pub struct Histories<'a, U = ProgressUpdate> {
    /// Plan id → programme number → updates.
    by_plan: crate::hash::FastMap<crate::interned::Str, crate::hash::FastMap<i64, Vec<&'a U>>>,
}

impl<U> Default for Histories<'_, U> {
    fn default() -> Self {
        Histories {
            by_plan: Default::default(),
        }
    }
}

impl<'a, U: UpdateFacts> Histories<'a, U> {
    /// The histories of `updates` (a slice of them, or of references to them).
    pub fn new(updates: impl IntoIterator<Item = &'a U>) -> Self {
        let mut by_plan: crate::hash::FastMap<
            crate::interned::Str,
            crate::hash::FastMap<i64, Vec<&'a U>>,
        > = Default::default();
        for u in updates {
            let plan = match by_plan.get_mut(u.plan().as_str()) {
                Some(plan) => plan,
                None => by_plan.entry(u.plan().clone()).or_default(),
            };
            plan.entry(u.number().value).or_default().push(u);
        }
        for list in by_plan.values_mut().flat_map(|p| p.values_mut()) {
            // Stable: updates of one date keep the order they were read in.
            list.sort_by_key(|u| u.date().value);
        }
        Histories { by_plan }
    }

    /// Each programme's updates, oldest first, by plan id and number (in no fixed order).
    pub fn iter(&self) -> impl Iterator<Item = (&str, i64, &[&'a U])> {
        self.by_plan.iter().flat_map(|(plan, numbers)| {
            numbers
                .iter()
                .map(move |(number, list)| (plan.as_str(), *number, list.as_slice()))
        })
    }

    /// The updates of the programme `plan`/`number`, oldest first.
    pub fn of(&self, plan: &str, number: i64) -> &[&'a U] {
        self.by_plan
            .get(plan)
            .and_then(|p| p.get(&number))
            .map_or(&[], Vec::as_slice)
    }
}

/// A progress update cut down to what the rules across records read: a fifth of the memory
/// of one whole, which matters at hundreds of thousands.
#[derive(Clone, Debug)]
pub struct UpdateOutline {
    pub plan: crate::interned::Str,
    pub number: Spanned<i64>,
    pub date: Spanned<PartialDate>,
    pub status: Spanned<Status>,
    /// Whether it has a `note` (a status may go back with one).
    pub has_note: bool,
}

/// What the rules across records read of a progress update, whole or outlined.
pub trait UpdateFacts {
    fn plan(&self) -> &crate::interned::Str;
    fn number(&self) -> &Spanned<i64>;
    fn date(&self) -> &Spanned<PartialDate>;
    fn status(&self) -> &Spanned<Status>;
    fn has_note(&self) -> bool;

    /// `accsm-2021-2025/17`, as `show` takes it.
    fn programme_id(&self) -> String {
        format!("{}/{}", self.plan(), self.number().value)
    }
}

impl UpdateFacts for ProgressUpdate {
    fn plan(&self) -> &crate::interned::Str {
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
        self.note().is_some()
    }
}

impl UpdateFacts for UpdateOutline {
    fn plan(&self) -> &crate::interned::Str {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;

    /// Half a million updates at 100k programmes: a field added to every one is 500 KB a byte.
    #[test]
    fn an_update_keeps_what_few_record_apart() {
        assert!(
            std::mem::size_of::<ProgressUpdate>() <= 176,
            "{} bytes",
            std::mem::size_of::<ProgressUpdate>()
        );
        assert!(UpdateMore::default().boxed().is_none());
        let ams = UpdateMore {
            ams: Box::new([Text::new("IDN".into(), Span::new(FileId(0), 0..3))]),
            ..UpdateMore::default()
        };
        assert_eq!(ams.boxed().map(|m| m.ams.len()), Some(1));
    }
}
