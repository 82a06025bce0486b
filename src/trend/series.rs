//! Counts per year (KPI D.2): the series of one AMS's figures, each year's from that year's own
//! return unless a later return declares a revision (see [`per_year_series`]), then the
//! baseline year's figure (or the closest year's) against the last year's.

use std::collections::BTreeMap;

use super::compare::{change, status};
use super::reading::Unit;
use super::{Figure, Input, Role, Trend, TrendStatus, Window, plural_years, source_of, years_text};
use crate::model::{Kpi, Return};
use crate::model::{YearFigure, per_year_series};
use crate::source::SourceMap;

pub(super) fn per_year_trend(
    kpi: &Kpi,
    t: &mut Trend,
    returns: &BTreeMap<i64, &Return>,
    window: Window,
    sources: &SourceMap,
) {
    let all: Vec<&Return> = returns.values().copied().collect();
    let years = window.reporting.0..=window.reporting.1;
    let series = per_year_series(&kpi.id.value, &all, &years);
    t.series = series.iter().map(|(y, f)| (*y, f.value)).collect();
    let base = window
        .baseline_years()
        .into_iter()
        .find_map(|y| series.get(&y));
    let latest = base.and_then(|b| {
        let first = b.year.checked_add(1)?;
        (first <= window.to)
            .then(|| series.range(first..=window.to).next_back())
            .flatten()
            .map(|(_, l)| l)
    });
    note_inputs(t, &series, base, latest, sources);
    let Some(base) = base else {
        t.status = TrendStatus::NoBaseline;
        t.reason = format!("no count reported for {}", window.from);
        if window.within > 0 {
            t.reason.push_str(&format!(
                ", nor for any year within {} of it",
                plural_years(window.within)
            ));
        }
        return;
    };
    let baseline = figure(base, sources);
    if base.year != window.from {
        t.baseline_note = Some(format!(
            "baseline from {}, the closest year with data (no count reported for {}; guideline ii allows a year within {} of it)",
            base.year,
            window.from,
            plural_years(window.within)
        ));
    }
    t.baseline = Some(baseline.clone());
    let Some(last) = latest else {
        t.status = TrendStatus::NoLaterData;
        let first = base.year.saturating_add(1);
        t.reason = if first > window.to {
            format!(
                "the baseline is from {}, the last year looked at: no later year to compare with",
                base.year
            )
        } else {
            format!("no count reported {}", years_text(first, window.to))
        };
        return;
    };
    let latest = figure(last, sources);
    let (s, clauses) = status(&baseline, &latest);
    t.change = Some(change(&baseline, &latest));
    t.latest = Some(latest);
    t.status = s;
    t.reason = super::sentence::join(&clauses);
    t.clauses = clauses;
}

/// One year's figure as a trend figure.
fn figure(f: &YearFigure<'_>, sources: &SourceMap) -> Figure {
    let unit = Unit::Projects;
    Figure {
        year: f.year,
        value: f.value as f64,
        whole: Some(f.value),
        text: f.value.to_string(),
        unit,
        unit_label: unit.label(),
        max: None,
        answers: Vec::new(),
        source: source_of(sources, f.span),
    }
}

/// Every figure of the series as an input, with the return it came from.
fn note_inputs(
    t: &mut Trend,
    series: &BTreeMap<i64, YearFigure<'_>>,
    base: Option<&YearFigure<'_>>,
    latest: Option<&YearFigure<'_>>,
    sources: &SourceMap,
) {
    for f in series.values() {
        let role = if Some(f.year) == base.map(|b| b.year) {
            Role::Baseline
        } else if Some(f.year) == latest.map(|l| l.year) {
            Role::Latest
        } else {
            Role::Series
        };
        let fig = figure(f, sources);
        t.inputs.push(Input {
            role,
            year: f.year,
            text: fig.text.clone(),
            value: Some(fig.value),
            plain: Some(fig.plain()),
            unit: Some(fig.unit_label),
            source: fig.source,
            note: Some(f.origin.describe(f.return_year)),
        });
    }
}
