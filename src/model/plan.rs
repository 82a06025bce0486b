//! A work plan: its period, baseline and target, and the lists its programmes are held to.

use super::timeline::MAX_PERIOD_YEARS;
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
    /// The plan's years. A mistyped period (`end = 20250`) is a finding where it is read; here
    /// it is cut to [`MAX_PERIOD_YEARS`] so that no loop over the years runs away.
    pub fn years(&self) -> std::ops::RangeInclusive<i64> {
        self.start.value..=bounded_end(self.start.value, self.end.value)
    }

    /// The years KPI returns may cover: the template asks for data from the mid-term review's
    /// first year (2020) on, to the end of the plan.
    pub fn reporting_years(&self) -> std::ops::RangeInclusive<i64> {
        let first = self
            .midterm_start
            .as_ref()
            .map_or(self.start.value, |m| m.value.min(self.start.value));
        first..=bounded_end(first, self.end.value)
    }
}

/// `end`, or the last of [`MAX_PERIOD_YEARS`] years from `start` when the period is longer.
fn bounded_end(start: i64, end: i64) -> i64 {
    end.min(start.saturating_add(MAX_PERIOD_YEARS - 1))
}
