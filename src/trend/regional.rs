//! "AMS as a whole": the regional figure of one KPI over its AMS trends.

use std::collections::BTreeMap;

use super::reading::number;
use super::{Figure, Regional, Trend, TrendStatus};
use crate::model::{AnswerKind, Kpi, Rollup, checked_sum};

/// The regional figure of one KPI over its AMS trends.
pub fn regional(kpi: &Kpi, rows: &[&Trend]) -> Regional {
    let mut counts: BTreeMap<TrendStatus, usize> =
        TrendStatus::ALL.iter().map(|&s| (s, 0)).collect();
    for r in rows {
        *counts.entry(r.status).or_default() += 1;
    }
    let rollup = kpi.rollup.as_ref().map_or(Rollup::PerAms, |r| r.value);
    let (measure, baseline, latest) = match (kpi.answer.value, rollup) {
        (AnswerKind::YesNo, _) => {
            let yes =
                |r: Option<&Figure>| r.is_some_and(|x| x.max.is_some_and(|m| x.value >= m - 1e-9));
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
                Some(format!(
                    "{b} of {reporting_b} reporting (of {} AMS)",
                    rows.len()
                )),
                Some(format!(
                    "{l} of {reporting_l} reporting (of {} AMS)",
                    rows.len()
                )),
            )
        }
        (_, Rollup::Sum) => {
            // Only AMS whose two figures were compared: figures in other forms do not add up.
            let both: Vec<&&Trend> = rows.iter().filter(|r| r.status.is_comparison()).collect();
            let readings = |f: fn(&Trend) -> Option<&Figure>| both.iter().filter_map(move |r| f(r));
            (
                format!("total of the {} AMS with both figures", both.len()),
                Some(total(readings(|r| r.baseline.as_ref()))),
                Some(total(readings(|r| r.latest.as_ref()))),
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

/// The total of some AMS's readings: exact for whole numbers, and said in words when it is too
/// large to make (where unchecked arithmetic stopped the program or wrapped round to a wrong
/// number).
fn total<'a>(readings: impl Iterator<Item = &'a Figure> + Clone) -> String {
    const TOO_LARGE: &str = "too large to add up";
    if let Some(wholes) = readings
        .clone()
        .map(|r| r.whole)
        .collect::<Option<Vec<i64>>>()
    {
        return checked_sum(wholes).map_or(TOO_LARGE.to_string(), |n| n.to_string());
    }
    let sum = readings.map(|r| r.value).sum::<f64>();
    if sum.is_finite() {
        number(sum)
    } else {
        TOO_LARGE.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Text;
    use crate::source::{FileId, Span, Spanned};

    fn kpi(answer: AnswerKind, rollup: Option<Rollup>) -> Kpi {
        let span = Span::new(FileId(0), 0..0);
        let text = |s: &str| -> Text { Spanned::new(s.into(), span) };
        Kpi {
            span,
            id: text("D.2"),
            plan: text("accsm-2021-2025"),
            group: text("D"),
            parent: None,
            title: text("Number of projects"),
            answer: Spanned::new(answer, span),
            alternative_answer: None,
            questions: Box::default(),
            asks_names: false,
            asks_total: false,
            levels: Box::default(),
            periods: Box::default(),
            forms: Box::default(),
            scale: Vec::new(),
            scale_labels: Box::default(),
            years: Vec::new(),
            sources: Box::default(),
            rollup: rollup.map(|r| Spanned::new(r, span)),
            rollup_text: None,
            definition: None,
            note: None,
        }
    }

    /// The JSON of `accsm trend` spelled a status `no-baseline` in `status` and `no baseline` in
    /// the counts of "AMS as a whole".
    #[test]
    fn counts_spell_each_status_as_the_status_field_does() {
        let r = regional(&kpi(AnswerKind::Count, None), &[]);
        let json = serde_json::to_value(&r).unwrap_or_default();
        let keys: Vec<&str> = json["counts"]
            .as_object()
            .map(|m| m.keys().map(String::as_str).collect())
            .unwrap_or_default();
        let mut names = TrendStatus::NAMES.to_vec();
        names.sort_unstable();
        assert_eq!(keys, names);
        assert!(keys.contains(&"no-baseline"));
    }

    #[test]
    fn the_rollup_picks_the_regional_measure() {
        let sum = regional(&kpi(AnswerKind::CountPerYear, Some(Rollup::Sum)), &[]);
        assert!(sum.measure.starts_with("total of the"), "{}", sum.measure);
        let per_ams = regional(&kpi(AnswerKind::CountPerYear, None), &[]);
        assert_eq!(per_ams.measure, "each AMS against its own baseline");
    }
}
