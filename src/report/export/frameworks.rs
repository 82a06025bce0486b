//! The exported tables of the results frameworks: the frameworks, their levels, and what each
//! programme cites of them (long form, since the keys and levels come from the data).

use super::columns::{Catalogue, Def, Row, index, key, opt_text, own, text};
use super::programmes::programme_key;
use super::run::Run;
use super::spec::{Cell, FieldType::*};
use crate::model::{Framework, Level, Programme, RefEntry, Text};
use crate::report::history::cited_framework;

/// One id a programme cites: under which key, and what the data makes of it.
pub(super) struct Citation<'x> {
    position: usize,
    key: &'x Text,
    /// The framework the ids under the key are entries of ([`cited_framework`]).
    framework: Option<&'x Framework>,
    level: Option<&'x Level>,
    id: &'x Text,
    entry: Option<&'x RefEntry>,
}

type Cited<'x> = Row<'x, Programme, Citation<'x>>;

pub(super) fn declare<'x>(c: &mut Catalogue<'x>) {
    c.add(
        Def::new(
            "programme_citation",
            "What a programme cites of a results framework, one row per id, under the key \
             written (`kras`, `measures`, `goals`…), in the order written.",
            citations,
        )
        .columns(programme_key())
        .columns([
            own(
                "position",
                Integer,
                true,
                "1 for the first citation of the programme, 2…",
                |r: &Cited| index(r.item.position),
            ),
            own(
                "key",
                Text,
                true,
                "the programme key the id is written under",
                |r| text(r.item.key),
            ),
            own(
                "framework",
                Text,
                false,
                "the framework the ids under the key are entries of: the plan's where they are",
                |r| r.item.framework.map_or(Cell::Null, |f| text(&f.id)),
            ),
            own(
                "level",
                Text,
                false,
                "the level of that framework the key cites",
                |r| r.item.level.map_or(Cell::Null, |l| text(&l.id)),
            ),
            own("entry", Text, true, "the id cited", |r| text(r.item.id)),
            own(
                "entry_title",
                Text,
                false,
                "the title of the entry, from the framework",
                |r| {
                    r.item
                        .entry
                        .map_or(Cell::Null, |e| Cell::text(e.display_name()))
                },
            ),
        ])
        .primary_key(&["plan", "number", "position"])
        .foreign_key(&["plan", "number"], "programme", &["plan", "number"]),
    );
    c.add(
        Def::new(
            "framework",
            "The results frameworks [[framework]], in the order of the files.",
            |run| run.data().frameworks.iter(),
        )
        .columns([
            key(
                "framework",
                "id",
                "id, which plans name",
                |f: &&Framework| text(&f.id),
            ),
            key("framework", "title", "its name", |f| text(&f.title)),
            own(
                "levels",
                Text,
                true,
                "its level ids, top to bottom, `;`-separated",
                |f| Cell::List(f.levels.iter().map(|l| l.id.value.as_str()).collect()),
            ),
            key("framework", "source", "where it is taken from", |f| {
                opt_text(&f.source)
            }),
            key("framework", "note", "note", |f| opt_text(&f.note)),
        ])
        .covers("framework", &["levels"])
        .primary_key(&["id"]),
    );
    c.add(
        Def::new(
            "framework_level",
            "The levels of each results framework, top to bottom.",
            |run| {
                run.data().frameworks.iter().flat_map(move |f| {
                    f.levels
                        .iter()
                        .enumerate()
                        .map(move |item| Row { run, of: f, item })
                })
            },
        )
        .columns([
            own(
                "framework",
                Text,
                true,
                "the framework (id)",
                |r: &Row<Framework, (usize, &Level)>| text(&r.of.id),
            ),
            own(
                "position",
                Integer,
                true,
                "1 for the top level, 2…",
                |r| index(r.item.0),
            ),
            key(
                "framework level",
                "id",
                "the level's id, which its entries name",
                |r| text(&r.item.1.id),
            ),
            key("framework level", "name", "the level in a sentence", |r| {
                text(&r.item.1.name)
            }),
            key(
                "framework level",
                "plural",
                "the level in a sentence, plural, where given",
                |r| opt_text(&r.item.1.plural),
            ),
            key(
                "framework level",
                "key",
                "the programme key that cites entries of this level",
                |r| opt_text(&r.item.1.key),
            ),
        ])
        .primary_key(&["framework", "position"])
        .foreign_key(&["framework"], "framework", &["id"]),
    );
}

/// Every id every programme cites, by programme then position.
fn citations<'x>(run: &'x Run<'x>) -> impl Iterator<Item = Cited<'x>> + 'x {
    let (data, catalog) = (run.data(), run.catalog());
    run.programmes.iter().flat_map(move |p| {
        let own = data.framework_of_plan(&p.plan.value);
        p.citations()
            .flat_map(move |(key, ids)| {
                let framework = cited_framework(data, own, &key.value, ids);
                let level = framework.and_then(|f| f.level_for_key(&key.value));
                ids.iter().map(move |id| (key, framework, level, id))
            })
            .enumerate()
            .map(move |(position, (key, framework, level, id))| Row {
                run,
                of: *p,
                item: Citation {
                    position,
                    key,
                    framework,
                    level,
                    id,
                    entry: framework.and_then(|f| catalog.entry(&f.id.value, &id.value)),
                },
            })
    })
}
