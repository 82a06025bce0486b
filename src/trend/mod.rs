//! KPI trends: is each member state on the "increasing trend" the M&E framework targets, from the
//! baseline year to the target year? Each answer kind is compared in its own terms. Member states
//! are listed alphabetically and never ranked; the regional figure is for "AMS as a whole".

use std::collections::BTreeMap;

use serde::Serialize;

mod reading;
mod regional;

pub use reading::Reading;
pub use regional::regional;

use reading::{number, read, rule_for, source_of};

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

fn compare(b: &Reading, l: &Reading) -> (TrendStatus, String) {
    let change = l.value - b.value;
    if change > 1e-9 {
        (
            TrendStatus::Increasing,
            format!("up from {} ({}) to {} ({})", b.text, b.year, l.text, l.year),
        )
    } else if change < -1e-9 {
        (
            TrendStatus::Decreasing,
            format!(
                "down from {} ({}) to {} ({})",
                b.text, b.year, l.text, l.year
            ),
        )
    } else if b.max.is_some_and(|m| b.value >= m - 1e-9) {
        (
            TrendStatus::Sustained,
            format!("kept at the maximum, {} ({}-{})", l.text, b.year, l.year),
        )
    } else {
        (
            TrendStatus::Unchanged,
            format!("{} in both {} and {}", l.text, b.year, l.year),
        )
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
    let Some(base_return) = returns.get(&window.from) else {
        t.reason = format!("no return for {}", window.from);
        return t;
    };
    let Some(base_answer) = base_return.answer(&kpi.id.value) else {
        t.reason = format!(
            "the {} return does not answer {}",
            window.from, kpi.id.value
        );
        return t;
    };
    let Some(baseline) = read(kpi, base_answer, window.from, sources) else {
        t.status = TrendStatus::QualitativeOnly;
        t.reason = format!("the {} answer gives no figure, only words", window.from);
        return t;
    };
    t.baseline = Some(baseline.clone());
    let mut qualitative_later = false;
    for (&year, ret) in returns.range(window.from + 1..=window.to).rev() {
        if let Some(a) = ret.answer(&kpi.id.value) {
            match read(kpi, a, year, sources) {
                Some(r) => {
                    t.latest = Some(r);
                    break;
                }
                None => qualitative_later = true,
            }
        }
    }
    let Some(latest) = t.latest.clone() else {
        if qualitative_later {
            t.status = TrendStatus::QualitativeOnly;
            t.reason = format!("answers after {} give no figure, only words", window.from);
        } else {
            t.status = TrendStatus::NoLaterData;
            t.reason = format!(
                "no return from {} to {} answers {}",
                window.from + 1,
                window.to,
                kpi.id.value
            );
        }
        return t;
    };
    if kind == AnswerKind::Survey && !same_survey_source(&baseline, &latest) {
        t.status = TrendStatus::QualitativeOnly;
        t.reason = "the baseline and latest rates come from different kinds of survey and cannot be compared".to_string();
        return t;
    }
    let (status, reason) = compare(&baseline, &latest);
    t.change = Some(signed(latest.value - baseline.value, kind, &baseline));
    t.status = status;
    t.reason = reason;
    t
}

fn same_survey_source(a: &Reading, b: &Reading) -> bool {
    a.survey == b.survey
}

fn signed(change: f64, kind: AnswerKind, baseline: &Reading) -> String {
    let unit = match kind {
        AnswerKind::Count | AnswerKind::Percentage if baseline.max == Some(100.0) => " pts",
        _ => "",
    };
    if change > 0.0 {
        format!("+{}{unit}", number(change))
    } else {
        format!("{}{unit}", number(change))
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
    let Some((&year, last)) = series.range(window.from + 1..=window.to).next_back() else {
        t.status = TrendStatus::NoLaterData;
        t.reason = format!("no count reported for {} to {}", window.from + 1, window.to);
        return t;
    };
    let latest = reading(year, last);
    let (status, reason) = compare(&baseline, &latest);
    t.change = Some(signed(
        latest.value - baseline.value,
        AnswerKind::CountPerYear,
        &baseline,
    ));
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
