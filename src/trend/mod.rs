//! KPI trends: is each member state on the "increasing trend" the M&E framework targets, from the
//! baseline year to the target year? Each answer kind is compared in its own terms. Member states
//! are listed alphabetically and never ranked; the regional figure is for "AMS as a whole".

use std::cmp::Ordering;
use std::collections::BTreeMap;

use serde::Serialize;

mod reading;
mod regional;

pub use reading::Reading;
pub use regional::regional;

use reading::{Unusable, number, read, rule_for, source_of};

use crate::model::{AnswerKind, Dataset, Kpi, Plan, Return, closed_set};
use crate::source::{SourceMap, Span};

closed_set! {
    /// Where a member state stands on a KPI. JSON writes the name (`no-baseline`), tables and
    /// explanations the [`label`](TrendStatus::label) (`no baseline`).
    pub enum TrendStatus {
        Increasing = "increasing",
        Sustained = "sustained",
        Unchanged = "unchanged",
        Decreasing = "decreasing",
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
            TrendStatus::NoBaseline => "no baseline",
            TrendStatus::NoLaterData => "no later data",
            TrendStatus::QualitativeOnly => "qualitative only",
        }
    }
}

impl std::fmt::Display for TrendStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// The trend of one KPI for one member state.
#[derive(Clone, Debug, Serialize)]
pub struct Trend {
    pub kpi: String,
    pub country: String,
    pub country_name: String,
    pub baseline: Option<Reading>,
    pub latest: Option<Reading>,
    pub change: Option<String>,
    pub status: TrendStatus,
    pub reason: String,
    /// The rule applied, in words (for --explain).
    pub rule: &'static str,
    /// For per-year counts: the whole series.
    pub series: Vec<(i64, i64)>,
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

/// The window of a trend: baseline year and the last year looked at.
#[derive(Clone, Copy, Debug)]
pub struct Window {
    pub from: i64,
    pub to: i64,
}

impl Window {
    pub fn of_plan(plan: &Plan) -> Window {
        Window {
            from: plan
                .baseline_year
                .as_ref()
                .map_or(plan.start.value, |y| y.value),
            to: plan
                .target_year
                .as_ref()
                .map_or(plan.end.value, |y| y.value),
        }
    }

    /// The mid-term review view: from the baseline to the end of the review period (2020-2022).
    pub fn midterm(plan: &Plan) -> Window {
        let full = Window::of_plan(plan);
        Window {
            from: full.from,
            to: plan.midterm_end.as_ref().map_or(full.to, |y| y.value),
        }
    }
}

/// The years after the baseline up to the end of the window, if any.
fn later_years(window: Window) -> Option<std::ops::RangeInclusive<i64>> {
    let first = window.from.checked_add(1)?;
    (first <= window.to).then_some(first..=window.to)
}

/// How the latest reading compares with the baseline: exactly for whole numbers, and within a
/// rounding margin for decimals.
fn direction(b: &Reading, l: &Reading) -> Ordering {
    match (b.whole, l.whole) {
        (Some(b), Some(l)) => l.cmp(&b),
        _ => {
            let change = l.value - b.value;
            if change > 1e-9 {
                Ordering::Greater
            } else if change < -1e-9 {
                Ordering::Less
            } else {
                Ordering::Equal
            }
        }
    }
}

fn compare(b: &Reading, l: &Reading) -> (TrendStatus, String) {
    match direction(b, l) {
        Ordering::Greater => (
            TrendStatus::Increasing,
            format!("up from {} ({}) to {} ({})", b.text, b.year, l.text, l.year),
        ),
        Ordering::Less => (
            TrendStatus::Decreasing,
            format!(
                "down from {} ({}) to {} ({})",
                b.text, b.year, l.text, l.year
            ),
        ),
        Ordering::Equal if b.max.is_some_and(|m| b.value >= m - 1e-9) => (
            TrendStatus::Sustained,
            format!("kept at the maximum, {} ({}-{})", l.text, b.year, l.year),
        ),
        Ordering::Equal => (
            TrendStatus::Unchanged,
            format!("{} in both {} and {}", l.text, b.year, l.year),
        ),
    }
}

/// The trend of one KPI for one AMS, from its returns inside the window.
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
        rule: rule_for(kind),
        series: Vec::new(),
    };
    if kind == AnswerKind::CountPerYear {
        return per_year_trend(kpi, t, returns, window, sources);
    }
    let found = baseline(kpi, returns, window, sources).and_then(|baseline| {
        t.baseline = Some(baseline.clone());
        let (latest, left_out) = latest(kpi, returns, window, sources)?;
        Ok((baseline, latest, left_out))
    });
    let (baseline, latest, left_out) = match found {
        Ok(found) => found,
        Err((status, reason)) => {
            t.status = status;
            t.reason = reason;
            return t;
        }
    };
    t.latest = Some(latest.clone());
    if kind == AnswerKind::Survey && latest.survey != baseline.survey {
        t.status = TrendStatus::QualitativeOnly;
        t.reason = "the baseline and latest rates come from different kinds of survey and cannot be compared".to_string();
        return t;
    }
    let (status, mut reason) = compare(&baseline, &latest);
    if let Some((year, why)) = left_out {
        reason = format!("{reason}; the {year} answer is left out: {why}");
    }
    t.change = Some(change(&baseline, &latest, kind));
    t.status = status;
    t.reason = reason;
    t
}

/// Why a trend stops short of a comparison: the status it has, and the reason in words.
type Stop = (TrendStatus, String);

/// A later answer whose figure cannot be used: its year, and why.
type LeftOut = Option<(i64, &'static str)>;

/// The reading of the baseline year's answer.
fn baseline(
    kpi: &Kpi,
    returns: &BTreeMap<i64, &Return>,
    window: Window,
    sources: &SourceMap,
) -> Result<Reading, Stop> {
    let from = window.from;
    let no_baseline = |reason: String| (TrendStatus::NoBaseline, reason);
    let ret = returns
        .get(&from)
        .ok_or_else(|| no_baseline(format!("no return for {from}")))?;
    let answer = ret.answer(&kpi.id.value).ok_or_else(|| {
        no_baseline(format!(
            "the {from} return does not answer {}",
            kpi.id.value
        ))
    })?;
    match read(kpi, answer, from, sources) {
        Ok(Some(baseline)) => Ok(baseline),
        Ok(None) => Err((
            TrendStatus::QualitativeOnly,
            format!("the {from} answer gives no figure, only words"),
        )),
        Err(Unusable(why)) => Err(no_baseline(format!(
            "the {from} answer cannot be used: {why}"
        ))),
    }
}

/// The reading of the latest answer after the baseline that gives a figure, and the year of a
/// later one that gives a figure that cannot be used, with why.
fn latest(
    kpi: &Kpi,
    returns: &BTreeMap<i64, &Return>,
    window: Window,
    sources: &SourceMap,
) -> Result<(Reading, LeftOut), Stop> {
    let mut qualitative_later = false;
    let mut unusable: LeftOut = None;
    let later = later_years(window)
        .into_iter()
        .flat_map(|years| returns.range(years));
    for (&year, ret) in later.rev() {
        if let Some(a) = ret.answer(&kpi.id.value) {
            match read(kpi, a, year, sources) {
                Ok(Some(r)) => return Ok((r, unusable)),
                Ok(None) => qualitative_later = true,
                Err(Unusable(why)) => {
                    unusable.get_or_insert((year, why));
                }
            }
        }
    }
    Err(if let Some((year, why)) = unusable {
        (
            TrendStatus::NoLaterData,
            format!("the {year} answer cannot be used: {why}"),
        )
    } else if qualitative_later {
        (
            TrendStatus::QualitativeOnly,
            format!("answers after {} give no figure, only words", window.from),
        )
    } else {
        (
            TrendStatus::NoLaterData,
            format!(
                "no return from {} to {} answers {}",
                window.from.saturating_add(1),
                window.to,
                kpi.id.value
            ),
        )
    })
}

/// The change from the baseline to the latest reading, signed, in the KPI's unit.
fn change(baseline: &Reading, latest: &Reading, kind: AnswerKind) -> String {
    let unit = match kind {
        AnswerKind::Count | AnswerKind::Percentage if baseline.max == Some(100.0) => " pts",
        _ => "",
    };
    let (sign, magnitude) = match (baseline.whole, latest.whole) {
        // Exact, and wide enough for the difference of any two whole numbers.
        (Some(b), Some(l)) => {
            let d = i128::from(l) - i128::from(b);
            (d > 0, d.to_string())
        }
        _ => {
            let d = latest.value - baseline.value;
            (d > 0.0, number(d))
        }
    };
    if sign {
        format!("+{magnitude}{unit}")
    } else {
        format!("{magnitude}{unit}")
    }
}

fn per_year_trend(
    kpi: &Kpi,
    mut t: Trend,
    returns: &BTreeMap<i64, &Return>,
    window: Window,
    sources: &SourceMap,
) -> Trend {
    // Later returns correct earlier ones for the same year.
    let mut series: BTreeMap<i64, (i64, Span)> = BTreeMap::new();
    for ret in returns.values() {
        if let Some(a) = ret.answer(&kpi.id.value) {
            for (y, n) in &a.per_year {
                series.insert(y.value, (n.value, n.span));
            }
        }
    }
    t.series = series.iter().map(|(y, (n, _))| (*y, *n)).collect();
    let reading = |year: i64, (n, span): &(i64, Span)| Reading {
        year,
        value: *n as f64,
        whole: Some(*n),
        text: n.to_string(),
        max: None,
        source: source_of(sources, *span),
        survey: None,
    };
    let Some(base) = series.get(&window.from) else {
        t.reason = format!("no count reported for {}", window.from);
        return t;
    };
    let baseline = reading(window.from, base);
    t.baseline = Some(baseline.clone());
    let last = later_years(window).and_then(|years| series.range(years).next_back());
    let Some((&year, last)) = last else {
        t.status = TrendStatus::NoLaterData;
        t.reason = format!(
            "no count reported for {} to {}",
            window.from.saturating_add(1),
            window.to
        );
        return t;
    };
    let latest = reading(year, last);
    let (status, reason) = compare(&baseline, &latest);
    t.change = Some(change(&baseline, &latest, AnswerKind::CountPerYear));
    t.latest = Some(latest);
    t.status = status;
    t.reason = reason;
    t
}

/// Trends of the given KPIs for the given AMS (all ten when empty), AMS in alphabetical order of
/// their names.
pub fn trends(
    data: &Dataset,
    sources: &SourceMap,
    kpis: &[&Kpi],
    countries: &[String],
    window: Window,
) -> Vec<Trend> {
    let mut ams = data.ams_by_name();
    ams.retain(|(id, _)| countries.is_empty() || countries.iter().any(|c| c == id));
    let mut out = Vec::new();
    for kpi in kpis {
        for &(id, name) in &ams {
            let returns: BTreeMap<i64, &Return> = data
                .returns
                .iter()
                .filter(|r| r.plan.value == kpi.plan.value && r.country.value == id)
                .map(|r| (r.year.value, r))
                .collect();
            out.push(trend_of(kpi, (id, name), &returns, window, sources));
        }
    }
    out
}

#[cfg(test)]
mod tests;
