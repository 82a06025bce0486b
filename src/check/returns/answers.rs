//! One answer against its KPI: in the KPI's form, and each of its numbers in range.

use super::surveys::check_survey;
use super::years::check_years;
use super::{TOO_LARGE, non_negative, push, spanning};
use crate::diag::{Code, Diagnostic};
use crate::model::{Answer, AnswerKind, Kpi, Plan, Project, Return, TooLarge, checked_sum};

fn expected_form(kind: AnswerKind) -> &'static str {
    match kind {
        AnswerKind::YesNo => "yes = true (or false)",
        AnswerKind::Count => "count = 12 (with total and names where asked)",
        AnswerKind::Percentage => "percent = 45.5",
        AnswerKind::Rating => "ratings = { \"2020-2022\" = 4 }",
        AnswerKind::CountPerYear => {
            "per_year = { 2023 = 4 } (the return's own year), and revises = { 2022 = 5 } to correct an earlier return"
        }
        AnswerKind::Participants => {
            "[[return.answers.\"D.2.1\".projects]] with title, total, female, male, by_country"
        }
        AnswerKind::Survey => {
            "internal = { rate = 80.5, title = \"…\", year = 2021, scale = \"0-100\" } or third_party = { … }"
        }
    }
}

/// One answer: in its KPI's form, and each of its numbers and years in range.
pub(super) fn check_answer(
    plan: Option<&Plan>,
    ret: &Return,
    kpi: &Kpi,
    a: &Answer,
    out: &mut Vec<Diagnostic>,
) {
    if !check_form(kpi, a, out) {
        return;
    }
    if let Some(plan) = plan {
        check_years(plan, ret, a, out);
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
    super::percent::check_percentages(a, out);
    check_ratings(kpi, a, out);
    check_questions(kpi, a, out);
    for p in &a.projects {
        check_project(p, out);
    }
    for s in [&a.internal, &a.third_party].into_iter().flatten() {
        check_survey(plan, ret, s, out);
    }
}

/// The answer takes its KPI's form (or none, with a narrative); `false` when it takes another,
/// and its numbers are not worth checking.
fn check_form(kpi: &Kpi, a: &Answer, out: &mut Vec<Diagnostic>) -> bool {
    let kind = kpi.answer.value;
    let forms = a.forms();
    // One KPI, one form (data/kpis.toml), and a second only where the template allows it.
    if let Some(wrong) = forms.iter().find(|f| !kpi.accepts(**f)) {
        let (asks, help) = match &kpi.alternative_answer {
            Some(alt) => (
                format!("{} or {}", kind.as_str(), alt.value.as_str()),
                format!(
                    "answer it with {}, or {}",
                    expected_form(kind),
                    expected_form(alt.value)
                ),
            ),
            None => (
                kind.as_str().to_string(),
                format!("answer it with {}", expected_form(kind)),
            ),
        };
        push(
            out,
            Code::AnswerKindMismatch,
            a.span,
            format!(
                "KPI `{}` is answered as {}, but it asks for {asks}",
                kpi.id.value,
                wrong.as_str(),
            ),
            &help,
        );
        return false;
    }
    // An answer table with nothing in it is not answered (the template leaves every table so);
    // one with keys that say nothing is a slip worth pointing at.
    let says_something = a.narrative.is_some() || a.note.is_some() || !a.names.is_empty();
    if !a.is_answered() && says_something {
        push(
            out,
            Code::EmptyAnswer,
            a.span,
            format!(
                "the answer to `{}` gives no figure and no words",
                kpi.id.value
            ),
            &format!(
                "answer it with {}, or write a narrative, or comment the lines out again",
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
