//! KPI returns in spreadsheets: every illustrative return, written into the workbook template
//! and read back, gives the same TOML; hostile cells become findings naming their cell.

use crate::common;

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
    // Numbers stored as text are numbers; names one a line, exactly (an empty line is an empty
    // name, with a warning); a key with quotes stays a key.
    assert_eq!(answers["A.1.1"]["count"].as_integer(), Some(12));
    let names: Vec<&str> = answers["A.1.1"]["names"]
        .as_array()
        .map(|a| a.iter().filter_map(|n| n.as_str()).collect())
        .unwrap_or_default();
    assert_eq!(names, ["a", "b", "", ""]);
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
        (
            "`names`: line 3 of this cell is empty, so the list has an empty name; it is kept as \
             written",
            "row 7, column D (Answer)",
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

/// A long text with line breaks of both kinds, padded to exactly `units` UTF-16 code units (as
/// Excel counts a cell's characters), ending in `last`.
fn long_text(units: usize, last: char) -> String {
    let mut s = String::new();
    let piece = "  Ministry of Civil Service Affairs, Brunéi Darussalam\r\nกรมบัญชีกลาง\n";
    while s.encode_utf16().count() + piece.encode_utf16().count() < units {
        s.push_str(piece);
    }
    while s.encode_utf16().count() + last.len_utf16() < units {
        s.push('x');
    }
    s.push(last);
    s
}

fn odd_return(data_source: &str, edit: impl Fn(&mut toml_edit::DocumentMut)) -> String {
    let root = common::root().join("examples/kpi-returns");
    let text = std::fs::read_to_string(root.join("returns/IDN/2024.toml")).unwrap_or_default();
    let mut doc: toml_edit::DocumentMut = text.parse().unwrap_or_else(|e| panic!("{e}"));
    let names = [
        " Agency 1",
        "Agency 2 ",
        "",
        "  ",
        "Agency\r",
        "\r",
        "ไทย 🇹🇭 ខ្មែរ 中文",
        "right\u{202e}left",
        "bell\u{7} esc\u{1b}[2J",
        "_x0041_ &amp; <b>",
        "=1+1",
        "\ttab",
    ];
    doc["return"]["answers"]["B.1.1"]["names"] =
        toml_edit::value(names.iter().copied().collect::<toml_edit::Array>());
    doc["return"]["focal_point"] = toml_edit::value("  Focal\r\npoint  ");
    doc["return"]["data_source"] = toml_edit::value(data_source);
    doc["return"]["answers"]["E.1"]["narrative"] =
        toml_edit::value("line one\r\nline two\n\n  indented\r");
    doc["return"]["answers"]["B.2"]["levels"][" spaced level "] = toml_edit::value(2);
    // An answer written inline is the same answer.
    let mut inline = toml_edit::InlineTable::new();
    inline.insert("yes", false.into());
    doc["return"]["answers"]["A.1"] = toml_edit::value(inline);
    // So are projects written as a list of inline tables.
    let projects = &mut doc["return"]["answers"]["D.2.1"]["projects"];
    if let Some(list) = projects.as_array_of_tables().cloned() {
        *projects = toml_edit::value(list.into_array());
    }
    assert!(projects.is_array(), "{projects}");
    edit(&mut doc);
    doc.to_string()
}

#[test]
fn odd_and_long_text_survives_the_workbook_exactly() {
    // Spaces around names, empty names, `\r\n`, control characters, escapes the file format
    // itself uses, and a text as long as a cell holds all come back as they were written.
    let (_, data) = examples();
    let text = odd_return(&long_text(32_767, '😀'), |_| {});
    let bytes = workbook_of(&data, &text);
    let read = sheet::read_xlsx(&bytes, "x.xlsx").unwrap_or_else(|e| panic!("{e}"));
    assert!(read.findings.is_empty(), "{:?}", read.findings);
    let built = sheet::build(&read.entries, &data, &accsm::load::schema());
    let found: Vec<String> = built.findings.iter().map(|f| f.message.clone()).collect();
    assert_eq!(
        found,
        [
            "`names`: line 3 of this cell is empty, so the list has an empty name; it is kept as written"
        ]
    );
    let back: toml::Table = toml::from_str(&built.text).unwrap_or_else(|e| panic!("{e}"));
    let sent: toml::Table = toml::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(back, sent);
}

#[test]
fn text_a_cell_cannot_give_back_makes_no_workbook() {
    // One unit over, counted as Excel counts (an emoji is two), an empty list or text, and a
    // name holding a line break: each is refused with the answer it is in.
    let (_, data) = examples();
    let plan = accsm::query::kpi_plan(&data, None).unwrap_or_else(|e| panic!("{e}"));
    let over = long_text(32_768, '😀');
    assert_eq!(over.chars().count(), 32_767);
    let set = |path: &'static [&'static str], value: toml_edit::Item| {
        move |doc: &mut toml_edit::DocumentMut| {
            let mut item = doc.as_item_mut();
            for key in path {
                item = &mut item[*key];
            }
            *item = value.clone();
        }
    };
    let names =
        |list: &[&str]| toml_edit::value(list.iter().copied().collect::<toml_edit::Array>());
    let cases = [
        (
            odd_return(&over, |_| {}),
            "the return's `data_source` holds 32768 characters",
        ),
        (odd_return("x", |_| {}), ""),
        (
            odd_return("x", set(&["return", "focal_point"], toml_edit::value(""))),
            "the return's `focal_point` is empty",
        ),
        (
            odd_return(
                "x",
                set(
                    &["return", "answers", "B.1.1", "names"],
                    names(&["a", "b\r\nc"]),
                ),
            ),
            "the answer B.1.1 `names` holds a line break in its name number 2",
        ),
        (
            odd_return(
                "x",
                set(&["return", "answers", "B.1.1", "names"], names(&[])),
            ),
            "the answer B.1.1 `names` is empty",
        ),
        (
            odd_return(
                "x",
                set(&["return", "answers", "B.1.1", "names"], names(&[""])),
            ),
            "the answer B.1.1 `names` is empty",
        ),
        (
            odd_return(
                "x",
                set(
                    &["return", "answers", "D.2", "narrative"],
                    toml_edit::value(""),
                ),
            ),
            "the answer D.2 `narrative` is empty",
        ),
        // What the template has no cell for, caught by reading the workbook back.
        (
            odd_return("x", set(&["return", "notes"], toml_edit::value("kept?"))),
            "the return's `notes` would not come back from the workbook",
        ),
        (
            odd_return(
                "x",
                set(
                    &["return", "answers", "B.1.1", "names"],
                    toml_edit::value(toml_edit::Array::from_iter([1, 2])),
                ),
            ),
            "the return's `answers.B.1.1.names` would not come back",
        ),
        (
            odd_return(
                "x",
                set(
                    &["return", "answers", "B.2", "levels", "national"],
                    toml_edit::value(toml_edit::Array::from_iter([1, 2])),
                ),
            ),
            "the return's `answers.B.2.levels.national` would not come back",
        ),
    ];
    for (text, expect) in cases {
        let doc: toml_edit::DocumentMut = text.parse().unwrap_or_else(|e| panic!("{e}"));
        let made = sheet::return_workbook(&data, plan, "IDN", 2024, Some(&doc));
        match (made, expect) {
            (Ok(_), "") => {}
            (Ok(_), _) => panic!("a workbook was made; expected: {expect}"),
            (Err(why), _) => assert!(
                !expect.is_empty()
                    && why.starts_with(expect)
                    && why.contains("no workbook is made"),
                "{why}"
            ),
        }
    }
}

/// No cell can start a line of what `import` prints, or of the comments `--force` writes, nor
/// send a control character to the terminal: a line break or an escape in an item, a KPI, a
/// field, a value quoted in a message or the country is shown as `\u{..}`.
#[test]
fn import_never_prints_a_line_break_or_control_character_from_a_cell() {
    let dir = common::temp_dir("accsm-import-hostile-");
    common::copy_dir(
        &common::root().join("tests/cmd/import-return.in"),
        dir.path(),
    );
    let rows = "KPI,Field,Item,Answer\n\
        return,year,,2023\n\
        D.2,per_year,\"2023\nINJECTED\u{1b}[2J\",3\n\
        D.2,per_year,\"2023\nINJECTED\u{1b}[2J\",4\n\
        A.1.1,count,,\"1\nINJECTED\"\n\
        \"Z\nINJECTED\",count,,1\n\
        A.1,\"cou\nINJECTED\",,1\n\
        A.1.1,total,,\"=1+\nINJECTED\u{7}\"\n";
    for (country, force) in [("\"ID\nINJECTED\"", false), ("IDN", true)] {
        let csv = rows.replacen("\n", &format!("\nreturn,country,,{country}\n"), 1);
        std::fs::write(dir.path().join("h.csv"), csv).unwrap_or_default();
        let args: &[&str] = if force {
            &["import", "return", "h.csv", "--force"]
        } else {
            &["import", "return", "h.csv"]
        };
        let out = common::accsm_in(dir.path(), args);
        assert_eq!(out.status.code(), Some(1));
        let said = common::stderr(&out);
        assert!(said.matches("INJECTED").count() >= 5, "{said}");
        assert!(!said.lines().any(|l| l.starts_with("INJECTED")), "{said}");
        assert!(
            !said
                .chars()
                .any(|c| c != '\n' && accsm::escape::is_unsafe_char(c)),
            "{said:?}"
        );
    }
    let written =
        std::fs::read_to_string(dir.path().join("data/returns/IDN/2023.toml")).unwrap_or_default();
    assert!(written.starts_with("# Imported from h.csv"), "{written}");
    assert!(
        !written.lines().any(|l| l.starts_with("INJECTED")),
        "{written}"
    );
}
