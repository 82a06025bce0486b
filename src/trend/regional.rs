//! "AMS as a whole": the regional figure of one KPI over its AMS trends.

use std::collections::BTreeMap;

use super::reading::{Reading, number};
use super::{Regional, Trend, TrendStatus};
use crate::model::{AnswerKind, Kpi};

/// The regional figure of one KPI over its AMS trends.
pub fn regional(kpi: &Kpi, rows: &[&Trend]) -> Regional {
    let mut counts: BTreeMap<&'static str, usize> = BTreeMap::new();
    for s in TrendStatus::ALL {
        counts.insert(s.as_str(), 0);
    }
    for r in rows {
        *counts.entry(r.status.as_str()).or_default() += 1;
    }
    let rollup = kpi
        .rollup
        .as_ref()
        .map(|r| r.value.as_str())
        .unwrap_or("per-ams");
    let (measure, baseline, latest) = match (kpi.answer.value, rollup) {
        (AnswerKind::YesNo, _) => {
            let yes =
                |r: Option<&Reading>| r.is_some_and(|x| x.max.is_some_and(|m| x.value >= m - 1e-9));
            let reporting_b = rows.iter().filter(|r| r.baseline.is_some()).count();
            let reporting_l = rows
                .iter()
                .filter(|r| r.latest.is_some() || r.baseline.is_some())
                .count();
            let b = rows.iter().filter(|r| yes(r.baseline.as_ref())).count();
            let l = rows
                .iter()
                .filter(|r| yes(r.latest.as_ref().or(r.baseline.as_ref())))
                .count();
            (
                "number of AMS answering yes".to_string(),
                Some(format!("{b} of {reporting_b} reporting")),
                Some(format!("{l} of {reporting_l} reporting")),
            )
        }
        (_, "sum") => {
            let both: Vec<&&Trend> = rows
                .iter()
                .filter(|r| r.baseline.is_some() && r.latest.is_some())
                .collect();
            let sum = |f: fn(&Trend) -> Option<f64>| both.iter().filter_map(|r| f(r)).sum::<f64>();
            (
                format!("total of the {} AMS with both figures", both.len()),
                Some(number(sum(|r| r.baseline.as_ref().map(|x| x.value)))),
                Some(number(sum(|r| r.latest.as_ref().map(|x| x.value)))),
            )
        }
        _ => ("each AMS against its own baseline".to_string(), None, None),
    };
    Regional {
        kpi: kpi.id.value.to_string(),
        measure,
        baseline,
        latest,
        counts,
    }
}
