//! The reference lists: countries, bodies and groups, areas, the entries of the results
//! frameworks, the APSC Blueprint's action lines, declarations, funding sources, currencies; the ARC directory
//! and the chairs.

use super::{Text, closed_set};
use crate::source::{Span, Spanned};

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
    FrameworkEntry,
    ApscLine,
    Declaration,
    FundingSource,
    Currency,
    KpiGroup,
    PartnerOrganisation,
}

impl RefKind {
    pub const ALL: [RefKind; 13] = [
        RefKind::Country,
        RefKind::Body,
        RefKind::Group,
        RefKind::PriorityArea,
        RefKind::Enabler,
        RefKind::ThematicArea,
        RefKind::FrameworkEntry,
        RefKind::ApscLine,
        RefKind::Declaration,
        RefKind::FundingSource,
        RefKind::Currency,
        RefKind::KpiGroup,
        RefKind::PartnerOrganisation,
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
            RefKind::FrameworkEntry => "framework_entry",
            RefKind::ApscLine => "apsc_line",
            RefKind::Declaration => "declaration",
            RefKind::FundingSource => "funding_source",
            RefKind::Currency => "currency",
            RefKind::KpiGroup => "kpi_group",
            RefKind::PartnerOrganisation => "partner_organisation",
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
            RefKind::FrameworkEntry => "an entry of a results framework",
            RefKind::ApscLine => "an APSC Blueprint action line",
            RefKind::Declaration => "a declaration",
            RefKind::FundingSource => "a funding source",
            RefKind::Currency => "a currency",
            RefKind::KpiGroup => "a KPI group",
            RefKind::PartnerOrganisation => "a partner organisation",
        }
    }
}

closed_set! {
    /// What a country is to ASEAN.
    pub enum CountryKind {
        /// An ASEAN Member State.
        Ams = "ams",
        PlusThree = "plus-three",
        DialoguePartner = "dialogue-partner",
        Observer = "observer",
    }
}

closed_set! {
    /// What a named partner organisation is, where its printed name makes it evident.
    pub enum OrganisationKind {
        GovernmentAgency = "government-agency",
        University = "university",
        Company = "company",
        InternationalOrganisation = "international-organisation",
        Other = "other",
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
    /// For countries: what the country is to ASEAN.
    pub category: Option<Spanned<CountryKind>>,
    /// For groups: the parties in them, where the sources list them (`None`: not listed, so
    /// accsm cannot tell who is in the group).
    pub members: Option<Box<[Text]>>,
    /// For partner organisations: the country they belong to, where the print or the sources
    /// state it.
    pub country: Option<Text>,
    /// For partner organisations: what they are, where their printed name makes it evident.
    pub organisation_kind: Option<Spanned<OrganisationKind>>,
    /// Quoted text (a measure, an action line) or a description.
    pub text: Option<Text>,
    /// For framework entries: the entry of the level above; for APSC lines and KPI groups: the
    /// parent or priority area.
    pub parent: Option<Text>,
    /// For framework entries: the framework and the level (see [`super::Framework`]).
    pub framework: Option<Text>,
    pub level: Option<Text>,
    /// For groups: when members joined and left (see [`super::membership`]).
    pub joined: Box<[Membership]>,
    pub left: Box<[Membership]>,
    /// For framework entries and action lines: whether the work plan quotes the text (false = cited only).
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
        self.kind == RefKind::Country
            && self
                .category
                .as_ref()
                .is_some_and(|c| c.value == CountryKind::Ams)
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

/// When a member of a group joined or left, as written (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
#[derive(Clone, Debug)]
pub struct Membership {
    pub member: super::Text,
    pub date: super::Text,
}
