//! `accsm validate --format sarif`: a SARIF 2.1.0 log for GitHub code scanning. It fits the
//! SARIF 2.1.0 schema (the OASIS schema as @microsoft/jest-sarif carries it, from npm; see
//! tests/editors.rs for where it is looked for), and it says what the JSON form says: the same
//! findings, codes, levels, places and messages, the accepted ones suppressed with their reason.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stderr)]

use crate::common;

use std::path::PathBuf;

use common::{accsm, root, stderr, stdout};
use serde_json::Value;

fn run(args: &[&str]) -> (Value, Option<i32>) {
    let out = accsm(args);
    let value = serde_json::from_str(&stdout(&out))
        .unwrap_or_else(|e| panic!("{args:?}: {e}: {}", stderr(&out)));
    (value, out.status.code())
}

/// The SARIF schema from npm, or `None` (and a note) where it is missing and not required.
fn sarif_schema() -> Option<Value> {
    let modules = std::env::var_os("ACCSM_NODE_MODULES")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target/ci-tools/npm/node_modules"));
    let path = modules.join("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json");
    match std::fs::read_to_string(&path) {
        Ok(text) => {
            let mut schema: Value = serde_json::from_str(&text).unwrap();
            // The published schema's pattern for `language` (of a run and of a tool) has a `]`
            // that opens nothing, which JavaScript takes for a literal `]` and Rust's regex
            // engines refuse: the same pattern with the `]` escaped (accsm writes no `language`).
            let fixed = fix_language_pattern(&mut schema);
            assert_eq!(fixed, 2);
            Some(schema)
        }
        Err(e) => {
            assert!(
                std::env::var_os("ACCSM_REQUIRE_NPM").is_none(),
                "ACCSM_REQUIRE_NPM is set but {} cannot be read: {e}",
                path.display()
            );
            eprintln!("skipped: no SARIF schema at {}", path.display());
            None
        }
    }
}

fn fix_language_pattern(node: &mut Value) -> usize {
    const PUBLISHED: &str = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$";
    match node {
        Value::Object(map) => {
            let mut n = 0;
            for (key, value) in map.iter_mut() {
                if key == "pattern" && value == PUBLISHED {
                    *value = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}\\]?$".into();
                    n += 1;
                } else {
                    n += fix_language_pattern(value);
                }
            }
            n
        }
        Value::Array(items) => items.iter_mut().map(fix_language_pattern).sum(),
        _ => 0,
    }
}

/// The published plans as printed, every defect a finding; and the shipped data, every finding
/// accepted.
const CASES: &[&[&str]] = &[&["validate", "tests/fixtures/published"], &["validate"]];

#[test]
fn the_log_fits_the_sarif_schema() {
    let Some(schema) = sarif_schema() else {
        return;
    };
    let validator = jsonschema::validator_for(&schema).expect("the SARIF schema compiles");
    for args in CASES {
        let (log, _) = run(&[args, &["--format", "sarif"][..]].concat());
        let errors: Vec<String> = validator
            .iter_errors(&log)
            .map(|e| format!("{}: {e}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{args:?}: {errors:#?}");
        // Not vacuous: a result with a wrong level is refused.
        let mut broken = log.clone();
        if let Some(result) = broken["runs"][0]["results"].get_mut(0) {
            result["level"] = "fatal".into();
            assert!(!validator.is_valid(&broken), "{args:?}");
        }
    }
}

/// The SARIF log and the JSON form of the same run agree finding by finding.
#[test]
fn the_log_says_what_the_json_form_says() {
    for args in CASES {
        let (log, sarif_code) = run(&[args, &["--format", "sarif"][..]].concat());
        let (json, json_code) = run(&[args, &["--format", "json"][..]].concat());
        assert_eq!(sarif_code, json_code, "{args:?}");
        let run = &log["runs"][0];
        assert_eq!(run["tool"]["driver"]["name"], "accsm");
        assert_eq!(run["columnKind"], "unicodeCodePoints");
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        let results = run["results"].as_array().unwrap();
        let findings = json["diagnostics"].as_array().unwrap();
        let accepted = json["accepted"].as_array().unwrap();
        assert_eq!(results.len(), findings.len() + accepted.len(), "{args:?}");
        assert!(!results.is_empty(), "{args:?}");
        for (r, d) in results.iter().zip(findings) {
            assert_eq!(r["ruleId"], d["code"]);
            let index = r["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(rules[index]["id"], d["code"]);
            let level = match d["severity"].as_str().unwrap() {
                "error" => "error",
                "warning" => "warning",
                _ => "note",
            };
            assert_eq!(r["level"], level);
            assert!(
                r["message"]["text"]
                    .as_str()
                    .unwrap()
                    .starts_with(d["message"].as_str().unwrap())
            );
            let place = &r["locations"][0]["physicalLocation"];
            assert_eq!(place["artifactLocation"]["uri"], d["file"]);
            assert_eq!(place["region"]["startLine"], d["line"]);
            assert_eq!(place["region"]["startColumn"], d["column"]);
            assert!(r.get("suppressions").is_none());
        }
        for (r, a) in results[findings.len()..].iter().zip(accepted) {
            assert_eq!(r["ruleId"], a["code"]);
            assert_eq!(r["suppressions"][0]["kind"], "inSource");
            assert_eq!(r["suppressions"][0]["justification"], a["reason"]);
        }
    }
}
