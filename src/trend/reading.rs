//! Reading one answer as comparable figures, in the terms of its KPI's answer kind. An answer
//! may give a figure in more than one form (a count with its total gives a percentage and a
//! count; a survey answer may hold an internal and a third-party survey): each form is a
//! [`Measure`] with its [`Unit`], and two answers are compared only in a unit both give.

use serde::Serialize;

use crate::model::{Answer, AnswerKind, Kpi, Scale, SurveyKind, TooLarge, checked_sum};
use crate::source::{SourceMap, Span};

/// Which evaluation form a rating comes from (KPI D.1.1: Annexes 1 and 2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RatingForm {
    /// `ratings`: the Intervention Level 1 Evaluation form (Annex 1).
    Level1,
    /// `impact_ratings`: the Intervention Impact Evaluation form (Annex 2).
    Impact,
}

/// What a figure measures. Two figures are compared only when their units are equal: a count
/// is never compared with a percentage, nor an internal survey with a third-party one, nor a
/// rate on 0-100 with one on 1-5.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Unit {
    /// The number of yes/no questions answered yes, of `questions`.
    YesAnswers { questions: usize },
    /// A percentage: given, or a count as a share of its total.
    Percent,
    /// A count (summed over levels where given by level).
    Count,
    /// A rating on a scale of whole numbers, from one evaluation form.
    Rating {
        form: RatingForm,
        low: i64,
        high: i64,
    },
    /// The participants of a year's projects.
    Participants,
    /// A satisfaction rate from one kind of survey, on its scale.
    Survey { survey: SurveyKind, scale: Scale },
    /// Projects completed in a year (per-year counts).
    Projects,
}

impl Unit {
    /// The unit in words, for tables, CSV and explanations.
    pub fn label(&self) -> String {
        match self {
            Unit::YesAnswers { questions: 1 } => "answered yes (1 = yes, 0 = no)".to_string(),
            Unit::YesAnswers { questions } => format!("questions answered yes, of {questions}"),
            Unit::Percent => "percent".to_string(),
            Unit::Count => "count".to_string(),
            Unit::Rating { form, low, high } => {
                let form = match form {
                    RatingForm::Level1 => "level 1 evaluation (Annex 1)",
                    RatingForm::Impact => "impact evaluation (Annex 2)",
                };
                format!("rating {low}-{high}, {form}")
            }
            Unit::Participants => "participants".to_string(),
            Unit::Survey { survey, scale } => {
                let who = match survey {
                    SurveyKind::Internal => "internal",
                    SurveyKind::ThirdParty => "third-party",
                };
                format!("rate on {scale}, {who} survey")
            }
            Unit::Projects => "projects completed".to_string(),
        }
    }

    /// The unit of a change: percentage points for percentages, else the unit itself.
    pub fn change_label(&self) -> String {
        match self {
            Unit::Percent => "percentage points".to_string(),
            other => other.label(),
        }
    }

    /// What an answer in this unit is, for reasons: "a percentage", "an internal survey's rate".
    pub fn kind_of_answer(&self) -> String {
        match self {
            Unit::YesAnswers { questions } => format!("yes/no answers to {questions} questions"),
            Unit::Percent => "a percentage".to_string(),
            Unit::Count => "a count".to_string(),
            Unit::Rating { form, .. } => match form {
                RatingForm::Level1 => "a rating on the level 1 form".to_string(),
                RatingForm::Impact => "a rating on the impact form".to_string(),
            },
            Unit::Participants => "a number of participants".to_string(),
            Unit::Survey { survey, scale } => match survey {
                SurveyKind::Internal => format!("an internal survey's rate on {scale}"),
                SurveyKind::ThirdParty => format!("a third-party survey's rate on {scale}"),
            },
            Unit::Projects => "a number of projects".to_string(),
        }
    }
}

/// One figure of an answer in one unit.
#[derive(Clone, Debug)]
pub struct Measure {
    pub unit: Unit,
    pub value: f64,
    /// The value exactly, when it is a whole number read from the files: compared and added up
    /// as such, since a decimal number loses the last digits of very large ones.
    pub whole: Option<i64>,
    /// How the figure reads: "36 of 160 (22.5%)", "yes, no", "70 on 0-100 (internal)".
    pub text: String,
    /// The highest value the figure can take (all yes, 100 %, the top rating), if bounded.
    pub max: Option<f64>,
    /// What the figure is of, where a later answer can repeat an earlier one: the rated period
    /// (its place in the KPI's periods) or the survey's year, with how to say it.
    pub of: Option<(i64, String)>,
    /// The answer to each yes/no question, in order, for a yes/no figure.
    pub answers: Vec<bool>,
    /// Where the figure is written.
    pub span: Span,
}

/// One answer read as figures, in the order they are preferred for comparison.
#[derive(Clone, Debug)]
pub struct Reading {
    pub year: i64,
    pub measures: Vec<Measure>,
    /// Figures the answer gives that are not used, with why (a percentage beside the count and
    /// total it is computed from): `--explain` lists them.
    pub left_out: Vec<(Measure, String)>,
}

/// `file:line` of a place in the files.
pub fn source_of(sources: &SourceMap, span: Span) -> String {
    let line = sources
        .get(span.file)
        .map(|f| f.location(span.start).line)
        .unwrap_or(0);
    format!("{}:{line}", sources.path(span.file).display())
}

/// A number as people read it: whole numbers without decimals, others to one decimal.
pub fn number(v: f64) -> String {
    if !v.is_finite() {
        "a number too large to show".to_string()
    } else if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

/// Why an answer that gives figures cannot be read, in words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Unusable(pub &'static str);

/// Reads an answer in the KPI's own terms; `Ok(None)` when it gives only words.
pub(super) fn read(kpi: &Kpi, a: &Answer, year: i64) -> Result<Option<Reading>, Unusable> {
    // An answer in a form the KPI does not take is an error (answer-kind-mismatch), never a
    // figure to compare.
    if a.forms().into_iter().any(|f| !kpi.accepts(f)) {
        return Err(Unusable(
            "it is in a form this KPI does not take (`accsm validate` shows which)",
        ));
    }
    let mut left_out = Vec::new();
    let measures = match kpi.answer.value {
        AnswerKind::YesNo => yes_no(a),
        AnswerKind::Count | AnswerKind::Percentage => count(a, &mut left_out)?,
        AnswerKind::Rating => rating(kpi, a),
        AnswerKind::Participants => participants(a)?,
        AnswerKind::Survey => survey(a),
        AnswerKind::CountPerYear => Vec::new(),
    };
    Ok((!measures.is_empty()).then_some(Reading {
        year,
        measures,
        left_out,
    }))
}

fn measure(unit: Unit, value: f64, text: String, max: Option<f64>, span: Span) -> Measure {
    Measure {
        unit,
        value,
        whole: None,
        text,
        max,
        of: None,
        answers: Vec::new(),
        span,
    }
}

fn whole(unit: Unit, n: i64, text: String, span: Span) -> Measure {
    Measure {
        whole: Some(n),
        ..measure(unit, n as f64, text, None, span)
    }
}

/// The number of questions answered yes, of all asked.
fn yes_no(a: &Answer) -> Vec<Measure> {
    let Some(first) = a.yes.first() else {
        return Vec::new();
    };
    let yes = a.yes.iter().filter(|b| b.value).count();
    let text = a
        .yes
        .iter()
        .map(|b| if b.value { "yes" } else { "no" })
        .collect::<Vec<_>>()
        .join(", ");
    let questions = a.yes.len();
    let unit = Unit::YesAnswers { questions };
    let mut m = measure(unit, yes as f64, text, Some(questions as f64), first.span);
    m.answers = a.yes.iter().map(|b| b.value).collect();
    vec![m]
}

/// A count as a share of its total where both are given, else a given percentage; and the
/// count itself.
fn count(a: &Answer, left_out: &mut Vec<(Measure, String)>) -> Result<Vec<Measure>, Unusable> {
    let count = a
        .effective_count()
        .map_err(|TooLarge| Unusable("its counts by level are too large to add up"))?;
    let span = a
        .count
        .as_ref()
        .map(|c| c.span)
        .or_else(|| a.levels.first().map(|(_, n)| n.span))
        .unwrap_or(a.span);
    let mut out = Vec::new();
    match (count, &a.total, &a.percent) {
        (Some(count), Some(total), _) if total.value > 0 => {
            let pct = count as f64 * 100.0 / total.value as f64;
            let text = format!("{count} of {} ({pct:.1}%)", total.value);
            out.push(measure(Unit::Percent, pct, text, Some(100.0), span));
            if let Some(p) = &a.percent {
                let given = format!("{}%", number(p.value));
                let m = measure(Unit::Percent, p.value, given, Some(100.0), p.span);
                let why = if (pct - p.value).abs() > crate::check::PERCENT_ROUNDING + 1e-9 {
                    format!(
                        "it disagrees with the count and total ({count} of {} is {}%), which are used",
                        total.value,
                        number(pct)
                    )
                } else {
                    "the count and total it comes from are used".to_string()
                };
                left_out.push((m, why));
            }
        }
        (_, _, Some(p)) => {
            let text = format!("{}%", number(p.value));
            out.push(measure(Unit::Percent, p.value, text, Some(100.0), p.span));
        }
        _ => {}
    }
    if let Some(count) = count {
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
        out.push(whole(Unit::Count, count, text, span));
    }
    Ok(out)
}

/// For each evaluation form, the rating of the latest period rated, in the template's order of
/// periods.
fn rating(kpi: &Kpi, a: &Answer) -> Vec<Measure> {
    let order = |p: &str| {
        kpi.periods
            .iter()
            .position(|x| x.value == p)
            .map_or(i64::MAX, |i| i as i64)
    };
    let (low, high) = match kpi.scale.as_slice() {
        [lo, hi] => (lo.value, hi.value),
        _ => (1, 5),
    };
    let mut out = Vec::new();
    for (form, ratings) in [
        (RatingForm::Level1, &a.ratings),
        (RatingForm::Impact, &a.impact_ratings),
    ] {
        let Some((period, r)) = ratings.iter().max_by_key(|(p, _)| order(&p.value)) else {
            continue;
        };
        let unit = Unit::Rating { form, low, high };
        let text = format!("{} ({})", r.value, period.value);
        let mut m = measure(unit, r.value as f64, text, Some(high as f64), r.span);
        m.whole = Some(r.value);
        m.of = Some((order(&period.value), format!("the period {}", period.value)));
        out.push(m);
    }
    out
}

/// The participants of all the year's projects.
fn participants(a: &Answer) -> Result<Vec<Measure>, Unusable> {
    let Some(first) = a.projects.first() else {
        return Ok(Vec::new());
    };
    let totals = a.projects.iter().filter_map(|p| p.total.as_ref());
    let total = checked_sum(totals.map(|t| t.value))
        .map_err(|TooLarge| Unusable("the participants of its projects are too large to add up"))?;
    let projects = a.projects.len();
    let noun = if projects == 1 { "project" } else { "projects" };
    let text = format!("{total} in {projects} {noun}");
    let span = first.total.as_ref().map_or(first.span, |t| t.span);
    Ok(vec![whole(Unit::Participants, total, text, span)])
}

/// The satisfaction rate of each survey given with a rate and a scale accsm can read: the
/// third-party survey first (the KPI summary table: "based on a third party survey").
fn survey(a: &Answer) -> Vec<Measure> {
    let mut out = Vec::new();
    for kind in [SurveyKind::ThirdParty, SurveyKind::Internal] {
        let Some(s) = a.survey(kind) else {
            continue;
        };
        let (Some(rate), Some(scale)) = (
            &s.rate,
            s.scale.as_ref().and_then(|t| Scale::parse(&t.value)),
        ) else {
            continue;
        };
        let unit = Unit::Survey {
            survey: kind,
            scale,
        };
        let text = format!("{} on {scale} ({})", number(rate.value), kind.as_str());
        let mut m = measure(unit, rate.value, text, Some(scale.high), rate.span);
        m.of = s
            .year
            .as_ref()
            .map(|y| (y.value, format!("the survey of {}", y.value)));
        out.push(m);
    }
    out
}

const RULES: [(AnswerKind, &str); 7] = [
    (
        AnswerKind::YesNo,
        "yes/no: no → yes is increasing, yes → yes sustained, no → no unchanged, yes → no decreasing (several questions: the number answered yes)",
    ),
    (
        AnswerKind::Count,
        "count: a percentage (of the total, or given) against a percentage, else a count against a count; a count is never compared with a percentage; 100% kept is sustained",
    ),
    (
        AnswerKind::Percentage,
        "percentage: compared numerically; 100% kept is sustained",
    ),
    (
        AnswerKind::Rating,
        "rating: on the same evaluation form, the rating of a later period against the baseline's; the top rating kept is sustained",
    ),
    (
        AnswerKind::CountPerYear,
        "count per year: the baseline year's count against the last year's; each year's figure from that year's return, unless a later return declares a revision",
    ),
    (
        AnswerKind::Participants,
        "participants: total participants of the year's projects, baseline against latest",
    ),
    (
        AnswerKind::Survey,
        "survey: the rate of the same kind of survey (third-party preferred) on the same scale, a later survey against the baseline's",
    ),
];

pub(super) fn rule_for(kind: AnswerKind) -> &'static str {
    RULES
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or("", |(_, r)| r)
}
