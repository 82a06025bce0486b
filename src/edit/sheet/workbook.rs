//! The data-collection template as an Excel workbook: the return's header on the sheet
//! `Return`, one row per answer field on `Answers` (see [`super::rows`]), and the guiding
//! principles for data collection on `Guidelines`. As in `accsm export --format xlsx`: header
//! rows bold and frozen, text written as text (never a formula). What an import reads back (a
//! KPI, an item, a value) is written exactly as the return holds it (the file format keeps
//! control characters as `_xHHHH_`; `super::cannot_hold` refuses what a cell cannot give back);
//! descriptive text shows control characters escaped. Each answer cell checks what is typed into
//! it (a yes/no list, a rating list, whole numbers).

use rust_xlsxwriter::{
    DataValidation, DataValidationRule, DocProperties, ExcelDateTime, Format, Workbook, Worksheet,
    XlsxError,
};

use super::rows::{
    ANSWER_COLUMNS, ANSWERS, Filled, Form, GUIDELINES, HeaderRow, RETURN, RETURN_COLUMNS, ROUNDS,
    Row,
};
use crate::escape::terminal_safe_lines;

/// The most characters a worksheet cell holds.
pub const CELL_CHARS: usize = 32_767;
/// Integers beyond this lose digits as a spreadsheet number (2^53): they are written as text.
const EXACT_INTEGER: i64 = 1 << 53;

/// Where the guiding principles come from.
const GUIDELINES_SOURCE: &str = "ACCSM Work Plan 2021-2025 and Related Documents (ASEAN \
Secretariat, June 2021), section 4, \"Template for Data Collection of Key Performance Indicators \
of the ACCSM Work Plan\". Quoted as published: the years in ii) and iii) are those of the \
2016-2020 plan.";

/// The guiding principles for data collection, as published (section 4 of the work plan, the
/// data-collection template).
pub const GUIDELINES_TEXT: [(&str, &str); 9] = [
    (
        "",
        "The Senior Officials Meeting also agreed on the following guiding principles for data collection:",
    ),
    (
        "i)",
        "The M&E Framework is not meant to compare progress across AMS, but to track AMS's own progress over a period of time (e.g. 4 years).",
    ),
    (
        "ii)",
        "At the 18th ACCSM SOM in 2015, AMS determined the baseline year of 2014. However, if 2014 data is not available, AMS could provide data closest to 2014 for comparison, i.e. 2015 data or 2013 data.",
    ),
    (
        "iii)",
        "The 18th ACCSM SOM in 2015 suggested the target year of 2020. The target year is now 2018 (or year closest to 2018) to allow reporting by the 20th ACCSM Secretariat to the 20th ACCSM Heads of Civil Service Meeting in 2020.",
    ),
    (
        "iv)",
        "AMS are at various stages of development with different laws/regulations/policies on achieving the ACCSM Work Plan's objectives. Therefore, the target of each KPI is \"increasing trends\" (i.e. quantitatively and/or qualitatively). This will allow every AMS to have the flexibility in improving its own baseline level over a period of time in accordance with its national priorities and circumstances.",
    ),
    (
        "v)",
        "Definitions provided are generic in nature and intended to provide a common as well as general understanding on the terminologies. There may be national definitions that should be taken into account. AMS may therefore provide those definitions to facilitate for further clarity and understanding.",
    ),
    (
        "vi)",
        "AMS could also provide narrative of qualitative information to complement the quantitative data. Narrative description of the data will deepen appreciation on national context and perspectives.",
    ),
    (
        "vii)",
        "Some data and information may need coordination on data collection with other government agencies.",
    ),
    (
        "viii)",
        "The data shall be submitted to the 20th ACCSM Secretariat. Since the focus of the M&E Framework is to track AMS as a whole, the 20th ACCSM Secretariat will report AMS' progress as a whole and not to compare progress across countries. The report will be submitted to the Senior Officials Meeting and Heads of Civil Service Meeting for the 20th ACCSM in 2020 for consideration.",
    ),
];

/// How to fill in the workbook, above the guidelines.
const HOW_TO: &str = "Fill in the sheet Return (submitted, focal point, data source…) and the \
column Answer of the sheet Answers; leave a cell empty where you have no answer. Type values, not \
formulas. One name per line in a names cell (Alt+Enter). For a second project of D.2.1, copy its \
rows and write projects[2] in their Field cells. Then run `accsm import return FILE.xlsx`.";

pub(super) struct Formats {
    pub(super) header: Format,
    pub(super) wrap: Format,
    pub(super) date: Format,
}

impl Formats {
    pub(super) fn new() -> Self {
        Formats {
            header: Format::new().set_bold(),
            wrap: Format::new().set_text_wrap(),
            date: Format::new().set_num_format("yyyy-mm-dd"),
        }
    }
}

/// The workbook's bytes: `header` on the sheet `Return`, `rows` on `Answers`, the guidelines.
pub fn workbook(header: &[HeaderRow], rows: &[Row]) -> Result<Vec<u8>, XlsxError> {
    let formats = Formats::new();
    let mut book = Workbook::new();
    header_sheet(book.add_worksheet(), header, &formats)?;
    answers_sheet(book.add_worksheet(), rows, &formats)?;
    guidelines_sheet(book.add_worksheet(), &formats)?;
    save(book)
}

/// The workbook's bytes, with a constant creation time (the ZIP epoch): the same content gives
/// the same bytes.
pub(super) fn save(mut book: Workbook) -> Result<Vec<u8>, XlsxError> {
    let epoch = ExcelDateTime::from_ymd(1980, 1, 1)?;
    book.set_properties(&DocProperties::new().set_creation_datetime(&epoch));
    book.save_to_buffer()
}

pub(super) fn head(
    ws: &mut Worksheet,
    columns: &[&str],
    formats: &Formats,
) -> Result<(), XlsxError> {
    for (col, name) in (0u16..).zip(columns) {
        ws.write_string_with_format(0, col, *name, &formats.header)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

/// Descriptive text (a title, a question) as a cell shows it: control characters escaped, cut
/// to what a cell holds. Never used for what an import reads back (see [`write_value`]).
pub(super) fn text(s: &str) -> String {
    let safe = terminal_safe_lines(s);
    if safe.chars().count() > CELL_CHARS {
        let cut: String = safe.chars().take(CELL_CHARS - 1).collect();
        cut + "…"
    } else {
        safe.into_owned()
    }
}

fn header_sheet(ws: &mut Worksheet, rows: &[HeaderRow], f: &Formats) -> Result<(), XlsxError> {
    ws.set_name(RETURN)?;
    head(ws, &RETURN_COLUMNS, f)?;
    for (row, r) in (1u32..).zip(rows) {
        ws.write_string(row, 0, r.field)?;
        write_value(ws, row, 1, r.value.as_ref(), r.form, f)?;
        ws.write_string(row, 2, r.what)?;
        if r.field == "round" {
            ws.add_data_validation(
                row,
                1,
                row,
                1,
                &DataValidation::new().allow_list_strings(&ROUNDS)?,
            )?;
        } else {
            validate(ws, row, 1, r.form)?;
        }
    }
    ws.set_column_width(0, 14)?;
    ws.set_column_width(1, 40)?;
    ws.set_column_width(2, 70)?;
    Ok(())
}

fn answers_sheet(ws: &mut Worksheet, rows: &[Row], f: &Formats) -> Result<(), XlsxError> {
    ws.set_name(ANSWERS)?;
    head(ws, &ANSWER_COLUMNS, f)?;
    for (row, r) in (1u32..).zip(rows) {
        ws.write_string(row, 0, &r.kpi)?;
        ws.write_string_with_format(row, 1, text(&r.title), &f.wrap)?;
        ws.write_string_with_format(row, 2, text(&r.question), &f.wrap)?;
        ws.write_string(row, 3, text(&r.field))?;
        ws.write_string(row, 4, &r.item)?;
        ws.write_string_with_format(row, 5, text(&r.allowed), &f.wrap)?;
        write_value(ws, row, 6, r.value.as_ref(), r.form, f)?;
        validate(ws, row, 6, r.form)?;
    }
    for (col, width) in [(0, 8), (1, 40), (2, 60), (3, 22), (4, 12), (5, 26), (6, 40)] {
        ws.set_column_width(col, width)?;
    }
    Ok(())
}

fn guidelines_sheet(ws: &mut Worksheet, f: &Formats) -> Result<(), XlsxError> {
    ws.set_name(GUIDELINES)?;
    head(ws, &["", "Guiding principles for data collection"], f)?;
    let mut row = 1;
    for (label, body) in GUIDELINES_TEXT {
        ws.write_string(row, 0, label)?;
        ws.write_string_with_format(row, 1, body, &f.wrap)?;
        row += 1;
    }
    ws.write_string_with_format(row + 1, 1, GUIDELINES_SOURCE, &f.wrap)?;
    ws.write_string_with_format(row + 3, 0, "How to fill in", &f.header)?;
    ws.write_string_with_format(row + 3, 1, HOW_TO, &f.wrap)?;
    ws.set_column_width(0, 14)?;
    ws.set_column_width(1, 100)?;
    Ok(())
}

/// A value written exactly as the return holds it, so that an import gives it back.
fn write_value(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    value: Option<&Filled>,
    form: Form,
    f: &Formats,
) -> Result<(), XlsxError> {
    match value {
        None => {}
        Some(Filled::Bool(b)) => {
            ws.write_string(row, col, if *b { "yes" } else { "no" })?;
        }
        Some(Filled::Int(n)) if (-EXACT_INTEGER..=EXACT_INTEGER).contains(n) => {
            ws.write_number(row, col, *n as f64)?;
        }
        Some(Filled::Int(n)) => {
            ws.write_string(row, col, n.to_string())?;
        }
        Some(Filled::Float(x)) => {
            ws.write_number(row, col, *x)?;
        }
        Some(Filled::Text(s)) => match full_date(s).filter(|_| form == Form::Date) {
            Some(date) => {
                ws.write_datetime_with_format(row, col, &date, &f.date)?;
            }
            None => {
                ws.write_string_with_format(row, col, s, &f.wrap)?;
            }
        },
        Some(Filled::Lines(lines)) => {
            ws.write_string_with_format(row, col, lines.join("\n"), &f.wrap)?;
        }
    }
    Ok(())
}

/// `YYYY-MM-DD` as a date; anything else stays text.
fn full_date(text: &str) -> Option<ExcelDateTime> {
    let mut parts = text.splitn(3, '-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    let plain = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    if !(plain(y, 4) && plain(m, 2) && plain(d, 2)) {
        return None;
    }
    ExcelDateTime::from_ymd(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?).ok()
}

/// What the spreadsheet lets the cell take.
pub(super) fn validate(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    form: Form,
) -> Result<(), XlsxError> {
    let rule = match form {
        Form::YesNo => DataValidation::new().allow_list_strings(&["yes", "no"])?,
        Form::Rating { low, high } if high >= low && high - low < 20 => {
            let values: Vec<String> = (low..=high).map(|n| n.to_string()).collect();
            DataValidation::new().allow_list_strings(&values)?
        }
        Form::Whole | Form::Rating { .. } => DataValidation::new()
            .allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(0))
            .set_error_message("Type a whole number, 0 or more.")?,
        Form::Decimal => DataValidation::new()
            .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0))
            .set_error_message("Type a number, 0 or more.")?,
        Form::Text | Form::Lines | Form::Date => return Ok(()),
    };
    ws.add_data_validation(row, col, row, col, &rule)?;
    Ok(())
}
