//! The exported tables: their names, columns and keys. Columns named after a key of the files take
//! the key's type from the readers themselves ([`crate::load::schema`]), so a key read as a number
//! is exported as one; a test holds the export to covering every key the readers know.

use super::columns::Build;
pub(super) use super::columns::{Entry, Rows};
use super::spec::{FieldType, Table};
use crate::load::{Schema, schema};
use crate::model::{ProgrammeList, RefKind};

/// Every exported table, in the order they are written.
pub fn tables() -> Vec<Table> {
    catalogue().0.into_iter().map(|e| e.table).collect()
}

// ---- the tables ----

const COORDINATOR_KINDS: &[RefKind] = &[RefKind::Country, RefKind::Body];
pub(super) const PARTY_KINDS: &[RefKind] = &[RefKind::Country, RefKind::Body, RefKind::Group];
const AREA_KINDS: &[RefKind] = &[RefKind::PriorityArea, RefKind::ThematicArea];

/// The keys of a return's answer that hold figures, as `return_answer.field` names them.
const FIGURES: &[&str] = &[
    "yes",
    "count",
    "total",
    "levels",
    "percent",
    "ratings",
    "impact_ratings",
    "per_year",
    "revises",
    "projects.total",
    "projects.female",
    "projects.male",
    "projects.by_country",
    "internal.rate",
    "internal.year",
    "third_party.rate",
    "third_party.year",
];

/// The keys of a return's answer that hold text, as `return_text.field` names them.
const TEXTS: &[&str] = &[
    "names",
    "narrative",
    "note",
    "projects.title",
    "internal.title",
    "internal.indicators",
    "internal.scale",
    "third_party.title",
    "third_party.indicators",
    "third_party.scale",
];

/// The lists of a KPI that `kpi_list` holds.
pub(super) const KPI_LISTS: &[&str] = &[
    "levels",
    "periods",
    "forms",
    "scale",
    "scale_labels",
    "years",
    "sources",
];

/// A programme's list as a long-form table: its name, the column of each entry, the column of
/// the name or title an id resolves to and the lists it resolves in, the table a foreign key
/// leads to, and the key of the files.
pub(super) struct ListTable {
    pub(super) list: ProgrammeList,
    table: &'static str,
    column: &'static str,
    what: &'static str,
    pub(super) named: Option<(&'static str, &'static [RefKind])>,
    references: Option<&'static str>,
    key: &'static str,
}

pub(super) const PROGRAMME_LISTS: &[ListTable] = &[
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
        list: ProgrammeList::Kras,
        table: "programme_kra",
        column: "kra",
        what: "ASCC Blueprint key result area",
        named: Some(("kra_title", &[RefKind::Kra])),
        references: Some("kra"),
        key: "kras",
    },
    ListTable {
        list: ProgrammeList::Measures,
        table: "programme_measure",
        column: "measure",
        what: "ASCC Blueprint strategic measure",
        named: None,
        references: Some("measure"),
        key: "measures",
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

/// The tables, and the keys named for a column that the readers do not know (none: a test
/// holds this).
pub(super) fn catalogue() -> (Vec<Entry>, Vec<String>) {
    let schema = schema();
    let s = &schema;
    let mut missing = Vec::new();
    let mut entries = Vec::new();
    programme_tables(s, &mut missing, &mut entries);
    plan_tables(s, &mut missing, &mut entries);
    kpi_tables(s, &mut missing, &mut entries);
    return_tables(s, &mut missing, &mut entries);
    directory_tables(s, &mut missing, &mut entries);
    reference_tables(s, &mut missing, &mut entries);
    (entries, missing)
}

/// The programmes, and one table for each list a programme holds, with its years.
fn programme_tables(s: &Schema, missing: &mut Vec<String>, entries: &mut Vec<Entry>) {
    use FieldType::*;
    entries.push(
        Build::new(
            s,
            missing,
            "programme",
            Rows::Programme,
            "One row per programme, by plan and published number. Its lists are the \
             programme_* tables.",
        )
        .key("programme", "plan", "the plan (id)")
        .key("programme", "number", "published number in the plan")
        .key("programme", "title", "title, as published")
        .key(
            "programme",
            "timeline",
            "timeline, as published (2022, 2022-2023, Q4 2022, Annually, TBC…); the years it \
             covers are in programme_year",
        )
        .key_as(
            "budget",
            "budget",
            "text",
            "indicative budget, as published",
        )
        .key_as(
            "amount",
            "budget",
            "amount",
            "indicative budget: the amount",
        )
        .key_as(
            "currency",
            "budget",
            "currency",
            "currency of amount (ISO 4217)",
        )
        .key_as(
            "local_amount",
            "budget",
            "local_amount",
            "the amount in a local currency, when published",
        )
        .key_as(
            "local_currency",
            "budget",
            "local_currency",
            "currency of local_amount (ISO 4217)",
        )
        .key_as(
            "funded_by",
            "budget",
            "funded_by",
            "the partner funding it: the id of a country, body or group",
        )
        .col(
            "funded_by_name",
            Text,
            false,
            "name of funded_by, from the reference lists",
        )
        .key_as(
            "budget_tbc",
            "budget",
            "tbc",
            "whether the budget is to be confirmed",
        )
        .always()
        .key(
            "programme",
            "carried_over",
            "carried over from the 2016-2020 plan (marked * in the plan)",
        )
        .always()
        .key(
            "programme",
            "status",
            "progress status as last reported; empty: not reported",
        )
        .key("programme", "note", "note")
        .source()
        .covers("programme", &["budget"])
        .primary_key(&["plan", "number"])
        .foreign_key(&["plan"], "plan", &["id"])
        .foreign_key(&["currency"], "currency", &["id"])
        .foreign_key(&["local_currency"], "currency", &["id"])
        .entry,
    );
    for list in PROGRAMME_LISTS {
        let mut b = programme_key(Build::new(
            s,
            missing,
            list.table,
            Rows::ProgrammeList(list.list),
            format!(
                "A programme's `{}`, one row each, in the order written.",
                list.key
            ),
        ))
        .col("position", Integer, true, "1 for the first entry, 2…")
        .col(list.column, Text, true, list.what);
        if let Some((name, _)) = list.named {
            b = b.col(
                name,
                Text,
                false,
                format!(
                    "the {} of {}, from the reference lists",
                    name_word(name),
                    list.column
                ),
            );
        }
        b = to_programme(b.covers("programme", &[list.key]))
            .primary_key(&["plan", "number", "position"]);
        if let Some(target) = list.references {
            b = b.foreign_key(&[list.column], target, &["id"]);
        }
        entries.push(b.entry);
    }
    entries.push(
        to_programme(
            programme_key(Build::new(
                s,
                missing,
                "programme_funding_source",
                Rows::ProgrammeFunding,
                "A programme's funding sources (budget.sources), one row each.",
            ))
            .col("position", Integer, true, "1 for the first entry, 2…")
            .col("funding_source", Text, true, "funding source (id)")
            .covers("budget", &["sources"]),
        )
        .primary_key(&["plan", "number", "position"])
        .foreign_key(&["funding_source"], "funding_source", &["id"])
        .entry,
    );
    entries.push(
        to_programme(
            programme_key(Build::new(
                s,
                missing,
                "programme_update",
                Rows::ProgrammeUpdate,
                "A programme's progress updates, in the order written.",
            ))
            .col("position", Integer, true, "1 for the first update, 2…")
            .key("progress update", "date", "date of the update")
            .key("progress update", "text", "the update")
            .covers("programme", &["update"]),
        )
        .primary_key(&["plan", "number", "position"])
        .entry,
    );
    entries.push(
        to_programme(programme_key(Build::new(
            s,
            missing,
            "programme_year",
            Rows::ProgrammeYear,
            "The years a programme's timeline covers in its plan's period (Annually: every \
             year; Biennially: every second year from the second; TBC: none).",
        )))
        .col("year", Integer, true, "a year the timeline covers")
        .primary_key(&["plan", "number", "year"])
        .entry,
    );
}

/// The plans and their lists of relevant measures and APSC lines.
fn plan_tables(s: &Schema, missing: &mut Vec<String>, entries: &mut Vec<Entry>) {
    use FieldType::*;
    entries.push(
        Build::new(
            s,
            missing,
            "plan",
            Rows::Plan,
            "The work plans, in the order of the files.",
        )
        .key("plan", "id", "id")
        .key("plan", "title", "title")
        .key("plan", "body", "the body that adopted it (ACCSM, ACCSM+3)")
        .key(
            "plan",
            "aliases",
            "other names of the plan that `list --plan` accepts, `;`-separated",
        )
        .key(
            "plan",
            "area_kind",
            "which areas its programmes are tagged with",
        )
        .key("plan", "start", "first year of the plan")
        .key("plan", "end", "last year of the plan")
        .key(
            "plan",
            "baseline_year",
            "baseline year of its M&E framework",
        )
        .key(
            "plan",
            "baseline_basis",
            "why the baseline year is the one it is",
        )
        .key(
            "plan",
            "baseline_closest_within",
            "how many years either side may stand in for a missing baseline figure",
        )
        .key("plan", "target_year", "target year of its M&E framework")
        .key("plan", "midterm_start", "first year of the mid-term review")
        .key("plan", "midterm_end", "last year of the mid-term review")
        .key("plan", "adopted", "when it was adopted")
        .key("plan", "source", "the publication it is taken from")
        .key("plan", "note", "note")
        .primary_key(&["id"])
        .entry,
    );
    for (name, rows, key, column, target) in [
        (
            "plan_relevant_measure",
            Rows::PlanMeasure,
            "relevant_measures",
            "measure",
            "measure",
        ),
        (
            "plan_relevant_apsc_line",
            Rows::PlanApscLine,
            "relevant_apsc_lines",
            "apsc_line",
            "apsc_line",
        ),
    ] {
        entries.push(
            Build::new(
                s,
                missing,
                name,
                rows,
                format!("A plan's `{key}`, one row each, in the order written."),
            )
            .col("plan", Text, true, "the plan (id)")
            .col("position", Integer, true, "1 for the first entry, 2…")
            .col(column, Text, true, "id")
            .covers("plan", &[key])
            .primary_key(&["plan", "position"])
            .foreign_key(&["plan"], "plan", &["id"])
            .foreign_key(&[column], target, &["id"])
            .entry,
        );
    }
}

/// The KPIs of the M&E frameworks, their questions and other lists.
fn kpi_tables(s: &Schema, missing: &mut Vec<String>, entries: &mut Vec<Entry>) {
    use FieldType::*;
    entries.push(
        Build::new(
            s,
            missing,
            "kpi",
            Rows::Kpi,
            "The key performance indicators of the M&E frameworks, in the order of the files.",
        )
        .key("kpi", "plan", "the plan (id)")
        .key("kpi", "id", "KPI id (A.1, D.2.1…)")
        .key("kpi", "group", "KPI group (id)")
        .key("kpi", "parent", "the KPI this one details (id)")
        .key("kpi", "title", "title, as in the data-collection template")
        .key("kpi", "answer", "how it is answered")
        .key(
            "kpi",
            "alternative_answer",
            "the other answer form the published text allows, if any",
        )
        .key("kpi", "asks_names", "whether the template asks for names")
        .always()
        .key("kpi", "asks_total", "whether the template asks for a total")
        .always()
        .key("kpi", "rollup", "how the AMS's answers are taken together")
        .key("kpi", "rollup_text", "the roll-up in words")
        .key("kpi", "definition", "the explanatory notes")
        .key("kpi", "note", "note")
        .source()
        .covers("kpi", &["questions"])
        .covers("kpi", KPI_LISTS)
        .primary_key(&["plan", "id"])
        .foreign_key(&["plan"], "plan", &["id"])
        .foreign_key(&["group"], "kpi_group", &["id"])
        .entry,
    );
    entries.push(
        Build::new(
            s,
            missing,
            "kpi_question",
            Rows::KpiQuestion,
            "A KPI's questions, as in the data-collection template.",
        )
        .col("plan", Text, true, "the plan (id)")
        .col("kpi", Text, true, "KPI id")
        .col("number", Integer, true, "1 for the first question, 2…")
        .col("question", Text, true, "the question, verbatim")
        .primary_key(&["plan", "kpi", "number"])
        .foreign_key(&["plan", "kpi"], "kpi", &["plan", "id"])
        .entry,
    );
    entries.push(
        Build::new(
            s,
            missing,
            "kpi_list",
            Rows::KpiList,
            "A KPI's other lists (levels, periods, forms, scale, scale_labels, years, \
             sources), one row per entry.",
        )
        .col("plan", Text, true, "the plan (id)")
        .col("kpi", Text, true, "KPI id")
        .col("list", OneOf(KPI_LISTS), true, "the list")
        .col("position", Integer, true, "1 for the first entry, 2…")
        .col("value", Text, true, "the entry, as written")
        .primary_key(&["plan", "kpi", "list", "position"])
        .foreign_key(&["plan", "kpi"], "kpi", &["plan", "id"])
        .entry,
    );
}

/// The KPI returns, their figures and their words, in long form.
fn return_tables(s: &Schema, missing: &mut Vec<String>, entries: &mut Vec<Entry>) {
    use FieldType::*;
    entries.push(
        Build::new(
            s,
            missing,
            "return",
            Rows::Return,
            "KPI returns: one AMS's return for one year, by plan, AMS name and year.",
        )
        .key("return", "plan", "the plan (id)")
        .key("return", "country", "the AMS (id)")
        .col("country_name", Text, false, "name of the AMS")
        .key("return", "year", "the reporting year")
        .key("return", "round", "round of data collection")
        .key("return", "submitted", "when it was submitted")
        .key("return", "focal_point", "focal point")
        .key("return", "data_source", "where the data come from")
        .key("return", "definitions", "definitions used")
        .key("return", "narrative", "narrative")
        .key("return", "note", "note")
        .source()
        .covers("return", &["answers"])
        .primary_key(&["plan", "country", "year"])
        .foreign_key(&["plan"], "plan", &["id"])
        .foreign_key(&["country"], "country", &["id"])
        .entry,
    );
    entries.push(
        answer_key(Build::new(
            s,
            missing,
            "return_answer",
            Rows::ReturnAnswer,
            "Every figure of the KPI returns, one row each (long form), by plan, AMS name, \
             year and KPI.",
        ))
        .col(
            "question",
            Integer,
            false,
            "for yes: the number of the KPI question answered (see kpi_question)",
        )
        .col(
            "field",
            OneOf(FIGURES),
            true,
            "the key of the return the figure is written under",
        )
        .col(
            "part",
            Text,
            false,
            "what the figure is of: a level (national…), a rating period (2020-2022), a year, \
             a country (projects.by_country)",
        )
        .col(
            "project",
            Integer,
            false,
            "for projects: 1 for the first project of the answer, 2…",
        )
        .col(
            "value",
            Number,
            true,
            "the figure; for yes: 1 = yes, 0 = no",
        )
        .col(
            "unit",
            Text,
            true,
            "yes-no, count, percent, rating-LOW-HIGH (the KPI's scale), participants, rate \
             (of a survey, on its scale), year",
        )
        .source()
        .covers("KPI answer", &FIGURES[..9])
        .covers("KPI answer", &["projects", "internal", "third_party"])
        .covers("project", &["total", "female", "male", "by_country"])
        .covers("survey result", &["rate", "year"])
        .foreign_key(
            &["plan", "country", "year"],
            "return",
            &["plan", "country", "year"],
        )
        .foreign_key(&["plan", "kpi"], "kpi", &["plan", "id"])
        .entry,
    );
    entries.push(
        answer_key(Build::new(
            s,
            missing,
            "return_text",
            Rows::ReturnText,
            "The text of the KPI returns' answers (names, titles, narratives), one row each.",
        ))
        .col(
            "field",
            OneOf(TEXTS),
            true,
            "the key of the return the text is written under",
        )
        .col(
            "project",
            Integer,
            false,
            "for projects: 1 for the first project of the answer, 2…",
        )
        .col(
            "position",
            Integer,
            false,
            "for lists (names, indicators): 1 for the first entry, 2…",
        )
        .col("text", Text, true, "the text")
        .source()
        .covers("KPI answer", &["names", "narrative", "note"])
        .covers("project", &["title"])
        .covers("survey result", &["title", "indicators", "scale"])
        .foreign_key(
            &["plan", "country", "year"],
            "return",
            &["plan", "country", "year"],
        )
        .foreign_key(&["plan", "kpi"], "kpi", &["plan", "id"])
        .entry,
    );
}

/// The ASEAN Resource Centres and the chairmanships.
fn directory_tables(s: &Schema, missing: &mut Vec<String>, entries: &mut Vec<Entry>) {
    use FieldType::*;
    entries.push(
        Build::new(
            s,
            missing,
            "arc",
            Rows::Arc,
            "The ASEAN Resource Centres, in the order of the files.",
        )
        .key("arc", "country", "the AMS (id)")
        .col("country_name", Text, false, "name of the AMS")
        .key("arc", "name", "name of the centre")
        .key("arc", "url", "web address")
        .key("arc", "as_of", "the year the entry was last confirmed")
        .key("arc", "note", "note")
        .source()
        .foreign_key(&["country"], "country", &["id"])
        .entry,
    );
    entries.push(
        Build::new(
            s,
            missing,
            "chair",
            Rows::Chair,
            "The ACCSM chairmanships, in the order of the files.",
        )
        .key(
            "chair",
            "meeting",
            "the ACCSM meeting (20 for the 20th ACCSM)",
        )
        .key("chair", "country", "the chair (id)")
        .col("country_name", Text, false, "name of the chair")
        .key("chair", "years", "the years of the chairmanship")
        .key("chair", "note", "note")
        .source()
        .primary_key(&["meeting"])
        .foreign_key(&["country"], "country", &["id"])
        .entry,
    );
    entries.push(
        Build::new(
            s,
            missing,
            "update",
            Rows::Update,
            "Progress updates, one row each, in the order of the files (a programme's current \
             status is that of its latest).",
        )
        .key("update", "plan", "the plan (id)")
        .key("update", "number", "the programme's number in its plan")
        .key("update", "date", "the month or day of the update")
        .key("update", "status", "where the programme stands")
        .key("update", "meeting", "the meeting or report it was given to")
        .key("update", "text", "what was done")
        .key("update", "note", "why, when the status goes back")
        .key("update", "participants", "how many took part")
        .key("update", "ams", "the AMS that took part (ids)")
        .key_as("cost", "actual cost", "amount", "what it actually cost")
        .key_as(
            "cost_currency",
            "actual cost",
            "currency",
            "the currency of cost",
        )
        .covers("update", &["cost"])
        .key("update", "links", "links to outputs")
        .source()
        .foreign_key(&["plan", "number"], "programme", &["plan", "number"])
        .entry,
    );
}

/// Every reference list, with the keys its list has.
fn reference_tables(s: &Schema, missing: &mut Vec<String>, entries: &mut Vec<Entry>) {
    for kind in RefKind::ALL {
        let table = kind.table();
        let mut b = Build::new(
            s,
            missing,
            table,
            Rows::Reference(kind),
            format!(
                "The reference list [[{table}]]: {}, in the order of the files.",
                strip_article(kind.noun())
            ),
        );
        let keys: Vec<&'static str> = s
            .table(table)
            .map(|t| t.keys.iter().map(|k| k.key).collect())
            .unwrap_or_default();
        for key in keys {
            let description = match key {
                "id" => "id, as the lists define it".to_string(),
                "aliases" => "other spellings people use, `;`-separated".to_string(),
                "members" => "ids of its members, `;`-separated; empty when the sources do not \
                              list them"
                    .to_string(),
                _ => format!("`{key}`, as written in the list"),
            };
            b = b.key(table, key, description);
        }
        b = b.primary_key(&["id"]);
        b = match kind {
            RefKind::Measure => b.foreign_key(&["kra"], "kra", &["id"]),
            RefKind::ApscLine => b.foreign_key(&["parent"], "apsc_line", &["id"]),
            RefKind::PriorityArea => b.foreign_key(&["kpi_group"], "kpi_group", &["id"]),
            RefKind::KpiGroup => b.foreign_key(&["priority_area"], "priority_area", &["id"]),
            RefKind::PartnerOrganisation => b.foreign_key(&["country"], "country", &["id"]),
            _ => b,
        };
        entries.push(b.entry);
    }
}

fn programme_key(b: Build<'_>) -> Build<'_> {
    b.col("plan", FieldType::Text, true, "the programme's plan (id)")
        .col(
            "number",
            FieldType::Integer,
            true,
            "the programme's published number in its plan",
        )
}

fn to_programme(b: Build<'_>) -> Build<'_> {
    b.foreign_key(&["plan", "number"], "programme", &["plan", "number"])
}

fn answer_key(b: Build<'_>) -> Build<'_> {
    b.col("plan", FieldType::Text, true, "the plan (id)")
        .col("country", FieldType::Text, true, "the AMS (id)")
        .col("year", FieldType::Integer, true, "the reporting year")
        .col("kpi", FieldType::Text, true, "KPI id")
}

fn name_word(column: &str) -> &str {
    if column.ends_with("_title") {
        "title"
    } else {
        "name"
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

    #[test]
    fn every_column_named_after_a_key_is_a_key_the_readers_know() {
        let (_, missing) = catalogue();
        assert!(missing.is_empty(), "not read by any reader: {missing:?}");
    }

    /// A key a reader learns must reach the export: this fails, naming it, until a column or a
    /// table carries it.
    #[test]
    fn every_key_the_readers_know_is_exported() {
        let (entries, _) = catalogue();
        let covered: Vec<(&str, &str)> = entries.iter().flat_map(|e| e.covers.clone()).collect();
        let mut left_out = Vec::new();
        for record in schema().records {
            for key in &record.keys {
                if !covered.contains(&(record.kind, key.key)) {
                    left_out.push(format!("{}.{}", record.kind, key.key));
                }
            }
        }
        assert!(left_out.is_empty(), "keys no table exports: {left_out:?}");
    }

    #[test]
    fn names_are_snake_case_and_keys_name_real_columns() {
        let tables = tables();
        let snake = |s: &str| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        };
        let mut names = std::collections::HashSet::new();
        for t in &tables {
            assert!(snake(t.name) && t.name.len() <= 31, "{}", t.name);
            assert!(names.insert(t.name), "two tables named {}", t.name);
            let columns: Vec<&str> = t.fields.iter().map(|f| f.name).collect();
            let mut unique = columns.clone();
            unique.sort_unstable();
            unique.dedup();
            assert_eq!(unique.len(), columns.len(), "{}: a column twice", t.name);
            for c in &columns {
                assert!(snake(c), "{}.{c}", t.name);
            }
            for k in &t.primary_key {
                assert!(columns.contains(k), "{}: primary key {k}", t.name);
            }
            for fk in &t.foreign_keys {
                let target = tables.iter().find(|x| x.name == fk.table);
                let target = target.unwrap_or_else(|| panic!("{}: no table {}", t.name, fk.table));
                assert_eq!(fk.fields.len(), fk.reference.len());
                for f in &fk.fields {
                    assert!(columns.contains(f), "{}: foreign key {f}", t.name);
                }
                assert_eq!(
                    fk.reference, target.primary_key,
                    "{} → {}: a foreign key leads to the primary key",
                    t.name, fk.table
                );
            }
        }
    }
}
