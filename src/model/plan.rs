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

/// The widest `baseline_closest_within` accsm accepts: a stand-in further than this from the
/// baseline year would not describe the state at the start of the plan.
pub const MAX_CLOSEST_WITHIN: i64 = 3;

/// A work plan: its own period, baseline and target, so the next plan fits beside it.
#[derive(Clone, Debug)]
pub struct Plan {
    pub span: Span,
    pub id: Text,
    pub title: Text,
    pub body: Option<Text>,
    /// Other names people use for the plan (`ACCSM Plus Three`, `APT`), which `--plan` accepts.
    pub aliases: Box<[Text]>,
    pub area_kind: Spanned<AreaKind>,
    pub start: Spanned<i64>,
    pub end: Spanned<i64>,
    pub baseline_year: Option<Spanned<i64>>,
    /// Why the baseline year is the one it is, in words (trend's header shows it): where the
    /// published plan is ambiguous, the reading taken and the other one.
    pub baseline_basis: Option<Text>,
    /// How many years either side of the baseline year may stand in for it when an AMS has no
    /// figure for it (guideline ii of the data-collection template); none when not given.
    pub baseline_closest_within: Option<Spanned<i64>>,
    pub target_year: Option<Spanned<i64>>,
    pub midterm_start: Option<Spanned<i64>>,
    pub midterm_end: Option<Spanned<i64>>,
    pub adopted: Option<Text>,
    pub source: Option<Text>,
    /// The results framework its programmes cite (see [`super::Framework`]).
    pub framework: Option<Text>,
    /// The plan it follows (`new plan --from`), whose KPI readings give this plan's baselines.
    pub follows: Option<Text>,
    /// Entries of the lowest level of its framework that the plan names as relevant.
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

    /// The most years either side of the baseline year a figure may come from (0: the baseline
    /// year only). Range-checked where it is read.
    pub fn closest_within(&self) -> i64 {
        self.baseline_closest_within
            .as_ref()
            .map_or(0, |w| w.value.clamp(0, MAX_CLOSEST_WITHIN))
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
