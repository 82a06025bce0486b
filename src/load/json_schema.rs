//! JSON Schema of the files accsm reads, for editors (Even Better TOML / taplo) that complete
//! keys and check values as people type.
//!
//! The data files' schema is built from [`super::schema`], which the readers themselves report,
//! so the two cannot drift apart: every table and key, its type, whether it is required, the
//! allowed values of closed sets. On top of it, the keys that hold references to the reference
//! lists get the ids of those lists as allowed values, taken from the data set at hand. The
//! manifest's schema describes [`super::workspace::Manifest`]; a test holds the two together.

use serde_json::{Map, Value, json};

use super::schema::{KeySchema, RecordSchema, Schema, ValueType, schema};
use crate::model::{Dataset, RefKind};

mod limits;

pub use limits::timeline_pattern;
use limits::{limit, merge};

/// The JSON Schema version written: draft-07, which Even Better TOML and taplo read.
pub const DRAFT: &str = "http://json-schema.org/draft-07/schema#";

/// Where a key's allowed ids come from.
#[derive(Clone, Copy, Debug)]
enum Ids {
    /// The ids of these reference lists.
    Refs(&'static [RefKind]),
    /// The countries that are ASEAN Member States.
    Ams,
    Plans,
    Kpis,
    Frameworks,
}

const PARTIES: &[RefKind] = &[RefKind::Country, RefKind::Body, RefKind::Group];

/// The keys that name something of the reference lists, plans or KPIs, as `validate` resolves
/// them (see `check`): `(record, key, where the ids come from)`. For `answers`, the ids are the
/// names of its entries (`[return.answers."A.1"]`).
const REFERENCES: &[(&str, &str, Ids)] = &[
    ("programme", "plan", Ids::Plans),
    (
        "programme",
        "areas",
        Ids::Refs(&[RefKind::PriorityArea, RefKind::ThematicArea]),
    ),
    (
        "programme",
        "coordinators",
        Ids::Refs(&[RefKind::Country, RefKind::Body]),
    ),
    ("programme", "partners", Ids::Refs(PARTIES)),
    ("programme", "apsc_lines", Ids::Refs(&[RefKind::ApscLine])),
    (
        "programme",
        "declarations",
        Ids::Refs(&[RefKind::Declaration]),
    ),
    ("budget", "currency", Ids::Refs(&[RefKind::Currency])),
    ("budget", "local_currency", Ids::Refs(&[RefKind::Currency])),
    ("budget", "sources", Ids::Refs(&[RefKind::FundingSource])),
    ("budget", "funded_by", Ids::Refs(PARTIES)),
    (
        "plan",
        "relevant_measures",
        Ids::Refs(&[RefKind::FrameworkEntry]),
    ),
    (
        "plan",
        "relevant_apsc_lines",
        Ids::Refs(&[RefKind::ApscLine]),
    ),
    ("kpi", "plan", Ids::Plans),
    ("kpi", "group", Ids::Refs(&[RefKind::KpiGroup])),
    ("kpi", "parent", Ids::Kpis),
    ("return", "plan", Ids::Plans),
    ("return", "country", Ids::Ams),
    ("return", "answers", Ids::Kpis),
    ("update", "plan", Ids::Plans),
    ("update", "ams", Ids::Ams),
    ("actual cost", "currency", Ids::Refs(&[RefKind::Currency])),
    ("arc", "country", Ids::Ams),
    ("chair", "country", Ids::Ams),
    (
        "framework_entry",
        "parent",
        Ids::Refs(&[RefKind::FrameworkEntry]),
    ),
    ("framework_entry", "framework", Ids::Frameworks),
    ("group", "members", Ids::Refs(PARTIES)),
    (
        "partner_organisation",
        "country",
        Ids::Refs(&[RefKind::Country]),
    ),
    ("body", "country", Ids::Refs(&[RefKind::Country])),
    ("apsc_line", "parent", Ids::Refs(&[RefKind::ApscLine])),
    (
        "priority_area",
        "kpi_group",
        Ids::Refs(&[RefKind::KpiGroup]),
    ),
    (
        "kpi_group",
        "priority_area",
        Ids::Refs(&[RefKind::PriorityArea]),
    ),
];

/// What each top-level table holds, shown by editors on hover.
const TABLES: &[(&str, &str)] = &[
    (
        "country",
        "A country: an ASEAN Member State, a Plus Three country, a dialogue partner or an observer.",
    ),
    (
        "body",
        "A body that coordinates or partners in programmes (ASEAN Secretariat, ACCSM Chair…).",
    ),
    ("group", "A group of partners (AMS, Plus Three…)."),
    ("priority_area", "An ACCSM priority area, PA1-PA5."),
    ("enabler", "An enabler of the ACCSM Work Plan."),
    ("thematic_area", "An ACCSM+3 thematic area, TA1-TA7."),
    (
        "framework_entry",
        "An entry of a results framework (a KRA of the ASCC Blueprint 2025, a goal of the ASCC \
         Strategic Plan), at one of the levels its [[framework]] declares.",
    ),
    (
        "apsc_line",
        "An element or action line of the APSC Blueprint 2025.",
    ),
    (
        "declaration",
        "A declaration a programme corresponds to (I-V).",
    ),
    (
        "funding_source",
        "A source of funding (cost-sharing, partner…).",
    ),
    ("currency", "A currency, by its ISO 4217 code."),
    ("kpi_group", "A group of KPIs of the M&E framework (A-E)."),
    (
        "partner_organisation",
        "An organisation a programme names as a partner, under the name printed in the plan.",
    ),
    (
        "framework",
        "A results framework a plan's programmes cite, with its levels top to bottom.",
    ),
    ("arc", "An ASEAN Resource Centre: one per AMS."),
    ("chair", "An ACCSM chairmanship."),
    (
        "plan",
        "A work plan: its period, baseline and target year, and the measures it names as relevant.",
    ),
    (
        "programme",
        "One programme of a work plan, as published in its matrix.",
    ),
    (
        "kpi",
        "A key performance indicator of a plan's M&E framework.",
    ),
    (
        "return",
        "A KPI return: one AMS's answers to the data-collection template for one year.",
    ),
    (
        "update",
        "A progress update: where one programme stands, as told to one meeting (a file of its own).",
    ),
];

/// What the keys mean, in the words of the README, shown by editors on hover and completion.
/// Keys not listed here are described by their type (and the ids they take).
const KEYS: &[(&str, &str, &str)] = &[
    ("programme", "plan", "The plan's id."),
    (
        "programme",
        "number",
        "The published number, unique within the plan.",
    ),
    ("programme", "title", "The title, as published."),
    (
        "programme",
        "activities",
        "Sub-activities (the bullets in the matrix).",
    ),
    (
        "programme",
        "areas",
        "Priority areas (ACCSM, PA1-PA5) or thematic areas (ACCSM+3, TA1-TA7).",
    ),
    (
        "programme",
        "timeline",
        "The published text: 2022, 2022-2023, Q4 2022, January 2022, Annual/Annually, \
         Biennially, TBC. Leave it out when the plan leaves it blank.",
    ),
    (
        "programme",
        "budget",
        "The indicative budget: its text as published, and the amounts and currencies where \
         given.",
    ),
    (
        "programme",
        "coordinators",
        "Ids of countries (ISO alpha-3: IDN, VNM…) or bodies (ASEC, ACCSM-CHAIR).",
    ),
    (
        "programme",
        "partners",
        "Ids of countries, groups (AMS, PLUS-THREE) or bodies.",
    ),
    (
        "programme",
        "partner_organisations",
        "Named organisations, as published.",
    ),
    (
        "programme",
        "apsc_lines",
        "APSC Blueprint action lines (A.2.2.iii…).",
    ),
    ("programme", "declarations", "Declarations I-V."),
    (
        "programme",
        "carried_over",
        "The asterisk of the plan: carried over from the 2016-2020 plan.",
    ),
    (
        "programme",
        "status",
        "planned, ongoing or completed. Leave it out when progress is not reported.",
    ),
    (
        "programme",
        "update",
        "Dated progress updates ([[programme.update]]), as many as needed.",
    ),
    (
        "budget",
        "text",
        "The budget as published: \"$5,000.00 USD (BND 6,600.00)\", \"Cost-sharing\", \"TBC\".",
    ),
    ("budget", "amount", "The amount, in `currency`."),
    ("budget", "currency", "The currency of `amount` (ISO 4217)."),
    ("budget", "local_amount", "The amount in local currency."),
    (
        "budget",
        "local_currency",
        "The currency of `local_amount`.",
    ),
    (
        "budget",
        "sources",
        "Funding sources (cost-sharing, partner…).",
    ),
    (
        "budget",
        "funded_by",
        "The country, group or body that funds it.",
    ),
    ("budget", "tbc", "The budget is to be confirmed."),
    (
        "progress update",
        "date",
        "The date of the update (YYYY-MM-DD).",
    ),
    ("progress update", "text", "What happened."),
    ("plan", "id", "The plan's id, which programmes name."),
    (
        "plan",
        "aliases",
        "Other names of the plan that `accsm list --plan` accepts (ACCSM Plus Three, APT).",
    ),
    (
        "group",
        "members",
        "The countries, bodies or groups in the group, where the sources list them. Leave it \
         out when they do not: accsm then says it cannot tell who is in the group.",
    ),
    (
        "partner_organisation",
        "name",
        "The name exactly as the plan prints it in `partner_organisations`.",
    ),
    (
        "partner_organisation",
        "country",
        "The country the organisation belongs to, where the print or the sources state it.",
    ),
    (
        "body",
        "country",
        "The country the body belongs to, where the sources state it (the Australian Public \
         Service Commission: AUS); `list --partner` finds the body's programmes by it.",
    ),
    (
        "partner_organisation",
        "kind",
        "What it is (government-agency, university, company, international-organisation, \
         other), where its name makes it evident.",
    ),
    (
        "plan",
        "area_kind",
        "Which areas its programmes are tagged with: priority (ACCSM) or thematic (ACCSM+3).",
    ),
    ("plan", "start", "The first year of the plan's period."),
    ("plan", "end", "The last year of the plan's period."),
    (
        "plan",
        "baseline_year",
        "The baseline year of the M&E framework.",
    ),
    (
        "plan",
        "target_year",
        "The target year of the M&E framework.",
    ),
    (
        "plan",
        "relevant_measures",
        "The entries of the lowest level of the plan's results framework that the plan names as \
         relevant (endnote 1 of the 2021-2025 plan).",
    ),
    (
        "plan",
        "relevant_apsc_lines",
        "The APSC action lines the plan names as relevant (endnote 2).",
    ),
    (
        "return",
        "plan",
        "The plan whose KPIs are answered (accsm-2021-2025).",
    ),
    ("return", "country", "The AMS reporting, by its id (IDN…)."),
    (
        "update",
        "plan",
        "The plan of the programme (accsm-2021-2025).",
    ),
    ("update", "number", "The programme's number in its plan."),
    (
        "update",
        "date",
        "The month (2024-08) or day (2024-08-20) of the update.",
    ),
    (
        "update",
        "status",
        "planned, ongoing, postponed, cancelled or completed.",
    ),
    (
        "update",
        "meeting",
        "The meeting or report it was given to (22nd ACCSM SOM).",
    ),
    ("update", "text", "What was done."),
    (
        "update",
        "note",
        "Why, when the status goes back (completed → ongoing).",
    ),
    ("update", "participants", "How many people took part."),
    ("update", "ams", "The AMS that took part, by id."),
    ("update", "links", "Links to outputs (reports, recordings)."),
    ("return", "year", "The reporting year."),
    ("return", "round", "baseline, mid-term, annual or target."),
    ("return", "submitted", "When the return was submitted."),
    (
        "return",
        "definitions",
        "National definitions of the terms used.",
    ),
    ("return", "narrative", "Qualitative information."),
    (
        "return",
        "answers",
        "One answer per KPI, under the KPI's id: [return.answers.\"A.1\"].",
    ),
    (
        "KPI answer",
        "yes",
        "Yes/no: true or false, or one per question where the KPI asks several (D.1).",
    ),
    ("KPI answer", "count", "A count."),
    (
        "KPI answer",
        "total",
        "The total the count is out of, where the KPI asks for it.",
    ),
    ("KPI answer", "names", "The names of what is counted."),
    (
        "KPI answer",
        "levels",
        "Counts by level: { national = 3, provincial = 12 }.",
    ),
    ("KPI answer", "percent", "A percentage, 0-100."),
    (
        "KPI answer",
        "ratings",
        "A rating per period: { \"2020-2022\" = 4, \"2023-2025\" = 5 }.",
    ),
    (
        "KPI answer",
        "impact_ratings",
        "An impact rating per period: { \"2020-2022\" = 4 }.",
    ),
    (
        "KPI answer",
        "per_year",
        "A count per year: { 2020 = 3, 2021 = 4 }.",
    ),
    (
        "KPI answer",
        "projects",
        "Participants of each project: total, female, male, by_country.",
    ),
    ("KPI answer", "internal", "The result of internal feedback."),
    (
        "KPI answer",
        "third_party",
        "The result of a third-party survey.",
    ),
    (
        "KPI answer",
        "narrative",
        "Qualitative information on this answer.",
    ),
    (
        "project",
        "by_country",
        "Participants by country: { BRN = 3, KHM = 3, … }.",
    ),
    ("survey result", "rate", "The satisfaction rate."),
    (
        "arc",
        "country",
        "The AMS that leads the ARC, by its id (BRN…).",
    ),
    (
        "arc",
        "as_of",
        "The year of the directory the entry is from.",
    ),
    (
        "chair",
        "meeting",
        "The ACCSM meeting number: 23 for the 23rd ACCSM.",
    ),
    ("chair", "country", "The AMS that chairs, by its id."),
    (
        "chair",
        "years",
        "The term, as the source gives it: 2021-2022.",
    ),
];

/// The schema of a data file that may hold any table accsm reads.
pub fn data_schema(data: &Dataset) -> Value {
    let schema = schema();
    let tables: Vec<&str> = schema.tables().map(|t| t.kind).collect();
    tables_schema(data, &schema, &tables)
}

/// The schema of a data file holding only the named tables (`programme`, `return`…). Names
/// that are not tables are left out.
pub fn tables_schema(data: &Dataset, schema: &Schema, tables: &[&str]) -> Value {
    let mut properties = Map::new();
    for table in tables {
        let Some(record) = schema.table(table) else {
            continue;
        };
        let mut property = one_or_many(record.kind);
        if let Some(text) = description_of_table(record.kind) {
            property["description"] = json!(format!("[[{}]] {text}", record.kind));
        }
        properties.insert(record.kind.to_string(), property);
    }
    let mut definitions = Map::new();
    for record in needed(schema, tables) {
        definitions.insert(definition(record.kind), record_schema(data, record));
    }
    let mut properties = Value::Object(properties);
    beside_items(&mut properties, &definitions);
    let mut definitions = Value::Object(definitions);
    let lookup = definitions.as_object().cloned().unwrap_or_default();
    beside_items(&mut definitions, &lookup);
    json!({
        "$schema": DRAFT,
        "title": "accsm data file",
        "description": "A data file of an accsm work-plan repository. Which tables it holds is up to you; `accsm validate` checks the references between files.",
        "type": "object",
        "properties": properties,
        "additionalProperties": false,
        "definitions": definitions,
    })
}

/// The records the named tables use, themselves and every nested record below them.
fn needed<'s>(schema: &'s Schema, tables: &[&str]) -> Vec<&'s RecordSchema> {
    let mut out: Vec<&RecordSchema> = Vec::new();
    let mut todo: Vec<&str> = tables.to_vec();
    while let Some(kind) = todo.pop() {
        let Some(record) = schema.record(kind) else {
            continue;
        };
        if out.iter().any(|r| r.kind == record.kind) {
            continue;
        }
        out.push(record);
        for key in &record.keys {
            if let ValueType::Record(k) | ValueType::Records(k) | ValueType::RecordTable(k) = key.ty
            {
                todo.push(k);
            }
        }
    }
    // In the order of the schema: tables first, then nested records.
    out.sort_by_key(|r| schema.records.iter().position(|s| s.kind == r.kind));
    out
}

/// One record (`[return]`) or a list of them (`[[return]]`), as the reader takes either: the
/// list's `items` name the record's definition, and [`beside_items`] copies the definition's
/// keys onto this node for the single table. `properties` apply only to a table and `items` only
/// to a list, so this says "one or many" without a conditional, and taplo's completion, which
/// reads `properties` beside `items` but follows no `if`/`then`, offers the keys in both forms.
/// A wrong key is still reported where it is, not as "matches neither form".
fn one_or_many(kind: &str) -> Value {
    json!({
        "type": ["object", "array"],
        "items": { "$ref": format!("#/definitions/{}", definition(kind)) },
    })
}

/// What a single table of a one-or-many node (see [`one_or_many`]) is checked by: its record's
/// keys, beside the list's `items`, for every such node under `node`.
fn beside_items(node: &mut Value, definitions: &Map<String, Value>) {
    const COPIED: [&str; 3] = ["properties", "required", "additionalProperties"];
    match node {
        Value::Object(map) => {
            let one_or_many = map.get("type") == Some(&json!(["object", "array"]));
            let target = map
                .get("items")
                .and_then(|i| i.get("$ref"))
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix("#/definitions/"))
                .and_then(|name| definitions.get(name));
            if let (true, Some(record)) = (one_or_many, target) {
                for key in COPIED {
                    if let Some(v) = record.get(key) {
                        map.insert(key.to_string(), v.clone());
                    }
                }
            }
            // Below, including the keys just copied: a record nested in a nested record.
            for value in map.values_mut() {
                beside_items(value, definitions);
            }
        }
        Value::Array(items) => {
            for value in items {
                beside_items(value, definitions);
            }
        }
        _ => {}
    }
}

/// The name of a record's definition: `KPI answer` → `kpi_answer` (a `$ref` is a URI, where a
/// space does not belong).
fn definition(kind: &str) -> String {
    kind.to_lowercase().replace(' ', "_")
}

fn description_of_table(table: &str) -> Option<&'static str> {
    TABLES.iter().find(|(t, _)| *t == table).map(|(_, d)| *d)
}

fn record_schema(data: &Dataset, record: &RecordSchema) -> Value {
    let mut properties = Map::new();
    for key in &record.keys {
        properties.insert(key.key.to_string(), key_schema(data, record.kind, key));
    }
    let required: Vec<&str> = record
        .keys
        .iter()
        .filter(|k| k.required)
        .map(|k| k.key)
        .collect();
    // A programme cites its plan's framework under the keys the frameworks' levels declare; a
    // key two frameworks share (`measures`) takes the ids of both.
    if record.kind == "programme" {
        let mut keys: Vec<(String, Vec<String>, Vec<String>)> = Vec::new();
        for fw in &data.frameworks {
            for level in fw.levels.iter() {
                let Some(key) = &level.key else { continue };
                let ids = data
                    .entries_of(&fw.id.value, &level.id.value)
                    .map(|e| e.id.value.to_string());
                let what = format!("{} of the {}", level.plural(), fw.title.value);
                match keys.iter_mut().find(|(k, _, _)| *k == key.value.as_str()) {
                    Some((_, all, whats)) => {
                        all.extend(ids);
                        whats.push(what);
                    }
                    None => keys.push((key.value.to_string(), ids.collect(), vec![what])),
                }
            }
        }
        for (key, ids, whats) in keys {
            let enumerated = (!ids.is_empty()).then_some(ids.as_slice());
            let mut schema = type_schema(ValueType::TextList, enumerated);
            schema["description"] = json!(format!(
                "Ids of {}, for a plan under that framework.",
                whats.join(", or ")
            ));
            properties.entry(key).or_insert(schema);
        }
    }
    let mut out = json!({
        "type": "object",
        "properties": properties,
        "additionalProperties": false,
    });
    if !required.is_empty() {
        out["required"] = json!(required);
    }
    if let Some(text) = description_of_table(record.kind) {
        out["description"] = json!(text);
    }
    out
}

fn key_schema(data: &Dataset, record: &str, key: &KeySchema) -> Value {
    let reference = REFERENCES
        .iter()
        .find(|(r, k, _)| *r == record && *k == key.key)
        .map(|(_, _, ids)| *ids);
    let ids = reference
        .map(|r| ids_of(data, r))
        .filter(|ids| !ids.is_empty());
    let mut out = type_schema(key.ty, ids.as_deref());
    if let Some(limit) = limit(record, key.key) {
        merge(&mut out, limit);
    }
    let description = KEYS
        .iter()
        .find(|(r, k, _)| *r == record && *k == key.key)
        .map(|(_, _, d)| d.to_string())
        .or_else(|| reference.map(|r| format!("Ids, each {}.", noun_of(r))))
        .or_else(|| common_key(key.key).map(str::to_string))
        .unwrap_or_else(|| type_words(key.ty).to_string());
    // Keywords beside `$ref` are ignored in draft-07: the reference goes one level down.
    if let Some(target) = out.get("$ref").cloned() {
        out = json!({ "allOf": [{ "$ref": target }] });
    }
    out["description"] = json!(description);
    out
}

/// What keys that many records share mean.
fn common_key(key: &str) -> Option<&'static str> {
    Some(match key {
        "id" => "The id other records use to name this one.",
        "name" => "The name, as it is shown.",
        "title" => "The title, as published.",
        "aliases" => "Other names people type for it.",
        "description" => "What it is, in words.",
        "text" => "The text, as published.",
        "quoted" => "Whether the work plan quotes its text (false: cited only).",
        "url" => "A web address.",
        "source" => "Where the record comes from: the document, its publisher and date.",
        "note" => "A note, in words.",
        _ => return None,
    })
}

fn noun_of(ids: Ids) -> String {
    match ids {
        Ids::Refs(kinds) => kinds
            .iter()
            .map(|k| k.noun())
            .collect::<Vec<_>>()
            .join(" or "),
        Ids::Ams => "an ASEAN Member State".to_string(),
        Ids::Plans => "a plan".to_string(),
        Ids::Kpis => "a KPI".to_string(),
        Ids::Frameworks => "a results framework".to_string(),
    }
}

/// The allowed ids, in the order the data gives them, each once.
fn ids_of(data: &Dataset, ids: Ids) -> Vec<String> {
    let mut out: Vec<String> = match ids {
        Ids::Refs(kinds) => kinds
            .iter()
            .flat_map(|k| data.references_of(*k).map(|r| r.id.value.to_string()))
            .collect(),
        Ids::Ams => data
            .references_of(RefKind::Country)
            .filter(|c| c.is_ams())
            .map(|c| c.id.value.to_string())
            .collect(),
        Ids::Plans => data.plans.iter().map(|p| p.id.value.to_string()).collect(),
        Ids::Kpis => data.kpis.iter().map(|k| k.id.value.to_string()).collect(),
        Ids::Frameworks => data
            .frameworks
            .iter()
            .map(|f| f.id.value.to_string())
            .collect(),
    };
    let mut seen = std::collections::HashSet::new();
    out.retain(|id| seen.insert(id.clone()));
    out
}

fn type_words(ty: ValueType) -> &'static str {
    match ty {
        ValueType::Text => "Text.",
        ValueType::OneOf(_) => "One of the listed values.",
        ValueType::WholeNumber => "A whole number.",
        ValueType::Number => "A number.",
        ValueType::Bool => "true or false.",
        ValueType::Date => "A date: YYYY-MM-DD, or YYYY-MM, or YYYY when only the year is known.",
        ValueType::TextList => "A list of texts.",
        ValueType::OneOfList(_) => "A list of the listed values.",
        ValueType::WholeNumberList => "A list of whole numbers.",
        ValueType::BoolOrBoolList => "true or false, or a list of them.",
        ValueType::WholeNumberTable => "Whole numbers under names of your own: { name = 3 }.",
        ValueType::Record(_) => "A table.",
        ValueType::Records(_) => "A table, or a list of them.",
        ValueType::RecordTable(_) => "Tables under names of your own.",
    }
}

/// A TOML date reaches the schema as text; a date may also be written as text. A year, a month
/// of it, or a day that can be in that month (`dates::is_partial_date` also knows 29 February).
const DATE_PATTERN: &str = "^[0-9]{4}(-((0[13578]|1[02])(-(0[1-9]|[12][0-9]|3[01]))?\
                            |(0[469]|11)(-(0[1-9]|[12][0-9]|30))?|02(-(0[1-9]|[12][0-9]))?))?$";

fn type_schema(ty: ValueType, ids: Option<&[String]>) -> Value {
    let text = || match ids {
        Some(ids) => json!({ "type": "string", "enum": ids }),
        None => json!({ "type": "string" }),
    };
    let reference = |kind: &str| json!({ "$ref": format!("#/definitions/{}", definition(kind)) });
    match ty {
        ValueType::Text => text(),
        ValueType::OneOf(values) => json!({ "type": "string", "enum": values }),
        ValueType::WholeNumber => json!({ "type": "integer" }),
        ValueType::Number => json!({ "type": "number" }),
        ValueType::Bool => json!({ "type": "boolean" }),
        ValueType::Date => json!({ "type": "string", "pattern": DATE_PATTERN }),
        ValueType::TextList => json!({ "type": "array", "items": text() }),
        ValueType::OneOfList(values) => {
            json!({ "type": "array", "items": { "type": "string", "enum": values } })
        }
        ValueType::WholeNumberList => json!({ "type": "array", "items": { "type": "integer" } }),
        ValueType::BoolOrBoolList => json!({
            "anyOf": [{ "type": "boolean" }, { "type": "array", "items": { "type": "boolean" } }]
        }),
        ValueType::WholeNumberTable => {
            json!({ "type": "object", "additionalProperties": { "type": "integer" } })
        }
        ValueType::Record(kind) => reference(kind),
        ValueType::Records(kind) => one_or_many(kind),
        ValueType::RecordTable(kind) => {
            let mut out = json!({ "type": "object", "additionalProperties": reference(kind) });
            if let Some(ids) = ids {
                out["propertyNames"] = json!({ "enum": ids });
            }
            out
        }
    }
}

/// The schema of `accsm.toml`, the manifest: derived from its reader,
/// [`super::workspace::Manifest`], with schemars (keys, types, defaults, and the reader's doc
/// comments as descriptions), so that a key the reader learns is in the schema at once.
pub fn manifest_schema() -> Value {
    let generator = schemars::generate::SchemaSettings::draft07().into_generator();
    let schema = generator.into_root_schema_for::<super::workspace::Manifest>();
    let mut out = serde_json::to_value(schema).unwrap_or_default();
    out["$schema"] = json!(DRAFT);
    out["title"] = json!("accsm.toml");
    out["description"] = json!(
        "The manifest of an accsm work-plan repository: accsm finds the repository by this \
         file, as git and cargo do."
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every key this module names is a key the readers read, of a type that holds ids or text:
    /// a renamed or removed key fails here rather than leave a dead description.
    #[test]
    fn every_reference_and_description_names_a_key_the_readers_read() {
        let s = schema();
        for (record, key, _) in REFERENCES {
            let k = s.record(record).and_then(|r| r.key(key));
            let ty = k.map(|k| k.ty);
            assert!(
                matches!(
                    ty,
                    Some(ValueType::Text | ValueType::TextList | ValueType::RecordTable(_))
                ),
                "{record}.{key}: {ty:?}"
            );
        }
        for (record, key, _) in KEYS {
            assert!(
                s.record(record).and_then(|r| r.key(key)).is_some(),
                "{record}.{key} is described but not read"
            );
        }
        let tables: Vec<&str> = s.tables().map(|t| t.kind).collect();
        let described: Vec<&str> = TABLES.iter().map(|(t, _)| *t).collect();
        assert_eq!(described, tables, "every table, described in table order");
    }

    #[test]
    fn a_schema_for_some_tables_holds_those_and_the_records_below_them() {
        let s = schema();
        let v = tables_schema(&Dataset::default(), &s, &["return"]);
        let properties: Vec<&String> = v["properties"]
            .as_object()
            .map_or(vec![], |m| m.keys().collect());
        assert_eq!(properties, ["return"]);
        let definitions: Vec<&String> = v["definitions"]
            .as_object()
            .map_or(vec![], |m| m.keys().collect());
        assert_eq!(
            definitions,
            ["kpi_answer", "project", "return", "survey_result"]
        );
        // Without data there are no ids to offer: the keys take any text.
        assert_eq!(
            v["definitions"]["return"]["properties"]["country"]["type"],
            json!("string")
        );
        assert!(v["definitions"]["return"]["properties"]["country"]["enum"].is_null());
    }
}
