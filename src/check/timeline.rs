//! A programme's timeline against its plan's period.

use crate::diag::{Code, Diagnostic};
use crate::model::{Plan, Programme};

pub(super) fn check_timeline(plan: &Plan, p: &Programme, out: &mut Vec<Diagnostic>) {
    // A programme without one is a note of the reader's (see `load`).
    let Some(timeline) = &p.timeline else {
        return;
    };
    let Some((first, last)) = timeline.value.bounds() else {
        return;
    };
    let (start, end) = (plan.start.value, plan.end.value);
    let period = || format!("{start}-{end}");
    if last < start || first > end {
        out.push(
            Diagnostic::new(
                Code::TimelineOutsidePlan,
                timeline.span,
                format!(
                    "`{}` lies outside the period of `{}` ({})",
                    timeline.value.text,
                    plan.id.value,
                    period()
                ),
            )
            .with_help(
                "correct the year, or move the programme to the plan whose period covers it",
            ),
        );
    } else if first < start || last > end {
        out.push(
            Diagnostic::new(
                Code::TimelinePartlyOutsidePlan,
                timeline.span,
                format!(
                    "`{}` runs outside the period of `{}` ({})",
                    timeline.value.text,
                    plan.id.value,
                    period()
                ),
            )
            .with_help("only the years inside the period count for this plan"),
        );
    }
}
