//! The KPI returns, their figures and their words, in long form.

use std::borrow::Cow;

use super::columns::{
    Catalogue, Column, Def, Row, index, key, opt_name, opt_text, own, source, text,
};
use super::spec::{Cell, FieldType::*};
use crate::model::{Answer, RefKind, Return, Survey, Text, closed_set};
use crate::source::{Span, Spanned};

pub(super) fn declare<'x>(c: &mut Catalogue<'x>) {
    c.add(returns());
    c.add(figures());
    c.add(texts());
}

fn returns<'x>() -> Def<'x, Row<'x, Return>> {
    Def::new(
        "return",
        "KPI returns: one AMS's return for one year, by plan, AMS name and year.",
        |run| {
            run.returns.iter().map(move |r| Row {
                run,
                of: *r,
                item: (),
            })
        },
    )
    .columns([
        key("return", "plan", "the plan (id)", |r: &Row<Return>| {
            text(&r.of.plan)
        }),
        key("return", "country", "the AMS (id)", |r| text(&r.of.country)),
        own("country_name", Text, false, "name of the AMS", |r| {
            r.run.name(&[RefKind::Country], &r.of.country.value)
        }),
        key("return", "year", "the reporting year", |r| {
            Cell::Int(r.of.year.value)
        }),
        key("return", "round", "round of data collection", |r| {
            opt_name(&r.of.round)
        }),
        key("return", "submitted", "when it was submitted", |r| {
            opt_text(&r.of.submitted)
        }),
        key("return", "focal_point", "focal point", |r| {
            opt_text(&r.of.focal_point)
        }),
        key("return", "data_source", "where the data come from", |r| {
            opt_text(&r.of.data_source)
        }),
        key("return", "definitions", "definitions used", |r| {
            opt_text(&r.of.definitions)
        }),
        key("return", "narrative", "narrative", |r| {
            opt_text(&r.of.narrative)
        }),
        key("return", "note", "note", |r| opt_text(&r.of.note)),
        source(),
    ])
    .covers("return", &["answers"])
    .primary_key(&["plan", "country", "year"])
    .foreign_key(&["plan"], "plan", &["id"])
    .foreign_key(&["country"], "country", &["id"])
}

closed_set! {
    /// The keys of a return's answer that hold figures, as `return_answer.field` names them.
    pub enum Figure {
        Yes = "yes",
        Count = "count",
        Total = "total",
        Levels = "levels",
        Percent = "percent",
        Ratings = "ratings",
        ImpactRatings = "impact_ratings",
        PerYear = "per_year",
        Revises = "revises",
        ProjectTotal = "projects.total",
        ProjectFemale = "projects.female",
        ProjectMale = "projects.male",
        ProjectByCountry = "projects.by_country",
        InternalRate = "internal.rate",
        InternalYear = "internal.year",
        ThirdPartyRate = "third_party.rate",
        ThirdPartyYear = "third_party.year",
    }
}

/// What a figure counts.
enum Unit {
    YesNo,
    Count,
    Percent,
    /// On the KPI's scale.
    Rating,
    Participants,
    /// Of a survey, on its scale.
    Rate,
    Year,
}

impl Figure {
    /// The record of the files it is written in, and its key there.
    fn key(self) -> (&'static str, &'static str) {
        use Figure::*;
        match self {
            Yes => ("KPI answer", "yes"),
            Count => ("KPI answer", "count"),
            Total => ("KPI answer", "total"),
            Levels => ("KPI answer", "levels"),
            Percent => ("KPI answer", "percent"),
            Ratings => ("KPI answer", "ratings"),
            ImpactRatings => ("KPI answer", "impact_ratings"),
            PerYear => ("KPI answer", "per_year"),
            Revises => ("KPI answer", "revises"),
            ProjectTotal => ("project", "total"),
            ProjectFemale => ("project", "female"),
            ProjectMale => ("project", "male"),
            ProjectByCountry => ("project", "by_country"),
            InternalRate | ThirdPartyRate => ("survey result", "rate"),
            InternalYear | ThirdPartyYear => ("survey result", "year"),
        }
    }

    fn unit(self) -> Unit {
        use Figure::*;
        match self {
            Yes => Unit::YesNo,
            // A revision corrects an earlier year's figure, so it is in that figure's unit.
            Count | Total | Levels | PerYear | Revises => Unit::Count,
            Percent => Unit::Percent,
            Ratings | ImpactRatings => Unit::Rating,
            ProjectTotal | ProjectFemale | ProjectMale | ProjectByCountry => Unit::Participants,
            InternalRate | ThirdPartyRate => Unit::Rate,
            InternalYear | ThirdPartyYear => Unit::Year,
        }
    }
}

/// A row of an answer's table: a figure or a text of one answer.
trait OfAnswer {
    fn answer(&self) -> &Answer;
}

type Of<'x, T> = Row<'x, Return, T>;

/// One figure of an answer.
struct Fig<'x> {
    answer: &'x Answer,
    field: Figure,
    /// For yes: the question answered.
    question: Option<usize>,
    /// What the figure is of: a level, a rating period, a year, a country.
    part: Cell<'x>,
    /// For projects: which.
    project: Option<usize>,
    value: Cell<'x>,
    span: Span,
}

fn figures<'x>() -> Def<'x, Of<'x, Fig<'x>>> {
    answer_table(
        "return_answer",
        "Every figure of the KPI returns, one row each (long form), by plan, AMS name, year and \
         KPI.",
        figures_of,
        Figure::ALL.iter().map(|f| f.key()),
    )
    .columns([
        own(
            "question",
            Integer,
            false,
            "for yes: the number of the KPI question answered (see kpi_question)",
            |r: &Of<Fig>| r.item.question.map_or(Cell::Null, index),
        ),
        own(
            "field",
            OneOf(Figure::NAMES),
            true,
            "the key of the return the figure is written under",
            |r| Cell::text(r.item.field.as_str()),
        ),
        own(
            "part",
            Text,
            false,
            "what the figure is of: a level (national…), a rating period (2020-2022), a year, a \
             country (projects.by_country)",
            |r| r.item.part.clone(),
        ),
        own(
            "project",
            Integer,
            false,
            "for projects: 1 for the first project of the answer, 2…",
            |r| r.item.project.map_or(Cell::Null, index),
        ),
        own(
            "value",
            Number,
            true,
            "the figure; for yes: 1 = yes, 0 = no",
            |r| r.item.value.clone(),
        ),
        own(
            "unit",
            Text,
            true,
            "yes-no, count, percent, rating-LOW-HIGH (the KPI's scale), participants, rate (of \
             a survey, on its scale), year",
            unit,
        ),
        own(
            "source",
            Text,
            true,
            "file:line the record was read from, relative to the repository",
            |r| r.run.locate(r.item.span),
        ),
    ])
    .covers("KPI answer", &["projects", "internal", "third_party"])
}

fn unit<'r>(r: &'r Of<Fig>) -> Cell<'r> {
    let unit = match r.item.field.unit() {
        Unit::YesNo => "yes-no",
        Unit::Count => "count",
        Unit::Percent => "percent",
        Unit::Rating => {
            let kpi = r.run.kpi(&r.of.plan.value, &r.item.answer.kpi.value);
            return match kpi.map(|k| &k.scale[..]) {
                Some([low, high]) => {
                    Cell::Text(Cow::Owned(format!("rating-{}-{}", low.value, high.value)))
                }
                _ => Cell::text("rating"),
            };
        }
        Unit::Participants => "participants",
        Unit::Rate => "rate",
        Unit::Year => "year",
    };
    Cell::text(unit)
}

/// The figures of an answer, in the order of its keys; a project's, and a survey's, together.
fn figures_of(a: &Answer) -> Vec<Fig<'_>> {
    let mut figures = Vec::new();
    let fig = |field, part, project, value, span| Fig {
        answer: a,
        field,
        question: None,
        part,
        project,
        value,
        span,
    };
    let count = |n: &Spanned<i64>| Cell::Int(n.value);
    for (i, yes) in a.yes.iter().enumerate() {
        let value = Cell::Int(i64::from(yes.value));
        let question = Some(i);
        figures.push(Fig {
            question,
            ..fig(Figure::Yes, Cell::Null, None, value, yes.span)
        });
    }
    for (field, n) in [(Figure::Count, &a.count), (Figure::Total, &a.total)] {
        if let Some(n) = n {
            figures.push(fig(field, Cell::Null, None, count(n), n.span));
        }
    }
    for (level, n) in &a.levels {
        figures.push(fig(Figure::Levels, text(level), None, count(n), n.span));
    }
    if let Some(p) = &a.percent {
        let value = Cell::Number(p.value);
        figures.push(fig(Figure::Percent, Cell::Null, None, value, p.span));
    }
    let ratings = [
        (Figure::Ratings, &a.ratings),
        (Figure::ImpactRatings, &a.impact_ratings),
    ];
    for (field, ratings) in ratings {
        for (period, n) in ratings {
            figures.push(fig(field, text(period), None, count(n), n.span));
        }
    }
    for (field, years) in [
        (Figure::PerYear, &a.per_year),
        (Figure::Revises, &a.revises),
    ] {
        for (year, n) in years {
            let part = Cell::Text(Cow::Owned(year.value.to_string()));
            figures.push(fig(field, part, None, count(n), n.span));
        }
    }
    for (j, p) in a.projects.iter().enumerate() {
        let people = [
            (Figure::ProjectTotal, &p.total),
            (Figure::ProjectFemale, &p.female),
            (Figure::ProjectMale, &p.male),
        ];
        for (field, n) in people {
            if let Some(n) = n {
                figures.push(fig(field, Cell::Null, Some(j), count(n), n.span));
            }
        }
        for (country, n) in &p.by_country {
            let field = Figure::ProjectByCountry;
            figures.push(fig(field, text(country), Some(j), count(n), n.span));
        }
    }
    let surveys = [
        (Figure::InternalRate, Figure::InternalYear, &a.internal),
        (
            Figure::ThirdPartyRate,
            Figure::ThirdPartyYear,
            &a.third_party,
        ),
    ];
    for (rate, year, survey) in surveys {
        let Some(survey) = survey else { continue };
        if let Some(n) = &survey.rate {
            figures.push(fig(rate, Cell::Null, None, Cell::Number(n.value), n.span));
        }
        if let Some(n) = &survey.year {
            figures.push(fig(year, Cell::Null, None, count(n), n.span));
        }
    }
    figures
}

closed_set! {
    /// The keys of a return's answer that hold text, as `return_text.field` names them.
    pub enum Said {
        Names = "names",
        Narrative = "narrative",
        Note = "note",
        ProjectTitle = "projects.title",
        InternalTitle = "internal.title",
        InternalIndicators = "internal.indicators",
        InternalScale = "internal.scale",
        ThirdPartyTitle = "third_party.title",
        ThirdPartyIndicators = "third_party.indicators",
        ThirdPartyScale = "third_party.scale",
    }
}

impl Said {
    /// The record of the files it is written in, and its key there.
    fn key(self) -> (&'static str, &'static str) {
        use Said::*;
        match self {
            Names => ("KPI answer", "names"),
            Narrative => ("KPI answer", "narrative"),
            Note => ("KPI answer", "note"),
            ProjectTitle => ("project", "title"),
            InternalTitle | ThirdPartyTitle => ("survey result", "title"),
            InternalIndicators | ThirdPartyIndicators => ("survey result", "indicators"),
            InternalScale | ThirdPartyScale => ("survey result", "scale"),
        }
    }
}

/// One text of an answer: under which key, for which project, at which place in a list.
struct Words<'x> {
    answer: &'x Answer,
    field: Said,
    project: Option<usize>,
    position: Option<usize>,
    text: &'x Text,
}

fn texts<'x>() -> Def<'x, Of<'x, Words<'x>>> {
    answer_table(
        "return_text",
        "The text of the KPI returns' answers (names, titles, narratives), one row each.",
        texts_of,
        Said::ALL.iter().map(|f| f.key()),
    )
    .columns([
        own(
            "field",
            OneOf(Said::NAMES),
            true,
            "the key of the return the text is written under",
            |r: &Of<Words>| Cell::text(r.item.field.as_str()),
        ),
        own(
            "project",
            Integer,
            false,
            "for projects: 1 for the first project of the answer, 2…",
            |r| r.item.project.map_or(Cell::Null, index),
        ),
        own(
            "position",
            Integer,
            false,
            "for lists (names, indicators): 1 for the first entry, 2…",
            |r| r.item.position.map_or(Cell::Null, index),
        ),
        own("text", Text, true, "the text", |r| text(r.item.text)),
        own(
            "source",
            Text,
            true,
            "file:line the record was read from, relative to the repository",
            |r| r.run.locate(r.item.text.span),
        ),
    ])
}

/// The texts of an answer, in the order of its keys.
fn texts_of(a: &Answer) -> Vec<Words<'_>> {
    let mut words = Vec::new();
    let mut push = |field, project, position, text| {
        words.push(Words {
            answer: a,
            field,
            project,
            position,
            text,
        });
    };
    for (i, name) in a.names.iter().enumerate() {
        push(Said::Names, None, Some(i), name);
    }
    for (j, p) in a.projects.iter().enumerate() {
        if let Some(title) = &p.title {
            push(Said::ProjectTitle, Some(j), None, title);
        }
    }
    let surveys: [(Said, Said, Said, &Option<Survey>); 2] = [
        (
            Said::InternalTitle,
            Said::InternalIndicators,
            Said::InternalScale,
            &a.internal,
        ),
        (
            Said::ThirdPartyTitle,
            Said::ThirdPartyIndicators,
            Said::ThirdPartyScale,
            &a.third_party,
        ),
    ];
    for (title, indicators, scale, survey) in surveys {
        let Some(survey) = survey else { continue };
        if let Some(t) = &survey.title {
            push(title, None, None, t);
        }
        for (i, indicator) in survey.indicators.iter().enumerate() {
            push(indicators, None, Some(i), indicator);
        }
        if let Some(t) = &survey.scale {
            push(scale, None, None, t);
        }
    }
    for (field, t) in [(Said::Narrative, &a.narrative), (Said::Note, &a.note)] {
        if let Some(t) = t {
            push(field, None, None, t);
        }
    }
    words
}

impl OfAnswer for Fig<'_> {
    fn answer(&self) -> &Answer {
        self.answer
    }
}

impl OfAnswer for Words<'_> {
    fn answer(&self) -> &Answer {
        self.answer
    }
}

/// A table of the parts of every answer of every return, one row each (`parts_of` gives an
/// answer's, in order): named by the answer's return and KPI ([`answer_key`], as foreign keys
/// of the tables `return` and `kpi`), and carrying the keys `covers` of the files.
fn answer_table<'x, T: OfAnswer + 'x>(
    name: &'static str,
    description: &'static str,
    parts_of: fn(&'x Answer) -> Vec<T>,
    covers: impl IntoIterator<Item = (&'static str, &'static str)>,
) -> Def<'x, Of<'x, T>> {
    let mut def = Def::new(name, description, move |run| {
        run.returns.iter().flat_map(move |r| {
            run.answers(r).into_iter().flat_map(move |answer| {
                let item = move |item| Row { run, of: *r, item };
                parts_of(answer).into_iter().map(item)
            })
        })
    })
    .columns(answer_key());
    for (record, key) in covers {
        def = def.covers(record, &[key]);
    }
    def.foreign_key(
        &["plan", "country", "year"],
        "return",
        &["plan", "country", "year"],
    )
    .foreign_key(&["plan", "kpi"], "kpi", &["plan", "id"])
}

/// The columns that name an answer: its return's plan, AMS and year, and its KPI.
fn answer_key<'x, T: OfAnswer>() -> [Column<Of<'x, T>>; 4] {
    [
        own("plan", Text, true, "the plan (id)", |r: &Of<T>| {
            text(&r.of.plan)
        }),
        own("country", Text, true, "the AMS (id)", |r| {
            text(&r.of.country)
        }),
        own("year", Integer, true, "the reporting year", |r| {
            Cell::Int(r.of.year.value)
        }),
        own("kpi", Text, true, "KPI id", |r| text(&r.item.answer().kpi)),
    ]
}
