//! A work plan: its period, baseline and target, and the lists its programmes are held to.

use super::{Text, closed_set};
use crate::source::{Span, Spanned};

closed_set! {
    /// Which areas a plan's programmes are tagged with.
    pub enum AreaKind {
        Priority = "priority",
        Thematic = "thematic",
    }
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
