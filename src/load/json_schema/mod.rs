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
use crate::model::Dataset;

mod ids;
mod limits;
mod words;

use ids::{ids_for, ids_of, noun_of};
pub use limits::timeline_pattern;
use limits::{limit, merge};
use words::{common_key, description_of_table, key_words, type_words};

/// The JSON Schema version written: draft-07, which Even Better TOML and taplo read.
pub const DRAFT: &str = "http://json-schema.org/draft-07/schema#";

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
    let reference = ids_for(record, key.key);
    let ids = reference
        .map(|r| ids_of(data, r))
        .filter(|ids| !ids.is_empty());
    let mut out = type_schema(key.ty, ids.as_deref());
    if let Some(limit) = limit(record, key.key) {
        merge(&mut out, limit);
    }
    let description = key_words(record, key.key)
        .map(str::to_string)
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
    use super::ids::REFERENCES;
    use super::words::{KEYS, TABLES};
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

    /// The manifest's schema takes for `parent` what the reader takes, and nothing else, so an
    /// editor neither underlines a value accsm reads nor passes one it refuses.
    #[test]
    fn the_parent_pattern_takes_what_the_reader_takes() {
        let schema = manifest_schema();
        assert_eq!(
            schema["properties"]["parent"]["pattern"],
            json!("^\\.\\.(/+\\.\\.?)*/*$")
        );
        let Ok(validator) = jsonschema::validator_for(&schema) else {
            panic!("the manifest's schema is not JSON Schema");
        };
        for parent in [
            "..",
            "../..",
            "../../..",
            "../../",
            "..//..",
            "../.",
            "../././..",
            "",
            ".",
            "./..",
            "../x",
            "x/..",
            "/..",
            "...",
            "..x",
            ".. ",
            "../..\n",
        ] {
            let manifest = json!({ "name": "x", "parent": parent });
            let read = super::super::workspace::climbs(std::path::Path::new(parent)).is_some();
            assert_eq!(validator.is_valid(&manifest), read, "{parent:?}");
        }
    }
}
