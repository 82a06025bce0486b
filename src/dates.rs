//! Calendar checks that do not need a date library: published documents give full dates, months or
//! just years.

/// True for `YYYY`, `YYYY-MM` or `YYYY-MM-DD` naming a real calendar day.
pub fn is_partial_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let number = |p: &str, len: usize| {
        (p.len() == len && p.bytes().all(|b| b.is_ascii_digit())).then(|| p.parse::<u32>().ok())?
    };
    match parts.as_slice() {
        [y] => number(y, 4).is_some(),
        [y, m] => number(y, 4).is_some() && number(m, 2).is_some_and(|m| (1..=12).contains(&m)),
        [y, m, d] => match (number(y, 4), number(m, 2), number(d, 2)) {
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

#[cfg(test)]
mod tests {
    use super::*;

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
        ] {
            assert!(!is_partial_date(bad), "{bad}");
        }
    }
}
