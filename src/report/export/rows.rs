//! The rows of the exported tables (see [`super::tables`]), streamed into a [`Sink`] in a
//! fixed order.

use std::borrow::Cow;
use std::collections::HashMap;

use super::locate::Locator;
use super::spec::{Cell, ExportError, Sink, Table};
use rayon::prelude::*;

use super::tables::{Entry, KPI_LISTS, PARTY_KINDS, PROGRAMME_LISTS, Rows, catalogue};
use crate::check::references::Catalog;
use crate::model::{
    Answer, Dataset, Kpi, Plan, Programme, RefEntry, RefKind, Return, Survey, Text,
};
use crate::query::programme_years;
use crate::source::{Span, Spanned};

/// What is exported: the data set, its lookups, and where its records were read.
pub struct Export<'a> {
    pub data: &'a Dataset,
    pub catalog: &'a Catalog<'a>,
    pub locator: Locator<'a>,
}

/// How many rows a table got.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowCount {
    pub table: &'static str,
    pub rows: usize,
}

/// Writes every table into `sink`, each in a fixed order: programmes by plan then published
/// number; returns by plan, AMS name and year, their answers in the order of the KPIs; plans,
/// KPIs, ARCs, chairs and reference lists in the order of the files.
pub fn export(export: &Export<'_>, sink: &mut dyn Sink) -> Result<Vec<RowCount>, ExportError> {
    let run = Run::new(export);
    catalogue()
        .0
        .iter()
        .map(|entry| write_table(&run, entry, sink))
        .collect()
}

/// As [`export`], but each table into a sink of its own, made by `sink_for`, and the tables
/// written side by side on the loading threads: for the formats that write a file a table. The
/// counts come back in the order of the tables.
pub fn export_each<S: Sink + Send>(
    export: &Export<'_>,
    sink_for: impl Fn() -> S + Sync,
) -> Result<Vec<RowCount>, ExportError> {
    let run = Run::new(export);
    let entries = catalogue().0;
    crate::load::parallel(|| {
        entries
            .par_iter()
            .map(|entry| write_table(&run, entry, &mut sink_for()))
            .collect()
    })
}

fn write_table(
    run: &Run<'_, '_>,
    entry: &Entry,
    sink: &mut dyn Sink,
) -> Result<RowCount, ExportError> {
    let table = &entry.table;
    sink.begin(table)?;
    let mut out = Out {
        sink: &mut *sink,
        table,
        rows: 0,
    };
    run.rows(entry.rows, &mut out)?;
    let rows = out.rows;
    sink.end(table)?;
    Ok(RowCount {
        table: table.name,
        rows,
    })
}

struct Out<'s> {
    sink: &'s mut dyn Sink,
    table: &'s Table,
    rows: usize,
}

impl Out<'_> {
    fn row(&mut self, cells: &[Cell<'_>]) -> Result<(), ExportError> {
        debug_assert_eq!(cells.len(), self.table.fields.len(), "{}", self.table.name);
        self.rows += 1;
        self.sink.row(self.table, cells)
    }
}

// ---- the rows ----

fn text(t: &Text) -> Cell<'_> {
    Cell::text(t.value.as_str())
}

fn opt_text(t: &Option<Text>) -> Cell<'_> {
    t.as_ref().map_or(Cell::Null, text)
}

fn opt_int(n: &Option<Spanned<i64>>) -> Cell<'static> {
    n.as_ref().map_or(Cell::Null, |n| Cell::Int(n.value))
}

fn opt_number(n: &Option<Spanned<f64>>) -> Cell<'static> {
    n.as_ref().map_or(Cell::Null, |n| Cell::Number(n.value))
}

fn index(i: usize) -> Cell<'static> {
    Cell::Int(i64::try_from(i + 1).unwrap_or(i64::MAX))
}

/// The data sorted for export, and the lookups the rows need.
struct Run<'e, 'a> {
    export: &'e Export<'a>,
    programmes: Vec<&'a Programme>,
    returns: Vec<&'a Return>,
    /// Each KPI's place in the files, by plan and id.
    kpis: HashMap<(&'a str, &'a str), (usize, &'a Kpi)>,
}

impl<'e, 'a> Run<'e, 'a> {
    fn new(export: &'e Export<'a>) -> Self {
        let data = export.data;
        let mut programmes: Vec<&Programme> = data.programmes.iter().collect();
        programmes.sort_by(|a, b| {
            (a.plan.value.as_str(), a.number.value).cmp(&(b.plan.value.as_str(), b.number.value))
        });
        let name = |r: &'a Return| -> &'a str {
            export
                .catalog
                .get(RefKind::Country, &r.country.value)
                .map_or(r.country.value.as_str(), RefEntry::display_name)
        };
        let mut returns: Vec<&Return> = data.returns.iter().collect();
        returns.sort_by(|a, b| {
            (
                a.plan.value.as_str(),
                name(a),
                a.country.value.as_str(),
                a.year.value,
            )
                .cmp(&(
                    b.plan.value.as_str(),
                    name(b),
                    b.country.value.as_str(),
                    b.year.value,
                ))
        });
        let mut kpis = HashMap::new();
        for (i, k) in data.kpis.iter().enumerate() {
            kpis.entry((k.plan.value.as_str(), k.id.value.as_str()))
                .or_insert((i, k));
        }
        Run {
            export,
            programmes,
            returns,
            kpis,
        }
    }

    fn locate(&self, span: Span) -> Cell<'static> {
        Cell::Text(Cow::Owned(self.export.locator.locate(span)))
    }

    /// The name or title an id resolves to in the given lists.
    fn name(&self, kinds: &[RefKind], id: &str) -> Cell<'a> {
        kinds
            .iter()
            .find_map(|k| self.export.catalog.get(*k, id))
            .map_or(Cell::Null, |e| Cell::text(e.display_name()))
    }

    fn rows(&self, rows: Rows, out: &mut Out<'_>) -> Result<(), ExportError> {
        let data = self.export.data;
        match rows {
            Rows::Programme => {
                for p in &self.programmes {
                    self.programme(p, out)?;
                }
            }
            Rows::ProgrammeList(list) => {
                let named = PROGRAMME_LISTS
                    .iter()
                    .find(|l| l.list == list)
                    .and_then(|l| l.named);
                for p in &self.programmes {
                    for (i, item) in p.lists.get(list).iter().enumerate() {
                        let name =
                            named.map_or(Cell::Null, |(_, kinds)| self.name(kinds, &item.value));
                        let cells = [
                            text(&p.plan),
                            Cell::Int(p.number.value),
                            index(i),
                            text(item),
                            name,
                        ];
                        let width = if named.is_some() { 5 } else { 4 };
                        out.row(&cells[..width])?;
                    }
                }
            }
            Rows::ProgrammeFunding => {
                for p in &self.programmes {
                    let sources = p.budget.as_ref().map(|b| &b.sources[..]).unwrap_or(&[]);
                    for (i, source) in sources.iter().enumerate() {
                        out.row(&[
                            text(&p.plan),
                            Cell::Int(p.number.value),
                            index(i),
                            text(source),
                        ])?;
                    }
                }
            }
            Rows::ProgrammeUpdate => {
                for p in &self.programmes {
                    for (i, u) in p.updates.iter().enumerate() {
                        out.row(&[
                            text(&p.plan),
                            Cell::Int(p.number.value),
                            index(i),
                            opt_text(&u.date),
                            text(&u.text),
                        ])?;
                    }
                }
            }
            Rows::ProgrammeYear => {
                for p in &self.programmes {
                    for year in programme_years(data, p) {
                        out.row(&[text(&p.plan), Cell::Int(p.number.value), Cell::Int(year)])?;
                    }
                }
            }
            Rows::Plan => {
                for plan in &data.plans {
                    plan_row(plan, out)?;
                }
            }
            Rows::PlanMeasure | Rows::PlanApscLine => {
                for plan in &data.plans {
                    let list = match rows {
                        Rows::PlanMeasure => &plan.relevant_measures,
                        _ => &plan.relevant_apsc_lines,
                    };
                    for (i, id) in list.iter().enumerate() {
                        out.row(&[text(&plan.id), index(i), text(id)])?;
                    }
                }
            }
            Rows::Kpi => {
                for k in &data.kpis {
                    out.row(&[
                        text(&k.plan),
                        text(&k.id),
                        text(&k.group),
                        opt_text(&k.parent),
                        text(&k.title),
                        Cell::text(k.answer.value.as_str()),
                        k.alternative_answer
                            .as_ref()
                            .map_or(Cell::Null, |a| Cell::text(a.value.as_str())),
                        Cell::Bool(k.asks_names),
                        Cell::Bool(k.asks_total),
                        k.rollup
                            .as_ref()
                            .map_or(Cell::Null, |r| Cell::text(r.value.as_str())),
                        opt_text(&k.rollup_text),
                        opt_text(&k.definition),
                        opt_text(&k.note),
                        self.locate(k.span),
                    ])?;
                }
            }
            Rows::KpiQuestion => {
                for k in &data.kpis {
                    for (i, q) in k.questions.iter().enumerate() {
                        out.row(&[text(&k.plan), text(&k.id), index(i), text(q)])?;
                    }
                }
            }
            Rows::KpiList => {
                for k in &data.kpis {
                    self.kpi_lists(k, out)?;
                }
            }
            Rows::Return => {
                for r in &self.returns {
                    out.row(&[
                        text(&r.plan),
                        text(&r.country),
                        self.name(&[RefKind::Country], &r.country.value),
                        Cell::Int(r.year.value),
                        r.round
                            .as_ref()
                            .map_or(Cell::Null, |x| Cell::text(x.value.as_str())),
                        opt_text(&r.submitted),
                        opt_text(&r.focal_point),
                        opt_text(&r.data_source),
                        opt_text(&r.definitions),
                        opt_text(&r.narrative),
                        opt_text(&r.note),
                        self.locate(r.span),
                    ])?;
                }
            }
            Rows::ReturnAnswer | Rows::ReturnText => {
                for r in &self.returns {
                    for a in self.answers(r) {
                        match rows {
                            Rows::ReturnAnswer => self.figures(r, a, out)?,
                            _ => self.texts(r, a, out)?,
                        }
                    }
                }
            }
            Rows::Arc => {
                for a in &data.arcs {
                    out.row(&[
                        text(&a.country),
                        self.name(&[RefKind::Country], &a.country.value),
                        text(&a.name),
                        opt_text(&a.url),
                        opt_int(&a.as_of),
                        opt_text(&a.note),
                        self.locate(a.span),
                    ])?;
                }
            }
            Rows::Chair => {
                for c in &data.chairs {
                    out.row(&[
                        Cell::Int(c.meeting.value),
                        text(&c.country),
                        self.name(&[RefKind::Country], &c.country.value),
                        opt_text(&c.years),
                        opt_text(&c.note),
                        self.locate(c.span),
                    ])?;
                }
            }
            Rows::Update => {
                for u in &data.updates {
                    let cost = u.cost.as_ref();
                    out.row(&[
                        text(&u.plan),
                        Cell::Int(u.number.value),
                        Cell::Text(u.date.value.to_string().into()),
                        Cell::text(u.status.value.as_str()),
                        text(&u.meeting),
                        opt_text(&u.text),
                        opt_text(&u.note),
                        opt_int(&u.participants),
                        Cell::List(u.ams.iter().map(|a| a.value.as_str()).collect()),
                        cost.map_or(Cell::Null, |c| opt_number(&c.amount)),
                        cost.map_or(Cell::Null, |c| opt_text(&c.currency)),
                        Cell::List(u.links.iter().map(|a| a.value.as_str()).collect()),
                        self.locate(u.span),
                    ])?;
                }
            }
            Rows::Reference(kind) => {
                let keys: Vec<&'static str> = out.table.fields.iter().map(|f| f.name).collect();
                for e in data.references_of(kind) {
                    let cells: Vec<Cell<'_>> = keys.iter().map(|k| reference_cell(e, k)).collect();
                    out.row(&cells)?;
                }
            }
        }
        Ok(())
    }

    fn programme(&self, p: &'a Programme, out: &mut Out<'_>) -> Result<(), ExportError> {
        let b = p.budget.as_ref();
        let funded_by = b.and_then(|b| b.funded_by.as_ref());
        out.row(&[
            text(&p.plan),
            Cell::Int(p.number.value),
            text(&p.title),
            p.timeline
                .as_ref()
                .map_or(Cell::Null, |t| Cell::text(t.value.text.as_str())),
            b.map_or(Cell::Null, |b| opt_text(&b.text)),
            b.map_or(Cell::Null, |b| opt_number(&b.amount)),
            b.map_or(Cell::Null, |b| opt_text(&b.currency)),
            b.map_or(Cell::Null, |b| opt_number(&b.local_amount)),
            b.map_or(Cell::Null, |b| opt_text(&b.local_currency)),
            funded_by.map_or(Cell::Null, text),
            funded_by.map_or(Cell::Null, |f| self.name(PARTY_KINDS, &f.value)),
            Cell::Bool(b.is_some_and(|b| b.tbc)),
            Cell::Bool(p.carried_over),
            p.status
                .as_ref()
                .map_or(Cell::Null, |s| Cell::text(s.value.as_str())),
            opt_text(&p.note),
            self.locate(p.span),
        ])
    }

    fn kpi_lists(&self, k: &'a Kpi, out: &mut Out<'_>) -> Result<(), ExportError> {
        let texts = |list: &'a [Text]| -> Vec<Cell<'a>> { list.iter().map(text).collect() };
        let numbers = |list: &[Spanned<i64>]| -> Vec<Cell<'a>> {
            list.iter()
                .map(|n| Cell::Text(Cow::Owned(n.value.to_string())))
                .collect()
        };
        for list in KPI_LISTS {
            let values = match *list {
                "levels" => texts(&k.levels),
                "periods" => texts(&k.periods),
                "forms" => texts(&k.forms),
                "scale" => numbers(&k.scale),
                "scale_labels" => texts(&k.scale_labels),
                "years" => numbers(&k.years),
                _ => k
                    .sources
                    .iter()
                    .map(|s| Cell::text(s.value.as_str()))
                    .collect(),
            };
            for (i, value) in values.into_iter().enumerate() {
                out.row(&[
                    text(&k.plan),
                    text(&k.id),
                    Cell::text(list),
                    index(i),
                    value,
                ])?;
            }
        }
        Ok(())
    }

    /// A return's answers in the order of the KPIs of its plan; answers to KPIs the framework
    /// does not have come last, by id.
    fn answers(&self, r: &'a Return) -> Vec<&'a Answer> {
        let mut answers: Vec<&Answer> = r.answers.iter().collect();
        answers.sort_by_cached_key(|a| {
            let place = self
                .kpis
                .get(&(r.plan.value.as_str(), a.kpi.value.as_str()))
                .map_or(usize::MAX, |(i, _)| *i);
            (place, a.kpi.value.as_str())
        });
        answers
    }

    fn figures(&self, r: &'a Return, a: &'a Answer, out: &mut Out<'_>) -> Result<(), ExportError> {
        let kpi = self
            .kpis
            .get(&(r.plan.value.as_str(), a.kpi.value.as_str()))
            .map(|(_, k)| *k);
        let rating_unit = match kpi.map(|k| &k.scale[..]) {
            Some([low, high]) => format!("rating-{}-{}", low.value, high.value),
            _ => "rating".to_string(),
        };
        let mut row = |question: Option<usize>,
                       field: &'static str,
                       part: Cell<'a>,
                       project: Option<usize>,
                       value: Cell<'a>,
                       unit: &str,
                       span: Span|
         -> Result<(), ExportError> {
            out.row(&[
                text(&r.plan),
                text(&r.country),
                Cell::Int(r.year.value),
                text(&a.kpi),
                question.map_or(Cell::Null, index),
                Cell::text(field),
                part,
                project.map_or(Cell::Null, index),
                value,
                Cell::Text(Cow::Owned(unit.to_string())),
                self.locate(span),
            ])
        };
        for (i, yes) in a.yes.iter().enumerate() {
            let value = Cell::Int(i64::from(yes.value));
            row(Some(i), "yes", Cell::Null, None, value, "yes-no", yes.span)?;
        }
        for (field, n) in [("count", &a.count), ("total", &a.total)] {
            if let Some(n) = n {
                row(
                    None,
                    field,
                    Cell::Null,
                    None,
                    Cell::Int(n.value),
                    "count",
                    n.span,
                )?;
            }
        }
        for (level, n) in &a.levels {
            row(
                None,
                "levels",
                text(level),
                None,
                Cell::Int(n.value),
                "count",
                n.span,
            )?;
        }
        if let Some(p) = &a.percent {
            let value = Cell::Number(p.value);
            row(None, "percent", Cell::Null, None, value, "percent", p.span)?;
        }
        for (field, ratings) in [
            ("ratings", &a.ratings),
            ("impact_ratings", &a.impact_ratings),
        ] {
            for (period, n) in ratings {
                let value = Cell::Int(n.value);
                row(None, field, text(period), None, value, &rating_unit, n.span)?;
            }
        }
        // A revision corrects an earlier year's figure, so it is in that figure's unit.
        for (field, years) in [("per_year", &a.per_year), ("revises", &a.revises)] {
            for (year, n) in years {
                let part = Cell::Text(Cow::Owned(year.value.to_string()));
                row(None, field, part, None, Cell::Int(n.value), "count", n.span)?;
            }
        }
        for (j, p) in a.projects.iter().enumerate() {
            for (field, n) in [
                ("projects.total", &p.total),
                ("projects.female", &p.female),
                ("projects.male", &p.male),
            ] {
                if let Some(n) = n {
                    let value = Cell::Int(n.value);
                    row(
                        None,
                        field,
                        Cell::Null,
                        Some(j),
                        value,
                        "participants",
                        n.span,
                    )?;
                }
            }
            for (country, n) in &p.by_country {
                let value = Cell::Int(n.value);
                let field = "projects.by_country";
                row(
                    None,
                    field,
                    text(country),
                    Some(j),
                    value,
                    "participants",
                    n.span,
                )?;
            }
        }
        for (rate, year, survey) in [
            ("internal.rate", "internal.year", &a.internal),
            ("third_party.rate", "third_party.year", &a.third_party),
        ] {
            let Some(survey) = survey else { continue };
            if let Some(n) = &survey.rate {
                row(
                    None,
                    rate,
                    Cell::Null,
                    None,
                    Cell::Number(n.value),
                    "rate",
                    n.span,
                )?;
            }
            if let Some(n) = &survey.year {
                row(
                    None,
                    year,
                    Cell::Null,
                    None,
                    Cell::Int(n.value),
                    "year",
                    n.span,
                )?;
            }
        }
        Ok(())
    }

    fn texts(&self, r: &'a Return, a: &'a Answer, out: &mut Out<'_>) -> Result<(), ExportError> {
        let mut row = |field: &'static str,
                       project: Option<usize>,
                       position: Option<usize>,
                       t: &'a Text|
         -> Result<(), ExportError> {
            out.row(&[
                text(&r.plan),
                text(&r.country),
                Cell::Int(r.year.value),
                text(&a.kpi),
                Cell::text(field),
                project.map_or(Cell::Null, index),
                position.map_or(Cell::Null, index),
                text(t),
                self.locate(t.span),
            ])
        };
        for (i, name) in a.names.iter().enumerate() {
            row("names", None, Some(i), name)?;
        }
        for (j, p) in a.projects.iter().enumerate() {
            if let Some(title) = &p.title {
                row("projects.title", Some(j), None, title)?;
            }
        }
        let surveys: [(&'static str, &'static str, &'static str, &Option<Survey>); 2] = [
            (
                "internal.title",
                "internal.indicators",
                "internal.scale",
                &a.internal,
            ),
            (
                "third_party.title",
                "third_party.indicators",
                "third_party.scale",
                &a.third_party,
            ),
        ];
        for (title, indicators, scale, survey) in surveys {
            let Some(survey) = survey else { continue };
            if let Some(t) = &survey.title {
                row(title, None, None, t)?;
            }
            for (i, indicator) in survey.indicators.iter().enumerate() {
                row(indicators, None, Some(i), indicator)?;
            }
            if let Some(t) = &survey.scale {
                row(scale, None, None, t)?;
            }
        }
        for (field, t) in [("narrative", &a.narrative), ("note", &a.note)] {
            if let Some(t) = t {
                row(field, None, None, t)?;
            }
        }
        Ok(())
    }
}

fn plan_row(plan: &Plan, out: &mut Out<'_>) -> Result<(), ExportError> {
    out.row(&[
        text(&plan.id),
        text(&plan.title),
        opt_text(&plan.body),
        Cell::List(plan.aliases.iter().map(|a| a.value.as_str()).collect()),
        Cell::text(plan.area_kind.value.as_str()),
        Cell::Int(plan.start.value),
        Cell::Int(plan.end.value),
        opt_int(&plan.baseline_year),
        opt_text(&plan.baseline_basis),
        opt_int(&plan.baseline_closest_within),
        opt_int(&plan.target_year),
        opt_int(&plan.midterm_start),
        opt_int(&plan.midterm_end),
        opt_text(&plan.adopted),
        opt_text(&plan.source),
        opt_text(&plan.note),
    ])
}

/// The value of a reference entry under the key its list writes it with. The keys differ from
/// list to list (a measure's parent is its `kra`, a KPI group's its `priority_area`); see
/// `load::REFERENCE_TABLES`.
fn reference_cell<'a>(e: &'a RefEntry, key: &str) -> Cell<'a> {
    match key {
        "id" => text(&e.id),
        "name" | "title" => opt_text(&e.name),
        "kind" => match (&e.category, &e.organisation_kind) {
            (Some(c), _) => Cell::text(c.value.as_str()),
            (None, Some(k)) => Cell::text(k.value.as_str()),
            (None, None) => Cell::Null,
        },
        // Not listed (null) is not the same as listed and empty.
        "members" => e.members.as_ref().map_or(Cell::Null, |m| {
            Cell::List(m.iter().map(|a| a.value.as_str()).collect())
        }),
        "country" => opt_text(&e.country),
        "aliases" => Cell::List(e.aliases.iter().map(|a| a.value.as_str()).collect()),
        "description" | "text" => opt_text(&e.text),
        "kra" | "parent" | "kpi_group" | "priority_area" => opt_text(&e.parent),
        "quoted" => e.quoted.map_or(Cell::Null, Cell::Bool),
        "adopted" => opt_text(&e.adopted),
        "place" => opt_text(&e.place),
        "url" => opt_text(&e.url),
        "source" => opt_text(&e.source),
        "note" => opt_text(&e.note),
        _ => Cell::Null,
    }
}

/// The keys [`reference_cell`] knows.
#[cfg(test)]
const REFERENCE_KEYS: &[&str] = &[
    "id",
    "name",
    "title",
    "kind",
    "members",
    "country",
    "aliases",
    "description",
    "text",
    "kra",
    "parent",
    "kpi_group",
    "priority_area",
    "quoted",
    "adopted",
    "place",
    "url",
    "source",
    "note",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::schema;

    #[test]
    fn every_key_of_every_reference_list_has_a_value() {
        for kind in RefKind::ALL {
            let schema = schema();
            let keys = schema.table(kind.table()).map(|t| t.keys.clone());
            for key in keys.unwrap_or_default() {
                assert!(
                    REFERENCE_KEYS.contains(&key.key),
                    "`{}` of [[{}]] has no value in reference_cell",
                    key.key,
                    kind.table()
                );
            }
        }
    }
}
