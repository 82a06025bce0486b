//! The JSON Schema that editors use (`accsm schema`) against the files themselves: every shipped
//! file fits it, and what it rejects `validate` rejects too. The schema is built from the readers
//! (`accsm::load::schema`), so a key added to a reader and not to a file, or the reverse, shows
//! up here.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::path::{Path, PathBuf};

use accsm::load::json_schema::{data_schema, manifest_schema};
use accsm::load::workspace::collect_files;
use serde_json::Value;

/// A TOML file as the JSON an editor checks against the schema: dates become text, as taplo
/// makes them.
fn toml_to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect())
        }
    }
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    let table: toml::Table = toml::from_str(&text).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    toml_to_json(toml::Value::Table(table))
}

/// What the schema finds wrong in a file, one line per problem.
fn schema_errors(schema: &Value, path: &Path) -> Vec<String> {
    let validator = jsonschema::validator_for(schema).expect("the schema is valid JSON Schema");
    let instance = read_json(path);
    validator
        .iter_errors(&instance)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

fn files_under(paths: &[PathBuf]) -> Vec<PathBuf> {
    let (files, problems) = collect_files(paths, None);
    assert!(problems.is_empty(), "{problems:?}");
    assert!(!files.is_empty());
    files
}

fn root() -> PathBuf {
    common::root()
}

#[test]
fn the_schema_is_valid_json_schema() {
    let data = accsm::load::embedded::load().dataset;
    for schema in [data_schema(&data), manifest_schema()] {
        assert!(jsonschema::meta::is_valid(&schema));
        jsonschema::validator_for(&schema).unwrap();
    }
}

#[test]
fn every_shipped_data_file_and_example_return_fits_the_schema() {
    let examples = root().join("examples/kpi-returns/returns");
    let files = files_under(&[root().join("data"), examples]);
    let loaded = accsm::load::load_files(&files);
    // Loading makes notes the data accepts (a programme under no area…), never an error.
    let errors: Vec<_> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity == accsm::diag::Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let schema = data_schema(&loaded.dataset);
    let mut failures = Vec::new();
    for file in &files {
        for e in schema_errors(&schema, file) {
            failures.push(format!("{}: {e}", file.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // Not vacuous: the plans, the KPIs and 49 returns were checked, with ids as allowed values.
    assert!(files.len() > 50, "{}", files.len());
    let coordinators =
        &schema["definitions"]["programme"]["properties"]["coordinators"]["items"]["enum"];
    assert!(
        coordinators
            .as_array()
            .is_some_and(|ids| ids.contains(&"IDN".into())),
        "{coordinators}"
    );
}

#[test]
fn every_shipped_manifest_fits_the_manifest_schema() {
    let schema = manifest_schema();
    for manifest in ["accsm.toml", "examples/kpi-returns/accsm.toml"] {
        let errors = schema_errors(&schema, &root().join(manifest));
        assert!(errors.is_empty(), "{manifest}: {errors:?}");
    }
}

/// The manifest schema names exactly the keys the manifest reader accepts: each of its keys with
/// a value of its type is read, and a key it does not name is refused by both.
#[test]
fn the_manifest_schema_and_the_manifest_reader_agree() {
    let schema = manifest_schema();
    let sample = |key: &str, property: &Value| -> String {
        match (key, property["type"].as_str()) {
            ("defaults", _) => "[defaults]\ndeny_warnings = true\n".to_string(),
            ("parent", _) => "parent = \"..\"\n".to_string(),
            (_, Some("string")) | (_, None) => format!("{key} = \"data\"\n"),
            (_, Some(other)) => panic!("no sample for `{key}` of type {other}"),
        }
    };
    let properties = schema["properties"].as_object().unwrap();
    let keys: Vec<&String> = properties.keys().collect();
    assert_eq!(
        keys,
        ["data", "defaults", "name", "parent", "returns", "updates"]
    );
    for (key, property) in properties {
        let mut text = String::new();
        if key != "name" {
            text.push_str("name = \"x\"\n");
        }
        text.push_str(&sample(key, property));
        // The repository one folder down, below a work-plan repository (for `parent`).
        let temp = common::temp_dir("accsm-manifest-");
        std::fs::write(temp.path().join("accsm.toml"), "name = \"above\"\n").unwrap();
        let repo = temp.path().join("repo");
        std::fs::create_dir_all(repo.join("data")).unwrap();
        std::fs::write(repo.join("accsm.toml"), &text).unwrap();
        let opened = accsm::load::workspace::Workspace::open(Some(&repo));
        assert!(opened.is_ok(), "{key}: {:?}", opened.err());
        assert!(
            schema_errors(&schema, &repo.join("accsm.toml")).is_empty(),
            "{key}"
        );
        // The same manifest with an unknown key: refused by the reader and by the schema.
        std::fs::write(repo.join("accsm.toml"), text + "dat = \"data\"\n").unwrap();
        assert!(accsm::load::workspace::Workspace::open(Some(&repo)).is_err());
        assert!(!schema_errors(&schema, &repo.join("accsm.toml")).is_empty());
    }
    // Every default the reader takes (`excel = true` among them) fits, and an unknown one is
    // refused by both.
    let defaults = schema["definitions"]["Defaults"]["properties"]
        .as_object()
        .unwrap();
    let names: Vec<&String> = defaults.keys().collect();
    assert_eq!(names, ["deny_warnings", "excel"]);
    for key in defaults.keys().map(String::as_str).chain(["colour"]) {
        let temp = common::temp_dir("accsm-manifest-");
        std::fs::create_dir(temp.path().join("data")).unwrap();
        let text = format!("name = \"x\"\n[defaults]\n{key} = true\n");
        std::fs::write(temp.path().join("accsm.toml"), &text).unwrap();
        let read = accsm::load::workspace::Workspace::open(Some(temp.path())).is_ok();
        let fits = schema_errors(&schema, &temp.path().join("accsm.toml")).is_empty();
        assert_eq!(read, key != "colour", "{key}");
        assert_eq!(fits, read, "{key}: the reader and the schema disagree");
    }
}

/// The rules whose bad fixture the schema rejects as well: the shape of the files (tables, keys,
/// types, closed sets) and references to ids of the reference lists. The other rules need more
/// than one record at a time (duplicates, sums, timelines) and are `validate`'s alone.
const SCHEMA_CATCHES: &[&str] = &[
    "unknown-table",
    "unknown-key",
    "missing-field",
    "wrong-type",
    "bad-value",
    "unknown-reference",
    "misspelled-reference",
    "misplaced-reference",
    "unknown-currency",
    "return-not-ams",
    "arc-not-ams",
    // An empty value is not one of the allowed ids or values.
    "empty-value",
    // `[return.answers.A.1]` makes a table `A` holding `1`, not a KPI id.
    "dotted-key",
    // A key after `[[programme.update]]` lands in the update, which has no such key.
    "misplaced-key",
    // Limits of single values (`json_schema::limit`): an amount below 0, a count below 0.
    "negative-amount",
    "answer-out-of-range",
];

/// Every rule fixture, with the shipped data and the fixtures' plan: a good fixture fits the
/// schema; the bad fixture of each rule in [`SCHEMA_CATCHES`] does not.
#[test]
fn the_schema_rejects_what_validate_rejects_for_shape_and_references() {
    let rules = root().join("tests/fixtures/rules");
    let mut failures = Vec::new();
    for entry in std::fs::read_dir(&rules).unwrap() {
        let dir = entry.unwrap().path();
        if !dir.is_dir() || dir.ends_with("toml-syntax") || dir.ends_with("not-utf8") {
            continue;
        }
        let code = dir.file_name().unwrap().to_string_lossy().into_owned();
        for (file, must_fit) in [
            ("good.toml", true),
            ("bad.toml", !SCHEMA_CATCHES.contains(&code.as_str())),
        ] {
            let path = dir.join(file);
            let loaded = accsm::load::load_files(&files_under(&[
                root().join("data"),
                rules.join("plan.toml"),
                path.clone(),
            ]));
            let errors = schema_errors(&data_schema(&loaded.dataset), &path);
            if must_fit && !errors.is_empty() {
                failures.push(format!("{code}/{file} should fit the schema: {errors:?}"));
            }
            if !must_fit && errors.is_empty() {
                failures.push(format!("{code}/{file} should not fit the schema"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The plans as published, defects included: the misspelled and misplaced ids that `validate`
/// reports are refused by the schema too, at the same keys.
#[test]
fn the_published_defects_are_refused_where_validate_finds_them() {
    let data = accsm::load::embedded::load().dataset;
    let schema = data_schema(&data);
    let published = root().join("tests/fixtures/published/accsm-2021-2025.toml");
    let errors = schema_errors(&schema, &published).join("\n");
    // Programme 19 (index 18) has `A.2 V` among its measures; programme 38 (index 37) `E.2.iv.`.
    assert!(errors.contains("/programme/18/measures/"), "{errors}");
    assert!(errors.contains("\"A.2 V\""), "{errors}");
    assert!(errors.contains("\"E.2.iv.\""), "{errors}");
    assert!(errors.contains("/programme/0/declarations/0"), "{errors}");
}

/// A file of the shipped data with one value changed: what the schema says of it, and whether
/// `validate` refuses it too (with an error).
fn schema_and_validate_on(file: &str, from: &str, to: &str) -> (Vec<String>, bool) {
    let temp = common::temp_dir("accsm-limit-");
    for entry in walk(&root().join("data")) {
        let rel = entry.strip_prefix(root().join("data")).unwrap();
        let target = temp.path().join("data").join(rel);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        let mut text = std::fs::read_to_string(&entry).unwrap();
        if rel == Path::new(file) {
            assert!(text.contains(from), "{file} has no `{from}`");
            text = text.replacen(from, to, 1);
        }
        std::fs::write(&target, text).unwrap();
    }
    std::fs::write(temp.path().join("accsm.toml"), "name = \"x\"\n").unwrap();
    let loaded = accsm::load::load_files(&files_under(&[temp.path().join("data")]));
    let errors = schema_errors(
        &data_schema(&loaded.dataset),
        &temp.path().join("data").join(file),
    );
    let validate = common::accsm(&["--root", temp.path().to_str().unwrap(), "validate"]);
    (errors, validate.status.code() == Some(1))
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// What `validate` refuses in a single value, the schema refuses too, at that value: a
/// programme number 0, a negative amount, a malformed timeline or date. The shipped values on
/// either side fit.
#[test]
fn the_schema_refuses_single_values_that_validate_refuses() {
    let plan = "plans/accsm-2021-2025.toml";
    for (from, to, at) in [
        ("number = 1\n", "number = 0\n", "/programme/0/number"),
        (
            "amount = 5000.00",
            "amount = -5000.00",
            "/programme/0/budget/amount",
        ),
        (
            "timeline = \"January 2022\"",
            "timeline = \"Janvier 2022\"",
            "/programme/0/timeline",
        ),
        (
            "timeline = \"January 2022\"",
            "timeline = \"Q5 2022\"",
            "/programme/0/timeline",
        ),
        (
            "adopted = \"2020-11-18\"",
            "adopted = \"2020-13-18\"",
            "/plan/0/adopted",
        ),
    ] {
        let (errors, refused) = schema_and_validate_on(plan, from, to);
        assert!(refused, "validate accepts `{to}`");
        assert!(
            errors.len() == 1 && errors[0].starts_with(&format!("{at}: ")),
            "`{to}`: {errors:?}"
        );
    }
}

/// The timeline pattern and the timeline reader agree on every form: what one reads the other
/// accepts (a range that ends before it starts is the reader's alone to refuse).
#[test]
fn the_timeline_pattern_accepts_what_the_reader_reads() {
    let pattern = accsm::load::json_schema::timeline_pattern();
    let schema = serde_json::json!({ "type": "string", "pattern": pattern });
    let validator = jsonschema::validator_for(&schema).unwrap();
    let samples = [
        "2022",
        "2022-2023",
        "2022 - 2023",
        "2022\u{2013}2023",
        "Q4 2022",
        "q1 2023",
        "Q04 2022",
        "January 2022",
        "jan 2022",
        "SEPTEMBER 2024",
        "Sep  2024",
        "Annual",
        "Annually",
        "ANNUALLY",
        "every year",
        "Biennially",
        "TBC",
        "tbd",
        "To be confirmed",
        " 2022 ",
        "Q5 2022",
        "Janvier 2022",
        "2022/2023",
        "22",
        "20222",
        "Sometime",
        "",
        "Q4",
        "2022 Q4",
        "Q4 2022-2023",
        "Jan. 2022",
        "annually 2022",
        "2022-",
        "-2022",
        "TBC 2022",
    ];
    let mut disagreements = Vec::new();
    for sample in samples {
        let read = accsm::model::timeline::Timeline::parse(sample).is_ok();
        let fits = validator.is_valid(&serde_json::json!(sample));
        if read != fits {
            disagreements.push(format!("{sample:?}: reader {read}, pattern {fits}"));
        }
    }
    assert!(disagreements.is_empty(), "{disagreements:#?}");
    // "2023-2022" fits the pattern and is refused by the reader: validate's alone.
    assert!(validator.is_valid(&serde_json::json!("2023-2022")));
    assert!(accsm::model::timeline::Timeline::parse("2023-2022").is_err());
}

/// The limits on KPI answers: a percentage over 100, a count below 0.
#[test]
fn the_schema_refuses_answers_out_of_range() {
    let data = accsm::load::embedded::load().dataset;
    let schema = data_schema(&data);
    let validator = jsonschema::validator_for(&schema).unwrap();
    let answer = |a: serde_json::Value| {
        serde_json::json!({ "return": { "plan": "accsm-2021-2025", "country": "IDN", "year": 2021,
            "round": "baseline", "answers": { "A.1.1": a } } })
    };
    assert!(validator.is_valid(&answer(serde_json::json!({ "percent": 100 }))));
    assert!(validator.is_valid(&answer(serde_json::json!({ "count": 0, "total": 3 }))));
    for bad in [
        serde_json::json!({ "percent": 100.5 }),
        serde_json::json!({ "percent": -1 }),
        serde_json::json!({ "count": -2 }),
        serde_json::json!({ "levels": { "national": -1 } }),
        serde_json::json!({ "per_year": { "2022": -1 } }),
    ] {
        assert!(!validator.is_valid(&answer(bad.clone())), "{bad}");
    }
}
