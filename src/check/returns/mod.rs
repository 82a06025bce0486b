//! The rules for KPI returns: each answer in its KPI's form and range, one return per AMS and
//! year, inside the plan's reporting years.

mod answers;
mod percent;
pub use percent::ROUNDING as PERCENT_ROUNDING;
mod surveys;
mod years;

use std::collections::HashMap;

use super::plans::resolve_plan;
use crate::diag::{Code, Diagnostic};
use crate::lookup::Catalog;
use crate::model::{Dataset, Plan, RefKind, Return};
use crate::source::{Span, Spanned};
use crate::spelling::did_you_mean;

/// A finding when a number that counts or rates something is below zero.
fn non_negative<T>(out: &mut Vec<Diagnostic>, n: &Spanned<T>, what: &str)
where
    T: PartialOrd + Default + std::fmt::Display,
{
    if n.value < T::default() {
        push(
            out,
            Code::AnswerOutOfRange,
            n.span,
            format!("{what} cannot be negative ({})", n.value),
            "",
        );
    }
}

/// Why a sum of numbers from the files cannot be made, in words.
const TOO_LARGE: &str = "accsm works with whole numbers up to 9223372036854775807";

/// The span from the earliest to the latest of some spans of one file.
fn spanning(spans: impl IntoIterator<Item = Span>) -> Option<Span> {
    spans.into_iter().reduce(|a, b| Span {
        start: a.start.min(b.start),
        end: a.end.max(b.end),
        ..a
    })
}

fn push(out: &mut Vec<Diagnostic>, code: Code, span: Span, message: String, help: &str) {
    let mut d = Diagnostic::new(code, span, message);
    if !help.is_empty() {
        d = d.with_help(help);
    }
    out.push(d);
}

/// Checks every return against the KPI framework and the reference lists.
pub fn check_returns(data: &Dataset, catalog: &Catalog<'_>, out: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<(&str, &str, i64), Span> = HashMap::new();
    for ret in &data.returns {
        let plan = resolve_plan(data, &ret.plan, out);
        check_country(data, catalog, ret, &mut seen, out);
        if let Some(plan) = plan {
            check_year(plan, ret, out);
        }
        check_answers(data, plan, ret, out);
        check_unanswered(ret, out);
    }
    years::check_revisions(data, out);
}

/// A return that answers nothing yet, or only with the template's placeholders.
fn check_unanswered(ret: &Return, out: &mut Vec<Diagnostic>) {
    let answered: Vec<_> = ret.answers.iter().filter(|a| a.is_answered()).collect();
    let message = if answered.is_empty() {
        format!(
            "the {} return of {} answers no KPI yet",
            ret.year.value, ret.country.value
        )
    } else if answered.len() >= 2 && answered.iter().all(|a| a.is_placeholder()) {
        format!(
            "every answer of the {} return of {} is still the template's placeholder (0, false or empty)",
            ret.year.value, ret.country.value
        )
    } else {
        return;
    };
    push(
        out,
        Code::UnansweredReturn,
        ret.year.span,
        message,
        "an answer counts once you remove the `# ` before its line and write the figure; \
         a question you cannot answer stays commented out",
    );
}

/// A return comes from an AMS, one per AMS and year.
fn check_country<'d>(
    data: &Dataset,
    catalog: &Catalog<'d>,
    ret: &'d Return,
    seen: &mut HashMap<(&'d str, &'d str, i64), Span>,
    out: &mut Vec<Diagnostic>,
) {
    let (country, finding) = catalog.resolve(&ret.country, &[RefKind::Country]);
    out.extend(finding);
    let Some(c) = country else {
        return;
    };
    if !c.is_ams() {
        push(
            out,
            Code::ReturnNotAms,
            ret.country.span,
            format!(
                "KPI returns come from ASEAN Member States; {} is not one",
                c.display_name()
            ),
            &super::arcs::ams_help_of(&data.ams_of_plan(&ret.plan.value)),
        );
    } else if data.plan(&ret.plan.value).is_some()
        && !data.is_ams_of_plan(&c.id.value, &ret.plan.value)
    {
        let joined = data
            .ams_group()
            .and_then(|g| g.joined(&c.id.value))
            .map(|d| format!(" (it joined on {d})"))
            .unwrap_or_default();
        push(
            out,
            Code::ReturnNotAms,
            ret.country.span,
            format!(
                "{} was not an ASEAN Member State when `{}` started{joined}, so it is not one of \
                 the plan's AMS",
                c.display_name(),
                ret.plan.value
            ),
            "a state that joins during a plan reports under the next one: give this return the \
             next plan's id",
        );
    }
    let key = (ret.plan.value.as_str(), c.id.value.as_str(), ret.year.value);
    if let Some(&first) = seen.get(&key) {
        out.push(
            Diagnostic::new(
                Code::DuplicateReturn,
                ret.year.span,
                format!(
                    "{} has a second return for {}",
                    c.display_name(),
                    ret.year.value
                ),
            )
            .with_related(first, "the first return for that year")
            .with_help("keep one return per country and year; merge the answers"),
        );
    } else {
        seen.insert(key, ret.year.span);
    }
}

/// A return's year lies within its plan's reporting years.
fn check_year(plan: &Plan, ret: &Return, out: &mut Vec<Diagnostic>) {
    let years = plan.reporting_years();
    if !years.contains(&ret.year.value) {
        push(
            out,
            Code::ReturnOutsidePlan,
            ret.year.span,
            format!(
                "a return for {} lies outside `{}` ({}-{})",
                ret.year.value,
                plan.id.value,
                years.start(),
                years.end()
            ),
            "check the year; returns belong to the plan whose period covers them",
        );
    }
}

/// Each answer is to a KPI of the return's plan, once, and checked against that KPI.
fn check_answers(data: &Dataset, plan: Option<&Plan>, ret: &Return, out: &mut Vec<Diagnostic>) {
    let mut answered: HashMap<&str, Span> = HashMap::new();
    for answer in &ret.answers {
        let kpi = data
            .kpis
            .iter()
            .find(|k| k.plan.value == ret.plan.value && k.id.value == answer.kpi.value);
        let Some(kpi) = kpi else {
            let ids = data
                .kpis
                .iter()
                .filter(|k| k.plan.value == ret.plan.value)
                .map(|k| k.id.value.as_str());
            let d = Diagnostic::new(
                Code::UnknownReference,
                answer.kpi.span,
                format!(
                    "`{}` is not a KPI of `{}`",
                    answer.kpi.value, ret.plan.value
                ),
            );
            out.push(match did_you_mean(&answer.kpi.value, ids) {
                Some(s) => d.with_help(format!("did you mean `{s}`?")),
                None => d,
            });
            continue;
        };
        if let Some(&first) = answered.get(answer.kpi.value.as_str()) {
            out.push(
                Diagnostic::new(
                    Code::DuplicateId,
                    answer.kpi.span,
                    format!("KPI `{}` is answered twice", kpi.id.value),
                )
                .with_related(first, "first answer"),
            );
        }
        answered.insert(&answer.kpi.value, answer.kpi.span);
        answers::check_answer(plan, ret, kpi, answer, out);
    }
}
