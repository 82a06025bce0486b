//! Text a spreadsheet would not keep as text when it opens a CSV file: LibreOffice (with "detect
//! special numbers", as people open files) and Excel turn `January 2022` and `1/1` into dates,
//! `12:30` into a time, `007` into 7, `45%` into 0.45, `(2)` into -2, `$100` into 100, and a
//! long run of digits into a rounded number. Tested against LibreOffice itself
//! (tests/spreadsheet_csv.rs).

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The most characters a cell this rule looks at holds: dates, times and numbers are short,
/// and a spreadsheet formula's text is at most 255 characters.
const SHORT: usize = 64;

/// Whether a spreadsheet opening a CSV file would read `text` as something other than the text
/// it is: a date, a time, a percentage, a currency, or a number that loses its leading zeros or
/// its last digits. A plain number (`12`, `-3.5`) is not: it is read as the same number.
pub fn converts(text: &str) -> bool {
    let t = text.trim();
    if t.is_empty() || t.chars().count() > SHORT {
        return false;
    }
    let digits = t.strip_prefix(['+', '-']).unwrap_or(t);
    let all_digits = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
    (all_digits && ((digits.len() > 1 && digits.starts_with('0')) || digits.len() > 15))
        || (t.starts_with('+') && all_digits)
        || number_with(t.strip_suffix('%'))
        || number_with(t.strip_prefix('$'))
        || number_with(t.strip_prefix('(').and_then(|s| s.strip_suffix(')')))
        || is_time(t)
        || super::looks_like_date(t)
        || month_date(t)
}

fn number_with(inner: Option<&str>) -> bool {
    inner.is_some_and(|s| {
        let s = s.trim();
        !s.is_empty() && s.parse::<f64>().is_ok_and(f64::is_finite)
    })
}

/// `12:30`, `9:05:10`.
fn is_time(t: &str) -> bool {
    let parts: Vec<&str> = t.split(':').collect();
    (2..=3).contains(&parts.len())
        && parts
            .iter()
            .all(|p| (1..=2).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
}

/// A month named in English with a day or a year: `January 2022`, `Jan-22`, `May 2022`,
/// `2 Feb 2023`. A range of months (`September-December 2021`) or a quarter (`Q4 2022`) is not.
fn month_date(t: &str) -> bool {
    let tokens: Vec<&str> = t
        .split([' ', '-', '/', '.', ','])
        .filter(|s| !s.is_empty())
        .collect();
    if !(2..=3).contains(&tokens.len()) {
        return false;
    }
    let month = |s: &str| {
        let s = s.to_lowercase();
        s.len() >= 3
            && MONTHS
                .iter()
                .any(|m| *m == s || (s.len() == 3 && m.starts_with(&s)))
            || s == "sept"
    };
    let number = |s: &str| (1..=4).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
    let months = tokens.iter().filter(|s| month(s)).count();
    months == 1 && tokens.iter().all(|s| month(s) || number(s))
}

#[cfg(test)]
mod tests {
    use super::converts;

    #[test]
    fn what_a_spreadsheet_would_not_keep_as_text() {
        for yes in [
            "January 2022",
            "Jan-22",
            "May 2022",
            "2 Feb 2023",
            "1/1",
            "12-31",
            "12:30",
            "007",
            "+007",
            "12345678901234567890",
            "45%",
            "$100",
            "(2)",
        ] {
            assert!(converts(yes), "{yes}");
        }
        for no in [
            "2021",
            "12",
            "-3.5",
            "0",
            "Q4 2022",
            "2022-2023",
            "September-December 2021",
            "Annually",
            "TBC",
            "March",
            "ACCSM 38",
            "0-100",
            "",
        ] {
            assert!(!converts(no), "{no}");
        }
    }
}
