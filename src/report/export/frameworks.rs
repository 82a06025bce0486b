//! The exported tables of the results frameworks: the frameworks, their levels, and what each
//! programme cites of them (long form, since the keys and levels come from the data).

use super::columns::{Build, Entry, Rows, programme_key};
use super::spec::FieldType;
use crate::load::Schema;

/// What programmes cite of the results frameworks, and the frameworks' own levels: the keys and
/// levels come from the data, so the tables are long-form, one row per citation or level.
pub(super) fn framework_tables(s: &Schema, missing: &mut Vec<String>, entries: &mut Vec<Entry>) {
    use FieldType::*;
    entries.push(
        (programme_key(Build::new(
            s,
            missing,
            "programme_citation",
            Rows::ProgrammeCitation,
            "What a programme cites of a results framework, one row per id, under the key \
                 written (`kras`, `measures`, `goals`…), in the order written.",
        ))
        .col(
            "position",
            Integer,
            true,
            "1 for the first citation of the programme, 2…",
        )
        .col(
            "key",
            Text,
            true,
            "the programme key the id is written under",
        )
        .col(
            "framework",
            Text,
            false,
            "the framework whose level declares the key, for the programme's plan",
        )
        .col(
            "level",
            Text,
            false,
            "the level of that framework the key cites",
        )
        .col("entry", Text, true, "the id cited")
        .col(
            "entry_title",
            Text,
            false,
            "the title of the entry, from the framework",
        ),)
            .0
            .foreign_key(&["plan", "number"], "programme", &["plan", "number"])
            .primary_key(&["plan", "number", "position"])
            .entry,
    );
    entries.push(
        Build::new(
            s,
            missing,
            "framework",
            Rows::Framework,
            "The results frameworks [[framework]], in the order of the files.",
        )
        .key("framework", "id", "id, which plans name")
        .key("framework", "title", "its name")
        .col(
            "levels",
            Text,
            true,
            "its level ids, top to bottom, `;`-separated",
        )
        .covers("framework", &["levels"])
        .key("framework", "source", "where it is taken from")
        .key("framework", "note", "note")
        .primary_key(&["id"])
        .entry,
    );
    entries.push(
        Build::new(
            s,
            missing,
            "framework_level",
            Rows::FrameworkLevel,
            "The levels of each results framework, top to bottom.",
        )
        .col("framework", Text, true, "the framework (id)")
        .col("position", Integer, true, "1 for the top level, 2…")
        .key(
            "framework level",
            "id",
            "the level's id, which its entries name",
        )
        .key("framework level", "name", "the level in a sentence")
        .key(
            "framework level",
            "plural",
            "the level in a sentence, plural, where given",
        )
        .key(
            "framework level",
            "key",
            "the programme key that cites entries of this level",
        )
        .primary_key(&["framework", "position"])
        .foreign_key(&["framework"], "framework", &["id"])
        .entry,
    );
}
