//! The integration tests, as one test binary: each file of `tests/` is a module of it (as in
//! ripgrep and cargo). Each test binary links accsm and everything it depends on (calamine,
//! rust_xlsxwriter, toml_edit, …); one binary instead of one per file is one link instead of
//! dozens (CONTRIBUTING.md, "Test suite layout", has the numbers).
//!
//! Run one area with a filter on its module: `cargo test --test tests fmt::` (or
//! `cargo test --test tests -- --exact fmt::some_test` for one test). A new test file
//! `tests/<topic>.rs` needs a line `mod <topic>;` below; `every_test_file_is_a_module` fails
//! until it has one, so no file is left out of the run unseen.
//!
//! This file is `tests/tests.rs`, not `tests/main.rs`: proptest keeps a file's regressions beside
//! it (`tests/fmt.proptest-regressions`) only while no `main.rs` or `lib.rs` stands in `tests/`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

// Helpers shared by the modules below (`use crate::common;` in each).
mod common;

// The command line: trycmd cases in tests/cmd/, what they cannot express, errors, hints, shells.
mod built_in;
mod cli;
mod cli_tests;
mod errors;
mod hints;
mod shell;

// Checking: one fixture per rule, fixes, the findings on the plans as published, the CI gate,
// SARIF, the JSON Schema, the shipped data against the published documents.
mod fix;
mod fixes;
mod loader_paths;
mod published_findings;
mod real_data;
mod rules;
mod sarif;
mod schema;
mod validate_scope;

// Hostile and random input, limits, and the one safe writer.
mod bad_input;
mod cache;
mod hostile;
mod properties;
mod safe_writes;
mod workbook_limits;

// Editing the plans and reading them back.
mod fmt;
mod list;
mod new_programme;
mod next_plan;
mod reference_views;

// KPI returns, progress updates and their trends, in TOML and in workbooks.
mod new_return;
mod progress;
mod return_workbook;
mod trend;
mod trend_properties;
mod update_workbook;

// What accsm writes for people and other programs: the report, the site, the export, CSV.
mod end_term;
mod export;
mod report;
mod site;
mod spreadsheet_csv;
mod workbook_clients;

// The project itself: the shape of the code, the documentation, editors, integrations, releases.
mod architecture;
mod docs;
mod editors;
mod framework_levels;
mod integrations;
mod release;

/// With `autotests = false` (Cargo.toml) cargo builds only this file's tree: a test file that is
/// not declared above would never be compiled or run, and nothing would say so.
#[test]
fn every_test_file_is_a_module() {
    let tests = common::root().join("tests");
    let root = std::fs::read_to_string(tests.join("tests.rs")).expect("read tests/tests.rs");
    let declared: std::collections::BTreeSet<&str> = root
        .lines()
        .filter_map(|line| line.strip_prefix("mod ")?.strip_suffix(';'))
        .collect();
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(&tests).expect("read tests/") {
        let path = entry.expect("read tests/").path();
        let is_module =
            path.extension().is_some_and(|e| e == "rs") || path.join("mod.rs").is_file();
        let (Some(name), Some(file)) = (
            path.file_stem().and_then(|s| s.to_str()),
            path.file_name().and_then(|s| s.to_str()),
        ) else {
            continue;
        };
        if is_module && name != "tests" && !declared.contains(name) {
            missing.push(format!("tests/{file}"));
        }
    }
    missing.sort();
    assert!(
        missing.is_empty(),
        "{} not declared in tests/tests.rs: add `mod <name>;` there, or the file never runs",
        missing.join(", ")
    );
}
