//! Reading `[[return]]` records: one AMS's answers for one reporting year.

use super::read::{Ctx, Record, Value};
use crate::diag::{Code, Diagnostic};
use crate::model::{Answer, Project, Return, Round, Survey, Text};
use crate::source::Spanned;

/// Reads one `[[return]]` record.
pub(super) fn read_return(ctx: &mut Ctx<'_>, value: &Value<'_>) -> Option<Return> {
    Record::read(ctx, value, "return", |ctx, r| {
        let plan = r.req_str(ctx, "plan");
        let country = r.req_str(ctx, "country");
        let year = r.req_int(ctx, "year");
        Some(Return {
            span: r.span,
            round: r.opt_enum::<Round>(ctx, "round"),
            submitted: r.opt_date(ctx, "submitted"),
            focal_point: r.opt_str(ctx, "focal_point"),
            data_source: r.opt_str(ctx, "data_source"),
            definitions: r.opt_str(ctx, "definitions"),
            narrative: r.opt_str(ctx, "narrative"),
            answers: r.sub_table(
                ctx,
                "answers",
                "KPI answer",
                "write each answer as a table: [return.answers.\"A.1\"] then yes = true",
                read_answer,
            ),
            note: r.opt_str(ctx, "note"),
            plan: plan?,
            country: country?,
            year: year?,
        })
    })
}

fn read_answer(ctx: &mut Ctx<'_>, kpi: Text, r: &mut Record<'_, '_>) -> Option<Answer> {
    // `yes` is one true/false, or a list with one per question (D.1 asks two).
    let yes = r.bools(ctx, "yes");
    let count = r.opt_int(ctx, "count");
    let total = r.opt_int(ctx, "total");
    let names = r.str_list(ctx, "names");
    let levels = r.int_table(ctx, "levels", "levels and counts");
    let percent = r.opt_number(ctx, "percent");
    let ratings = r.int_table(ctx, "ratings", "periods and ratings");
    let impact_ratings = r.int_table(ctx, "impact_ratings", "periods and ratings");
    let per_year = years(ctx, r, "per_year");
    let revises = years(ctx, r, "revises");
    let projects = r.sub_list(ctx, "projects", "project", |ctx, p| {
        Some(Project {
            span: p.span,
            title: p.opt_str(ctx, "title"),
            total: p.opt_int(ctx, "total"),
            female: p.opt_int(ctx, "female"),
            male: p.opt_int(ctx, "male"),
            by_country: p.int_table(ctx, "by_country", "countries and numbers"),
        })
    });
    Some(Answer {
        span: r.span,
        yes,
        count,
        total,
        names,
        levels,
        percent,
        ratings,
        impact_ratings,
        per_year,
        revises,
        projects,
        internal: r.sub(ctx, "internal", "survey result", read_survey),
        third_party: r.sub(ctx, "third_party", "survey result", read_survey),
        narrative: r.opt_str(ctx, "narrative"),
        note: r.opt_str(ctx, "note"),
        kpi,
    })
}

/// A `{ year = whole number }` table (`per_year`, `revises`), years read as numbers.
fn years(
    ctx: &mut Ctx<'_>,
    r: &mut Record<'_, '_>,
    key: &'static str,
) -> Vec<(Spanned<i64>, Spanned<i64>)> {
    r.int_table(ctx, key, "years and counts")
        .into_iter()
        .filter_map(|(year, n)| match year.value.trim().parse::<i64>() {
            Ok(y) => Some((Spanned::new(y, year.span), n)),
            Err(_) => {
                ctx.push(
                    Diagnostic::new(
                        Code::BadValue,
                        year.span,
                        format!("`{}` is not a year", year.value),
                    )
                    .with_help(format!(
                        "write the year as a number: {key} = {{ 2023 = 4 }}"
                    )),
                );
                None
            }
        })
        .collect()
}

fn read_survey(ctx: &mut Ctx<'_>, s: &mut Record<'_, '_>) -> Option<Survey> {
    Some(Survey {
        span: s.span,
        rate: s.opt_number(ctx, "rate"),
        title: s.opt_str(ctx, "title"),
        year: s.opt_int(ctx, "year"),
        indicators: s.str_list(ctx, "indicators"),
        scale: s.opt_str(ctx, "scale"),
    })
}
