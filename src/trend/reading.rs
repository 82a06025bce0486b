//! Reading one answer as a comparable number, in the terms of its KPI's answer kind, and the
//! rule each kind is compared by.

use serde::Serialize;

use crate::model::{Answer, AnswerKind, Kpi, SurveyKind, TooLarge, checked_sum};
use crate::source::{SourceMap, Span};

/// One answer read as a comparable number, with how to show it and where it came from.
#[derive(Clone, Debug, Serialize)]
pub struct Reading {
    pub year: i64,
    pub value: f64,
    /// The value exactly, when it is a whole number read from the files (a count, a total of
    /// participants): compared and added up as such, since a decimal number loses the last
    /// digits of very large ones.
    #[serde(skip)]
    pub whole: Option<i64>,
    pub text: String,
    /// The highest value the answer can take (all yes, 100 %, the top rating), if bounded.
    #[serde(skip)]
    pub max: Option<f64>,
    /// `file:line` of the answer.
    pub source: String,
    /// For survey answers: who ran the survey (rates of different kinds do not compare).
    #[serde(skip)]
    pub survey: Option<SurveyKind>,
}

pub(super) fn source_of(sources: &SourceMap, span: Span) -> String {
    let line = sources
        .get(span.file)
        .map(|f| f.location(span.start).line)
        .unwrap_or(0);
    format!("{}:{line}", sources.path(span.file).display())
}

pub(super) fn number(v: f64) -> String {
    if !v.is_finite() {
        "a number too large to show".to_string()
    } else if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

/// Why an answer that gives figures cannot be read as one number, in words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Unusable(pub &'static str);

/// Reads an answer as a number in the KPI's own terms; `Ok(None)` when it gives only words.
pub(super) fn read(
    kpi: &Kpi,
    a: &Answer,
    year: i64,
    sources: &SourceMap,
) -> Result<Option<Reading>, Unusable> {
    let source = source_of(sources, a.span);
    let reading = |value: f64, text: String, max: Option<f64>| Reading {
        year,
        value,
        whole: None,
        text,
        max,
        source: source.clone(),
        survey: None,
    };
    let whole = |n: i64, text: String| Reading {
        whole: Some(n),
        ..reading(n as f64, text, None)
    };
    Ok(Some(match kpi.answer.value {
        AnswerKind::YesNo => {
            if a.yes.is_empty() {
                return Ok(None);
            }
            let yes = a.yes.iter().filter(|b| b.value).count();
            let text = a
                .yes
                .iter()
                .map(|b| if b.value { "yes" } else { "no" })
                .collect::<Vec<_>>()
                .join(", ");
            reading(yes as f64, text, Some(a.yes.len() as f64))
        }
        AnswerKind::Count | AnswerKind::Percentage => {
            let count = a
                .effective_count()
                .map_err(|TooLarge| Unusable("its counts by level are too large to add up"))?;
            if let (Some(count), Some(total)) = (count, &a.total) {
                if total.value > 0 {
                    let pct = count as f64 * 100.0 / total.value as f64;
                    return Ok(Some(reading(
                        pct,
                        format!("{count} of {} ({pct:.1}%)", total.value),
                        Some(100.0),
                    )));
                }
            }
            if let Some(p) = &a.percent {
                return Ok(Some(reading(
                    p.value,
                    format!("{}%", number(p.value)),
                    Some(100.0),
                )));
            }
            let Some(count) = count else {
                return Ok(None);
            };
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
            whole(count, text)
        }
        AnswerKind::Rating => {
            // The latest period rated, in the template's order of periods.
            let order = |p: &str| {
                kpi.periods
                    .iter()
                    .position(|x| x.value == p)
                    .unwrap_or(usize::MAX)
            };
            let Some((period, r)) = a.ratings.iter().max_by_key(|(p, _)| order(&p.value)) else {
                return Ok(None);
            };
            let high = kpi.scale.get(1).map_or(5.0, |h| h.value as f64);
            reading(
                r.value as f64,
                format!("{} ({})", r.value, period.value),
                Some(high),
            )
        }
        AnswerKind::Participants => {
            if a.projects.is_empty() {
                return Ok(None);
            }
            let total = checked_sum(
                a.projects
                    .iter()
                    .filter_map(|p| p.total.as_ref())
                    .map(|t| t.value),
            )
            .map_err(|TooLarge| {
                Unusable("the participants of its projects are too large to add up")
            })?;
            whole(total, format!("{total} in {} projects", a.projects.len()))
        }
        AnswerKind::Survey => {
            // A third-party survey is preferred over an internal one.
            let Some((kind, rate, s)) = [SurveyKind::ThirdParty, SurveyKind::Internal]
                .into_iter()
                .find_map(|kind| {
                    let s = a.survey(kind)?;
                    Some((kind, s.rate.as_ref()?.value, s))
                })
            else {
                return Ok(None);
            };
            let scale = s
                .scale
                .as_ref()
                .map(|x| format!(" on {}", x.value))
                .unwrap_or_default();
            Reading {
                survey: Some(kind),
                ..reading(
                    rate,
                    format!("{}{scale} ({})", number(rate), kind.as_str()),
                    None,
                )
            }
        }
        AnswerKind::CountPerYear => return Ok(None),
    }))
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

pub(super) fn rule_for(kind: AnswerKind) -> &'static str {
    RULES
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or("", |(_, r)| r)
}
