//! Reading plans and their programmes.

use super::read::{Ctx, Record, Value};
use crate::diag::{Code, Diagnostic};
use crate::model::timeline::{TIMELINE_FORMS, Timeline};
use crate::model::{
    AreaKind, Budget, MAX_CLOSEST_WITHIN, Plan, Programme, ProgrammeLists, Status, Update,
};
use crate::source::Spanned;

pub(super) fn read_plan(ctx: &mut Ctx<'_>, value: &Value<'_>) -> Option<Plan> {
    Record::read(ctx, value, "plan", |ctx, r| {
        let id = r.req_str(ctx, "id");
        let title = r.req_str(ctx, "title");
        let body = r.opt_str(ctx, "body");
        let area_kind = r.req_enum::<AreaKind>(ctx, "area_kind");
        let start = r.req_int(ctx, "start");
        let end = r.req_int(ctx, "end");
        if let (Some(s), Some(e)) = (&start, &end) {
            check_period(ctx, s, e);
        }
        let mut year = |ctx: &mut Ctx<'_>, key| {
            let year = r.opt_int(ctx, key);
            plausible_year(ctx, year)
        };
        let baseline_year = year(ctx, "baseline_year");
        let target_year = year(ctx, "target_year");
        let midterm_start = year(ctx, "midterm_start");
        let midterm_end = year(ctx, "midterm_end");
        Some(Plan {
            span: r.span,
            body,
            baseline_year,
            baseline_basis: r.opt_str(ctx, "baseline_basis"),
            baseline_closest_within: closest_within(ctx, r),
            target_year,
            midterm_start,
            midterm_end,
            adopted: r.opt_date(ctx, "adopted"),
            source: r.opt_str(ctx, "source"),
            relevant_measures: r.str_list(ctx, "relevant_measures"),
            relevant_apsc_lines: r.str_list(ctx, "relevant_apsc_lines"),
            note: r.opt_str(ctx, "note"),
            id: id?,
            title: title?,
            area_kind: area_kind?,
            start: start?,
            end: end?,
        })
    })
}

/// The years a plan's reports loop over are read only when plausible: `midterm_start =
/// -10000000` would make `accsm returns` lay out ten million columns.
const PLAUSIBLE_YEARS: std::ops::RangeInclusive<i64> = 1900..=2200;

fn plausible_year(ctx: &mut Ctx<'_>, year: Option<Spanned<i64>>) -> Option<Spanned<i64>> {
    let year = year?;
    if PLAUSIBLE_YEARS.contains(&year.value) {
        return Some(year);
    }
    ctx.push(
        Diagnostic::new(
            Code::BadValue,
            year.span,
            format!("{} is not a plausible year", year.value),
        )
        .with_help("write a four-digit year near the plan's period, e.g. 2022"),
    );
    None
}

/// `baseline_closest_within`: how many years either side of the baseline year may stand in for
/// it, 0 to [`MAX_CLOSEST_WITHIN`].
fn closest_within(ctx: &mut Ctx<'_>, r: &mut Record<'_, '_>) -> Option<Spanned<i64>> {
    let within = r.opt_int(ctx, "baseline_closest_within")?;
    if (0..=MAX_CLOSEST_WITHIN).contains(&within.value) {
        return Some(within);
    }
    ctx.push(
        Diagnostic::new(
            Code::BadValue,
            within.span,
            format!(
                "a baseline may come from a year up to {MAX_CLOSEST_WITHIN} years from the baseline year, not {}",
                within.value
            ),
        )
        .with_help("write 0 (the baseline year only), 1 (guideline ii of the template: a year either side) up to 3"),
    );
    None
}

fn check_period(ctx: &mut Ctx<'_>, s: &Spanned<i64>, e: &Spanned<i64>) {
    if !PLAUSIBLE_YEARS.contains(&s.value) || !PLAUSIBLE_YEARS.contains(&e.value) {
        ctx.push(
            Diagnostic::new(
                Code::BadValue,
                s.span,
                format!("a plan period of {}-{} is not plausible", s.value, e.value),
            )
            .with_help("write the first and last year of the plan, e.g. start = 2021, end = 2025"),
        );
    } else if s.value > e.value {
        ctx.push(Diagnostic::new(
            Code::BadValue,
            e.span,
            format!("the plan ends ({}) before it starts ({})", e.value, s.value),
        ));
    }
}

pub(super) fn read_programme(ctx: &mut Ctx<'_>, value: &Value<'_>) -> Option<Programme> {
    Record::read(ctx, value, "programme", |ctx, r| {
        let plan = r.req_str(ctx, "plan");
        let number = r.req_int(ctx, "number");
        let title = r.req_str(ctx, "title");
        let activities = r.str_list(ctx, "activities");
        let areas = r.str_list(ctx, "areas");
        let timeline =
            r.opt_str(ctx, "timeline")
                .and_then(|t| match Timeline::parse(t.value.clone()) {
                    Ok(parsed) => Some(Spanned::new(parsed, t.span)),
                    Err(e) => {
                        ctx.push(
                            Diagnostic::new(Code::BadValue, t.span, e.message).with_help(format!(
                                "write {TIMELINE_FORMS}; leave the key out when none is given"
                            )),
                        );
                        None
                    }
                });
        let budget = r.sub(ctx, "budget", "budget", read_budget);
        let coordinators = r.str_list(ctx, "coordinators");
        if coordinators.is_empty() && r.require(ctx, "coordinators", "[\"IDN\"]") {
            ctx.push(
                Diagnostic::new(
                    Code::MissingField,
                    r.span,
                    "this programme has no coordinator",
                )
                .with_help("name at least one country coordinator, e.g. coordinators = [\"IDN\"]"),
            );
        }
        // In `ProgrammeList` order.
        let lists = ProgrammeLists::new([
            activities,
            areas,
            coordinators,
            r.str_list(ctx, "partners"),
            r.str_list(ctx, "partner_organisations"),
            r.str_list(ctx, "kras"),
            r.str_list(ctx, "measures"),
            r.str_list(ctx, "apsc_lines"),
            r.str_list(ctx, "declarations"),
        ]);
        let carried_over = r.opt_bool(ctx, "carried_over").is_some_and(|b| b.value);
        let status = r.opt_enum::<Status>(ctx, "status");
        let updates = r.sub_list(ctx, "update", "progress update", read_update);
        Some(Programme {
            span: r.span,
            timeline,
            budget,
            lists,
            carried_over,
            status,
            updates: updates.into_boxed_slice(),
            note: r.opt_str(ctx, "note"),
            plan: plan?,
            number: number?,
            title: title?,
        })
    })
}

fn read_budget(ctx: &mut Ctx<'_>, b: &mut Record<'_, '_>) -> Option<Budget> {
    Some(Budget {
        span: Some(b.span),
        text: b.opt_str(ctx, "text"),
        amount: b.opt_number(ctx, "amount"),
        currency: b.opt_str(ctx, "currency"),
        local_amount: b.opt_number(ctx, "local_amount"),
        local_currency: b.opt_str(ctx, "local_currency"),
        sources: b.str_list(ctx, "sources"),
        funded_by: b.opt_str(ctx, "funded_by"),
        tbc: b.opt_bool(ctx, "tbc").is_some_and(|t| t.value),
    })
}

fn read_update(ctx: &mut Ctx<'_>, u: &mut Record<'_, '_>) -> Option<Update> {
    let date = u.opt_date(ctx, "date");
    let text = u.req_str(ctx, "text");
    Some(Update {
        span: u.span,
        date,
        text: text?,
    })
}
