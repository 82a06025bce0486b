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
    let at = At {
        year,
        source: source_of(sources, a.span),
    };
    Ok(match kpi.answer.value {
        AnswerKind::YesNo => yes_no(a, at),
        AnswerKind::Count | AnswerKind::Percentage => count(a, at)?,
        AnswerKind::Rating => rating(kpi, a, at),
        AnswerKind::Participants => participants(a, at)?,
        AnswerKind::Survey => survey(a, at),
        AnswerKind::CountPerYear => None,
    })
}

/// The year and `file:line` of an answer being read.
struct At {
    year: i64,
    source: String,
}

impl At {
    fn reading(self, value: f64, text: String, max: Option<f64>) -> Reading {
        Reading {
            year: self.year,
            value,
            whole: None,
            text,
            max,
            source: self.source,
            survey: None,
        }
    }

    fn whole(self, n: i64, text: String) -> Reading {
        Reading {
            whole: Some(n),
            ..self.reading(n as f64, text, None)
        }
    }
}

/// The number of questions answered yes, of all asked.
fn yes_no(a: &Answer, at: At) -> Option<Reading> {
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
    Some(at.reading(yes as f64, text, Some(a.yes.len() as f64)))
}

/// A count as a percentage of its total where both are given, else a percentage, else the count.
fn count(a: &Answer, at: At) -> Result<Option<Reading>, Unusable> {
    let count = a
        .effective_count()
        .map_err(|TooLarge| Unusable("its counts by level are too large to add up"))?;
    if let (Some(count), Some(total)) = (count, &a.total) {
        if total.value > 0 {
            let pct = count as f64 * 100.0 / total.value as f64;
            return Ok(Some(at.reading(
                pct,
                format!("{count} of {} ({pct:.1}%)", total.value),
                Some(100.0),
            )));
        }
    }
    if let Some(p) = &a.percent {
        return Ok(Some(at.reading(
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
    Ok(Some(at.whole(count, text)))
}

/// The rating of the latest period rated, in the template's order of periods.
fn rating(kpi: &Kpi, a: &Answer, at: At) -> Option<Reading> {
    let order = |p: &str| {
        kpi.periods
            .iter()
            .position(|x| x.value == p)
            .unwrap_or(usize::MAX)
    };
    let (period, r) = a.ratings.iter().max_by_key(|(p, _)| order(&p.value))?;
    let high = kpi.scale.get(1).map_or(5.0, |h| h.value as f64);
    Some(at.reading(
        r.value as f64,
        format!("{} ({})", r.value, period.value),
        Some(high),
    ))
}

/// The participants of all the year's projects.
fn participants(a: &Answer, at: At) -> Result<Option<Reading>, Unusable> {
    if a.projects.is_empty() {
        return Ok(None);
    }
    let totals = a.projects.iter().filter_map(|p| p.total.as_ref());
    let total = checked_sum(totals.map(|t| t.value))
        .map_err(|TooLarge| Unusable("the participants of its projects are too large to add up"))?;
    let text = format!("{total} in {} projects", a.projects.len());
    Ok(Some(at.whole(total, text)))
}

/// The satisfaction rate, of a third-party survey rather than an internal one where both are
/// given.
fn survey(a: &Answer, at: At) -> Option<Reading> {
    let (kind, rate, s) = [SurveyKind::ThirdParty, SurveyKind::Internal]
        .into_iter()
        .find_map(|kind| {
            let s = a.survey(kind)?;
            Some((kind, s.rate.as_ref()?.value, s))
        })?;
    let scale = s
        .scale
        .as_ref()
        .map(|x| format!(" on {}", x.value))
        .unwrap_or_default();
    let text = format!("{}{scale} ({})", number(rate), kind.as_str());
    Some(Reading {
        survey: Some(kind),
        ..at.reading(rate, text, None)
    })
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
