//! The one place the meeting report reads `crate::trend`: the trends of a plan's KPIs per AMS and
//! for the AMS as a whole, copied into this report's own plain records. When the trend module
//! changes, only this file follows it.

use super::doc::Key;
use crate::model::{Dataset, Kpi, Plan};
use crate::source::SourceMap;
use crate::trend::{Figure, Trend, TrendStatus, Window, regional, trends};

/// One KPI's trends over a window of years.
#[derive(Clone, Debug)]
pub struct KpiTrend {
    pub id: String,
    pub title: String,
    pub whole: Whole,
    /// AMS in alphabetical order of their names.
    pub ams: Vec<AmsTrend>,
}

/// "AMS as a whole" for one KPI.
#[derive(Clone, Debug)]
pub struct Whole {
    pub measure: String,
    pub baseline: Option<String>,
    pub latest: Option<String>,
    /// How many AMS have each status, in [`status_keys`] order.
    pub counts: Vec<usize>,
}

/// One AMS's trend on one KPI.
#[derive(Clone, Debug)]
pub struct AmsTrend {
    /// The AMS's id and name.
    pub country: String,
    pub name: String,
    pub baseline: Option<Point>,
    pub latest: Option<Point>,
    pub change: Option<String>,
    /// Index into [`status_keys`].
    pub status: usize,
    pub reason: String,
    /// For counts per year: the whole series reported.
    pub series: Vec<(i64, f64)>,
    /// The highest value the answer can take, when bounded.
    pub max: Option<f64>,
}

#[derive(Clone, Debug)]
pub struct Point {
    pub year: i64,
    pub value: f64,
    pub text: String,
}

/// The trend statuses, in the order the trend module lists them, with a style class each.
pub fn status_keys() -> Vec<Key> {
    TrendStatus::ALL
        .iter()
        .map(|&s| Key {
            class: match s {
                TrendStatus::Increasing => "t-up",
                TrendStatus::Sustained => "t-kept",
                TrendStatus::Unchanged => "t-same",
                TrendStatus::Decreasing => "t-down",
                TrendStatus::NoBaseline => "t-nobase",
                TrendStatus::NoLaterData => "t-nolater",
                TrendStatus::QualitativeOnly => "t-words",
                TrendStatus::NotComparable => "t-apart",
            },
            label: s.label(),
        })
        .collect()
}

/// The window of years: the plan's, or its mid-term review's.
fn plan_window(plan: &Plan, midterm: bool) -> Window {
    if midterm {
        Window::midterm(plan)
    } else {
        Window::of_plan(plan)
    }
}

/// The window of years: the plan's, or its mid-term review's. (first year, last year).
pub fn window(plan: &Plan, midterm: bool) -> (i64, i64) {
    let w = plan_window(plan, midterm);
    (w.from, w.to)
}

/// The trends of the given KPIs for every AMS over the plan's window (or the mid-term one).
pub fn kpi_trends(
    data: &Dataset,
    sources: &SourceMap,
    plan: &Plan,
    kpis: &[&Kpi],
    midterm: bool,
) -> Vec<KpiTrend> {
    let rows = trends(data, sources, kpis, &[], plan_window(plan, midterm));
    kpis.iter()
        .map(|kpi| {
            let of_kpi: Vec<&Trend> = rows
                .iter()
                .filter(|r| r.kpi == kpi.id.value.as_str())
                .collect();
            let whole = regional(kpi, &of_kpi);
            KpiTrend {
                id: kpi.id.value.to_string(),
                title: kpi.title.value.to_string(),
                whole: Whole {
                    measure: whole.measure,
                    baseline: whole.baseline,
                    latest: whole.latest,
                    counts: TrendStatus::ALL
                        .iter()
                        .map(|s| whole.counts.get(s).copied().unwrap_or(0))
                        .collect(),
                },
                ams: of_kpi.iter().map(|t| ams_trend(t)).collect(),
            }
        })
        .collect()
}

fn ams_trend(t: &Trend) -> AmsTrend {
    let point = |r: &Option<Figure>| {
        r.as_ref().map(|r| Point {
            year: r.year,
            value: r.value,
            text: r.text.clone(),
        })
    };
    AmsTrend {
        country: t.country.clone(),
        name: t.country_name.clone(),
        baseline: point(&t.baseline),
        latest: point(&t.latest),
        change: t.change.as_ref().map(|c| c.text.clone()),
        status: TrendStatus::ALL
            .iter()
            .position(|s| *s == t.status)
            .unwrap_or(0),
        reason: t.reason.clone(),
        series: t.series.iter().map(|&(y, n)| (y, n as f64)).collect(),
        max: t.baseline.as_ref().and_then(|r| r.max),
    }
}
