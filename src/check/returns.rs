//! The rules for KPI returns: each answer in its KPI's form and range, one return per AMS and
//! year, inside the plan's reporting years.

use std::collections::HashMap;

use super::plans::resolve_plan;
use super::references::Catalog;
use crate::diag::{Code, Diagnostic};
use crate::model::{
    Answer, AnswerKind, Dataset, Kpi, Plan, Project, RefKind, Return, TooLarge, checked_sum,
};
use crate::source::{Span, Spanned};
use crate::text::did_you_mean;

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
        check_answers(data, ret, out);
    }
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
            &super::arcs::ams_help(data),
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
fn check_answers(data: &Dataset, ret: &Return, out: &mut Vec<Diagnostic>) {
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
        check_answer(kpi, answer, out);
    }
}

fn expected_form(kind: AnswerKind) -> &'static str {
    match kind {
        AnswerKind::YesNo => "yes = true (or false)",
        AnswerKind::Count => "count = 12 (with total and names where asked)",
        AnswerKind::Percentage => "percent = 45.5",
        AnswerKind::Rating => "ratings = { \"2020-2022\" = 4 }",
        AnswerKind::CountPerYear => "per_year = { 2021 = 3, 2022 = 4 }",
        AnswerKind::Participants => {
            "[[return.answers.\"D.2.1\".projects]] with title, total, female, male, by_country"
        }
        AnswerKind::Survey => {
            "internal = { rate = 80.5, title = \"…\", year = 2021 } or third_party = { … }"
        }
    }
}

/// One answer: in its KPI's form, and each of its numbers in range.
fn check_answer(kpi: &Kpi, a: &Answer, out: &mut Vec<Diagnostic>) {
    if !check_form(kpi, a, out) {
        return;
    }
    check_counts(kpi, a, out);
    if let Some(p) = &a.percent {
        if !(0.0..=100.0).contains(&p.value) {
            push(
                out,
                Code::AnswerOutOfRange,
                p.span,
                format!("a percentage is between 0 and 100, not {}", p.value),
                "",
            );
        }
    }
    check_ratings(kpi, a, out);
    check_questions(kpi, a, out);
    for p in &a.projects {
        check_project(p, out);
    }
    for s in [&a.internal, &a.third_party].into_iter().flatten() {
        if let Some(rate) = &s.rate {
            non_negative(out, rate, "a satisfaction rate");
        }
    }
}

/// The answer takes its KPI's form (or none, with a narrative); `false` when it takes another,
/// and its numbers are not worth checking.
fn check_form(kpi: &Kpi, a: &Answer, out: &mut Vec<Diagnostic>) -> bool {
    let kind = kpi.answer.value;
    let forms = a.forms();
    // A count KPI may also be answered with a percentage where the template allows "Number/ Percentage".
    let fits =
        |f: &AnswerKind| *f == kind || (kind == AnswerKind::Count && *f == AnswerKind::Percentage);
    if let Some(wrong) = forms.iter().find(|f| !fits(f)) {
        push(
            out,
            Code::AnswerKindMismatch,
            a.span,
            format!(
                "KPI `{}` is answered as {}, but it asks for {}",
                kpi.id.value,
                wrong.as_str(),
                kind.as_str()
            ),
            &format!("answer it with {}", expected_form(kind)),
        );
        return false;
    }
    if forms.is_empty() && a.narrative.is_none() {
        push(
            out,
            Code::EmptyAnswer,
            a.span,
            format!("the answer to `{}` is empty", kpi.id.value),
            &format!(
                "answer it with {}, or add a narrative, or remove it",
                expected_form(kind)
            ),
        );
    }
    true
}

/// Counts, totals and levels: none negative, the levels known to the KPI and not too large to
/// add up, the count within the total and matching the names listed.
fn check_counts(kpi: &Kpi, a: &Answer, out: &mut Vec<Diagnostic>) {
    if let Some(c) = &a.count {
        non_negative(out, c, "a count");
    }
    if let Some(t) = &a.total {
        non_negative(out, t, "a total");
    }
    for (_, n) in &a.levels {
        non_negative(out, n, "a count");
    }
    for (_, n) in &a.per_year {
        non_negative(out, n, "a count");
    }
    let count = match a.effective_count() {
        Ok(count) => count,
        Err(TooLarge) => {
            push(
                out,
                Code::AnswerOutOfRange,
                spanning(a.levels.iter().map(|(_, n)| n.span)).unwrap_or(a.span),
                format!("the counts by level are too large to add up: {TOO_LARGE}"),
                "check each count; one of them is far larger than it can be",
            );
            None
        }
    };
    if let (Some(count), Some(total)) = (count, &a.total) {
        if count > total.value {
            push(
                out,
                Code::AnswerOutOfRange,
                total.span,
                format!(
                    "the count ({count}) is larger than the total ({})",
                    total.value
                ),
                "the count is part of the total: check both numbers",
            );
        }
    }
    if !kpi.levels.is_empty() {
        for (level, _) in &a.levels {
            if !kpi.levels.iter().any(|l| l.value == level.value) {
                let levels: Vec<&str> = kpi.levels.iter().map(|l| l.value.as_str()).collect();
                push(
                    out,
                    Code::BadValue,
                    level.span,
                    format!("`{}` is not a level of KPI `{}`", level.value, kpi.id.value),
                    &format!("the levels are: {}", levels.join(", ")),
                );
            }
        }
    }
    if let Some(count) = count {
        if !a.names.is_empty() && a.names.len() as i64 != count {
            out.push(
                Diagnostic::new(
                    Code::NamesCountMismatch,
                    a.names.first().map_or(a.span, |n| n.span),
                    format!("{} names are listed for a count of {count}", a.names.len()),
                )
                .with_help("the template asks for the names of what is counted; list them all or correct the count"),
            );
        }
    }
}

/// Ratings lie on the KPI's scale (1 to 5 unless it says otherwise) and rate its periods.
fn check_ratings(kpi: &Kpi, a: &Answer, out: &mut Vec<Diagnostic>) {
    let (low, high) = match kpi.scale.as_slice() {
        [lo, hi] => (lo.value, hi.value),
        _ => (1, 5),
    };
    for (period, r) in a.ratings.iter().chain(&a.impact_ratings) {
        if !(low..=high).contains(&r.value) {
            push(
                out,
                Code::AnswerOutOfRange,
                r.span,
                format!("a rating is from {low} to {high}, not {}", r.value),
                "",
            );
        }
        if !kpi.periods.is_empty() && !kpi.periods.iter().any(|p| p.value == period.value) {
            let periods: Vec<&str> = kpi.periods.iter().map(|p| p.value.as_str()).collect();
            push(
                out,
                Code::BadValue,
                period.span,
                format!(
                    "`{}` is not a period of KPI `{}`",
                    period.value, kpi.id.value
                ),
                &format!("the periods are: {}", periods.join(", ")),
            );
        }
    }
}

/// A yes/no KPI of several questions gets one true/false per question.
fn check_questions(kpi: &Kpi, a: &Answer, out: &mut Vec<Diagnostic>) {
    if kpi.answer.value == AnswerKind::YesNo
        && !kpi.questions.is_empty()
        && !a.yes.is_empty()
        && a.yes.len() != kpi.questions.len()
    {
        push(
            out,
            Code::AnswerKindMismatch,
            a.span,
            format!(
                "KPI `{}` asks {} yes/no questions; this answer gives {}",
                kpi.id.value,
                kpi.questions.len(),
                a.yes.len()
            ),
            "give one true/false per question, in the template's order: yes = [true, false]",
        );
    }
}

fn check_project(p: &Project, out: &mut Vec<Diagnostic>) {
    let Some(total) = &p.total else {
        push(
            out,
            Code::MissingField,
            p.span,
            "this project has no `total` of participants".to_string(),
            "add `total = …`",
        );
        return;
    };
    if let (Some(f), Some(m)) = (&p.female, &p.male) {
        match checked_sum([f.value, m.value]) {
            Ok(sum) if sum != total.value => out.push(
                Diagnostic::new(
                    Code::BreakdownMismatch,
                    total.span,
                    format!(
                        "female ({}) and male ({}) add up to {sum}, not the total {}",
                        f.value, m.value, total.value
                    ),
                )
                .with_help("the gender breakdown should sum to the total"),
            ),
            Ok(_) => {}
            Err(TooLarge) => push(
                out,
                Code::AnswerOutOfRange,
                spanning([f.span, m.span]).unwrap_or(p.span),
                format!(
                    "female ({}) and male ({}) are too large to add up: {TOO_LARGE}",
                    f.value, m.value
                ),
                "check both numbers; the gender breakdown should sum to the total",
            ),
        }
    }
    if !p.by_country.is_empty() {
        let Ok(sum) = checked_sum(p.by_country.iter().map(|(_, n)| n.value)) else {
            push(
                out,
                Code::AnswerOutOfRange,
                spanning(p.by_country.iter().map(|(_, n)| n.span)).unwrap_or(p.span),
                format!("the participants by country are too large to add up: {TOO_LARGE}"),
                "check each number; the country breakdown should sum to the total",
            );
            return;
        };
        if sum != total.value {
            out.push(
                Diagnostic::new(
                    Code::BreakdownMismatch,
                    total.span,
                    format!(
                        "the participants by country add up to {sum}, not the total {}",
                        total.value
                    ),
                )
                .with_help("the country breakdown should sum to the total"),
            );
        }
    }
}
