//! Reading the reference lists, the ARC directory and the chairs.

use super::read::{Ctx, Record, Value};
use crate::interned::Str;
use crate::model::{
    Arc, Chair, CountryKind, Framework, Level, Membership, OrganisationKind as OrgKind, RefEntry,
    RefKind,
};
use crate::source::Spanned;

/// Which field of [`RefEntry`] a reference-table key fills (besides `id`, which every entry
/// has).
#[derive(Clone, Copy)]
enum Field {
    Name,
    Aliases,
    Category,
    Members,
    Joined,
    Left,
    Framework,
    Level,
    Country,
    OrganisationKind,
    Text,
    Parent,
    Quoted,
    Adopted,
    Place,
    Url,
    Source,
    Note,
}

pub(super) struct RefTable {
    pub(super) kind: RefKind,
    keys: &'static [(&'static str, Field)],
    /// Keys that must be present besides `id`.
    required: &'static [&'static str],
}

/// The reference tables and their keys.
pub(super) const REFERENCE_TABLES: &[RefTable] = {
    use Field::*;
    &[
        RefTable {
            kind: RefKind::Country,
            keys: &[
                ("name", Name),
                ("kind", Category),
                ("aliases", Aliases),
                ("note", Note),
            ],
            required: &["name", "kind"],
        },
        RefTable {
            kind: RefKind::Body,
            keys: &[
                ("name", Name),
                ("aliases", Aliases),
                ("country", Country),
                ("note", Note),
            ],
            required: &["name"],
        },
        RefTable {
            kind: RefKind::Group,
            keys: &[
                ("name", Name),
                ("aliases", Aliases),
                ("members", Members),
                ("joined", Joined),
                ("left", Left),
                ("note", Note),
            ],
            required: &["name"],
        },
        RefTable {
            kind: RefKind::PriorityArea,
            keys: &[
                ("title", Name),
                ("description", Text),
                ("kpi_group", Parent),
                ("note", Note),
            ],
            required: &["title"],
        },
        RefTable {
            kind: RefKind::Enabler,
            keys: &[("title", Name), ("description", Text), ("note", Note)],
            required: &["title"],
        },
        RefTable {
            kind: RefKind::ThematicArea,
            keys: &[("title", Name), ("description", Text), ("note", Note)],
            required: &["title"],
        },
        RefTable {
            kind: RefKind::FrameworkEntry,
            keys: &[
                ("framework", Framework),
                ("level", Level),
                ("parent", Parent),
                ("title", Name),
                ("text", Text),
                ("quoted", Quoted),
                ("source", Source),
                ("note", Note),
            ],
            required: &["framework", "level"],
        },
        RefTable {
            kind: RefKind::ApscLine,
            keys: &[
                ("parent", Parent),
                ("text", Text),
                ("quoted", Quoted),
                ("source", Source),
                ("note", Note),
            ],
            required: &[],
        },
        RefTable {
            kind: RefKind::Declaration,
            keys: &[
                ("title", Name),
                ("adopted", Adopted),
                ("place", Place),
                ("url", Url),
                ("source", Source),
                ("note", Note),
            ],
            required: &["title"],
        },
        RefTable {
            kind: RefKind::FundingSource,
            keys: &[("name", Name), ("description", Text), ("note", Note)],
            required: &["name"],
        },
        RefTable {
            kind: RefKind::Currency,
            keys: &[("name", Name), ("note", Note)],
            required: &["name"],
        },
        RefTable {
            kind: RefKind::KpiGroup,
            keys: &[("title", Name), ("priority_area", Parent), ("note", Note)],
            required: &["title"],
        },
        RefTable {
            kind: RefKind::PartnerOrganisation,
            keys: &[
                ("name", Name),
                ("aliases", Aliases),
                ("country", Country),
                ("kind", OrganisationKind),
                ("note", Note),
            ],
            required: &["name"],
        },
    ]
};

pub(super) fn read_reference(
    ctx: &mut Ctx<'_>,
    spec: &RefTable,
    value: &Value<'_>,
) -> Option<RefEntry> {
    Record::read(ctx, value, spec.kind.table(), |ctx, r| {
        let id = r.req_str(ctx, "id");
        for key in spec.required {
            r.require(ctx, key, "\"…\"");
        }
        // Read every key even when the id is missing, so all of an entry's problems show at
        // once; the entry itself is kept only with an id.
        let mut entry = RefEntry {
            kind: spec.kind,
            span: r.span,
            id: Spanned::new(Str::default(), r.span),
            name: None,
            aliases: Box::default(),
            category: None,
            members: None,
            framework: None,
            level: None,
            joined: Box::default(),
            left: Box::default(),
            country: None,
            organisation_kind: None,
            text: None,
            parent: None,
            quoted: None,
            adopted: None,
            place: None,
            url: None,
            note: None,
            source: None,
        };
        for &(key, field) in spec.keys {
            match field {
                Field::Name => entry.name = r.opt_str(ctx, key),
                Field::Aliases => entry.aliases = r.str_list(ctx, key),
                Field::Category => entry.category = r.opt_enum::<CountryKind>(ctx, key),
                // Left out means "not listed", which is not the same as an empty group.
                Field::Members => {
                    let listed = r.has(key);
                    let members = r.str_list(ctx, key);
                    entry.members = listed.then_some(members);
                }
                Field::Joined | Field::Left => {
                    let dates = r.sub_list(ctx, key, "membership date", read_membership);
                    match field {
                        Field::Joined => entry.joined = dates.into_boxed_slice(),
                        _ => entry.left = dates.into_boxed_slice(),
                    }
                }
                Field::Framework => entry.framework = r.opt_str(ctx, key),
                Field::Level => entry.level = r.opt_str(ctx, key),
                Field::Country => entry.country = r.opt_str(ctx, key),
                Field::OrganisationKind => {
                    entry.organisation_kind = r.opt_enum::<OrgKind>(ctx, key);
                }
                Field::Text => entry.text = r.opt_str(ctx, key),
                Field::Parent => entry.parent = r.opt_str(ctx, key),
                Field::Quoted => entry.quoted = r.opt_bool(ctx, key).map(|b| b.value),
                Field::Adopted => entry.adopted = r.opt_date(ctx, key),
                Field::Place => entry.place = r.opt_str(ctx, key),
                Field::Url => entry.url = r.opt_str(ctx, key),
                Field::Source => entry.source = r.opt_str(ctx, key),
                Field::Note => entry.note = r.opt_str(ctx, key),
            }
        }
        entry.id = id?;
        Some(entry)
    })
}

/// When a member of a group joined or left: `{ member = "TLS", date = 2025-10-26 }`.
fn read_membership(ctx: &mut Ctx<'_>, r: &mut Record<'_, '_>) -> Option<Membership> {
    let member = r.req_str(ctx, "member");
    let date = r.opt_date(ctx, "date");
    if date.is_none() {
        r.require(ctx, "date", "2025-10-26");
    }
    Some(Membership {
        member: member?,
        date: date?,
    })
}

/// A results framework and its levels, top to bottom (see [`Framework`]).
pub(super) fn read_framework(ctx: &mut Ctx<'_>, value: &Value<'_>) -> Option<Framework> {
    Record::read(ctx, value, "framework", |ctx, r| {
        let id = r.req_str(ctx, "id");
        let title = r.req_str(ctx, "title");
        let levels = r.sub_list(ctx, "levels", "framework level", |ctx, r| {
            let id = r.req_str(ctx, "id");
            let name = r.req_str(ctx, "name");
            let plural = r.opt_str(ctx, "plural");
            let key = r.opt_str(ctx, "key");
            Some(Level {
                id: id?,
                name: name?,
                plural,
                key,
            })
        });
        if levels.is_empty() {
            r.require(
                ctx,
                "levels",
                "[{ id = \"goal\", name = \"strategic goal\", key = \"goals\" }]",
            );
        }
        Some(Framework {
            span: r.span,
            levels: levels.into_boxed_slice(),
            source: r.opt_str(ctx, "source"),
            note: r.opt_str(ctx, "note"),
            id: id?,
            title: title?,
        })
    })
}

pub(super) fn read_arc(ctx: &mut Ctx<'_>, value: &Value<'_>) -> Option<Arc> {
    Record::read(ctx, value, "arc", |ctx, r| {
        let country = r.req_str(ctx, "country");
        let name = r.req_str(ctx, "name");
        Some(Arc {
            span: r.span,
            url: r.opt_str(ctx, "url"),
            as_of: r.opt_int(ctx, "as_of"),
            note: r.opt_str(ctx, "note"),
            country: country?,
            name: name?,
        })
    })
}

pub(super) fn read_chair(ctx: &mut Ctx<'_>, value: &Value<'_>) -> Option<Chair> {
    Record::read(ctx, value, "chair", |ctx, r| {
        let meeting = r.req_int(ctx, "meeting");
        let country = r.req_str(ctx, "country");
        Some(Chair {
            span: r.span,
            years: r.opt_str(ctx, "years"),
            note: r.opt_str(ctx, "note"),
            meeting: meeting?,
            country: country?,
        })
    })
}
