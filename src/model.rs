//! The work-plan data set as accsm understands it: reference lists, plans and their programmes,
//! and the KPI framework. Every id and reference keeps the span it was read from, so a finding can
//! point at the exact place in the file.

use crate::source::{Span, Spanned};
use crate::strings::Str;
use crate::timeline::Timeline;

pub type Text = Spanned<Str>;

/// The reference tables, by their TOML table name. One generic record type serves them all: they
/// differ only in which optional keys they use (see `load::REFERENCE_TABLES`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RefKind {
    Country,
    Body,
    Group,
    PriorityArea,
    Enabler,
    ThematicArea,
    Characteristic,
    Kra,
    Measure,
    ApscLine,
    Declaration,
    FundingSource,
    Currency,
    KpiGroup,
}

impl RefKind {
    pub const ALL: [RefKind; 14] = [
        RefKind::Country,
        RefKind::Body,
        RefKind::Group,
        RefKind::PriorityArea,
        RefKind::Enabler,
        RefKind::ThematicArea,
        RefKind::Characteristic,
        RefKind::Kra,
        RefKind::Measure,
        RefKind::ApscLine,
        RefKind::Declaration,
        RefKind::FundingSource,
        RefKind::Currency,
        RefKind::KpiGroup,
    ];

    /// The TOML table name, e.g. `priority_area` for `[[priority_area]]`.
    pub fn table(self) -> &'static str {
        match self {
            RefKind::Country => "country",
            RefKind::Body => "body",
            RefKind::Group => "group",
            RefKind::PriorityArea => "priority_area",
            RefKind::Enabler => "enabler",
            RefKind::ThematicArea => "thematic_area",
            RefKind::Characteristic => "characteristic",
            RefKind::Kra => "kra",
            RefKind::Measure => "measure",
            RefKind::ApscLine => "apsc_line",
            RefKind::Declaration => "declaration",
            RefKind::FundingSource => "funding_source",
            RefKind::Currency => "currency",
            RefKind::KpiGroup => "kpi_group",
        }
    }

    /// What it is called in a sentence: "an ASCC key result area".
    pub fn noun(self) -> &'static str {
        match self {
            RefKind::Country => "a country",
            RefKind::Body => "a body",
            RefKind::Group => "a group of partners",
            RefKind::PriorityArea => "an ACCSM priority area",
            RefKind::Enabler => "an enabler",
            RefKind::ThematicArea => "an ACCSM+3 thematic area",
            RefKind::Characteristic => "an ASCC Blueprint characteristic",
            RefKind::Kra => "an ASCC key result area (KRA)",
            RefKind::Measure => "an ASCC strategic measure",
            RefKind::ApscLine => "an APSC Blueprint action line",
            RefKind::Declaration => "a declaration",
            RefKind::FundingSource => "a funding source",
            RefKind::Currency => "a currency",
            RefKind::KpiGroup => "a KPI group",
        }
    }
}

/// One entry of a reference list (a country, a KRA, a declaration…).
#[derive(Clone, Debug)]
pub struct RefEntry {
    pub kind: RefKind,
    pub span: Span,
    pub id: Text,
    /// The display name or title.
    pub name: Option<Text>,
    pub aliases: Box<[Text]>,
    /// For countries: ams, plus-three, dialogue-partner, observer.
    pub category: Option<Spanned<&'static str>>,
    /// Quoted text (a measure, an action line) or a description.
    pub text: Option<Text>,
    /// For measures: their KRA; for APSC lines and KPI groups: the parent or priority area.
    pub parent: Option<Text>,
    /// For measures and action lines: whether the work plan quotes the text (false = cited only).
    pub quoted: Option<bool>,
    pub adopted: Option<Text>,
    pub place: Option<Text>,
    pub url: Option<Text>,
    pub source: Option<Text>,
    pub note: Option<Text>,
}

impl RefEntry {
    /// Whether this is one of the ASEAN Member States.
    pub fn is_ams(&self) -> bool {
        self.kind == RefKind::Country && self.category.as_ref().is_some_and(|c| c.value == "ams")
    }

    pub fn display_name(&self) -> &str {
        self.name
            .as_ref()
            .or(self.text.as_ref())
            .map(|t| t.value.as_str())
            .unwrap_or(self.id.value.as_str())
    }
}

/// An ASEAN Resource Centre.
#[derive(Clone, Debug)]
pub struct Arc {
    pub span: Span,
    pub country: Text,
    pub name: Text,
    pub url: Option<Text>,
    pub as_of: Option<Spanned<i64>>,
    pub note: Option<Text>,
}

/// An ACCSM chairmanship.
#[derive(Clone, Debug)]
pub struct Chair {
    pub span: Span,
    pub meeting: Spanned<i64>,
    pub country: Text,
    pub years: Option<Text>,
    pub note: Option<Text>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AreaKind {
    Priority,
    Thematic,
}

/// A work plan: its own period, baseline and target, so the next plan fits beside it.
#[derive(Clone, Debug)]
pub struct Plan {
    pub span: Span,
    pub id: Text,
    pub title: Text,
    pub body: Option<Text>,
    pub area_kind: Spanned<AreaKind>,
    pub start: Spanned<i64>,
    pub end: Spanned<i64>,
    pub baseline_year: Option<Spanned<i64>>,
    pub target_year: Option<Spanned<i64>>,
    pub midterm_start: Option<Spanned<i64>>,
    pub midterm_end: Option<Spanned<i64>>,
    pub adopted: Option<Text>,
    pub source: Option<Text>,
    pub relevant_measures: Box<[Text]>,
    pub relevant_apsc_lines: Box<[Text]>,
    pub note: Option<Text>,
}

impl Plan {
    pub fn years(&self) -> std::ops::RangeInclusive<i64> {
        self.start.value..=self.end.value
    }

    /// The years KPI returns may cover: the template asks for data from the mid-term review's
    /// first year (2020) on, to the end of the plan.
    pub fn reporting_years(&self) -> std::ops::RangeInclusive<i64> {
        let first = self
            .midterm_start
            .as_ref()
            .map_or(self.start.value, |m| m.value.min(self.start.value));
        first..=self.end.value
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    Planned,
    Ongoing,
    Completed,
}

impl Status {
    pub const NAMES: &'static [&'static str] = &["planned", "ongoing", "completed"];

    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "planned" => Some(Status::Planned),
            "ongoing" => Some(Status::Ongoing),
            "completed" => Some(Status::Completed),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Planned => "planned",
            Status::Ongoing => "ongoing",
            Status::Completed => "completed",
        }
    }
}

/// A dated progress update.
#[derive(Clone, Debug)]
pub struct Update {
    pub span: Span,
    pub date: Option<Text>,
    pub text: Text,
}

/// An indicative budget: the published wording plus what can be read from it.
#[derive(Clone, Debug, Default)]
pub struct Budget {
    pub span: Option<Span>,
    pub text: Option<Text>,
    pub amount: Option<Spanned<f64>>,
    pub currency: Option<Text>,
    pub local_amount: Option<Spanned<f64>>,
    pub local_currency: Option<Text>,
    pub sources: Box<[Text]>,
    pub funded_by: Option<Text>,
    pub tbc: bool,
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

/// How a KPI is answered on the data-collection template.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AnswerKind {
    YesNo,
    Count,
    Percentage,
    Rating,
    CountPerYear,
    Participants,
    Survey,
}

impl AnswerKind {
    pub const NAMES: &'static [&'static str] = &[
        "yes-no",
        "count",
        "percentage",
        "rating",
        "count-per-year",
        "participants",
        "survey",
    ];

    pub fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "yes-no" => AnswerKind::YesNo,
            "count" => AnswerKind::Count,
            "percentage" => AnswerKind::Percentage,
            "rating" => AnswerKind::Rating,
            "count-per-year" => AnswerKind::CountPerYear,
            "participants" => AnswerKind::Participants,
            "survey" => AnswerKind::Survey,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            AnswerKind::YesNo => "yes-no",
            AnswerKind::Count => "count",
            AnswerKind::Percentage => "percentage",
            AnswerKind::Rating => "rating",
            AnswerKind::CountPerYear => "count-per-year",
            AnswerKind::Participants => "participants",
            AnswerKind::Survey => "survey",
        }
    }
}

/// A key performance indicator of a plan's M&E framework.
#[derive(Clone, Debug)]
pub struct Kpi {
    pub span: Span,
    pub id: Text,
    pub plan: Text,
    pub group: Text,
    pub parent: Option<Text>,
    pub title: Text,
    pub answer: Spanned<AnswerKind>,
    pub questions: Box<[Text]>,
    pub asks_names: bool,
    pub asks_total: bool,
    pub levels: Box<[Text]>,
    pub periods: Box<[Text]>,
    pub forms: Box<[Text]>,
    pub scale: Vec<Spanned<i64>>,
    pub scale_labels: Box<[Text]>,
    pub years: Vec<Spanned<i64>>,
    pub sources: Box<[Text]>,
    pub rollup: Option<Text>,
    pub rollup_text: Option<Text>,
    pub definition: Option<Text>,
    pub note: Option<Text>,
}

/// Everything loaded from a work-plan repository.
#[derive(Clone, Debug, Default)]
pub struct Dataset {
    pub references: Vec<RefEntry>,
    pub arcs: Vec<Arc>,
    pub chairs: Vec<Chair>,
    pub plans: Vec<Plan>,
    pub programmes: Vec<Programme>,
    pub kpis: Vec<Kpi>,
    pub returns: Vec<crate::returns::Return>,
}

impl Dataset {
    pub fn references_of(&self, kind: RefKind) -> impl Iterator<Item = &RefEntry> {
        self.references.iter().filter(move |r| r.kind == kind)
    }

    pub fn reference(&self, kind: RefKind, id: &str) -> Option<&RefEntry> {
        self.references_of(kind).find(|r| r.id.value == id)
    }

    /// The AMS as (id, name), in alphabetical order of their names: the order every report uses,
    /// since the M&E framework never ranks member states.
    pub fn ams_by_name(&self) -> Vec<(&str, &str)> {
        let mut ams: Vec<(&str, &str)> = self
            .references_of(RefKind::Country)
            .filter(|c| c.is_ams())
            .map(|c| (c.id.value.as_str(), c.display_name()))
            .collect();
        ams.sort_by(|a, b| a.1.cmp(b.1));
        ams
    }

    pub fn plan(&self, id: &str) -> Option<&Plan> {
        self.plans.iter().find(|p| p.id.value == id)
    }

    /// Merges another file's records into this set, keeping file order.
    pub fn extend(&mut self, other: Dataset) {
        self.references.extend(other.references);
        self.arcs.extend(other.arcs);
        self.chairs.extend(other.chairs);
        self.plans.extend(other.plans);
        self.programmes.extend(other.programmes);
        self.kpis.extend(other.kpis);
        self.returns.extend(other.returns);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;

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
