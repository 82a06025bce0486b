//! Survey answers (KPI E.3): a rate on a scale accsm can read and within it, and the year the
//! survey was conducted within the plan's reporting years and not after the return's own year.

use super::years::in_plan;
use super::{non_negative, push};
use crate::diag::Code;
use crate::diag::Diagnostic;
use crate::model::{Plan, Return, SCALE_FORMS, Scale, Survey};

pub(super) fn check_survey(
    plan: Option<&Plan>,
    ret: &Return,
    s: &Survey,
    out: &mut Vec<Diagnostic>,
) {
    let scale = check_scale(s, out);
    match &s.rate {
        Some(rate) => {
            non_negative(out, rate, "a satisfaction rate");
            if let Some(scale) = scale.filter(|sc| !sc.contains(rate.value)) {
                push(
                    out,
                    Code::AnswerOutOfRange,
                    rate.span,
                    format!(
                        "a rate of {} lies outside the survey's scale, {scale}",
                        rate.value
                    ),
                    "check the rate and the scale: the rate is a point on the scale",
                );
            }
        }
        None => push(
            out,
            Code::MissingField,
            s.span,
            "this survey gives no rate".to_string(),
            "add `rate = 78.5`, or remove the survey and say what you know in `narrative`",
        ),
    }
    if let (Some(plan), Some(year)) = (plan, &s.year) {
        let own = ret.year.value;
        if in_plan(plan, year, out) && year.value > own {
            push(
                out,
                Code::AnswerYearOutOfRange,
                year.span,
                format!(
                    "the {own} return reports a survey of {}, a year after its own",
                    year.value
                ),
                &format!(
                    "report the survey in the {} return, or check its year",
                    year.value
                ),
            );
        }
    }
}

/// The survey's scale, if it gives one accsm can read; a finding when it gives none with its
/// rate, or one that cannot be read.
fn check_scale(s: &Survey, out: &mut Vec<Diagnostic>) -> Option<Scale> {
    let Some(text) = &s.scale else {
        if s.rate.is_some() {
            push(
                out,
                Code::MissingField,
                s.span,
                "this survey gives a rate but not the scale it is on".to_string(),
                &format!(
                    "add `scale = \"0-100\"` (the template asks \"What is the scale of rating?\"): {SCALE_FORMS}"
                ),
            );
        }
        return None;
    };
    let scale = Scale::parse(&text.value);
    if scale.is_none() {
        let message = if text.value.trim().is_empty() {
            "the scale of this survey is empty".to_string()
        } else {
            format!("`{}` is not a scale accsm can read", text.value)
        };
        push(
            out,
            Code::BadValue,
            text.span,
            message,
            &format!("write the scale as {SCALE_FORMS}"),
        );
    }
    scale
}
