//! KPI trends: is each member state on the "increasing trend" the M&E framework targets, from the
//! baseline year to the target year? Each answer kind is compared in its own terms. Member states
//! are listed alphabetically and never ranked; the regional figure is for "AMS as a whole".

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::{AnswerKind, Dataset, Kpi, Plan};
use crate::returns::{Answer, Return};
use crate::source::{SourceMap, Span};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TrendStatus {
    Increasing,
    Sustained,
    Unchanged,
    Decreasing,
    NoBaseline,
    NoLaterData,
    QualitativeOnly,
}

impl TrendStatus {
    pub const ALL: [TrendStatus; 7] = [
        TrendStatus::Increasing,
        TrendStatus::Sustained,
        TrendStatus::Unchanged,
        TrendStatus::Decreasing,
        TrendStatus::NoBaseline,
        TrendStatus::NoLaterData,
        TrendStatus::QualitativeOnly,
    ];

    pub fn as_str(self) -> &'static str {
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

/// One answer read as a comparable number, with how to show it and where it came from.
#[derive(Clone, Debug, Serialize)]
pub struct Reading {
    pub year: i64,
    pub value: f64,
    pub text: String,
    /// The highest value the answer can take (all yes, 100 %, the top rating), if bounded.
    #[serde(skip)]
    pub max: Option<f64>,
    /// `file:line` of the answer.
    pub source: String,
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
    pub counts: BTreeMap<&'static str, usize>,
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

fn source_of(sources: &SourceMap, span: Span) -> String {
    let line = sources
        .get(span.file)
        .map(|f| f.location(span.start).line)
        .unwrap_or(0);
    format!("{}:{line}", sources.path(span.file).display())
}

fn number(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

/// Reads an answer as a number in the KPI's own terms; `None` when it gives only words.
fn read(kpi: &Kpi, a: &Answer, year: i64, sources: &SourceMap) -> Option<Reading> {
    let source = source_of(sources, a.span);
    let reading = |value: f64, text: String, max: Option<f64>| Reading {
        year,
        value,
        text,
        max,
        source: source.clone(),
    };
    match kpi.answer.value {
        AnswerKind::YesNo => {
            if a.yes.is_empty() {
                return None;
            }
            let yes = a.yes.iter().filter(|b| b.value).count();
            let text = a
                .yes
                .iter()
                .map(|b| if b.value { "yes" } else { "no" })
                .collect::<Vec<_>>()
                .join(", ");
            Some(reading(yes as f64, text, Some(a.yes.len() as f64)))
        }
        AnswerKind::Count | AnswerKind::Percentage => {
            if let (Some(count), Some(total)) = (a.effective_count(), &a.total) {
                if total.value > 0 {
                    let pct = count as f64 * 100.0 / total.value as f64;
                    return Some(reading(
                        pct,
                        format!("{count} of {} ({pct:.1}%)", total.value),
                        Some(100.0),
                    ));
                }
            }
            if let Some(p) = &a.percent {
                return Some(reading(
                    p.value,
                    format!("{}%", number(p.value)),
                    Some(100.0),
                ));
            }
            let count = a.effective_count()?;
            let text = if a.levels.is_empty() {
                count.to_string()
            } else {
                let parts: Vec<String> = a
                    .levels
                    .iter()
                    .map(|(l, n)| format!("{} {}", l.value, n.value))
                    .collect();
                format!("{count} ({})", parts.join(", "))
            };
            Some(reading(count as f64, text, None))
        }
        AnswerKind::Rating => {
            // The latest period rated, in the template's order of periods.
            let order = |p: &str| {
                kpi.periods
                    .iter()
                    .position(|x| x.value == p)
                    .unwrap_or(usize::MAX)
            };
            let (period, r) = a.ratings.iter().max_by_key(|(p, _)| order(&p.value))?;
            let high = kpi.scale.get(1).map_or(5.0, |h| h.value as f64);
            Some(reading(
                r.value as f64,
                format!("{} ({})", r.value, period.value),
                Some(high),
            ))
        }
        AnswerKind::Participants => {
            if a.projects.is_empty() {
                return None;
            }
            let total: i64 = a
                .projects
                .iter()
                .filter_map(|p| p.total.as_ref().map(|t| t.value))
                .sum();
            Some(reading(
                total as f64,
                format!("{total} in {} projects", a.projects.len()),
                None,
            ))
        }
        AnswerKind::Survey => {
            let (label, s) = match (&a.third_party, &a.internal) {
                (Some(s), _) if s.rate.is_some() => ("third-party", s),
                (_, Some(s)) if s.rate.is_some() => ("internal", s),
                _ => return None,
            };
            let rate = s.rate.as_ref()?.value;
            let scale = s
                .scale
                .as_ref()
                .map(|x| format!(" on {}", x.value))
                .unwrap_or_default();
            Some(reading(
                rate,
                format!("{}{scale} ({label})", number(rate)),
                None,
            ))
        }
        AnswerKind::CountPerYear => None,
    }
}

const RULES: [(AnswerKind, &str); 7] = [
    (
        AnswerKind::YesNo,
        "yes/no: no → yes is increasing, yes → yes sustained, no → no unchanged, yes → no decreasing (several questions: the number answered yes)",
    ),
    (
        AnswerKind::Count,
        "count: compared as a percentage of the total where both are given, otherwise as a number; 100% kept is sustained",
    ),
    (
        AnswerKind::Percentage,
        "percentage: compared numerically; 100% kept is sustained",
    ),
    (
        AnswerKind::Rating,
        "rating: the rating of the latest period against the baseline's; the top rating kept is sustained",
    ),
    (
        AnswerKind::CountPerYear,
        "count per year: the baseline year's count against the last year's, from the series of all returns",
    ),
    (
        AnswerKind::Participants,
        "participants: total participants of the year's projects, baseline against latest",
    ),
    (
        AnswerKind::Survey,
        "survey: satisfaction rate, third-party survey preferred over internal, baseline against latest",
    ),
];

fn rule_for(kind: AnswerKind) -> &'static str {
    RULES
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or("", |(_, r)| r)
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
    a.text.ends_with("(third-party)") == b.text.ends_with("(third-party)")
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
