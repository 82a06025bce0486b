//! A file a focal point filled in, read as a workbook or as a CSV file: one way to tell which,
//! for every `import` command.

use std::path::Path;

use accsm::edit::sheet;
use accsm::escape::terminal_safe;

use crate::error::Error;

/// Reads `path` with `xlsx` if it is a workbook (by its name `.xlsx`, or, without it, by the
/// ZIP signature a workbook starts with) or with `csv` if it is named `.csv`; anything else is
/// refused with `help` (how to make the workbook).
pub(super) fn read<T>(
    path: &Path,
    shown: &str,
    xlsx: impl FnOnce(&[u8]) -> Result<T, sheet::Unreadable>,
    csv: impl FnOnce(&[u8]) -> Result<T, sheet::Unreadable>,
    help: &str,
) -> Result<T, Error> {
    let bytes = sheet::read_file(path, shown).map_err(|e| Error::io(e.0))?;
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let result = match ext.as_str() {
        "xlsx" => xlsx(&bytes),
        "csv" => csv(&bytes),
        _ if bytes.starts_with(b"PK") => xlsx(&bytes),
        _ => {
            return Err(Error::usage(format!(
                "{} is neither a workbook (.xlsx) nor a CSV file (.csv)",
                terminal_safe(shown)
            ))
            .with_help(help));
        }
    };
    result.map_err(|e| Error::usage(terminal_safe(&e.0).into_owned()))
}
