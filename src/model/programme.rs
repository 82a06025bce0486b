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
    /// The programme of an earlier plan it continues (`from = "accsm-2021-2025/17"`).
    pub from: Option<Text>,
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
    ApscLines,
    Declarations,
}

impl ProgrammeList {
    pub const COUNT: usize = 7;
}

/// The lists of one programme in a single allocation. A large data set holds hundreds of
/// thousands of these lists, most of one or two entries; one boxed slice each cost a quarter of
/// the memory of the programmes.
///
/// Besides the fixed lists, a programme cites entries of its plan's results framework under the
/// keys the framework's levels declare (`kras`, `measures` for the ASCC Blueprint 2025): which
/// keys those are is known only once the plan and its framework are, so they are kept by name.
#[derive(Clone, Debug, Default)]
pub struct ProgrammeLists {
    items: Box<[Text]>,
    /// Where each list ends in `items`, in [`ProgrammeList`] order.
    ends: [u32; ProgrammeList::COUNT],
    /// The citation lists after the fixed ones: each key, as written, and where its list ends.
    cites: Box<[(Text, u32)]>,
}

impl ProgrammeLists {
    /// The lists in [`ProgrammeList`] order, then the citation lists by key in file order.
    pub fn new(
        lists: [Box<[Text]>; ProgrammeList::COUNT],
        cites: Vec<(Text, Box<[Text]>)>,
    ) -> Self {
        let total = lists.iter().map(|l| l.len()).sum::<usize>()
            + cites.iter().map(|(_, l)| l.len()).sum::<usize>();
        let mut items = Vec::with_capacity(total);
        let mut ends = [0; ProgrammeList::COUNT];
        for (end, list) in ends.iter_mut().zip(lists) {
            items.extend(list);
            *end = u32::try_from(items.len()).unwrap_or(u32::MAX);
        }
        let mut keys = Vec::with_capacity(cites.len());
        for (key, list) in cites {
            items.extend(list);
            keys.push((key, u32::try_from(items.len()).unwrap_or(u32::MAX)));
        }
        ProgrammeLists {
            items: items.into_boxed_slice(),
            ends,
            cites: keys.into_boxed_slice(),
        }
    }

    pub fn get(&self, list: ProgrammeList) -> &[Text] {
        let i = list as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        self.items
            .get(start..self.ends[i] as usize)
            .unwrap_or_default()
    }

    /// Every citation list: (key as written, the ids), in file order.
    pub fn citations(&self) -> impl Iterator<Item = (&Text, &[Text])> {
        let mut start = self.ends[ProgrammeList::COUNT - 1] as usize;
        self.cites.iter().map(move |(key, end)| {
            let list = self.items.get(start..*end as usize).unwrap_or_default();
            start = *end as usize;
            (key, list)
        })
    }

    /// The ids cited under `key` (`kras`), empty when the programme has no such key.
    pub fn cited(&self, key: &str) -> &[Text] {
        self.citations()
            .find(|(k, _)| k.value == key)
            .map_or(&[], |(_, list)| list)
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
    /// Its citations of framework entries: (key as written, the ids), in file order.
    pub fn citations(&self) -> impl Iterator<Item = (&Text, &[Text])> {
        self.lists.citations()
    }
    /// Every framework entry it cites, whatever the key.
    pub fn cited_ids(&self) -> impl Iterator<Item = &Text> {
        self.citations().flat_map(|(_, ids)| ids.iter())
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
    use crate::interned::Str;
    use crate::source::FileId;

    #[test]
    fn programme_lists_give_back_each_list_as_stored() {
        let text = |s: &str| Spanned::new(Str::from(s), Span::new(FileId(0), 0..0));
        let list = |items: &[&str]| items.iter().map(|s| text(s)).collect::<Box<[Text]>>();
        let lists = ProgrammeLists::new(
            [
                list(&["Workshop"]),
                list(&[]),
                list(&["IDN", "MYS"]),
                list(&[]),
                list(&[]),
                list(&[]),
                list(&["V"]),
            ],
            vec![
                (text("kras"), list(&["A.2"])),
                (text("measures"), list(&["A.2.iii", "A.2.iv"])),
            ],
        );
        let ids =
            |l: ProgrammeList| -> Vec<&str> { lists.get(l).iter().map(|t| t.as_str()).collect() };
        assert_eq!(ids(ProgrammeList::Activities), ["Workshop"]);
        assert!(ids(ProgrammeList::Areas).is_empty());
        assert_eq!(ids(ProgrammeList::Coordinators), ["IDN", "MYS"]);
        let cited = |k: &str| -> Vec<&str> { lists.cited(k).iter().map(|t| t.as_str()).collect() };
        assert_eq!(cited("kras"), ["A.2"]);
        assert_eq!(cited("measures"), ["A.2.iii", "A.2.iv"]);
        assert!(cited("goals").is_empty());
        assert!(ids(ProgrammeList::ApscLines).is_empty());
        assert_eq!(ids(ProgrammeList::Declarations), ["V"]);
        assert!(
            ProgrammeLists::default()
                .get(ProgrammeList::Declarations)
                .is_empty()
        );
    }
}
