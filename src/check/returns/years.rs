//! The years inside an answer: per-year counts and revisions of earlier years, rated periods.
//! A return reports on its own year (and, for per-year counts, earlier years no return gave);
//! a later return changes an earlier year's figure only by declaring it: `revises = { 2021 = 5 }`
//! (which figure counts for a year is [`crate::model::per_year_series`]'s answer).

use std::collections::BTreeMap;

use super::push;
use crate::dates::period_start;
use crate::diag::{Code, Diagnostic};
use crate::model::{
    Answer, Dataset, Origin, Plan, Return, YearFigure, candidates, per_year_series,
};
use crate::source::Spanned;

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
