//! Calendar checks that do not need a date library: published documents give full dates, months or
//! just years.

/// True for `YYYY`, `YYYY-MM` or `YYYY-MM-DD` naming a real calendar day.
pub fn is_partial_date(s: &str) -> bool {
    // At most three parts, taken without a list: an export asks this of every date it writes.
    let mut split = s.split('-');
    let parts = [split.next(), split.next(), split.next(), split.next()];
    let number = |p: &str, len: usize| {
        (p.len() == len && p.bytes().all(|b| b.is_ascii_digit())).then(|| p.parse::<u32>().ok())?
    };
    match parts {
        [Some(y), None, ..] => number(y, 4).is_some(),
        [Some(y), Some(m), None, _] => {
            number(y, 4).is_some() && number(m, 2).is_some_and(|m| (1..=12).contains(&m))
        }
        [Some(y), Some(m), Some(d), None] => match (number(y, 4), number(m, 2), number(d, 2)) {
            (Some(y), Some(m), Some(d)) => {
                (1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m)
            }
            _ => false,
        },
        _ => false,
    }
}

pub fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// The first year of a period written `"2020-2022"`.
pub fn period_start(period: &str) -> Option<i64> {
    period.split('-').next()?.trim().parse().ok()
}

/// A date as precise as it was written: a year, a month or a day (progress updates are often
/// known by the month of the meeting only). Ordered by the day it begins; a month or year
/// written alone sorts before every day inside it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    pub year: i64,
    /// 1-12, or 0 when only the year is known.
    pub month: u8,
    /// 1-31, or 0 when only the year or month is known.
    pub day: u8,
}

impl PartialDate {
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD` naming a real calendar day.
    pub fn parse(s: &str) -> Option<PartialDate> {
        if !is_partial_date(s) {
            return None;
        }
        let mut parts = s.split('-').map(|p| p.parse::<u32>().ok());
        let year = i64::from(parts.next()??);
        let month = parts.next().flatten().unwrap_or(0);
        let day = parts.next().flatten().unwrap_or(0);
        Some(PartialDate {
            year,
            month: u8::try_from(month).ok()?,
            day: u8::try_from(day).ok()?,
        })
    }

    /// Whether this date lies on or before the end of `limit`: `2024-08-30` and `2024-08` are
    /// both on or before `2024-08`, `2024-09` is not.
    pub fn on_or_before(self, limit: PartialDate) -> bool {
        self <= limit.end()
    }

    /// The last moment this date names, for comparisons: the end of its month or year.
    fn end(self) -> PartialDate {
        PartialDate {
            year: self.year,
            month: if self.month == 0 { 13 } else { self.month },
            day: if self.day == 0 { 32 } else { self.day },
        }
    }

    /// Whether the month or day is known.
    pub fn has_month(self) -> bool {
        self.month != 0
    }

    /// A day's date, from days since 1970-01-01 (Howard Hinnant's civil-from-days).
    pub fn from_days(days: i64) -> PartialDate {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        PartialDate {
            year: yoe + era * 400 + i64::from(month <= 2),
            month,
            day,
        }
    }
}

impl std::fmt::Display for PartialDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The digits by hand for the years dates have (an export writes one or two a row).
        let whole = self.month != 0 || self.day == 0;
        if (0..=9999).contains(&self.year) && self.month <= 12 && self.day <= 31 && whole {
            let digit = |n: i64| b'0' + (n % 10) as u8;
            let y = self.year;
            let mut buf = *b"0000-00-00";
            buf[..4].copy_from_slice(&[digit(y / 1000), digit(y / 100), digit(y / 10), digit(y)]);
            let (m, d) = (i64::from(self.month), i64::from(self.day));
            buf[5..7].copy_from_slice(&[digit(m / 10), digit(m)]);
            buf[8..].copy_from_slice(&[digit(d / 10), digit(d)]);
            let len = match (self.month, self.day) {
                (0, _) => 4,
                (_, 0) => 7,
                _ => 10,
            };
            // ASCII digits and dashes only.
            return f.write_str(std::str::from_utf8(&buf[..len]).unwrap_or_default());
        }
        write!(f, "{:04}", self.year)?;
        if self.month != 0 {
            write!(f, "-{:02}", self.month)?;
        }
        if self.day != 0 {
            write!(f, "-{:02}", self.day)?;
        }
        Ok(())
    }
}

/// The environment variable that sets today's date (`YYYY-MM-DD`), for reproducible runs and
/// tests: which updates lie in the future and which programmes are overdue depend on it.
pub const TODAY_VARIABLE: &str = "ACCSM_TODAY";

/// Today's date: `ACCSM_TODAY` when it holds a full date, else the system clock (UTC).
pub fn today() -> PartialDate {
    if let Some(d) = std::env::var(TODAY_VARIABLE)
        .ok()
        .and_then(|s| PartialDate::parse(s.trim()))
        .filter(|d| d.day != 0)
    {
        return d;
    }
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    PartialDate::from_days(i64::try_from(secs / 86_400).unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The digits written by hand are what the formatting machinery writes.
    #[test]
    fn a_date_is_written_as_formatting_writes_it() {
        for year in [-5, 0, 7, 99, 999, 2021, 9999, 10_000, 123_456] {
            for month in [0u8, 1, 9, 10, 12, 13] {
                for day in [0u8, 1, 9, 10, 31, 32] {
                    let d = PartialDate { year, month, day };
                    let mut slow = format!("{year:04}");
                    if month != 0 {
                        slow.push_str(&format!("-{month:02}"));
                    }
                    if day != 0 {
                        slow.push_str(&format!("-{day:02}"));
                    }
                    assert_eq!(d.to_string(), slow, "{d:?}");
                }
            }
        }
    }

    #[test]
    fn accepts_years_months_and_real_days_only() {
        for ok in ["2019", "2020-11", "2020-11-18", "2024-02-29"] {
            assert!(is_partial_date(ok), "{ok}");
        }
        for bad in [
            "19",
            "2020-13",
            "2023-02-29",
            "2020-11-31",
            "18 Nov 2020",
            "",
            "2020-1-1",
            "2020-11-18-01",
            "2020-",
            "2020-11-",
            "-2020",
            "2020--11",
        ] {
            assert!(!is_partial_date(bad), "{bad}");
        }
    }

    #[test]
    fn partial_dates_order_by_their_first_day_and_compare_by_their_end() {
        let d = |s: &str| PartialDate::parse(s).unwrap_or_else(|| panic!("{s}"));
        assert!(d("2024-08") < d("2024-08-01"));
        assert!(d("2024") < d("2024-01"));
        assert!(d("2024-08-31").on_or_before(d("2024-08")));
        assert!(d("2024-08").on_or_before(d("2024-08-01")));
        assert!(!d("2024-09").on_or_before(d("2024-08")));
        assert!(d("2024-12-31").on_or_before(d("2024")));
        assert_eq!(d("2024-08").to_string(), "2024-08");
        assert_eq!(PartialDate::from_days(0).to_string(), "1970-01-01");
        assert_eq!(PartialDate::from_days(20_794).to_string(), "2026-12-07");
        assert!(PartialDate::parse("2024-13").is_none());
    }
}
