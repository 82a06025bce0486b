//! The ASEAN Resource Centres, the chairmanships, and every reference list.

use std::borrow::Cow;

use super::columns::{
    Catalogue, Column, Def, Row, item_source, key, key_as, name, opt_int, opt_number, opt_text,
    own, source, text,
};
use super::spec::{Cell, FieldType};
use crate::model::{Arc, Chair, ProgressUpdate, RefEntry, RefKind};

pub(super) fn declare<'x>(c: &mut Catalogue<'x>) {
    c.add(
        Def::new(
            "arc",
            "The ASEAN Resource Centres, in the order of the files.",
            |run| {
                run.data().arcs.iter().map(move |a| Row {
                    run,
                    of: a,
                    item: (),
                })
            },
        )
        .columns([
            key("arc", "country", "the AMS (id)", |r: &Row<Arc>| {
                text(&r.of.country)
            }),
            own(
                "country_name",
                FieldType::Text,
                false,
                "name of the AMS",
                |r| r.run.name(&[RefKind::Country], &r.of.country.value),
            ),
            key("arc", "name", "name of the centre", |r| text(&r.of.name)),
            key("arc", "url", "web address", |r| opt_text(&r.of.url)),
            key(
                "arc",
                "as_of",
                "the year the entry was last confirmed",
                |r| opt_int(&r.of.as_of),
            ),
            key("arc", "note", "note", |r| opt_text(&r.of.note)),
            source(),
        ])
        .foreign_key(&["country"], "country", &["id"]),
    );
    c.add(
        Def::new(
            "chair",
            "The ACCSM chairmanships, in the order of the files.",
            |run| {
                run.data().chairs.iter().map(move |c| Row {
                    run,
                    of: c,
                    item: (),
                })
            },
        )
        .columns([
            key(
                "chair",
                "meeting",
                "the ACCSM meeting (20 for the 20th ACCSM)",
                |r: &Row<Chair>| Cell::Int(r.of.meeting.value),
            ),
            key("chair", "country", "the chair (id)", |r| {
                text(&r.of.country)
            }),
            own(
                "country_name",
                FieldType::Text,
                false,
                "name of the chair",
                |r| r.run.name(&[RefKind::Country], &r.of.country.value),
            ),
            key("chair", "years", "the years of the chairmanship", |r| {
                opt_text(&r.of.years)
            }),
            key("chair", "note", "note", |r| opt_text(&r.of.note)),
            source(),
        ])
        .primary_key(&["meeting"])
        .foreign_key(&["country"], "country", &["id"]),
    );
    c.add(
        Def::new(
            "update",
            "Progress updates, one row each, in the order of the files (a programme's current \
             status is that of its latest).",
            |run| {
                run.updates().iter().map(move |u| Row {
                    run,
                    of: &(),
                    item: u,
                })
            },
        )
        .counted(|run| run.updates().len())
        .columns([
            key(
                "update",
                "plan",
                "the plan (id)",
                |r: &Row<(), Cow<ProgressUpdate>>| text(&r.item.plan),
            ),
            key(
                "update",
                "number",
                "the programme's number in its plan",
                |r| Cell::Int(r.item.number.value),
            ),
            key("update", "date", "the month or day of the update", |r| {
                Cell::Text(r.item.date.value.to_string().into())
            }),
            key("update", "status", "where the programme stands", |r| {
                name(&r.item.status)
            }),
            key(
                "update",
                "meeting",
                "the meeting or report it was given to",
                |r| text(&r.item.meeting),
            ),
            key("update", "text", "what was done", |r| {
                opt_text(&r.item.text)
            }),
            key("update", "note", "why, when the status goes back", |r| {
                r.item.note().map_or(Cell::Null, text)
            }),
            key("update", "participants", "how many took part", |r| {
                r.item
                    .participants()
                    .map_or(Cell::Null, |n| Cell::Int(n.value))
            }),
            key("update", "ams", "the AMS that took part (ids)", |r| {
                Cell::List(r.item.ams().iter().map(|a| a.value.as_str()).collect())
            }),
            key_as(
                "cost",
                "actual cost",
                "amount",
                "what it actually cost",
                |r| r.item.cost().map_or(Cell::Null, |c| opt_number(&c.amount)),
            ),
            key_as(
                "cost_currency",
                "actual cost",
                "currency",
                "the currency of cost",
                |r| r.item.cost().map_or(Cell::Null, |c| opt_text(&c.currency)),
            ),
            key("update", "links", "links to outputs", |r| {
                Cell::List(r.item.links().iter().map(|a| a.value.as_str()).collect())
            }),
            item_source(),
        ])
        .covers("update", &["cost"])
        .foreign_key(&["plan", "number"], "programme", &["plan", "number"]),
    );
    for kind in RefKind::ALL {
        let list = reference_list(c, kind);
        c.add(list);
    }
}

/// A key of the reference lists: what its column says, when more than that it is written so,
/// and the value of an entry under it.
struct RefKey {
    key: &'static str,
    description: Option<&'static str>,
    cell: for<'r, 'e> fn(&'r &'e RefEntry) -> Cell<'r>,
}

/// Every key a reference list may have. The keys differ from list to list (a measure's parent
/// is its `kra`, a KPI group's its `priority_area`); see `load::REFERENCE_TABLES`.
const REFERENCE_KEYS: &[RefKey] = &[
    RefKey {
        key: "id",
        description: Some("id, as the lists define it"),
        cell: |e| text(&e.id),
    },
    RefKey {
        key: "name",
        description: None,
        cell: |e| opt_text(&e.name),
    },
    RefKey {
        key: "title",
        description: None,
        cell: |e| opt_text(&e.name),
    },
    RefKey {
        key: "kind",
        description: None,
        cell: |e| match (&e.category, &e.organisation_kind) {
            (Some(c), _) => Cell::text(c.value.as_str()),
            (None, Some(k)) => Cell::text(k.value.as_str()),
            (None, None) => Cell::Null,
        },
    },
    RefKey {
        key: "members",
        description: Some(
            "ids of its members, `;`-separated; empty when the sources do not list them",
        ),
        // Not listed (null) is not the same as listed and empty.
        cell: |e| {
            e.members.as_ref().map_or(Cell::Null, |m| {
                Cell::List(m.iter().map(|a| a.value.as_str()).collect())
            })
        },
    },
    RefKey {
        key: "country",
        description: None,
        cell: |e| opt_text(&e.country),
    },
    RefKey {
        key: "aliases",
        description: Some("other spellings people use, `;`-separated"),
        cell: |e| Cell::List(e.aliases.iter().map(|a| a.value.as_str()).collect()),
    },
    RefKey {
        key: "description",
        description: None,
        cell: |e| opt_text(&e.text),
    },
    RefKey {
        key: "text",
        description: None,
        cell: |e| opt_text(&e.text),
    },
    RefKey {
        key: "parent",
        description: None,
        cell: |e| opt_text(&e.parent),
    },
    RefKey {
        key: "framework",
        description: None,
        cell: |e| opt_text(&e.framework),
    },
    RefKey {
        key: "level",
        description: None,
        cell: |e| opt_text(&e.level),
    },
    RefKey {
        key: "joined",
        description: Some(
            "the members that joined after it was formed: `member date`, `;`-separated",
        ),
        cell: |e| memberships(&e.joined),
    },
    RefKey {
        key: "left",
        description: Some("the members that left it: `member date`, `;`-separated"),
        cell: |e| memberships(&e.left),
    },
    RefKey {
        key: "kpi_group",
        description: None,
        cell: |e| opt_text(&e.parent),
    },
    RefKey {
        key: "priority_area",
        description: None,
        cell: |e| opt_text(&e.parent),
    },
    RefKey {
        key: "quoted",
        description: None,
        cell: |e| e.quoted.map_or(Cell::Null, Cell::Bool),
    },
    RefKey {
        key: "adopted",
        description: None,
        cell: |e| opt_text(&e.adopted),
    },
    RefKey {
        key: "place",
        description: None,
        cell: |e| opt_text(&e.place),
    },
    RefKey {
        key: "url",
        description: None,
        cell: |e| opt_text(&e.url),
    },
    RefKey {
        key: "source",
        description: None,
        cell: |e| opt_text(&e.source),
    },
    RefKey {
        key: "note",
        description: None,
        cell: |e| opt_text(&e.note),
    },
];

/// A group's membership dates, `member date` each, `;`-separated.
fn memberships(dates: &[crate::model::Membership]) -> Cell<'static> {
    let items: Vec<String> = dates
        .iter()
        .map(|m| format!("{} {}", m.member.value, m.date.value))
        .collect();
    Cell::Text(Cow::Owned(items.join("; ")))
}

/// A reference list, a column for each key its reader knows that [`REFERENCE_KEYS`] has a
/// value for (every key: a test holds this).
fn reference_list<'x>(c: &Catalogue<'x>, kind: RefKind) -> Def<'x, &'x RefEntry> {
    let table = kind.table();
    let keys: Vec<&'static str> = c
        .schema
        .table(table)
        .map(|t| t.keys.iter().map(|k| k.key).collect())
        .unwrap_or_default();
    let mut columns: Vec<Column<&RefEntry>> = Vec::new();
    for key_name in keys {
        let Some(k) = REFERENCE_KEYS.iter().find(|k| k.key == key_name) else {
            continue;
        };
        let description: Cow<'static, str> = match k.description {
            Some(d) => d.into(),
            None => format!("`{key_name}`, as written in the list").into(),
        };
        columns.push(key(table, k.key, description, k.cell));
    }
    let def = Def::new(
        table,
        format!(
            "The reference list [[{table}]]: {}, in the order of the files.",
            strip_article(kind.noun())
        ),
        move |run| run.data().references_of(kind),
    )
    .columns(columns)
    .primary_key(&["id"]);
    match kind {
        RefKind::ApscLine => def.foreign_key(&["parent"], "apsc_line", &["id"]),
        RefKind::PriorityArea => def.foreign_key(&["kpi_group"], "kpi_group", &["id"]),
        RefKind::KpiGroup => def.foreign_key(&["priority_area"], "priority_area", &["id"]),
        RefKind::PartnerOrganisation => def.foreign_key(&["country"], "country", &["id"]),
        RefKind::Group => def.covers("membership date", &["member", "date"]),
        RefKind::Country
        | RefKind::Body
        | RefKind::Enabler
        | RefKind::ThematicArea
        | RefKind::FrameworkEntry
        | RefKind::Declaration
        | RefKind::FundingSource
        | RefKind::Currency => def,
    }
}

fn strip_article(noun: &str) -> &str {
    noun.strip_prefix("an ")
        .or_else(|| noun.strip_prefix("a "))
        .unwrap_or(noun)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::schema;

    #[test]
    fn every_key_of_every_reference_list_has_a_value() {
        let schema = schema();
        for kind in RefKind::ALL {
            let keys = schema.table(kind.table()).map(|t| t.keys.clone());
            for key in keys.unwrap_or_default() {
                assert!(
                    REFERENCE_KEYS.iter().any(|k| k.key == key.key),
                    "`{}` of [[{}]] has no value in REFERENCE_KEYS",
                    key.key,
                    kind.table()
                );
            }
        }
    }
}
