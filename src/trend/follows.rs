//! The baseline of a plan that follows another (`follows`, set by `accsm new plan --from`): until
//! the plan's own baseline returns are in, each AMS's baseline is its own last reading under the
//! plan it follows, for the KPI of the same id. The row says which year and plan it comes from.

use std::collections::BTreeMap;

use super::{Found, Reader, Trend, TrendStatus, Window, trend_of};
use crate::model::{Dataset, Kpi, Return};
use crate::source::SourceMap;

/// The trend of `kpi` for one AMS, its baseline taken from the plan the KPI's plan follows when
/// its own returns give none.
pub(super) fn with_earlier_baseline(
    data: &Dataset,
    kpi: &Kpi,
    country: (&str, &str),
    returns: &BTreeMap<i64, &Return>,
    window: Window,
    sources: &SourceMap,
) -> Trend {
    let own = trend_of(kpi, country, returns, window, sources);
    if own.status != TrendStatus::NoBaseline {
        return own;
    }
    let Some(earlier) = data
        .plan(&kpi.plan.value)
        .and_then(|p| p.follows.as_ref())
        .map(|f| f.value.as_str())
    else {
        return own;
    };
    let before: BTreeMap<i64, &Return> = data
        .returns
        .iter()
        .filter(|r| r.plan.value == earlier && r.country.value == country.0)
        .filter(|r| r.year.value < window.from)
        .map(|r| (r.year.value, r))
        .collect();
    let mut reader = Reader {
        kpi,
        returns: &before,
        sources,
        inputs: Vec::new(),
    };
    let years: Vec<i64> = reader.years_with_returns().rev().collect();
    let Some(year) = years
        .into_iter()
        .find(|&y| matches!(reader.year(y), Found::Figures(_)))
    else {
        return own;
    };
    // The earlier plan's last reading, then this plan's own returns.
    let mut merged: BTreeMap<i64, &Return> = BTreeMap::new();
    merged.extend(before.range(year..=year).map(|(&y, &r)| (y, r)));
    merged.extend(returns.iter().map(|(&y, &r)| (y, r)));
    let w = Window {
        from: year,
        within: 0,
        reporting: (year.min(window.reporting.0), window.reporting.1),
        ..window
    };
    let mut t = trend_of(kpi, country, &merged, w, sources);
    t.baseline_note = Some(format!(
        "baseline: its last reading under {earlier} ({year}), as the plan's baseline year \
         {} has none yet",
        window.from
    ));
    t
}
