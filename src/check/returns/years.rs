//! The years inside an answer: per-year counts and revisions of earlier years, rated periods.
//! A return reports on its own year (and, for per-year counts, earlier years no return gave);
//! a later return changes an earlier year's figure only by declaring it: `revises = { 2021 = 5 }`.

use std::collections::BTreeMap;
use std::ops::RangeInclusive;

use serde::Serialize;

use super::push;
use crate::diag::{Code, Diagnostic};
use crate::model::{Answer, Dataset, Plan, Return};
use crate::source::{Span, Spanned};

/// How the figure used for a year came to be the one used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Origin {
    /// Given by the return of that year.
    OwnReturn,
    /// Given by a later return, where the year's own return does not give it (the earliest such).
    LaterReturn,
    /// Declared a revision (`revises`) by a later return (the latest such).
    Revision,
}

impl Origin {
    /// "from its own return", "first given by the 2022 return", "revised by the 2023 return".
    pub fn describe(self, return_year: i64) -> String {
        match self {
            Origin::OwnReturn => format!("from the {return_year} return"),
            Origin::LaterReturn => {
                format!("given by the {return_year} return (no return of that year gives it)")
            }
            Origin::Revision => format!("revised by the {return_year} return"),
        }
    }
}

/// One year's figure of a per-year answer, and where it came from.
#[derive(Clone, Copy, Debug)]
pub struct YearFigure<'a> {
    pub year: i64,
    pub value: i64,
    pub span: Span,
    pub return_year: i64,
    pub origin: Origin,
    pub ret: &'a Return,
}

/// Every usable figure of `kpi` per year in some returns of one AMS: in `years` and not after
/// the return's own year (a revision: before it).
fn candidates<'a>(
    kpi: &str,
    returns: &[&'a Return],
    years: &RangeInclusive<i64>,
) -> Vec<YearFigure<'a>> {
    let mut out = Vec::new();
    for &ret in returns {
        let Some(answer) = ret.answer(kpi) else {
            continue;
        };
        let r = ret.year.value;
        let figure = |(y, n): &(Spanned<i64>, Spanned<i64>), origin| YearFigure {
            year: y.value,
            value: n.value,
            span: n.span,
            return_year: r,
            origin,
            ret,
        };
        for entry in &answer.per_year {
            let y = entry.0.value;
            if years.contains(&y) && y <= r {
                let origin = if y == r {
                    Origin::OwnReturn
                } else {
                    Origin::LaterReturn
                };
                out.push(figure(entry, origin));
            }
        }
        for entry in &answer.revises {
            if years.contains(&entry.0.value) && entry.0.value < r {
                out.push(figure(entry, Origin::Revision));
            }
        }
    }
    out
}

/// Whether `a` takes precedence over `b` for the same year: the latest revision, then the
/// year's own return, then the earliest later return that gives it.
fn precedes(a: &YearFigure<'_>, b: &YearFigure<'_>) -> bool {
    let rank = |f: &YearFigure<'_>| match f.origin {
        Origin::Revision => (0, -f.return_year),
        Origin::OwnReturn => (1, 0),
        Origin::LaterReturn => (2, f.return_year),
    };
    rank(a) < rank(b)
}

/// The figure used for each year of a per-year KPI, from some returns of one AMS (see
/// [`precedes`]); only years in `years` and figures a return may give (see [`candidates`]).
pub fn per_year_series<'a>(
    kpi: &str,
    returns: &[&'a Return],
    years: &RangeInclusive<i64>,
) -> BTreeMap<i64, YearFigure<'a>> {
    let mut series: BTreeMap<i64, YearFigure<'a>> = BTreeMap::new();
    for f in candidates(kpi, returns, years) {
        match series.get(&f.year) {
            Some(used) if !precedes(&f, used) => {}
            _ => {
                series.insert(f.year, f);
            }
        }
    }
    series
}

/// The years of a per-year answer and of its rated periods, against the plan and the return's
/// own year.
pub(super) fn check_years(plan: &Plan, ret: &Return, a: &Answer, out: &mut Vec<Diagnostic>) {
    let years = plan.reporting_years();
    let own = ret.year.value;
    for (y, _) in &a.per_year {
        if in_plan(plan, y, out) && y.value > own {
            push(
                out,
                Code::AnswerYearOutOfRange,
                y.span,
                format!(
                    "the {own} return gives a figure for {}, a year after its own",
                    y.value
                ),
                &format!(
                    "a return reports on its own year; give the {} figure in the {} return",
                    y.value, y.value
                ),
            );
        }
    }
    for (y, _) in &a.revises {
        if !in_plan(plan, y, out) {
            continue;
        }
        if y.value >= own {
            push(
                out,
                Code::AnswerYearOutOfRange,
                y.span,
                format!(
                    "a return revises only the figures of earlier years; {} is not before {own}",
                    y.value
                ),
                &format!("give the figure of {own} in `per_year`"),
            );
        } else if let Some((first, _)) = a.per_year.iter().find(|(p, _)| p.value == y.value) {
            out.push(
                Diagnostic::new(
                    Code::BadValue,
                    y.span,
                    format!("{} is given both in `per_year` and in `revises`", y.value),
                )
                .with_related(first.span, "the figure in `per_year`")
                .with_help("keep one: `revises` when it corrects an earlier return's figure, `per_year` otherwise"),
            );
        }
    }
    for (period, _) in a.ratings.iter().chain(&a.impact_ratings) {
        let starts = period_start(&period.value);
        if starts.is_some_and(|s| s > own && years.contains(&s)) {
            push(
                out,
                Code::AnswerYearOutOfRange,
                period.span,
                format!(
                    "the {own} return rates the period {}, which begins after its year",
                    period.value
                ),
                &format!("rate only the periods that have begun by {own}"),
            );
        }
    }
}

/// The first year of a period written `"2020-2022"`.
pub fn period_start(period: &str) -> Option<i64> {
    period.split('-').next()?.trim().parse().ok()
}

/// Whether a year lies within the plan's reporting years; a finding when it does not.
pub(super) fn in_plan(plan: &Plan, y: &Spanned<i64>, out: &mut Vec<Diagnostic>) -> bool {
    let years = plan.reporting_years();
    if years.contains(&y.value) {
        return true;
    }
    push(
        out,
        Code::AnswerYearOutOfRange,
        y.span,
        format!(
            "{} lies outside the reporting years of `{}` ({}-{})",
            y.value,
            plan.id.value,
            years.start(),
            years.end()
        ),
        &format!(
            "the template asks about the years {} to {}; check the year",
            years.start(),
            years.end()
        ),
    );
    false
}

/// Across the returns of each AMS: a per-year figure that a later return gives differently,
/// without declaring it a revision, is a finding (the earlier figure is the one used).
pub(super) fn check_revisions(data: &Dataset, out: &mut Vec<Diagnostic>) {
    let mut by_ams: BTreeMap<(&str, &str), Vec<&Return>> = BTreeMap::new();
    for r in &data.returns {
        by_ams
            .entry((r.plan.value.as_str(), r.country.value.as_str()))
            .or_default()
            .push(r);
    }
    for ((plan_id, _), returns) in by_ams {
        let Some(plan) = data.plan(plan_id) else {
            continue;
        };
        let years = plan.reporting_years();
        let kpis = data.kpis.iter().filter(|k| k.plan.value == plan_id);
        for kpi in kpis {
            let kpi = kpi.id.value.as_str();
            let used = per_year_series(kpi, &returns, &years);
            for f in candidates(kpi, &returns, &years) {
                let Some(u) = used.get(&f.year) else {
                    continue;
                };
                let restated = f.origin != Origin::Revision && f.return_year > u.return_year;
                if restated && f.value != u.value {
                    out.push(undeclared(&f, u));
                }
            }
        }
    }
}

fn undeclared(f: &YearFigure<'_>, used: &YearFigure<'_>) -> Diagnostic {
    Diagnostic::new(
        Code::UndeclaredRevision,
        f.span,
        format!(
            "the {} return gives {} for {}, but the {} return gives {}; the {} return's figure is used",
            f.return_year, f.value, f.year, used.return_year, used.value, used.return_year
        ),
    )
    .with_related(used.span, "the figure used")
    .with_help(format!(
        "if {} corrects the {} figure, move it to `revises = {{ {} = {} }}`; otherwise remove it",
        f.value, f.year, f.year, f.value
    ))
}
