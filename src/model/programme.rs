//! One programme of a plan, with its lists of references and its progress.

use super::timeline::Timeline;
use super::{Budget, Text, closed_set};
use crate::source::{Span, Spanned};

closed_set! {
    /// Where a programme stands, as last reported (the matrix template's "planned/ongoing/
    /// completed", and the two ends a programme may also come to).
    pub enum Status {
        Planned = "planned",
        Ongoing = "ongoing",
        Postponed = "postponed",
        Cancelled = "cancelled",
        Completed = "completed",
    }
}

/// A dated progress update.
#[derive(Clone, Debug)]
pub struct Update {
    pub span: Span,
    pub date: Option<Text>,
    pub text: Text,
}

/// One programme, project or initiative of a plan.
#[derive(Clone, Debug)]
pub struct Programme {
    pub span: Span,
    pub plan: Text,
    pub number: Spanned<i64>,
    pub title: Text,
    pub timeline: Option<Spanned<Timeline>>,
    pub budget: Option<Budget>,
    pub carried_over: bool,
    pub status: Option<Spanned<Status>>,
    pub updates: Box<[Update]>,
    pub note: Option<Text>,
    /// Activities, areas, coordinators…: read them with the methods of the same names.
    pub lists: ProgrammeLists,
}

/// The lists of references and names a programme has, in the order they are stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProgrammeList {
    Activities,
    Areas,
    Coordinators,
    Partners,
    PartnerOrganisations,
    Kras,
    Measures,
    ApscLines,
    Declarations,
}

impl ProgrammeList {
    pub const COUNT: usize = 9;
}

/// The lists of one programme in a single allocation. A large data set holds hundreds of
/// thousands of these lists, most of one or two entries; one boxed slice each cost a quarter of
/// the memory of the programmes.
#[derive(Clone, Debug, Default)]
pub struct ProgrammeLists {
    items: Box<[Text]>,
    /// Where each list ends in `items`, in [`ProgrammeList`] order.
    ends: [u32; ProgrammeList::COUNT],
}

impl ProgrammeLists {
    /// The lists in [`ProgrammeList`] order.
    pub fn new(lists: [Box<[Text]>; ProgrammeList::COUNT]) -> Self {
        let mut items = Vec::with_capacity(lists.iter().map(|l| l.len()).sum());
        let mut ends = [0; ProgrammeList::COUNT];
        for (end, list) in ends.iter_mut().zip(lists) {
            items.extend(list);
            *end = u32::try_from(items.len()).unwrap_or(u32::MAX);
        }
        ProgrammeLists {
            items: items.into_boxed_slice(),
            ends,
        }
    }

    pub fn get(&self, list: ProgrammeList) -> &[Text] {
        let i = list as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        self.items
            .get(start..self.ends[i] as usize)
            .unwrap_or_default()
    }
}

impl Programme {
    pub fn activities(&self) -> &[Text] {
        self.lists.get(ProgrammeList::Activities)
    }
    pub fn areas(&self) -> &[Text] {
        self.lists.get(ProgrammeList::Areas)
    }
    pub fn coordinators(&self) -> &[Text] {
        self.lists.get(ProgrammeList::Coordinators)
    }
    pub fn partners(&self) -> &[Text] {
        self.lists.get(ProgrammeList::Partners)
    }
    /// Partners that are named organisations rather than parties of the reference lists.
    pub fn partner_organisations(&self) -> &[Text] {
        self.lists.get(ProgrammeList::PartnerOrganisations)
    }
    pub fn kras(&self) -> &[Text] {
        self.lists.get(ProgrammeList::Kras)
    }
    pub fn measures(&self) -> &[Text] {
        self.lists.get(ProgrammeList::Measures)
    }
    pub fn apsc_lines(&self) -> &[Text] {
        self.lists.get(ProgrammeList::ApscLines)
    }
    pub fn declarations(&self) -> &[Text] {
        self.lists.get(ProgrammeList::Declarations)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;
    use crate::strings::Str;

    #[test]
    fn programme_lists_give_back_each_list_as_stored() {
        let text = |s: &str| Spanned::new(Str::from(s), Span::new(FileId(0), 0..0));
        let list = |items: &[&str]| items.iter().map(|s| text(s)).collect::<Box<[Text]>>();
        let lists = ProgrammeLists::new([
            list(&["Workshop"]),
            list(&[]),
            list(&["IDN", "MYS"]),
            list(&[]),
            list(&[]),
            list(&["A.2"]),
            list(&["A.2.iii", "A.2.iv"]),
            list(&[]),
            list(&["V"]),
        ]);
        let ids =
            |l: ProgrammeList| -> Vec<&str> { lists.get(l).iter().map(|t| t.as_str()).collect() };
        assert_eq!(ids(ProgrammeList::Activities), ["Workshop"]);
        assert!(ids(ProgrammeList::Areas).is_empty());
        assert_eq!(ids(ProgrammeList::Coordinators), ["IDN", "MYS"]);
        assert_eq!(ids(ProgrammeList::Kras), ["A.2"]);
        assert_eq!(ids(ProgrammeList::Measures), ["A.2.iii", "A.2.iv"]);
        assert!(ids(ProgrammeList::ApscLines).is_empty());
        assert_eq!(ids(ProgrammeList::Declarations), ["V"]);
        assert!(
            ProgrammeLists::default()
                .get(ProgrammeList::Declarations)
                .is_empty()
        );
    }
}
