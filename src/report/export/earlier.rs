//! Whether a file is an earlier export of accsm, which `--force` may replace: a JSON lines file
//! whose first line is a record of an export table, or a workbook whose sheets are all export
//! tables. Anything else — the manifest, a data file, a workbook of the user's own — is not, and
//! `--force` never replaces it.

use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek};
use std::path::Path;

use calamine::{Reader, Xlsx};

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
/// tables. Its sheets are listed by calamine, once the parts calamine reads whole on opening a
/// workbook are known to be small, as an export's are.
pub fn is_workbook_export(path: &Path) -> bool {
    let Ok(file) = File::open(path) else {
        return false;
    };
    let Ok(mut archive) = zip::ZipArchive::new(BufReader::new(file)) else {
        return false;
    };
    if !opens_small(&mut archive) {
        return false;
    }
    let Ok(book) = Xlsx::new(archive.into_inner()) else {
        return false;
    };
    let names = tables();
    let sheets = book.sheet_names();
    !sheets.is_empty()
        && sheets
            .iter()
            .all(|s| names.iter().any(|table| is_sheet_of(table.name, s)))
}

/// The parts calamine reads whole when it opens a workbook, named as it finds them (any case).
/// An export writes no shared strings (its text cells hold their text), and the others are a
/// few lines a table.
const READ_ON_OPENING: [&str; 4] = [
    "xl/sharedstrings.xml",
    "xl/styles.xml",
    "xl/_rels/workbook.xml.rels",
    "xl/workbook.xml",
];

/// Whether each part calamine reads on opening unpacks to at most [`LOOK`] bytes: a ZIP bomb,
/// or a workbook of the user's own with much text, is no export, and is not unpacked further.
fn opens_small<R: Read + Seek>(archive: &mut zip::ZipArchive<R>) -> bool {
    for i in 0..archive.len() {
        let Ok(part) = archive.by_index(i) else {
            return false;
        };
        let name = part.name().replace('\\', "/").to_ascii_lowercase();
        if READ_ON_OPENING.contains(&name.as_str()) {
            let unpacked = std::io::copy(&mut part.take(LOOK + 1), &mut std::io::sink());
            if unpacked.map_or(true, |n| n > LOOK) {
                return false;
            }
        }
    }
    true
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

    /// A workbook with the fixed parts of an export whose sheets are `sheets`, and `extra`.
    fn workbook(path: &Path, sheets: &[&str], extra: &[(&str, Vec<u8>)]) -> std::io::Result<()> {
        let mut zip = zip::ZipWriter::new(File::create(path)?);
        let options = zip::write::SimpleFileOptions::default();
        let fixed = super::super::xlsx_parts::fixed(sheets);
        let parts = fixed
            .iter()
            .map(|(name, text)| (*name, text.as_bytes()))
            .chain(extra.iter().map(|(name, bytes)| (*name, bytes.as_slice())));
        for (name, bytes) in parts {
            zip.start_file(name, options)
                .map_err(std::io::Error::other)?;
            std::io::Write::write_all(&mut zip, bytes)?;
        }
        zip.finish().map_err(std::io::Error::other)?;
        Ok(())
    }

    #[test]
    fn a_workbook_is_an_export_when_its_sheets_are_export_tables_and_it_opens_small()
    -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("book.xlsx");
        workbook(&path, &["programme", "programme_2", "plan"], &[])?;
        assert!(is_workbook_export(&path));
        workbook(&path, &["programme", "Budget"], &[])?;
        assert!(!is_workbook_export(&path), "a sheet of the user's own");
        // Shared strings that unpack to more than is read (a ZIP bomb is the same, larger):
        // not an export, whatever its sheets, and calamine never opens it.
        let big = vec![b' '; (LOOK + 1) as usize];
        for name in ["xl/sharedStrings.xml", "XL/SharedStrings.xml"] {
            workbook(&path, &["programme"], &[(name, big.clone())])?;
            assert!(!is_workbook_export(&path), "{name}");
        }
        workbook(
            &path,
            &["programme"],
            &[("xl/sharedStrings.xml", b"<sst/>".to_vec())],
        )?;
        assert!(is_workbook_export(&path), "small shared strings are read");
        dir.close()
    }
}
