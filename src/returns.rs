//! KPI returns: one member state's answers to the data-collection template for one reporting year
//! (e.g. `returns/IDN/2021.toml`), read from a `[[return]]` table, and the rules that check them
//! against the KPI framework.

use std::collections::{BTreeMap, HashMap};

use toml::de::DeValue;

use crate::diag::{Code, Diagnostic};
use crate::model::{AnswerKind, Dataset, Kpi, RefKind, Text};
use crate::refs::Catalog;
use crate::schema::{Ctx, Record};
use crate::source::{Span, Spanned};
use crate::text::did_you_mean;

pub const ROUNDS: &[&str] = &["baseline", "mid-term", "annual", "target"];

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

/// A survey result (KPI E.3).
#[derive(Clone, Debug)]
pub struct Survey {
    pub span: Span,
    pub rate: Option<Spanned<f64>>,
    pub title: Option<Text>,
    pub year: Option<Spanned<i64>>,
    pub indicators: Box<[Text]>,
    pub scale: Option<Text>,
}

/// Participants of one project (KPI D.2.1).
#[derive(Clone, Debug)]
pub struct Project {
    pub span: Span,
    pub title: Option<Text>,
    pub total: Option<Spanned<i64>>,
    pub female: Option<Spanned<i64>>,
    pub male: Option<Spanned<i64>>,
    pub by_country: Vec<(Text, Spanned<i64>)>,
}

/// The answer to one KPI. Which fields are filled says which form the answer takes; the rules
/// check that the form fits the KPI's answer kind.
#[derive(Clone, Debug)]
pub struct Answer {
    pub span: Span,
    pub kpi: Text,
    pub yes: Vec<Spanned<bool>>,
    pub count: Option<Spanned<i64>>,
    pub total: Option<Spanned<i64>>,
    pub names: Box<[Text]>,
    pub levels: Vec<(Text, Spanned<i64>)>,
    pub percent: Option<Spanned<f64>>,
    pub ratings: Vec<(Text, Spanned<i64>)>,
    pub impact_ratings: Vec<(Text, Spanned<i64>)>,
    pub per_year: Vec<(Spanned<i64>, Spanned<i64>)>,
    pub projects: Vec<Project>,
    pub internal: Option<Survey>,
    pub third_party: Option<Survey>,
    pub narrative: Option<Text>,
}

impl Answer {
    /// The answer kinds whose fields this answer uses.
    pub fn forms(&self) -> Vec<AnswerKind> {
        let mut kinds = Vec::new();
        if !self.yes.is_empty() {
            kinds.push(AnswerKind::YesNo);
        }
        if self.count.is_some() || self.total.is_some() || !self.levels.is_empty() {
            kinds.push(AnswerKind::Count);
        }
        if self.percent.is_some() {
            kinds.push(AnswerKind::Percentage);
        }
        if !self.ratings.is_empty() || !self.impact_ratings.is_empty() {
            kinds.push(AnswerKind::Rating);
        }
        if !self.per_year.is_empty() {
            kinds.push(AnswerKind::CountPerYear);
        }
        if !self.projects.is_empty() {
            kinds.push(AnswerKind::Participants);
        }
        if self.internal.is_some() || self.third_party.is_some() {
            kinds.push(AnswerKind::Survey);
        }
        kinds
    }

    /// The count, summing the levels (national, provincial) when no overall count is given.
    pub fn effective_count(&self) -> Option<i64> {
        self.count.as_ref().map(|c| c.value).or_else(|| {
            (!self.levels.is_empty()).then(|| self.levels.iter().map(|(_, n)| n.value).sum())
        })
    }
}

/// One AMS's return for one year.
#[derive(Clone, Debug)]
pub struct Return {
    pub span: Span,
    pub plan: Text,
    pub country: Text,
    pub year: Spanned<i64>,
    pub round: Option<Spanned<&'static str>>,
    pub submitted: Option<Text>,
    pub focal_point: Option<Text>,
    pub data_source: Option<Text>,
    pub definitions: Option<Text>,
    pub narrative: Option<Text>,
    pub answers: Vec<Answer>,
}

impl Return {
    pub fn answer(&self, kpi: &str) -> Option<&Answer> {
        self.answers.iter().find(|a| a.kpi.value == kpi)
    }
}

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
                    crate::schema::type_name(n.get_ref())
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
                        crate::schema::type_name(other)
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
        round: r.opt_choice(ctx, "round", ROUNDS),
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
        let plan = crate::validate::resolve_plan(data, &ret.plan, out);
        let (country, finding) = catalog.resolve(&ret.country, &[RefKind::Country]);
        out.extend(finding);
        if let Some(c) = country {
            if !c.is_ams() {
                push(
                    out,
                    Code::ReturnNotAms,
                    ret.country.span,
                    format!(
                        "KPI returns come from ASEAN Member States; {} is not one",
                        c.display_name()
                    ),
                    "use the id of one of the ten AMS",
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
        if let Some(plan) = plan {
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

fn check_answer(kpi: &Kpi, a: &Answer, out: &mut Vec<Diagnostic>) {
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
        return;
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
    if let (Some(count), Some(total)) = (a.effective_count(), &a.total) {
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
    if kind == AnswerKind::YesNo
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
    if let Some(count) = a.effective_count() {
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
    for p in &a.projects {
        check_project(p, out);
    }
    for s in [&a.internal, &a.third_party].into_iter().flatten() {
        if let Some(rate) = &s.rate {
            non_negative(out, rate, "a satisfaction rate");
        }
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
        if f.value + m.value != total.value {
            out.push(
                Diagnostic::new(
                    Code::BreakdownMismatch,
                    total.span,
                    format!(
                        "female ({}) and male ({}) add up to {}, not the total {}",
                        f.value,
                        m.value,
                        f.value + m.value,
                        total.value
                    ),
                )
                .with_help("the gender breakdown should sum to the total"),
            );
        }
    }
    if !p.by_country.is_empty() {
        let sum: i64 = p.by_country.iter().map(|(_, n)| n.value).sum();
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

/// Which years each AMS has returned, for coverage reports: country id → year → return.
pub fn by_country_and_year(data: &Dataset) -> BTreeMap<&str, BTreeMap<i64, &Return>> {
    let mut map: BTreeMap<&str, BTreeMap<i64, &Return>> = BTreeMap::new();
    for r in &data.returns {
        map.entry(r.country.value.as_str())
            .or_default()
            .insert(r.year.value, r);
    }
    map
}
