//! Progress updates: each names a programme that exists, is dated inside its plan and not after
//! today, and tells a history that makes sense (nothing completed before it started, no status
//! going back without a word); a programme past its timeline and still planned is overdue.

use super::budget::check_currency;
use super::plans::{PlanIndex, resolve_plan_in};
use super::resolve;
use crate::dates::PartialDate;
use crate::diag::{Code, Diagnostic};
use crate::hash::FastMap;
use crate::lookup::Catalog;
use crate::model::{
    Dataset, Histories, Plan, Programme, ProgressUpdate, RefKind, Status, UpdateFacts,
};

/// The rules that join the updates to their programmes: each names a programme that exists and
/// was not completed before its timeline began; each programme's history makes sense; and a
/// programme past its timeline is not still planned.
pub(super) fn check_histories<U: UpdateFacts>(
    plans: &PlanIndex<'_>,
    catalog: &Catalog<'_>,
    programmes: &ByNumber<'_>,
    in_order: &[&Programme],
    updates: &[&U],
    out: &mut Vec<Diagnostic>,
) {
    let today = crate::dates::today();
    let histories = Histories::new(updates.iter().copied());
    // The updates of each programme number, the programme looked up once for them all.
    for (plan_id, number, history) in histories.iter() {
        let Some(plan) = plans.get(plan_id) else {
            continue;
        };
        let programme = programmes.get(&(plan_id, number)).copied();
        for u in history {
            check_programme_of(catalog, programmes, plan, programme, *u, out);
        }
    }
    for p in in_order {
        let history = histories.of(&p.plan.value, p.number.value);
        check_history(history, out);
        if let Some(plan) = plans.get(&p.plan.value) {
            check_overdue(p, plan, history, today, out);
        }
    }
}

/// The programmes by plan and number (the last of a number given twice).
pub(super) type ByNumber<'a> = FastMap<(&'a str, i64), &'a Programme>;

/// The first and last year of a programme's timeline in its plan (none for TBC or no timeline).
pub fn timeline_years(p: &Programme, plan: &Plan) -> Option<(i64, i64)> {
    let years = p
        .timeline
        .as_ref()?
        .value
        .years(plan.start.value, plan.end.value);
    Some((*years.first()?, *years.last()?))
}

/// The rules about one progress update on its own: its date, numbers, AMS, cost and plan.
pub(super) fn check_update(
    data: &Dataset,
    catalog: &Catalog<'_>,
    u: &ProgressUpdate,
    today: PartialDate,
    out: &mut Vec<Diagnostic>,
) {
    if u.date.value > today {
        out.push(
            Diagnostic::new(
                Code::UpdateInFuture,
                u.date.span,
                format!(
                    "this update is dated {}, after today ({today})",
                    u.date.value
                ),
            )
            .with_help("date an update by the day or month it was given; a plan for later is `status = \"planned\"` now"),
        );
    }
    if let Some(a) = u.participants() {
        if a.value < 0 {
            out.push(
                Diagnostic::new(
                    Code::BadValue,
                    a.span,
                    format!("`participants` is negative ({})", a.value),
                )
                .with_help("write how many people took part, 0 or more"),
            );
        }
    }
    for ams in u.ams() {
        resolve(catalog, ams, &[RefKind::Country], out);
    }
    if let Some(cost) = u.cost() {
        if let Some(a) = &cost.amount {
            if a.value < 0.0 {
                out.push(
                    Diagnostic::new(
                        Code::NegativeAmount,
                        a.span,
                        format!("the actual cost is negative ({})", a.value),
                    )
                    .with_help("write what the programme cost, 0 or more"),
                );
            }
        }
        match (&cost.amount, &cost.currency) {
            (_, Some(c)) => check_currency(catalog, c, out),
            (Some(a), None) => out.push(
                Diagnostic::new(
                    Code::MissingField,
                    a.span,
                    "the actual cost has no `currency`",
                )
                .with_help("add `currency = \"USD\"` (an ISO 4217 code) beside `amount`"),
            ),
            (None, None) => {}
        }
    }
    let Some(plan) = resolve_plan_in(data, catalog, &u.plan, out) else {
        return;
    };
    if u.date.value.year < plan.start.value {
        out.push(
            Diagnostic::new(
                Code::UpdateBeforePlan,
                u.date.span,
                format!(
                    "this update is dated {}, before the plan {} begins ({})",
                    u.date.value, plan.id.value, plan.start.value
                ),
            )
            .with_help(
                "check the date, or whether the update belongs to a programme of an earlier plan",
            ),
        );
    }
}

/// The programme an update names (`programme`, as found) exists, and was not completed before
/// its timeline began.
fn check_programme_of(
    catalog: &Catalog<'_>,
    programmes: &ByNumber<'_>,
    plan: &Plan,
    programme: Option<&Programme>,
    u: &impl UpdateFacts,
    out: &mut Vec<Diagnostic>,
) {
    let Some(p) = programme else {
        if !catalog.withhold("programme") {
            let numbers: Vec<i64> = programmes
                .keys()
                .filter(|(plan_id, _)| *plan_id == plan.id.value.as_str())
                .map(|(_, n)| *n)
                .collect();
            let help = match (numbers.iter().min(), numbers.iter().max()) {
                (Some(lo), Some(hi)) => format!(
                    "the programmes of {} are numbered {lo} to {hi}; `accsm list --plan {}` lists them",
                    plan.id.value, plan.id.value
                ),
                _ => format!("the plan {} has no programmes yet", plan.id.value),
            };
            out.push(
                Diagnostic::new(
                    Code::UpdateUnknownProgramme,
                    u.number().span,
                    format!(
                        "the plan {} has no programme {}",
                        plan.id.value,
                        u.number().value
                    ),
                )
                .with_help(help),
            );
        }
        return;
    };
    if u.status().value == Status::Completed {
        if let Some((first, _)) = timeline_years(p, plan) {
            if u.date().value.year < first {
                out.push(
                    Diagnostic::new(
                        Code::CompletedBeforeStart,
                        u.status().span,
                        format!(
                            "{} is reported completed in {}, before its timeline ({}) begins in {first}",
                            u.programme_id(),
                            u.date().value,
                            p.timeline.as_ref().map_or("", |t| t.value.text.as_str())
                        ),
                    )
                    .with_help("check the date and the status; if the programme was brought forward, say so in `note` and correct its timeline"),
                );
            }
        }
    }
}

/// Statuses that go back without a note, and two updates of one day that disagree.
fn check_history<U: UpdateFacts>(history: &[&U], out: &mut Vec<Diagnostic>) {
    for pair in history.windows(2) {
        let (before, after) = (pair[0], pair[1]);
        if before.date().value == after.date().value
            && before.status().value != after.status().value
        {
            out.push(
                Diagnostic::new(
                    Code::ConflictingUpdates,
                    after.status().span,
                    format!(
                        "two updates of {} dated {} disagree: {} and {}",
                        after.programme_id(),
                        after.date().value,
                        before.status().value.as_str(),
                        after.status().value.as_str()
                    ),
                )
                .with_related(before.status().span, "the other update of that date")
                .with_help("give each update the day it was given, or remove the one that is wrong; accsm cannot tell which is the latest"),
            );
            continue;
        }
        if before.status().value.goes_back_to(after.status().value) && !after.has_note() {
            out.push(
                Diagnostic::new(
                    Code::StatusGoesBack,
                    after.status().span,
                    format!(
                        "{} goes back from {} ({}) to {} ({}) without a note",
                        after.programme_id(),
                        before.status().value.as_str(),
                        before.date().value,
                        after.status().value.as_str(),
                        after.date().value
                    ),
                )
                .with_related(before.status().span, "the earlier status")
                .with_help("add `note = \"…\"` saying why (the programme was reopened, the earlier update was wrong…)"),
            );
        }
    }
}

/// A programme whose timeline ended before this year and whose latest word is still planned.
fn check_overdue<U: UpdateFacts>(
    p: &Programme,
    plan: &Plan,
    history: &[&U],
    today: PartialDate,
    out: &mut Vec<Diagnostic>,
) {
    let Some((_, last)) = timeline_years(p, plan) else {
        return;
    };
    if last >= today.year {
        return;
    }
    let (span, since) = match history.last() {
        Some(u) if u.status().value == Status::Planned => {
            (u.status().span, format!(" (update of {})", u.date().value))
        }
        Some(_) => return,
        None => match &p.status {
            Some(s) if s.value == Status::Planned => (s.span, String::new()),
            _ => return,
        },
    };
    out.push(
        Diagnostic::new(
            Code::ProgrammeOverdue,
            span,
            format!(
                "{}/{} is overdue: its timeline ended in {last} and its latest status is still planned{since}",
                p.plan.value, p.number.value
            ),
        )
        .with_help("add an update saying where it stands (`accsm new update` writes one): ongoing, postponed, cancelled or completed"),
    );
}
