//! CSV meant for a spreadsheet (`--excel`) opened by a real spreadsheet: LibreOffice headless
//! reads each file as people open one (UTF-8, comma-separated, "detect special numbers" on,
//! formulas evaluated) and saves it as a workbook, which calamine reads back cell by cell. Text
//! such as the timeline `January 2022`, an id with leading zeros or a long run of digits must come
//! back as that text; plain CSV for data tools stays raw. Skipped without `soffice` unless
//! `ACCSM_REQUIRE_SOFFICE` is set (`.ci/run` installs LibreOffice and sets it).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stderr)]

use crate::common;

use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use accsm::report::CsvRows;
use calamine::{Data, Reader, Xlsx};

pub(crate) fn soffice() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("SOFFICE") {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| ["soffice", "libreoffice"].map(|name| dir.join(name)))
        .find(|p| p.is_file())
}

pub(crate) fn skip(test: &str) -> bool {
    if soffice().is_some() {
        return false;
    }
    assert!(
        std::env::var_os("ACCSM_REQUIRE_SOFFICE").is_none(),
        "ACCSM_REQUIRE_SOFFICE is set but no soffice was found (install libreoffice-calc)"
    );
    eprintln!(
        "SKIPPED {test}: no soffice on PATH (apt-get install -y libreoffice-calc, or set \
         SOFFICE=/path/to/soffice); .ci/run installs it"
    );
    true
}

/// Each CSV file opened in LibreOffice as people open one and saved as a workbook; the first
/// sheet of each, cell by cell. One LibreOffice run for all the files.
fn open_in_libreoffice(files: &[PathBuf]) -> Vec<Vec<Vec<Data>>> {
    let out = common::temp_dir("accsm-soffice-out-");
    let profile = common::temp_dir("accsm-soffice-profile-");
    // 44: comma; 34: quote; 76: UTF-8; line 1; no column formats; English (US); quoted fields
    // not forced to text; detect special numbers (dates, times, percentages) as a person
    // opening the file does; evaluate formulas.
    let filter = "CSV:44,34,76,1,,1033,false,true,false,false,false,-1,true";
    let mut child = Command::new(soffice().unwrap())
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args(["--headless", "--norestore"])
        .arg(format!("--infilter={filter}"))
        .args(["--convert-to", "xlsx", "--outdir"])
        .arg(out.path())
        .args(files)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start soffice");
    common::wait_or_kill(&mut child, "soffice");
    files
        .iter()
        .map(|f| {
            let name = Path::new(f.file_stem().unwrap()).with_extension("xlsx");
            let bytes = std::fs::read(out.path().join(&name))
                .unwrap_or_else(|e| panic!("soffice wrote no {}: {e}", name.display()));
            let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
            let first = book.sheet_names()[0].clone();
            let range = book.worksheet_range(&first).unwrap();
            range.rows().map(<[Data]>::to_vec).collect()
        })
        .collect()
}

/// The values a spreadsheet would not keep as text, and a few it reads as the numbers they are.
const TEXTS: &[&str] = &[
    "January 2022",
    "Jan-22",
    "May 2022",
    "1/1",
    "12-31",
    "12:30",
    "007",
    "+007",
    "12345678901234567890",
    "45%",
    "$100",
    "(2)",
    "say \"hi\" 1/1",
    "Q4 2022",
    "2022-2023",
    "Annually",
];

#[test]
fn text_meant_for_a_spreadsheet_stays_text_in_libreoffice() {
    if skip("text_meant_for_a_spreadsheet_stays_text_in_libreoffice") {
        return;
    }
    let dir = common::temp_dir("accsm-soffice-csv-");
    // Cells as `list --excel` writes them, and as plain CSV does.
    let write = |name: &str, spreadsheet: bool| {
        let path = dir.path().join(name);
        let file = std::fs::File::create(&path).unwrap();
        let mut w = CsvRows::new(file, &["value", "number"])
            .unwrap()
            .for_spreadsheet(spreadsheet);
        for t in TEXTS {
            w.row(&[*t, "12"]).unwrap();
        }
        w.row(&["-5", "2021"]).unwrap();
        w.finish().unwrap();
        path
    };
    let excel = write("excel.csv", true);
    let plain = write("plain.csv", false);
    // The listing of the shipped data, whose timelines include `January 2022`.
    let listing = dir.path().join("listing.csv");
    let out = common::accsm(&["list", "--format", "csv", "--excel"]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    std::fs::write(&listing, &out.stdout).unwrap();
    // The export's programme table.
    let folder = dir.path().join("export");
    let out = common::accsm(&[
        "export",
        "--format",
        "csv",
        "--excel",
        "--out",
        folder.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let programme = dir.path().join("programme.csv");
    std::fs::copy(folder.join("programme.csv"), &programme).unwrap();

    let sheets = open_in_libreoffice(&[excel, plain, listing.clone(), programme.clone()]);
    let text = |c: &Data| match c {
        Data::String(s) => Some(s.clone()),
        _ => None,
    };
    // Every text as written, the numbers as numbers.
    let excel_rows = &sheets[0];
    for (t, row) in TEXTS.iter().zip(&excel_rows[1..]) {
        assert_eq!(text(&row[0]).as_deref(), Some(*t), "{t}: {:?}", row[0]);
        assert!(
            matches!(row[1], Data::Float(12.0) | Data::Int(12)),
            "{:?}",
            row[1]
        );
    }
    let last = excel_rows.last().unwrap();
    assert!(
        matches!(last[0], Data::Float(-5.0) | Data::Int(-5)),
        "{last:?}"
    );
    assert!(
        matches!(last[1], Data::Float(2021.0) | Data::Int(2021)),
        "{last:?}"
    );
    // The same cells in plain CSV: LibreOffice turns some into dates and numbers (what
    // `--excel` is for), so this test would see the difference.
    let plain_rows = &sheets[1];
    assert!(
        !matches!(&plain_rows[1][0], Data::String(s) if s == "January 2022"),
        "{:?}",
        plain_rows[1][0]
    );
    assert!(
        !matches!(&plain_rows[7][0], Data::String(s) if s == "007"),
        "{:?}",
        plain_rows[7][0]
    );
    // The listing and the export: each timeline comes back as written in the data.
    for (sheet, csv) in [(&sheets[2], &listing), (&sheets[3], &programme)] {
        let raw = std::fs::read_to_string(csv).unwrap();
        let mut reader = csv::Reader::from_reader(raw.trim_start_matches('\u{feff}').as_bytes());
        let header = reader.headers().unwrap().clone();
        let col = header.iter().position(|h| h == "timeline").unwrap();
        let head: Vec<Option<String>> = sheet[0].iter().map(text).collect();
        assert_eq!(head[col].as_deref(), Some("timeline"), "{}", csv.display());
        let mut seen = 0;
        for (record, row) in reader.records().zip(&sheet[1..]) {
            let record = record.unwrap();
            let written = record[col].trim_start_matches("=\"").trim_end_matches('"');
            match &row[col] {
                Data::String(s) => assert_eq!(s, &written.replace("\"\"", "\"")),
                Data::Empty => assert!(written.is_empty()),
                Data::Float(f) => assert_eq!(f.to_string(), written, "{}", csv.display()),
                other => panic!("{}: timeline {written:?} read as {other:?}", csv.display()),
            }
            seen += 1;
        }
        assert!(seen > 60, "{}: {seen} rows", csv.display());
        assert!(raw.contains("=\"\"January 2022\"\""), "{}", csv.display());
    }
}
