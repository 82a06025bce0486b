//! KPI trends: is each member state on the "increasing trend" the M&E framework targets, from the
//! baseline year to the target year? Each answer kind is compared in its own terms, and only
//! figures of one unit are compared (see [`reading::Unit`]): when the baseline and the latest
//! answer are in different forms the status says so, never "increasing" or "decreasing".
//! Member states are listed alphabetically and never ranked; the regional figure is for "AMS as
//! a whole".

use std::collections::BTreeMap;

use serde::Serialize;

mod compare;
mod explain;
mod follows;
mod reading;
mod regional;
mod sentence;
mod series;

pub use explain::{EXPLAIN_HEADER, explain, explain_grid};
pub use reading::{RatingForm, Unit, number, source_of};
pub use regional::regional;
pub use sentence::{Clause, Says};

use compare::compare_readings;
use reading::{Measure, Reading, Unusable, read, rule_for};

use crate::model::{AnswerKind, Dataset, Kpi, Plan, Return, closed_set};
use crate::source::SourceMap;

closed_set! {
    /// Where a member state stands on a KPI. JSON writes the name (`no-baseline`), tables and
    /// explanations the [`label`](TrendStatus::label) (`no baseline`).
    pub enum TrendStatus {
        Increasing = "increasing",
        Sustained = "sustained",
        Unchanged = "unchanged",
        Decreasing = "decreasing",
        NotComparable = "not-comparable",
        NoBaseline = "no-baseline",
        NoLaterData = "no-later-data",
        QualitativeOnly = "qualitative-only",
    }
}

impl TrendStatus {
    /// How the status reads in tables and explanations.
    pub fn label(self) -> &'static str {
        match self {
            TrendStatus::Increasing => "increasing",
            TrendStatus::Sustained => "sustained",
            TrendStatus::Unchanged => "unchanged",
            TrendStatus::Decreasing => "decreasing",
            TrendStatus::NotComparable => "not comparable",
            TrendStatus::NoBaseline => "no baseline",
            TrendStatus::NoLaterData => "no later data",
            TrendStatus::QualitativeOnly => "qualitative only",
        }
    }

    /// Whether the status compares a baseline figure with a later one of the same unit.
    pub fn is_comparison(self) -> bool {
        matches!(
            self,
            TrendStatus::Increasing
                | TrendStatus::Sustained
                | TrendStatus::Unchanged
                | TrendStatus::Decreasing
        )
    }
}

impl std::fmt::Display for TrendStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// One figure a trend rests on: the year it is for, the value in its unit, how the answer
/// reads, and where it was read.
#[derive(Clone, Debug, Serialize)]
pub struct Figure {
    pub year: i64,
    /// The value in `unit`, a plain number.
    pub value: f64,
    /// The value exactly, for whole numbers read from the files.
    #[serde(skip)]
    pub whole: Option<i64>,
    pub text: String,
    pub unit: Unit,
    /// `unit` in words.
    pub unit_label: String,
    /// The highest value the figure can take, if bounded.
    #[serde(skip)]
    pub max: Option<f64>,
    /// The answer to each yes/no question, in order, for a yes/no figure.
    #[serde(skip)]
    pub answers: Vec<bool>,
    /// `file:line` of the figure.
    pub source: String,
}

impl Figure {
    fn of(year: i64, m: &Measure, sources: &SourceMap) -> Figure {
        Figure {
            year,
            value: m.value,
            whole: m.whole,
            text: m.text.clone(),
            unit: m.unit,
            unit_label: m.unit.label(),
            max: m.max,
            answers: m.answers.clone(),
            source: source_of(sources, m.span),
        }
    }

    /// The value as a plain number: exact for whole numbers, else to two decimals.
    pub fn plain(&self) -> String {
        match self.whole {
            Some(n) => n.to_string(),
            None => plain(self.value),
        }
    }
}

/// A number for a spreadsheet: no sign for positives, at most two decimals, no trailing zeros.
pub fn plain(v: f64) -> String {
    if !v.is_finite() {
        return String::new();
    }
    let text = format!("{v:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" { "0" } else { text }.to_string()
}

/// The change from the baseline to the latest figure.
#[derive(Clone, Debug, Serialize)]
pub struct Change {
    /// Signed, in `unit`.
    pub value: f64,
    /// Exact, for whole numbers (wide enough for the difference of any two).
    #[serde(skip)]
    pub whole: Option<i128>,
    /// "+1", "+20.0 pts".
    pub text: String,
    /// The unit of the change in words ("percentage points").
    pub unit: String,
}

impl Change {
    /// The change as a plain signed number, without a plus sign.
    pub fn plain(&self) -> String {
        match self.whole {
            Some(n) => n.to_string(),
            None => plain(self.value),
        }
    }
}

/// What part an input plays in a trend.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    Baseline,
    Latest,
    /// A per-year figure of the series (count per year).
    Series,
    /// An answer read but not used: its figure cannot be used, it gives only words, or it is
    /// in a form the other figure is not in.
    NotUsed,
}

impl Role {
    pub fn label(self) -> &'static str {
        match self {
            Role::Baseline => "baseline",
            Role::Latest => "latest",
            Role::Series => "series",
            Role::NotUsed => "not used",
        }
    }
}

/// Every answer a trend read, with where it was read and what became of it: what `--explain`
/// lists.
#[derive(Clone, Debug, Serialize)]
pub struct Input {
    pub role: Role,
    pub year: i64,
    pub text: String,
    /// The value in `unit`, where the input gives one.
    pub value: Option<f64>,
    /// The value as a plain number for a spreadsheet (exact for whole numbers).
    #[serde(skip)]
    pub plain: Option<String>,
    pub unit: Option<String>,
    /// `file:line`.
    pub source: String,
    /// Why the input is not used, or where a per-year figure came from.
    pub note: Option<String>,
}

/// The trend of one KPI for one member state.
#[derive(Clone, Debug, Serialize)]
pub struct Trend {
    pub kpi: String,
    pub country: String,
    pub country_name: String,
    pub baseline: Option<Figure>,
    pub latest: Option<Figure>,
    pub change: Option<Change>,
    pub status: TrendStatus,
    pub reason: String,
    /// `reason` in clauses, each saying which figure it speaks of (for a comparison).
    #[serde(skip)]
    pub clauses: Vec<Clause>,
    /// Where the baseline comes from a year other than the baseline year, why (guideline ii).
    pub baseline_note: Option<String>,
    /// The rule applied, in words (for --explain).
    pub rule: &'static str,
    /// For per-year counts: the whole series used.
    pub series: Vec<(i64, i64)>,
    /// Every answer read, with its `file:line`.
    pub inputs: Vec<Input>,
}

/// "AMS as a whole" for one KPI.
#[derive(Clone, Debug, Serialize)]
pub struct Regional {
    pub kpi: String,
    /// e.g. "AMS answering yes" or "total of AMS".
    pub measure: String,
    pub baseline: Option<String>,
    pub latest: Option<String>,
    /// How many AMS have each status, every status listed (JSON: by status name).
    pub counts: BTreeMap<TrendStatus, usize>,
}

/// The window of a trend: the baseline year, the last year looked at, how many years either
/// side of the baseline year may stand in for it, and the years returns may report on.
#[derive(Clone, Copy, Debug)]
pub struct Window {
    pub from: i64,
    pub to: i64,
    /// Guideline ii: a figure from a year up to this far from `from` stands in for a missing
    /// baseline (0: the baseline year only).
    pub within: i64,
    /// The plan's reporting years, first and last.
    pub reporting: (i64, i64),
}

impl Window {
    /// From `from` to `to`, the baseline year only, any year reportable.
    pub fn years(from: i64, to: i64) -> Window {
        Window {
            from,
            to,
            within: 0,
            reporting: (i64::MIN, i64::MAX),
        }
    }

    pub fn of_plan(plan: &Plan) -> Window {
        let reporting = plan.reporting_years();
        Window {
            from: plan
                .baseline_year
                .as_ref()
                .map_or(plan.start.value, |y| y.value),
            to: plan
                .target_year
                .as_ref()
                .map_or(plan.end.value, |y| y.value),
            within: plan.closest_within(),
            reporting: (*reporting.start(), *reporting.end()),
        }
    }

    /// The mid-term review view: from the baseline to the end of the review period (2020-2022).
    pub fn midterm(plan: &Plan) -> Window {
        let full = Window::of_plan(plan);
        Window {
            to: plan.midterm_end.as_ref().map_or(full.to, |y| y.value),
            ..full
        }
    }

    /// The years that may stand in for the baseline year, closest first and the earlier of two
    /// equally close (a baseline describes the state before the plan's work), none after `to`.
    fn baseline_years(&self) -> Vec<i64> {
        let mut years = vec![self.from];
        for d in 1..=self.within.clamp(0, crate::model::MAX_CLOSEST_WITHIN) {
            years.extend(self.from.checked_sub(d));
            years.extend(self.from.checked_add(d));
        }
        years.retain(|&y| y <= self.to);
        years
    }
}

/// "for 2022" or "from 2022 to 2025".
pub(crate) fn years_text(first: i64, last: i64) -> String {
    if first == last {
        format!("for {first}")
    } else {
        format!("from {first} to {last}")
    }
}

/// "1 year", "2 years".
pub(crate) fn plural_years(n: i64) -> String {
    if n == 1 {
        "1 year".to_string()
    } else {
        format!("{n} years")
    }
}

/// The trend of one KPI for one AMS, from its returns (by year): those after the window are
/// not read.
pub fn trend_of(
    kpi: &Kpi,
    country: (&str, &str),
    returns: &BTreeMap<i64, &Return>,
    window: Window,
    sources: &SourceMap,
) -> Trend {
    let kind = kpi.answer.value;
    let mut t = Trend {
        kpi: kpi.id.value.to_string(),
        country: country.0.to_string(),
        country_name: country.1.to_string(),
        baseline: None,
        latest: None,
        change: None,
        status: TrendStatus::NoBaseline,
        reason: String::new(),
        clauses: Vec::new(),
        baseline_note: None,
        rule: rule_for(kind),
        series: Vec::new(),
        inputs: Vec::new(),
    };
    let returns: BTreeMap<i64, &Return> =
        returns.range(..=window.to).map(|(&y, &r)| (y, r)).collect();
    if kind == AnswerKind::CountPerYear {
        series::per_year_trend(kpi, &mut t, &returns, window, sources);
    } else {
        let mut reader = Reader {
            kpi,
            returns: &returns,
            sources,
            inputs: Vec::new(),
        };
        let result = compare_readings(&mut reader, window, &mut t);
        t.inputs = reader.inputs;
        if let Err((status, reason)) = result {
            t.status = status;
            t.reason = reason;
        }
    }
    t
}

/// Reads the answers of one KPI of one AMS, noting every answer read as an input.
pub(super) struct Reader<'a> {
    kpi: &'a Kpi,
    returns: &'a BTreeMap<i64, &'a Return>,
    sources: &'a SourceMap,
    inputs: Vec<Input>,
}

/// What one year gives.
pub(super) enum Found {
    /// No return for the year.
    NoReturn,
    /// A return that does not answer the KPI.
    NotAnswered,
    /// An answer in words only.
    Words,
    /// An answer whose figures cannot be used, and why.
    Unusable(&'static str),
    Figures(Reading),
}

impl Reader<'_> {
    pub(super) fn kpi_id(&self) -> &str {
        &self.kpi.id.value
    }

    pub(super) fn years_with_returns(&self) -> impl DoubleEndedIterator<Item = i64> + '_ {
        self.returns.keys().copied()
    }

    /// What the return of `year` gives for the KPI. Words and unusable figures are noted as
    /// inputs not used; figures are noted by the caller, once it knows their role.
    pub(super) fn year(&mut self, year: i64) -> Found {
        let Some(ret) = self.returns.get(&year) else {
            return Found::NoReturn;
        };
        let Some(answer) = ret.answer(&self.kpi.id.value) else {
            return Found::NotAnswered;
        };
        let source = source_of(self.sources, answer.span);
        match read(self.kpi, answer, year) {
            Ok(Some(reading)) => {
                for (m, why) in &reading.left_out {
                    let text = m.text.clone();
                    let at = source_of(self.sources, m.span);
                    self.note_unused(year, text, at, Some(why.clone()));
                }
                Found::Figures(reading)
            }
            Ok(None) => {
                self.note_unused(year, "only words".to_string(), source, None);
                Found::Words
            }
            Err(Unusable(why)) => {
                let text = "figures that cannot be used".to_string();
                self.note_unused(year, text, source, Some(why.to_string()));
                Found::Unusable(why)
            }
        }
    }

    fn note_unused(&mut self, year: i64, text: String, source: String, note: Option<String>) {
        self.inputs.push(Input {
            role: Role::NotUsed,
            year,
            text,
            value: None,
            plain: None,
            unit: None,
            source,
            note,
        });
    }

    /// Notes a figure as an input and returns it.
    pub(super) fn note(
        &mut self,
        role: Role,
        year: i64,
        m: &Measure,
        note: Option<String>,
    ) -> Figure {
        let figure = Figure::of(year, m, self.sources);
        self.inputs.push(Input {
            role,
            year,
            text: figure.text.clone(),
            value: Some(figure.value),
            plain: Some(figure.plain()),
            unit: Some(figure.unit_label.clone()),
            source: figure.source.clone(),
            note,
        });
        figure
    }
}

/// Trends of the given KPIs for the given AMS (every AMS of each KPI's plan when empty), AMS in alphabetical order of
/// their names.
pub fn trends(
    data: &Dataset,
    sources: &SourceMap,
    kpis: &[&Kpi],
    countries: &[String],
    window: Window,
) -> Vec<Trend> {
    let mut out = Vec::new();
    for kpi in kpis {
        // The AMS of the KPI's plan: the members when the plan started.
        let mut ams = data.ams_of_plan(&kpi.plan.value);
        ams.retain(|(id, _)| countries.is_empty() || countries.iter().any(|c| c == id));
        for &(id, name) in &ams {
            let returns: BTreeMap<i64, &Return> = data
                .returns
                .iter()
                .filter(|r| r.plan.value == kpi.plan.value && r.country.value == id)
                .map(|r| (r.year.value, r))
                .collect();
            out.push(follows::with_earlier_baseline(
                data,
                kpi,
                (id, name),
                &returns,
                window,
                sources,
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests;
