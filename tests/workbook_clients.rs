//! The exported workbook opened by a real spreadsheet: LibreOffice headless reads every sheet
//! of `accsm export --format xlsx` and writes each as CSV, which must hold the header and the
//! rows of the same table in the data package. accsm writes the workbook's ZIP container and
//! its compressed sheets itself, so a reader other than accsm's own must open it. Skipped
//! without `soffice` unless `ACCSM_REQUIRE_SOFFICE` is set (`.ci/run` installs LibreOffice and
//! sets it).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stderr)]

use crate::common;
use crate::spreadsheet_csv::{skip, soffice};

use std::path::Path;
use std::process::{Command, Stdio};

use common::{accsm_in, root, stderr, temp_dir};

/// The rows of a CSV file, header first.
fn rows(path: &Path) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect()
}

#[test]
fn libreoffice_reads_every_sheet_of_the_workbook_as_the_data_package_has_it() {
    if skip("libreoffice_reads_every_sheet_of_the_workbook_as_the_data_package_has_it") {
        return;
    }
    let repo = root().join("examples/kpi-returns");
    let out = temp_dir("accsm-workbook-client-");
    let book = out.path().join("book.xlsx");
    let package = out.path().join("package");
    for (format, to) in [("xlsx", &book), ("datapackage", &package)] {
        let o = accsm_in(
            &repo,
            &["export", "--format", format, "--out", to.to_str().unwrap()],
        );
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    }

    let sheets = out.path().join("sheets");
    let profile = temp_dir("accsm-soffice-profile-");
    // 44: comma; 34: quote; 76: UTF-8; line 1; no column formats; English (US); quote all
    // text fields off; …; -1: every sheet, each to `<name>-<sheet>.csv`.
    let filter = "csv:Text - txt - csv (StarCalc):44,34,76,1,,1033,false,true,false,false,false,-1";
    let mut child = Command::new(soffice().unwrap())
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            filter,
            "--outdir",
        ])
        .arg(&sheets)
        .arg(&book)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start soffice");
    common::wait_or_kill(&mut child, "soffice");

    let mut tables = 0;
    for entry in std::fs::read_dir(&package).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "csv") {
            continue;
        }
        tables += 1;
        let name = path.file_stem().unwrap().to_str().unwrap();
        let sheet = sheets.join(format!("book-{name}.csv"));
        assert!(sheet.is_file(), "LibreOffice found no sheet {name}");
        let (from_book, from_package) = (rows(&sheet), rows(&path));
        assert_eq!(from_book.len(), from_package.len(), "rows of {name}");
        assert_eq!(from_book.first(), from_package.first(), "header of {name}");
        // The first column (a plan, an id) is text both ways, and the same.
        let first = |rows: &[Vec<String>]| -> Vec<String> {
            rows.iter()
                .map(|r| r.first().cloned().unwrap_or_default())
                .collect()
        };
        assert_eq!(
            first(&from_book),
            first(&from_package),
            "first column of {name}"
        );
    }
    assert!(tables > 30, "only {tables} tables in the data package");
}
