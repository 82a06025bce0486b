//! Reading a return from a CSV file of the long shape, as spreadsheets save them: separated by
//! commas, semicolons (where the decimal separator is a comma) or tabs ("Unicode text").

use super::read::{
    Cell, CellRef, Entry, MAX_ROWS, Sheets, TableRows, Unreadable, push_entry, trimmed,
};
use super::rows::{ANSWER_COLUMNS, HEADER_KPI};
use super::{Finding, Severity};
use crate::diag::Code;

/// The return in a CSV file of the long shape: a header row naming at least the columns `KPI`,
/// `Field`, `Item` and `Answer` (others are ignored), and one row per field; the rows whose KPI
/// is `return` hold the return's header (country, year…). UTF-8, with or without a byte-order
/// mark. A number written as a spreadsheet shows it (`45%`, `45,5` in a `;` file) is read so.
pub fn read_csv(bytes: &[u8], shown: &str) -> Result<Sheets, Unreadable> {
    let wanted = [
        ANSWER_COLUMNS[0],
        ANSWER_COLUMNS[3],
        ANSWER_COLUMNS[4],
        ANSWER_COLUMNS[6],
    ];
    let (rows, findings, separator) = table(bytes, shown, &wanted)?;
    let mut out = Sheets {
        entries: Vec::new(),
        findings,
    };
    for row in rows {
        let Ok([(kpi, kat), (field, fat), (item, iat), (value, at)]) =
            <[(Cell, CellRef); 4]>::try_from(row)
        else {
            continue;
        };
        let value = match value {
            Cell::Text(text) => shown_number(&text, separator != b',').unwrap_or(Cell::Text(text)),
            other => other,
        };
        let kpi = trimmed(&kpi);
        let entry = Entry {
            kpi: (!kpi.eq_ignore_ascii_case(HEADER_KPI)).then_some((kpi, kat)),
            field: (trimmed(&field), fat),
            item: (item.label(), iat),
            value,
            at,
        };
        push_entry(&mut out, entry);
    }
    Ok(out)
}

/// The `wanted` columns (found by the header row, any case; others are ignored) of every row of
/// a CSV file, each cell as the text written with where it is (see [`table`]).
pub fn read_csv_table(
    bytes: &[u8],
    shown: &str,
    wanted: &[&str],
) -> Result<(TableRows, Vec<Finding>), Unreadable> {
    table(bytes, shown, wanted).map(|(rows, findings, _)| (rows, findings))
}

/// The `wanted` columns of every row of a CSV file as spreadsheets save them: UTF-8 with or
/// without a byte-order mark, separated by commas, semicolons or tabs (the separator is
/// returned too). A cell that is not UTF-8 is a finding and read as empty.
fn table(
    bytes: &[u8],
    shown: &str,
    wanted: &[&str],
) -> Result<(TableRows, Vec<Finding>, u8), Unreadable> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let separator = separator(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(separator)
        .from_reader(bytes);
    let mut records = reader.byte_records();
    let not_csv =
        |why: String| Unreadable(format!("{shown} is not a CSV file accsm can read ({why})"));
    let header = match records.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => return Err(not_csv(e.to_string())),
        None => return Err(not_csv("it is empty".to_string())),
    };
    let header: Vec<String> = header
        .iter()
        .map(|h| String::from_utf8_lossy(h).trim().to_string())
        .collect();
    let mut cols = Vec::new();
    for name in wanted {
        let Some(c) = header.iter().position(|h| h.eq_ignore_ascii_case(name)) else {
            return Err(not_csv(format!(
                "its first row has no column `{name}`; the columns are {}, separated by commas, \
                 semicolons or tabs",
                wanted.join(", ")
            )));
        };
        cols.push(c);
    }
    let mut rows = Vec::new();
    let mut findings = Vec::new();
    for (n, record) in records.enumerate() {
        let row = u32::try_from(n + 2).unwrap_or(u32::MAX);
        if n >= MAX_ROWS {
            return Err(not_csv(format!("more than {MAX_ROWS} rows")));
        }
        let record = record.map_err(|e| not_csv(e.to_string()))?;
        let mut cells = Vec::with_capacity(cols.len());
        for (&c, name) in cols.iter().zip(wanted) {
            let at = CellRef {
                sheet: None,
                row,
                col: c as u32,
                column: name.to_string(),
            };
            let raw = record.get(c).unwrap_or_default();
            let Ok(text) = std::str::from_utf8(raw) else {
                findings.push(
                    Finding::new(
                        Severity::Error,
                        Code::NotUtf8,
                        "this cell is not UTF-8 text".to_string(),
                        Some(at.clone()),
                    )
                    .with_help("save the file as CSV UTF-8"),
                );
                cells.push((Cell::Empty, at));
                continue;
            };
            let cell = if text.is_empty() {
                Cell::Empty
            } else {
                Cell::Text(text.to_string())
            };
            cells.push((cell, at));
        }
        rows.push(cells);
    }
    Ok((rows, findings, separator))
}

/// The separator of a CSV file: the one of `,`, `;` and tab that its first line (outside
/// quotes) holds most of. Excel writes `;` where the decimal separator is a comma, and "Unicode
/// text" with tabs.
fn separator(bytes: &[u8]) -> u8 {
    let mut quoted = false;
    let mut counts = [0usize; 3];
    for &b in bytes.iter().take(64 << 10) {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3)
        .max_by_key(|&i| (counts[i], std::cmp::Reverse(i)))
        .unwrap_or(0);
    [b',', b';', b'\t'][best]
}

/// A number as a spreadsheet writes it in a CSV file: `45%` (45), or, where the file is
/// separated by `;` or tabs, `45,5` (45.5). Plain numbers stay text: their field reads them.
fn shown_number(text: &str, decimal_comma: bool) -> Option<Cell> {
    let t = text.trim();
    let (digits, percent) = match t.strip_suffix('%') {
        Some(d) => (d.trim_end(), true),
        None => (t, false),
    };
    let unsigned = digits.strip_prefix('-').unwrap_or(digits);
    let comma = unsigned.split_once(',');
    let plain = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let number = match comma {
        Some((whole, fraction)) if decimal_comma && plain(whole) && plain(fraction) => {
            digits.replacen(',', ".", 1)
        }
        Some(_) => return None,
        None if percent => digits.to_string(),
        None => return None,
    };
    let value: f64 = number.parse().ok().filter(|v: &f64| v.is_finite())?;
    Some(Cell::Shown {
        text: text.to_string(),
        value,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_and_numbers_are_read_as_spreadsheets_write_them() {
        assert_eq!(separator(b"KPI,Field,Item,Answer\n"), b',');
        assert_eq!(
            separator(b"KPI;Field;Item;Answer\nA.1;\"a,b,c,d,e\";;\n"),
            b';'
        );
        assert_eq!(separator(b"KPI\tField\tItem\tAnswer\n"), b'\t');
        assert_eq!(separator(b"\"a;b;c\",x\n"), b',');
        let value = |t: &str, comma: bool| match shown_number(t, comma) {
            Some(Cell::Shown { value, .. }) => Some(value),
            _ => None,
        };
        assert_eq!(value("45,5", true), Some(45.5));
        assert_eq!(value("45,5", false), None);
        assert_eq!(value("45%", false), Some(45.0));
        assert_eq!(value("-0,25 %", true), Some(-0.25));
        assert_eq!(value("1,234,5", true), None);
        assert_eq!(value("45", true), None);
        assert_eq!(value("a,5", true), None);
    }
}
