//! The programmes, one table for each list a programme holds, its funding sources, its updates
//! and the years its timeline covers.

use super::columns::{
    Catalogue, Column, Def, Listed, Row, flag, index, key, key_as, opt_name, opt_number, opt_text,
    own, position, source, text,
};
use super::run::Run;
use super::spec::{Cell, FieldType::*};
use crate::model::{Budget, Programme, ProgrammeList, RefKind, Update};

const COORDINATOR_KINDS: &[RefKind] = &[RefKind::Country, RefKind::Body];
const PARTY_KINDS: &[RefKind] = &[RefKind::Country, RefKind::Body, RefKind::Group];
const AREA_KINDS: &[RefKind] = &[RefKind::PriorityArea, RefKind::ThematicArea];

/// A programme's list as a long-form table: its name, the column of each entry, the column of
/// the name or title an id resolves to and the lists it resolves in, the table a foreign key
/// leads to, and the key of the files.
struct ListTable {
    list: ProgrammeList,
    table: &'static str,
    column: &'static str,
    what: &'static str,
    named: Option<(&'static str, &'static [RefKind])>,
    references: Option<&'static str>,
    key: &'static str,
}

const PROGRAMME_LISTS: &[ListTable] = &[
    ListTable {
        list: ProgrammeList::Coordinators,
        table: "programme_coordinator",
        column: "coordinator",
        what: "country coordinator: the id of a country or body",
        named: Some(("coordinator_name", COORDINATOR_KINDS)),
        references: None,
        key: "coordinators",
    },
    ListTable {
        list: ProgrammeList::Activities,
        table: "programme_activity",
        column: "activity",
        what: "kind of activity, as published (Workshop, Forum…)",
        named: None,
        references: None,
        key: "activities",
    },
    ListTable {
        list: ProgrammeList::Areas,
        table: "programme_area",
        column: "area",
        what: "priority area (ACCSM) or thematic area (ACCSM+3)",
        named: Some(("area_title", AREA_KINDS)),
        references: None,
        key: "areas",
    },
    ListTable {
        list: ProgrammeList::Partners,
        table: "programme_partner",
        column: "partner",
        what: "potential partner: the id of a country, body or group",
        named: Some(("partner_name", PARTY_KINDS)),
        references: None,
        key: "partners",
    },
    ListTable {
        list: ProgrammeList::PartnerOrganisations,
        table: "programme_partner_organisation",
        column: "organisation",
        what: "potential partner named as an organisation, as published",
        named: None,
        references: None,
        key: "partner_organisations",
    },
    ListTable {
        list: ProgrammeList::ApscLines,
        table: "programme_apsc_line",
        column: "apsc_line",
        what: "APSC Blueprint action line",
        named: None,
        references: Some("apsc_line"),
        key: "apsc_lines",
    },
    ListTable {
        list: ProgrammeList::Declarations,
        table: "programme_declaration",
        column: "declaration",
        what: "declaration (I-V)",
        named: Some(("declaration_title", &[RefKind::Declaration])),
        references: Some("declaration"),
        key: "declarations",
    },
];

type Of<'x, T = ()> = Row<'x, Programme, T>;

/// The programmes, and one table for each list a programme holds, with its years.
pub(super) fn declare<'x>(c: &mut Catalogue<'x>) {
    c.add(programme());
    for list in PROGRAMME_LISTS {
        c.add(programme_list(list));
    }
    c.add(
        Def::new(
            "programme_funding_source",
            "A programme's funding sources (budget.sources), one row each.",
            |run| {
                each(run, &[], |p: &'x Programme| {
                    p.budget.as_ref().map_or(&[][..], |b| &b.sources[..])
                })
            },
        )
        .columns(programme_key())
        .columns([
            position(),
            own(
                "funding_source",
                Text,
                true,
                "funding source (id)",
                |r: &Of<Listed>| text(r.item.value),
            ),
        ])
        .covers("budget", &["sources"])
        .primary_key(&["plan", "number", "position"])
        .foreign_key(&["plan", "number"], "programme", &["plan", "number"])
        .foreign_key(&["funding_source"], "funding_source", &["id"]),
    );
    c.add(
        Def::new(
            "programme_update",
            "A programme's progress updates, in the order written.",
            |run| {
                run.programmes.iter().flat_map(move |p| {
                    p.updates.iter().enumerate().map(move |(i, u)| Row {
                        run,
                        of: *p,
                        item: (i, u),
                    })
                })
            },
        )
        .columns(programme_key())
        .columns([
            own(
                "position",
                Integer,
                true,
                "1 for the first update, 2…",
                |r: &Of<(usize, &Update)>| index(r.item.0),
            ),
            key("progress update", "date", "date of the update", |r| {
                opt_text(&r.item.1.date)
            }),
            key("progress update", "text", "the update", |r| {
                text(&r.item.1.text)
            }),
        ])
        .covers("programme", &["update"])
        .primary_key(&["plan", "number", "position"])
        .foreign_key(&["plan", "number"], "programme", &["plan", "number"]),
    );
    c.add(
        Def::new(
            "programme_year",
            "The years a programme's timeline covers, as `list --year` matches them: a dated \
             timeline's own years, even those before or after its plan's period (ACCSM 38, \
             2020-2021); Annually: every year of the plan's period; Biennially: every second \
             year from the second; TBC: none.",
            |run| {
                run.programmes.iter().flat_map(move |p| {
                    let years = crate::query::programme_years(run.data(), p);
                    years.into_iter().map(move |year| Row {
                        run,
                        of: *p,
                        item: year,
                    })
                })
            },
        )
        .columns(programme_key())
        .columns([own(
            "year",
            Integer,
            true,
            "a year the timeline covers",
            |r: &Of<i64>| Cell::Int(r.item),
        )])
        .primary_key(&["plan", "number", "year"])
        .foreign_key(&["plan", "number"], "programme", &["plan", "number"]),
    );
}

fn programme<'x>() -> Def<'x, Of<'x>> {
    Def::new(
        "programme",
        "One row per programme, by plan and published number. Its lists are the programme_* \
         tables.",
        |run| {
            run.programmes.iter().map(move |p| Row {
                run,
                of: *p,
                item: (),
            })
        },
    )
    .columns([
        key("programme", "plan", "the plan (id)", |r: &Of| {
            text(&r.of.plan)
        }),
        key("programme", "number", "published number in the plan", |r| {
            Cell::Int(r.of.number.value)
        }),
        key("programme", "title", "title, as published", |r| {
            text(&r.of.title)
        }),
        key(
            "programme",
            "timeline",
            "timeline, as published (2022, 2022-2023, Q4 2022, Annually, TBC…); the years it \
             covers are in programme_year",
            |r| {
                r.of.timeline
                    .as_ref()
                    .map_or(Cell::Null, |t| Cell::text(t.value.text.as_str()))
            },
        ),
        key_as(
            "budget",
            "budget",
            "text",
            "indicative budget, as published",
            |r| in_budget(r, |b| opt_text(&b.text)),
        ),
        key_as(
            "amount",
            "budget",
            "amount",
            "indicative budget: the amount",
            |r| in_budget(r, |b| opt_number(&b.amount)),
        ),
        key_as(
            "currency",
            "budget",
            "currency",
            "currency of amount (ISO 4217)",
            |r| in_budget(r, |b| opt_text(&b.currency)),
        ),
        key_as(
            "local_amount",
            "budget",
            "local_amount",
            "the amount in a local currency, when published",
            |r| in_budget(r, |b| opt_number(&b.local_amount)),
        ),
        key_as(
            "local_currency",
            "budget",
            "local_currency",
            "currency of local_amount (ISO 4217)",
            |r| in_budget(r, |b| opt_text(&b.local_currency)),
        ),
        key_as(
            "funded_by",
            "budget",
            "funded_by",
            "the partner funding it: the id of a country, body or group",
            |r| in_budget(r, |b| opt_text(&b.funded_by)),
        ),
        own(
            "funded_by_name",
            Text,
            false,
            "name of funded_by, from the reference lists",
            |r| {
                let funded_by = r.of.budget.as_ref().and_then(|b| b.funded_by.as_ref());
                funded_by.map_or(Cell::Null, |f| r.run.name(PARTY_KINDS, &f.value))
            },
        ),
        flag(
            "budget_tbc",
            "budget",
            "tbc",
            "whether the budget is to be confirmed",
            |r| Cell::Bool(r.of.budget.as_ref().is_some_and(|b| b.tbc)),
        ),
        flag(
            "carried_over",
            "programme",
            "carried_over",
            "carried over from an earlier plan (marked * in the plan)",
            |r| Cell::Bool(r.of.carried_over),
        ),
        key(
            "programme",
            "from",
            "the programme of an earlier plan it continues (plan/number)",
            |r| opt_text(&r.of.from),
        ),
        key(
            "programme",
            "status",
            "progress status as last reported; empty: not reported",
            |r| opt_name(&r.of.status),
        ),
        key("programme", "note", "note", |r| opt_text(&r.of.note)),
        source(),
    ])
    .covers("programme", &["budget"])
    .primary_key(&["plan", "number"])
    .foreign_key(&["plan"], "plan", &["id"])
    .foreign_key(&["currency"], "currency", &["id"])
    .foreign_key(&["local_currency"], "currency", &["id"])
}

/// A cell of a programme's budget; empty when it has none.
fn in_budget<'r>(r: &'r Of, cell: impl Fn(&'r Budget) -> Cell<'r>) -> Cell<'r> {
    r.of.budget.as_ref().map_or(Cell::Null, cell)
}

fn programme_list<'x>(list: &'static ListTable) -> Def<'x, Of<'x, Listed<'x>>> {
    let names = list.named.map_or(&[][..], |(_, kinds)| kinds);
    let mut def = Def::new(
        list.table,
        format!(
            "A programme's `{}`, one row each, in the order written.",
            list.key
        ),
        move |run| each(run, names, move |p: &'x Programme| p.lists.get(list.list)),
    )
    .columns(programme_key())
    .columns([
        position(),
        own(list.column, Text, true, list.what, |r: &Of<Listed>| {
            text(r.item.value)
        }),
    ]);
    if let Some((name, _)) = list.named {
        let word = if name.ends_with("_title") {
            "title"
        } else {
            "name"
        };
        let description = format!("the {word} of {}, from the reference lists", list.column);
        def = def.columns([own(name, Text, false, description, |r: &Of<Listed>| {
            r.run.name(r.item.names, &r.item.value.value)
        })]);
    }
    def = def
        .covers("programme", &[list.key])
        .primary_key(&["plan", "number", "position"])
        .foreign_key(&["plan", "number"], "programme", &["plan", "number"]);
    match list.references {
        Some(target) => def.foreign_key(&[list.column], target, &["id"]),
        None => def,
    }
}

/// Each entry of a list of each programme, by programme then position.
fn each<'x>(
    run: &'x Run<'x>,
    names: &'static [RefKind],
    list: impl Fn(&'x Programme) -> &'x [crate::model::Text] + Copy + 'x,
) -> impl Iterator<Item = Of<'x, Listed<'x>>> + 'x {
    run.programmes.iter().flat_map(move |p| {
        list(p)
            .iter()
            .enumerate()
            .map(move |(position, value)| Row {
                run,
                of: *p,
                item: Listed {
                    position,
                    value,
                    names,
                },
            })
    })
}

/// The columns that name a programme in the tables of its lists.
pub(super) fn programme_key<'x, T>() -> [Column<Of<'x, T>>; 2] {
    [
        own(
            "plan",
            Text,
            true,
            "the programme's plan (id)",
            |r: &Of<T>| text(&r.of.plan),
        ),
        own(
            "number",
            Integer,
            true,
            "the programme's published number in its plan",
            |r| Cell::Int(r.of.number.value),
        ),
    ]
}
