//! Whether a file is an earlier export of accsm, which `--force` may replace: a JSON lines file
//! whose first line is a record of an export table, or a workbook whose sheets are all export
//! tables. Anything else — the manifest, a data file, a workbook of the user's own — is not, and
//! `--force` never replaces it.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use super::tables::tables;

/// The most bytes read to recognise a file: a first line or a workbook's list of sheets.
const LOOK: u64 = 1 << 20;

/// Whether `path` is a JSON lines export: its first line is an object whose `table` names an
/// export table.
pub fn is_json_lines_export(path: &Path) -> bool {
    let Ok(file) = File::open(path) else {
        return false;
    };
    let mut first = String::new();
    if BufReader::new(file.take(LOOK))
        .read_line(&mut first)
        .is_err()
    {
        return false;
    }
    let Ok(serde_json::Value::Object(record)) = serde_json::from_str(first.trim_end()) else {
        return false;
    };
    let names = tables();
    record
        .get("table")
        .and_then(|t| t.as_str())
        .is_some_and(|t| names.iter().any(|table| table.name == t))
}

/// Whether `path` is a workbook export: a workbook whose sheets are all named after export
/// tables.
pub fn is_workbook_export(path: &Path) -> bool {
    let Ok(file) = File::open(path) else {
        return false;
    };
    let Ok(mut archive) = zip::ZipArchive::new(file) else {
        return false;
    };
    let mut xml = String::new();
    let read = match archive.by_name("xl/workbook.xml") {
        Ok(part) => part.take(LOOK).read_to_string(&mut xml).is_ok(),
        Err(_) => false,
    };
    if !read {
        return false;
    }
    let names = tables();
    let sheets: Vec<&str> = xml
        .split("<sheet ")
        .skip(1)
        .filter_map(|s| s.split("name=\"").nth(1)?.split('"').next())
        .collect();
    !sheets.is_empty()
        && sheets
            .iter()
            .all(|s| names.iter().any(|table| is_sheet_of(table.name, s)))
}

/// Whether a sheet holds (some of) a table: its first sheet, or a numbered one after it.
fn is_sheet_of(table: &str, sheet: &str) -> bool {
    sheet == table
        || sheet
            .rsplit_once('_')
            .and_then(|(_, n)| n.parse::<usize>().ok())
            .is_some_and(|part| part >= 2 && super::xlsx::sheet_name(table, part) == sheet)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_export_is_recognised() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("x");
        for (text, export) in [
            ("{\"table\":\"programme\",\"plan\":\"p\"}\n{}\n", true),
            ("{\"table\":\"programme\"}", true),
            ("{\"table\":\"mine\"}\n", false),
            ("name = \"accsm\"\n", false),
            ("[\"table\", \"programme\"]\n", false),
            ("", false),
        ] {
            std::fs::write(&path, text)?;
            assert_eq!(is_json_lines_export(&path), export, "{text}");
            assert!(!is_workbook_export(&path), "{text}");
        }
        assert!(!is_json_lines_export(&dir.path().join("none")));
        dir.close()
    }
}
