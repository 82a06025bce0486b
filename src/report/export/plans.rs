//! The plans and their lists of relevant measures and APSC lines; the KPIs of the M&E
//! frameworks, their questions and their other lists.

use std::borrow::Cow;

use super::columns::{
    Catalogue, Column, Def, Listed, Row, flag, index, key, name, opt_int, opt_name, opt_text, own,
    position, source, text,
};
use super::spec::{Cell, FieldType::*};
use crate::model::{Kpi, Plan, Text, closed_set};
use crate::source::Spanned;

pub(super) fn declare<'x>(c: &mut Catalogue<'x>) {
    c.add(plan());
    // A relevant measure is an entry of the plan's framework, whose ids are unique only within
    // it: no foreign key to the entries' table.
    for (name, key, column, target, list) in [
        (
            "plan_relevant_measure",
            "relevant_measures",
            "measure",
            None,
            (|p| &p.relevant_measures) as fn(&Plan) -> &[Text],
        ),
        (
            "plan_relevant_apsc_line",
            "relevant_apsc_lines",
            "apsc_line",
            Some("apsc_line"),
            |p| &p.relevant_apsc_lines,
        ),
    ] {
        let def = Def::new(
            name,
            format!("A plan's `{key}`, one row each, in the order written."),
            move |run| {
                run.data().plans.iter().flat_map(move |p| {
                    list(p)
                        .iter()
                        .enumerate()
                        .map(move |(position, value)| Row {
                            run,
                            of: p,
                            item: Listed {
                                position,
                                value,
                                names: &[],
                            },
                        })
                })
            },
        )
        .columns([
            own(
                "plan",
                Text,
                true,
                "the plan (id)",
                |r: &Row<Plan, Listed>| text(&r.of.id),
            ),
            position(),
            own(column, Text, true, "id", |r| text(r.item.value)),
        ])
        .covers("plan", &[key])
        .primary_key(&["plan", "position"])
        .foreign_key(&["plan"], "plan", &["id"]);
        c.add(match target {
            Some(target) => def.foreign_key(&[column], target, &["id"]),
            None => def,
        });
    }
    c.add(kpi());
    c.add(
        Def::new(
            "kpi_question",
            "A KPI's questions, as in the data-collection template.",
            |run| {
                run.data().kpis.iter().flat_map(move |k| {
                    k.questions
                        .iter()
                        .enumerate()
                        .map(move |(position, value)| Row {
                            run,
                            of: k,
                            item: Listed {
                                position,
                                value,
                                names: &[],
                            },
                        })
                })
            },
        )
        .columns(kpi_key())
        .columns([
            own(
                "number",
                Integer,
                true,
                "1 for the first question, 2…",
                |r: &Row<Kpi, Listed>| index(r.item.position),
            ),
            own("question", Text, true, "the question, verbatim", |r| {
                text(r.item.value)
            }),
        ])
        .primary_key(&["plan", "kpi", "number"])
        .foreign_key(&["plan", "kpi"], "kpi", &["plan", "id"]),
    );
    c.add(kpi_list());
}

fn plan<'x>() -> Def<'x, &'x Plan> {
    Def::new(
        "plan",
        "The work plans, in the order of the files.",
        |run| run.data().plans.iter(),
    )
    .columns([
        key("plan", "id", "id", |p: &&Plan| text(&p.id)),
        key("plan", "title", "title", |p| text(&p.title)),
        key(
            "plan",
            "body",
            "the body that adopted it (ACCSM, ACCSM+3)",
            |p| opt_text(&p.body),
        ),
        key(
            "plan",
            "aliases",
            "other names of the plan that `list --plan` accepts, `;`-separated",
            |p| Cell::List(p.aliases.iter().map(|a| a.value.as_str()).collect()),
        ),
        key(
            "plan",
            "area_kind",
            "which areas its programmes are tagged with",
            |p| name(&p.area_kind),
        ),
        key("plan", "start", "first year of the plan", |p| {
            Cell::Int(p.start.value)
        }),
        key("plan", "end", "last year of the plan", |p| {
            Cell::Int(p.end.value)
        }),
        key(
            "plan",
            "baseline_year",
            "baseline year of its M&E framework",
            |p| opt_int(&p.baseline_year),
        ),
        key(
            "plan",
            "baseline_basis",
            "why the baseline year is the one it is",
            |p| opt_text(&p.baseline_basis),
        ),
        key(
            "plan",
            "baseline_closest_within",
            "how many years either side may stand in for a missing baseline figure",
            |p| opt_int(&p.baseline_closest_within),
        ),
        key(
            "plan",
            "target_year",
            "target year of its M&E framework",
            |p| opt_int(&p.target_year),
        ),
        key(
            "plan",
            "midterm_start",
            "first year of the mid-term review",
            |p| opt_int(&p.midterm_start),
        ),
        key(
            "plan",
            "midterm_end",
            "last year of the mid-term review",
            |p| opt_int(&p.midterm_end),
        ),
        key("plan", "adopted", "when it was adopted", |p| {
            opt_text(&p.adopted)
        }),
        key("plan", "source", "the publication it is taken from", |p| {
            opt_text(&p.source)
        }),
        key("plan", "note", "note", |p| opt_text(&p.note)),
        key(
            "plan",
            "framework",
            "the results framework its programmes cite (id)",
            |p| opt_text(&p.framework),
        ),
        key(
            "plan",
            "follows",
            "the plan it follows, whose readings give its baselines (id)",
            |p| opt_text(&p.follows),
        ),
    ])
    .primary_key(&["id"])
}

fn kpi<'x>() -> Def<'x, Row<'x, Kpi>> {
    Def::new(
        "kpi",
        "The key performance indicators of the M&E frameworks, in the order of the files.",
        |run| {
            run.data().kpis.iter().map(move |k| Row {
                run,
                of: k,
                item: (),
            })
        },
    )
    .columns([
        key("kpi", "plan", "the plan (id)", |r: &Row<Kpi>| {
            text(&r.of.plan)
        }),
        key("kpi", "id", "KPI id (A.1, D.2.1…)", |r| text(&r.of.id)),
        key("kpi", "group", "KPI group (id)", |r| text(&r.of.group)),
        key("kpi", "parent", "the KPI this one details (id)", |r| {
            opt_text(&r.of.parent)
        }),
        key(
            "kpi",
            "title",
            "title, as in the data-collection template",
            |r| text(&r.of.title),
        ),
        key("kpi", "answer", "how it is answered", |r| {
            name(&r.of.answer)
        }),
        key(
            "kpi",
            "alternative_answer",
            "the other answer form the published text allows, if any",
            |r| opt_name(&r.of.alternative_answer),
        ),
        flag(
            "asks_names",
            "kpi",
            "asks_names",
            "whether the template asks for names",
            |r| Cell::Bool(r.of.asks_names),
        ),
        flag(
            "asks_total",
            "kpi",
            "asks_total",
            "whether the template asks for a total",
            |r| Cell::Bool(r.of.asks_total),
        ),
        key(
            "kpi",
            "rollup",
            "how the AMS's answers are taken together",
            |r| opt_name(&r.of.rollup),
        ),
        key("kpi", "rollup_text", "the roll-up in words", |r| {
            opt_text(&r.of.rollup_text)
        }),
        key("kpi", "definition", "the explanatory notes", |r| {
            opt_text(&r.of.definition)
        }),
        key("kpi", "note", "note", |r| opt_text(&r.of.note)),
        source(),
    ])
    .covers("kpi", &["questions"])
    .covers("kpi", KpiList::NAMES)
    .primary_key(&["plan", "id"])
    .foreign_key(&["plan"], "plan", &["id"])
    .foreign_key(&["group"], "kpi_group", &["id"])
}

closed_set! {
    /// The lists of a KPI that `kpi_list` holds, each named as the key of the files.
    pub enum KpiList {
        Levels = "levels",
        Periods = "periods",
        Forms = "forms",
        Scale = "scale",
        ScaleLabels = "scale_labels",
        Years = "years",
        Sources = "sources",
    }
}

impl KpiList {
    /// The entries of this list of `k`, as written.
    fn values(self, k: &Kpi) -> Vec<Cell<'_>> {
        fn texts(list: &[Text]) -> Vec<Cell<'_>> {
            list.iter().map(text).collect()
        }
        fn numbers(list: &[Spanned<i64>]) -> Vec<Cell<'static>> {
            let number = |n: &Spanned<i64>| Cell::Text(Cow::Owned(n.value.to_string()));
            list.iter().map(number).collect()
        }
        match self {
            KpiList::Levels => texts(&k.levels),
            KpiList::Periods => texts(&k.periods),
            KpiList::Forms => texts(&k.forms),
            KpiList::Scale => numbers(&k.scale),
            KpiList::ScaleLabels => texts(&k.scale_labels),
            KpiList::Years => numbers(&k.years),
            KpiList::Sources => k.sources.iter().map(name).collect(),
        }
    }
}

/// One entry of a KPI's list.
struct ListEntry<'x> {
    list: KpiList,
    position: usize,
    value: Cell<'x>,
}

fn kpi_list<'x>() -> Def<'x, Row<'x, Kpi, ListEntry<'x>>> {
    Def::new(
        "kpi_list",
        "A KPI's other lists (levels, periods, forms, scale, scale_labels, years, sources), one \
         row per entry.",
        |run| {
            run.data().kpis.iter().flat_map(move |k| {
                KpiList::ALL.iter().flat_map(move |&list| {
                    let values = list.values(k).into_iter().enumerate();
                    values.map(move |(position, value)| Row {
                        run,
                        of: k,
                        item: ListEntry {
                            list,
                            position,
                            value,
                        },
                    })
                })
            })
        },
    )
    .columns(kpi_key())
    .columns([
        own(
            "list",
            OneOf(KpiList::NAMES),
            true,
            "the list",
            |r: &Row<Kpi, ListEntry>| Cell::text(r.item.list.as_str()),
        ),
        own(
            "position",
            Integer,
            true,
            "1 for the first entry, 2…",
            |r| index(r.item.position),
        ),
        own("value", Text, true, "the entry, as written", |r| {
            r.item.value.clone()
        }),
    ])
    .primary_key(&["plan", "kpi", "list", "position"])
    .foreign_key(&["plan", "kpi"], "kpi", &["plan", "id"])
}

/// The columns that name a KPI in the tables of its lists, as the table `kpi` keys it.
fn kpi_key<'x, T>() -> [Column<Row<'x, Kpi, T>>; 2] {
    [
        own("plan", Text, true, "the plan (id)", |r: &Row<Kpi, T>| {
            text(&r.of.plan)
        }),
        own("kpi", Text, true, "KPI id", |r| text(&r.of.id)),
    ]
}
