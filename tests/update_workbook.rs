//! Progress updates in spreadsheets: `new updates` writes one coordinator's programmes, and
//! `import updates` reads the filled-in rows back (a workbook or CSV file), each finding at its
//! sheet, row and column, nothing written while any has an error.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use calamine::{Data, Reader, Xlsx};
use common::{TempRepo, assert_exit, stderr, stdout};
use rust_xlsxwriter::{Formula, Workbook};

const PROGRAMMES: &str = "[[programme]]\nplan = \"accsm-2021-2025\"\nnumber = 1\ntitle = \"Workshop\"\n\
timeline = \"2023\"\ncoordinators = [\"IDN\"]\nkras = [\"A.2\"]\nmeasures = [\"A.2.v\"]\n\n\
[[programme]]\nplan = \"accsm-2021-2025\"\nnumber = 2\ntitle = \"Forum\"\ntimeline = \"2024\"\n\
coordinators = [\"IDN\", \"MYS\"]\nkras = [\"A.2\"]\nmeasures = [\"A.2.v\"]\n\n\
[[programme]]\nplan = \"accsm-2021-2025\"\nnumber = 3\ntitle = \"Study visit\"\ntimeline = \"2024\"\n\
coordinators = [\"THA\"]\nkras = [\"A.2\"]\nmeasures = [\"A.2.v\"]\n";

const HEADER: [&str; 15] = [
    "Plan",
    "Number",
    "Title",
    "Timeline",
    "Current status",
    "Date",
    "Status",
    "Meeting",
    "What was done",
    "Note",
    "Participants",
    "AMS taking part",
    "Cost",
    "Currency",
    "Links",
];

fn repo() -> TempRepo {
    let repo = TempRepo::with_references("updates-sheet");
    repo.write("data/programmes.toml", PROGRAMMES);
    repo
}

#[test]
fn the_workbook_holds_one_row_per_programme_of_the_coordinator() {
    let repo = repo();
    let out = repo.run(&[
        "new",
        "updates",
        "--coordinator",
        "Indonesia",
        "--format",
        "xlsx",
        "--out",
        "idn.xlsx",
    ]);
    assert_exit(&out, 0);
    assert!(stdout(&out).contains("(2 programmes)"), "{}", stdout(&out));
    let mut book: Xlsx<_> = calamine::open_workbook(repo.dir.join("idn.xlsx")).unwrap();
    let range = book.worksheet_range("Updates").unwrap();
    let header: Vec<String> = (0..15)
        .map(|c| {
            range
                .get_value((0, c))
                .map(|d| d.to_string())
                .unwrap_or_default()
        })
        .collect();
    assert_eq!(header, HEADER);
    assert_eq!(range.height(), 3);
    assert_eq!(
        range.get_value((1, 2)),
        Some(&Data::String("Workshop".into()))
    );
    assert_eq!(
        range.get_value((2, 4)),
        Some(&Data::String("not reported".into()))
    );
    // An empty workbook imports nothing and says so.
    let none = repo.run(&["import", "updates", "idn.xlsx"]);
    assert_exit(&none, 0);
    assert!(
        stdout(&none).contains("no filled-in row"),
        "{}",
        stdout(&none)
    );
    let unknown = repo.run(&["new", "updates", "--coordinator", "Atlantis"]);
    assert_exit(&unknown, 2);
}

/// A workbook as a coordinator sends it back: the header and these rows on the sheet Updates.
fn filled(repo: &TempRepo, name: &str, rows: &[[&str; 15]], formula_at: Option<(u32, u16)>) {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("Updates").unwrap();
    for (c, h) in (0u16..).zip(HEADER) {
        ws.write_string(0, c, h).unwrap();
    }
    for (r, row) in (1u32..).zip(rows) {
        for (c, v) in (0u16..).zip(row) {
            if v.is_empty() {
                continue;
            }
            match v.parse::<f64>() {
                Ok(n) if c != 5 => ws.write_number(r, c, n).unwrap(),
                _ => ws.write_string(r, c, *v).unwrap(),
            };
        }
    }
    if let Some((r, c)) = formula_at {
        ws.write_formula(r, c, Formula::new("=1+1")).unwrap();
    }
    book.save(repo.dir.join(name)).unwrap();
}

#[test]
fn filled_in_rows_become_one_update_each_and_errors_are_named_by_cell() {
    let repo = repo();
    let good: [&str; 15] = [
        "accsm-2021-2025",
        "1",
        "Workshop",
        "2023",
        "not reported",
        "2023-11",
        "completed",
        "21st ACCSM SOM",
        "Held online",
        "",
        "40",
        "IDN\nMYS",
        "8000",
        "USD",
        "",
    ];
    let bad_currency: [&str; 15] = [
        "accsm-2021-2025",
        "2",
        "Forum",
        "2024",
        "not reported",
        "2024-08",
        "ongoing",
        "22nd ACCSM SOM",
        "",
        "",
        "",
        "",
        "500",
        "USDD",
        "",
    ];
    let untouched: [&str; 15] = [
        "accsm-2021-2025",
        "1",
        "Workshop",
        "2023",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
    ];
    filled(
        &repo,
        "back.xlsx",
        &[good, bad_currency, untouched],
        Some((1, 10)),
    );
    let out = repo.run(&["import", "updates", "back.xlsx"]);
    assert_exit(&out, 1);
    let err = stderr(&out);
    assert!(err.contains("the cell holds a formula (`=1+1`)"), "{err}");
    assert!(
        err.contains("sheet `Updates`, row 2, column K (Participants)"),
        "{err}"
    );
    assert!(err.contains("`USDD` is not a known currency code"), "{err}");
    assert!(
        err.contains("sheet `Updates`, row 3, column N (Currency)"),
        "{err}"
    );
    assert!(err.contains("nothing was written"), "{err}");
    assert!(!repo.data().join("updates").exists());
    // Corrected: both rows written, one file each, and the data validates.
    let fixed_currency: [&str; 15] = [
        "accsm-2021-2025",
        "2",
        "Forum",
        "2024",
        "not reported",
        "2024-08",
        "ongoing",
        "22nd ACCSM SOM",
        "",
        "",
        "",
        "",
        "500",
        "USD",
        "",
    ];
    filled(
        &repo,
        "back2.xlsx",
        &[good, fixed_currency, untouched],
        None,
    );
    let out = repo.run(&["import", "updates", "back2.xlsx"]);
    assert_exit(&out, 0);
    let one = std::fs::read_to_string(repo.data().join("updates/accsm-2021-2025/1/2023-11.toml"))
        .unwrap();
    assert!(one.contains("ams = [\"IDN\", \"MYS\"]"), "{one}");
    assert!(one.contains("participants = 40"), "{one}");
    assert!(
        repo.data()
            .join("updates/accsm-2021-2025/2/2024-08.toml")
            .is_file()
    );
    assert_exit(&repo.run(&["validate"]), 0);
    // The same workbook again: every row is an update already there.
    let again = repo.run(&["import", "updates", "back2.xlsx"]);
    assert_exit(&again, 1);
    assert!(stderr(&again).contains("already has an update dated 2023-11"));
}

#[test]
fn a_csv_file_of_the_same_columns_imports_and_checks_the_rules() {
    let repo = repo();
    repo.write(
        "back.csv",
        "\u{feff}Plan,Number,Date,Status,Meeting,Cost,Currency,What was done,Note,Participants,AMS taking part,Links\n\
         accsm-2021-2025,1,2022-08,completed,20th ACCSM SOM,,,,,,,\n\
         ../../etc,1,2023-08,ongoing,x,,,,,,,\n",
    );
    let out = repo.run(&["import", "updates", "back.csv"]);
    assert_exit(&out, 1);
    let err = stderr(&out);
    assert!(err.contains("error[completed-before-start]"), "{err}");
    assert!(err.contains("row 2, column D (Status)"), "{err}");
    assert!(err.contains("not a plain identifier"), "{err}");
    assert!(err.contains("row 3, column A (Plan)"), "{err}");
}
