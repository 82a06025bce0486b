//! KPI returns in spreadsheets: every illustrative return, written into the workbook template
//! and read back, gives the same TOML; hostile cells become findings naming their cell.

mod common;

use std::path::{Path, PathBuf};

use accsm::edit::sheet::{self, Sheets};
use accsm::load::workspace::Workspace;
use accsm::model::Dataset;

fn examples() -> (Vec<PathBuf>, Dataset) {
    let root = common::root().join("examples/kpi-returns");
    let ws = Workspace::open(Some(&root)).unwrap_or_else(|e| panic!("{e}"));
    let (files, problems) = ws.data_files();
    assert!(problems.is_empty(), "{problems:?}");
    let loaded = accsm::load::load_files(&files);
    let returns = files
        .into_iter()
        .filter(|f| f.components().any(|c| c.as_os_str() == "returns"))
        .collect();
    (returns, loaded.dataset)
}

/// The return's text without the comment lines at its top (which a sheet does not carry).
fn without_head_comments(text: &str) -> String {
    let mut lines = text.lines().peekable();
    while lines
        .peek()
        .is_some_and(|l| l.starts_with('#') || l.is_empty())
    {
        lines.next();
    }
    lines.map(|l| format!("{l}\n")).collect()
}

fn workbook_of(data: &Dataset, text: &str) -> Vec<u8> {
    let doc: toml_edit::DocumentMut = text.parse().unwrap_or_else(|e| panic!("{e}"));
    let ret = &doc["return"];
    let plan_id = ret["plan"].as_str().unwrap_or_default();
    let country = ret["country"].as_str().unwrap_or_default();
    let year = ret["year"].as_integer().unwrap_or_default();
    let plan = accsm::query::kpi_plan(data, Some(plan_id)).unwrap_or_else(|e| panic!("{e}"));
    sheet::return_workbook(data, plan, country, year, Some(&doc)).unwrap_or_else(|e| panic!("{e}"))
}

fn import(data: &Dataset, read: Sheets) -> sheet::Built {
    assert!(read.findings.is_empty(), "{:?}", read.findings);
    sheet::build(&read.entries, data, &accsm::load::schema())
}

#[test]
fn every_illustrative_return_survives_the_workbook_byte_for_byte() {
    let (returns, data) = examples();
    assert!(returns.len() >= 40, "{} returns", returns.len());
    for path in &returns {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let bytes = workbook_of(&data, &text);
        let read = sheet::read_xlsx(&bytes, "x.xlsx").unwrap_or_else(|e| panic!("{e}"));
        let built = import(&data, read);
        assert!(
            built.findings.is_empty(),
            "{}: {:?}",
            path.display(),
            built.findings
        );
        assert_eq!(
            built.text,
            without_head_comments(&text),
            "{}",
            path.display()
        );
    }
}

#[test]
fn the_empty_template_reads_back_as_a_return_without_answers() {
    let (_, data) = examples();
    let plan = accsm::query::kpi_plan(&data, None).unwrap_or_else(|e| panic!("{e}"));
    let bytes = sheet::return_workbook(&data, plan, "IDN", 2023, None).unwrap_or_default();
    let built = import(
        &data,
        sheet::read_xlsx(&bytes, "t.xlsx").unwrap_or_else(|e| panic!("{e}")),
    );
    assert!(built.findings.is_empty(), "{:?}", built.findings);
    assert_eq!(
        built.text,
        "[return]\nplan = \"accsm-2021-2025\"\ncountry = \"IDN\"\nyear = 2023\nround = \"annual\"\n"
    );
}

fn csv_import(data: &Dataset, csv: &str) -> sheet::Built {
    let read = sheet::read_csv(csv.as_bytes(), "r.csv").unwrap_or_else(|e| panic!("{e}"));
    let mut built = sheet::build(&read.entries, data, &accsm::load::schema());
    built.findings.splice(0..0, read.findings);
    built
}

#[test]
fn hostile_cells_become_findings_and_never_keys() {
    let (_, data) = examples();
    let csv = "KPI,Field,Item,Answer\n\
        return,country,,IDN\n\
        return,year,,2023\n\
        return,submitted,,45382\n\
        A.1,yes,,maybe\n\
        A.1.1,count,,\" 12 \"\n\
        A.1.1,names,,\"a\nb\n\n\"\n\
        \"B.2\",levels,\"national\"\"]\nx = 1\",3\n\
        E.1,count,,=1+1\n\
        E.1,narrative,,\"\u{1b}[2J\"\"\n[evil]\"\n\
        Z.9,count,,4\n\
        C.1,cuont,,4\n";
    let built = csv_import(&data, csv);
    let doc: toml::Table =
        toml::from_str(&built.text).unwrap_or_else(|e| panic!("{e}\n{}", built.text));
    assert_eq!(doc.keys().collect::<Vec<_>>(), ["return"], "{}", built.text);
    let answers = doc["return"]["answers"]
        .as_table()
        .cloned()
        .unwrap_or_default();
    // Numbers stored as text are numbers; names one a line; a key with quotes stays a key.
    assert_eq!(answers["A.1.1"]["count"].as_integer(), Some(12));
    assert_eq!(answers["A.1.1"]["names"].as_array().map(Vec::len), Some(2));
    assert_eq!(
        answers["B.2"]["levels"].as_table().map(|t| t.len()),
        Some(1)
    );
    assert!(
        answers["E.1"]["narrative"]
            .as_str()
            .is_some_and(|s| s.contains("[evil]"))
    );
    // A formula is not evaluated: `=1+1` in a count cell is not a number.
    let messages: Vec<String> = built
        .findings
        .iter()
        .map(|f| {
            format!(
                "{} @ {}",
                f.message,
                f.at.as_ref().map(|a| a.to_string()).unwrap_or_default()
            )
        })
        .collect();
    let expect = [
        (
            "`submitted`: 45382 is a number, not a date",
            "row 4, column D (Answer)",
        ),
        (
            "`yes`: `maybe` is not yes or no",
            "row 5, column D (Answer)",
        ),
        (
            "`count`: `=1+1` is not a whole number",
            "row 9, column D (Answer)",
        ),
        ("`Z.9` is not a KPI", "row 11, column A (KPI)"),
        (
            "`cuont` is not a field of an answer",
            "row 12, column B (Field)",
        ),
    ];
    for (message, at) in expect {
        assert!(
            messages.iter().any(|m| m == &format!("{message} @ {at}")),
            "{message} @ {at} not in {messages:#?}"
        );
    }
    let help = built
        .findings
        .iter()
        .find(|f| f.message.contains("45382"))
        .and_then(|f| f.help.clone());
    assert!(help.is_some_and(|h| h.contains("2024-03-31")));
}

#[test]
fn findings_of_the_checks_name_the_cell_the_value_came_from() {
    let (returns, data) = examples();
    let path = returns
        .iter()
        .find(|p| p.ends_with("IDN/2023.toml"))
        .cloned()
        .unwrap_or_default();
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    // A rating outside the scale, written into the workbook, then checked.
    let text = text.replacen(
        "ratings = { \"2020-2022\" = 3",
        "ratings = { \"2020-2022\" = 9",
        1,
    );
    let text = if text.contains("= 9") {
        text
    } else {
        text.replacen(
            "ratings = { \"2023-2025\" = ",
            "ratings = { \"2023-2025\" = 9",
            1,
        )
    };
    let bytes = workbook_of(&data, &text);
    let built = import(
        &data,
        sheet::read_xlsx(&bytes, "x.xlsx").unwrap_or_else(|e| panic!("{e}")),
    );
    let (files, _) = Workspace::open(Some(&common::root().join("examples/kpi-returns")))
        .map(|w| w.data_files())
        .unwrap_or_default();
    let others: Vec<PathBuf> = files.into_iter().filter(|f| f != &path).collect();
    let mut all = others.clone();
    all.push(Path::new("returns/IDN/2023.toml").to_path_buf());
    let (checked, id) = accsm::edit::check_with_text(&all, others.len(), &built.text);
    let found: Vec<sheet::Finding> = checked
        .diagnostics
        .iter()
        .filter(|d| d.span.is_some_and(|s| s.file == id))
        .map(|d| sheet::from_diagnostic(d, &built.text, &built.origins))
        .collect();
    let rating = found
        .iter()
        .find(|f| f.code.as_str() == "answer-out-of-range");
    let at = rating
        .and_then(|f| f.at.clone())
        .map(|a| a.to_string())
        .unwrap_or_default();
    assert!(
        at.starts_with("sheet `Answers`, row ") && at.ends_with("column G (Answer)"),
        "{found:?}"
    );
}

#[test]
fn formulas_merged_cells_and_extra_sheets_in_a_workbook_are_findings() {
    use rust_xlsxwriter::{Formula, Workbook};
    let (_, data) = examples();
    let mut book = Workbook::new();
    let ret = book.add_worksheet();
    let _ = ret.set_name("Return");
    for (row, (f, v)) in [("Field", "Value"), ("country", "IDN"), ("year", "2023")]
        .iter()
        .enumerate()
    {
        let _ = ret.write_string(row as u32, 0, *f);
        let _ = ret.write_string(row as u32, 1, *v);
    }
    let answers = book.add_worksheet();
    let _ = answers.set_name("Answers");
    for (col, name) in sheet::ANSWER_COLUMNS.iter().enumerate() {
        let _ = answers.write_string(0, col as u16, *name);
    }
    let _ = answers.write_string(1, 0, "A.1.1");
    let _ = answers.write_string(1, 3, "count");
    // A formula with a cached result: neither the formula nor its result is taken.
    let _ = answers.write_formula(1, 6, Formula::new("=1+1").set_result("2"));
    let _ = answers.write_string(2, 0, "A.1.1");
    let _ = answers.write_string(2, 3, "total");
    let _ = answers.merge_range(2, 6, 3, 6, "120", &rust_xlsxwriter::Format::new());
    let _ = book.add_worksheet().set_name("Notes");
    let bytes = book.save_to_buffer().unwrap_or_default();
    let read = sheet::read_xlsx(&bytes, "h.xlsx").unwrap_or_else(|e| panic!("{e}"));
    let mut found: Vec<String> = read
        .findings
        .iter()
        .map(|f| {
            format!(
                "{} @ {}",
                f.message,
                f.at.as_ref().map(|a| a.to_string()).unwrap_or_default()
            )
        })
        .collect();
    let built = sheet::build(&read.entries, &data, &accsm::load::schema());
    found.extend(built.findings.iter().map(|f| {
        format!(
            "{} @ {}",
            f.message,
            f.at.as_ref().map(|a| a.to_string()).unwrap_or_default()
        )
    }));
    for want in [
        "the sheet `Notes` is not part of a return; accsm reads nothing from it @ ",
        "cells G3:G4 are merged; each value needs a cell of its own @ sheet `Answers`, row 3, column G",
        "`count`: the cell holds a formula (`=1+1`) @ sheet `Answers`, row 2, column G (Answer)",
    ] {
        assert!(found.iter().any(|f| f == want), "{want} not in {found:#?}");
    }
    assert!(!built.text.contains("\ncount ="), "{}", built.text);
}
