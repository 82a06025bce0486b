//! Reading plans and their programmes.

use super::read::{Ctx, Record, Value};
use crate::diag::{Code, Diagnostic};
use crate::model::timeline::{TIMELINE_FORMS, Timeline};
use crate::model::{
    AreaKind, Budget, MAX_CLOSEST_WITHIN, Plan, Programme, ProgrammeList, ProgrammeLists, Status,
    Text, Update,
};
use crate::source::Spanned;
use crate::spelling::amounts_in;

pub(super) fn read_plan(ctx: &mut Ctx<'_>, value: &Value<'_>) -> Option<Plan> {
    Record::read(ctx, value, "plan", |ctx, r| {
        let id = r.req_str(ctx, "id");
        let title = r.req_str(ctx, "title");
        let body = r.opt_str(ctx, "body");
        let aliases = r.str_list(ctx, "aliases");
        let area_kind = r.req_enum::<AreaKind>(ctx, "area_kind");
        let framework = r.opt_str(ctx, "framework");
        let start = r.req_int(ctx, "start");
        let end = r.req_int(ctx, "end");
        let follows = r.opt_str(ctx, "follows");
        if let (Some(s), Some(e)) = (&start, &end) {
            check_period(ctx, s, e);
        }
        let year = |ctx: &mut Ctx<'_>, r: &mut Record<'_, '_>, key| {
            let year = r.opt_int(ctx, key);
            plausible_year(ctx, year)
        };
        // Read in the order `accsm fmt` writes them: what explains the baseline beside it.
        let baseline_year = year(ctx, r, "baseline_year");
        let baseline_basis = r.opt_str(ctx, "baseline_basis");
        let baseline_closest_within = closest_within(ctx, r);
        let target_year = year(ctx, r, "target_year");
        let midterm_start = year(ctx, r, "midterm_start");
        let midterm_end = year(ctx, r, "midterm_end");
        Some(Plan {
            span: r.span,
            body,
            aliases,
            baseline_year,
            baseline_basis,
            baseline_closest_within,
            target_year,
            midterm_start,
            midterm_end,
            adopted: r.opt_date(ctx, "adopted"),
            source: r.opt_str(ctx, "source"),
            framework,
            follows,
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
        if let Some(n) = number.as_ref().filter(|n| n.value < 1) {
            ctx.push(
                Diagnostic::new(
                    Code::BadValue,
                    n.span,
                    format!("`{}` is not a programme number: they start at 1", n.value),
                )
                .with_help("write the number the programme has in the published plan: 1, 2, 3…"),
            );
        }
        let title = r.req_str(ctx, "title").map(|t| not_empty(ctx, t, "title"));
        let activities = list(ctx, r, "activities");
        let areas = list(ctx, r, "areas");
        let timeline = read_timeline(ctx, r);
        let budget = r.sub_or_text(ctx, "budget", "budget", budget_as_text, read_budget);
        let coordinators = list(ctx, r, "coordinators");
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
        let fixed = [
            activities,
            areas,
            coordinators,
            list(ctx, r, "partners"),
            list(ctx, r, "partner_organisations"),
            list(ctx, r, "apsc_lines"),
            list(ctx, r, "declarations"),
        ];
        let carried_over = r.opt_bool(ctx, "carried_over").is_some_and(|b| b.value);
        let from = r.opt_str(ctx, "from");
        let status = r.opt_enum::<Status>(ctx, "status");
        let updates = r.sub_list(ctx, "update", "progress update", read_update);
        let note = r.opt_str(ctx, "note");
        // What the programme cites of its plan's results framework, under the keys the
        // framework declares; `check` tells which keys those are.
        let cites = r.other_lists(ctx, "apsc_lines");
        let lists = ProgrammeLists::new(fixed, cites);
        if let Some(title) = &title {
            let blank = Blank {
                timeline: timeline.is_none(),
                areas: lists.get(ProgrammeList::Areas).is_empty(),
                budget: budget.is_none(),
                links: [ProgrammeList::ApscLines, ProgrammeList::Declarations]
                    .iter()
                    .all(|l| lists.get(*l).is_empty())
                    && lists.citations().all(|(_, ids)| ids.is_empty()),
            };
            left_blank(ctx, r, blank, title, number.as_ref());
        }
        Some(Programme {
            span: r.span,
            timeline,
            budget,
            lists,
            carried_over,
            from,
            status,
            updates: updates.into_boxed_slice(),
            note,
            plan: plan?,
            number: number?,
            title: title?,
        })
    })
}

fn read_timeline(ctx: &mut Ctx<'_>, r: &mut Record<'_, '_>) -> Option<Spanned<Timeline>> {
    let t = r.opt_str(ctx, "timeline")?;
    if t.value.trim().is_empty() {
        ctx.push(
            Diagnostic::new(Code::EmptyValue, t.span, "`timeline` is empty").with_help(format!(
                "write {TIMELINE_FORMS}; leave the key out when none is given"
            )),
        );
        return None;
    }
    match Timeline::parse(t.value.clone()) {
        Ok(parsed) => Some(Spanned::new(parsed, t.span)),
        Err(e) => {
            ctx.push(
                Diagnostic::new(Code::BadValue, t.span, e.message).with_help(format!(
                    "write {TIMELINE_FORMS}; leave the key out when none is given"
                )),
            );
            None
        }
    }
}

/// What a programme's reading left empty; the table is looked at only then, to tell a key left
/// out from one given in a form that cannot be read.
struct Blank {
    timeline: bool,
    areas: bool,
    budget: bool,
    links: bool,
}

/// What the plan's matrix has a column for and the programme leaves out: a timeline, an area,
/// a budget, and anything the M&E framework could trace it by. Only keys left out (or given as
/// `[]`) count: one given in a form that cannot be read has its own finding.
fn left_blank(
    ctx: &mut Ctx<'_>,
    r: &Record<'_, '_>,
    blank: Blank,
    title: &Text,
    number: Option<&Spanned<i64>>,
) {
    if !(blank.timeline || blank.areas || blank.budget || blank.links) {
        return;
    }
    let which = number.map_or("this programme".to_string(), |n| {
        format!("programme {}", n.value)
    });
    if blank.timeline && !r.has("timeline") {
        ctx.push(
            Diagnostic::new(
                Code::NoTimeline,
                title.span,
                format!("{which} has no timeline, so it matches no year"),
            )
            .with_help("add `timeline = \"2023\"` (or \"TBC\") once it is known"),
        );
    }
    if blank.areas && r.left_empty("areas") {
        ctx.push(
            Diagnostic::new(
                Code::NoArea,
                title.span,
                format!("{which} is under no priority or thematic area, so it matches no area"),
            )
            .with_help("add the areas it serves, e.g. `areas = [\"PA1\"]`"),
        );
    }
    if blank.budget && !r.has("budget") {
        ctx.push(
            Diagnostic::new(
                Code::NoBudget,
                title.span,
                format!("{which} has no indicative budget"),
            )
            .with_help(
                "add `budget = { text = \"Cost-sharing\", sources = [\"cost-sharing\"] }` (or \
                 `{ text = \"TBC\", tbc = true }`) once it is known",
            ),
        );
    }
    if blank.links
        && ["apsc_lines", "declarations"]
            .iter()
            .all(|key| r.left_empty(key))
    {
        ctx.push(
            Diagnostic::new(
                Code::UnlinkedProgramme,
                title.span,
                format!(
                    "{which} cites no entry of its plan's results framework, APSC action line \
                     or declaration, so the M&E framework cannot trace it"
                ),
            )
            .with_label("linked to nothing the plan is measured by")
            .with_help(
                "add the entries of the plan's results framework it serves, under the keys its \
                 [[framework]] record declares, or the `declarations` that justify it",
            ),
        );
    }
}

/// `value`, after reporting it if it is empty.
fn not_empty(ctx: &mut Ctx<'_>, value: Text, key: &str) -> Text {
    if value.value.trim().is_empty() {
        ctx.push(
            Diagnostic::new(Code::EmptyValue, value.span, format!("`{key}` is empty"))
                .with_help(format!("write the programme's {key}, as the plan gives it")),
        );
    }
    value
}

/// The list `key` of a programme, without its empty entries, which are reported.
fn list(ctx: &mut Ctx<'_>, r: &mut Record<'_, '_>, key: &'static str) -> Box<[Text]> {
    let list = r.str_list(ctx, key);
    if list.iter().all(|t| !t.value.trim().is_empty()) {
        return list;
    }
    let mut kept = Vec::with_capacity(list.len());
    for t in list {
        if t.value.trim().is_empty() {
            ctx.push(
                Diagnostic::new(
                    Code::EmptyValue,
                    t.span,
                    format!("an entry of `{key}` is empty"),
                )
                .with_help("remove the empty entry, or write what it should say"),
            );
        } else {
            kept.push(t);
        }
    }
    kept.into_boxed_slice()
}

/// `budget = "$8,000 USD"`: a budget is a table of its text and amounts.
fn budget_as_text(ctx: &mut Ctx<'_>, text: Text) {
    let written = text.value.as_str();
    let amounts = amounts_in(written);
    let currencies: Vec<&str> = written
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() == 3 && w.bytes().all(|b| b.is_ascii_uppercase()))
        .collect();
    let quoted = crate::escape::toml_string(written);
    let example = match (amounts.as_slice(), currencies.as_slice()) {
        ([(_, amount)], [currency]) => {
            format!("budget = {{ text = {quoted}, amount = {amount}, currency = \"{currency}\" }}")
        }
        _ => format!("budget = {{ text = {quoted} }}"),
    };
    ctx.push(
        Diagnostic::new(
            Code::WrongType,
            text.span,
            "a budget is a table of its text and amounts, not a text alone",
        )
        .with_help(format!("write `{example}`")),
    );
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
