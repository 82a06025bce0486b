//! Reading `[[return]]` records: one AMS's answers for one reporting year.

use toml::de::DeValue;

use super::read::{Ctx, Record, type_name};
use crate::diag::{Code, Diagnostic};
use crate::model::{Answer, Project, Return, Round, Survey, Text};
use crate::source::Spanned;

const RETURN_KEYS: &[&str] = &[
    "plan",
    "country",
    "year",
    "round",
    "submitted",
    "focal_point",
    "data_source",
    "definitions",
    "narrative",
    "answers",
    "note",
];
const ANSWER_KEYS: &[&str] = &[
    "yes",
    "count",
    "total",
    "names",
    "levels",
    "percent",
    "ratings",
    "impact_ratings",
    "per_year",
    "projects",
    "internal",
    "third_party",
    "narrative",
    "note",
];
const PROJECT_KEYS: &[&str] = &["title", "total", "female", "male", "by_country"];
const SURVEY_KEYS: &[&str] = &["rate", "title", "year", "indicators", "scale"];

type Value<'i> = toml::Spanned<DeValue<'i>>;

/// Reads a `{ key = number }` table (periods, levels, years, countries) as ordered pairs.
fn number_table(
    ctx: &mut Ctx<'_>,
    r: &Record<'_, '_>,
    key: &str,
    what: &str,
) -> Vec<(Text, Spanned<i64>)> {
    let Some(v) = r.get_value(key) else {
        return Vec::new();
    };
    let DeValue::Table(t) = v.get_ref() else {
        ctx.push(
            Diagnostic::new(
                Code::WrongType,
                ctx.span(v.span()),
                format!("`{key}` should be a table of {what}"),
            )
            .with_help(format!("write it like `{key} = {{ \"2020-2022\" = 4 }}`")),
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    for (k, n) in t.iter() {
        let parsed = match n.get_ref() {
            DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix()).ok(),
            _ => None,
        };
        match parsed {
            Some(value) => out.push((
                ctx.text(k.get_ref(), k.span()),
                Spanned::new(value, ctx.span(n.span())),
            )),
            None => ctx.push(Diagnostic::new(
                Code::WrongType,
                ctx.span(n.span()),
                format!(
                    "each entry of `{key}` should be a whole number, found {}",
                    type_name(n.get_ref())
                ),
            )),
        }
    }
    out
}

fn read_survey(ctx: &mut Ctx<'_>, r: &Record<'_, '_>, key: &str) -> Option<Survey> {
    let s = r.sub(ctx, key, "survey result", SURVEY_KEYS)?;
    Some(Survey {
        span: s.span,
        rate: s.opt_number(ctx, "rate"),
        title: s.opt_str(ctx, "title"),
        year: s.opt_int(ctx, "year"),
        indicators: s.str_list(ctx, "indicators"),
        scale: s.opt_str(ctx, "scale"),
    })
}

fn read_answer(ctx: &mut Ctx<'_>, kpi: Text, value: &Value<'_>) -> Option<Answer> {
    let r = Record::open(ctx, value, "KPI answer", ANSWER_KEYS)?;
    // `yes` is one true/false, or a list with one per question (D.1 asks two).
    let yes = match r.get_value("yes").map(|v| v.get_ref()) {
        Some(DeValue::Array(_)) => r.bool_list(ctx, "yes"),
        Some(_) => r.opt_bool(ctx, "yes").into_iter().collect(),
        None => Vec::new(),
    };
    let per_year = number_table(ctx, &r, "per_year", "years and counts")
        .into_iter()
        .filter_map(|(year, n)| match year.value.parse::<i64>() {
            Ok(y) => Some((Spanned::new(y, year.span), n)),
            Err(_) => {
                ctx.push(Diagnostic::new(
                    Code::BadValue,
                    year.span,
                    format!("`{}` is not a year", year.value),
                ));
                None
            }
        })
        .collect();
    let projects = r
        .sub_list(ctx, "projects", "project", PROJECT_KEYS)
        .into_iter()
        .map(|p| Project {
            span: p.span,
            title: p.opt_str(ctx, "title"),
            total: p.opt_int(ctx, "total"),
            female: p.opt_int(ctx, "female"),
            male: p.opt_int(ctx, "male"),
            by_country: number_table(ctx, &p, "by_country", "countries and numbers"),
        })
        .collect();
    Some(Answer {
        span: r.span,
        yes,
        count: r.opt_int(ctx, "count"),
        total: r.opt_int(ctx, "total"),
        names: r.str_list(ctx, "names"),
        levels: number_table(ctx, &r, "levels", "levels and counts"),
        percent: r.opt_number(ctx, "percent"),
        ratings: number_table(ctx, &r, "ratings", "periods and ratings"),
        impact_ratings: number_table(ctx, &r, "impact_ratings", "periods and ratings"),
        per_year,
        projects,
        internal: read_survey(ctx, &r, "internal"),
        third_party: read_survey(ctx, &r, "third_party"),
        narrative: r.opt_str(ctx, "narrative"),
        kpi,
    })
}

/// Reads one `[[return]]` record.
pub fn read_return(ctx: &mut Ctx<'_>, value: &Value<'_>) -> Option<Return> {
    let r = Record::open(ctx, value, "return", RETURN_KEYS)?;
    let plan = r.req_str(ctx, "plan");
    let country = r.req_str(ctx, "country");
    let year = r.req_int(ctx, "year");
    let mut answers = Vec::new();
    if let Some(v) = r.get_value("answers") {
        match v.get_ref() {
            DeValue::Table(t) => {
                for (k, a) in t.iter() {
                    let kpi = ctx.text(k.get_ref(), k.span());
                    answers.extend(read_answer(ctx, kpi, a));
                }
            }
            other => ctx.push(
                Diagnostic::new(
                    Code::WrongType,
                    ctx.span(v.span()),
                    format!(
                        "`answers` should be a table of KPI answers, found {}",
                        type_name(other)
                    ),
                )
                .with_help(
                    "write each answer as a table: [return.answers.\"A.1\"] then yes = true",
                ),
            ),
        }
    }
    Some(Return {
        span: r.span,
        round: r.opt_enum::<Round>(ctx, "round"),
        submitted: r.opt_date(ctx, "submitted"),
        focal_point: r.opt_str(ctx, "focal_point"),
        data_source: r.opt_str(ctx, "data_source"),
        definitions: r.opt_str(ctx, "definitions"),
        narrative: r.opt_str(ctx, "narrative"),
        answers,
        plan: plan?,
        country: country?,
        year: year?,
    })
}
