//! Programme timelines. The published text is kept as written ("Q4 2022", "Annually") and read
//! into a structured form that says which years it covers.

use std::fmt;

use crate::interned::Str;

/// The forms a published timeline takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum When {
    Year(i64),
    /// Inclusive range of years, e.g. 2022-2023.
    Range(i64, i64),
    Quarter {
        quarter: u8,
        year: i64,
    },
    Month {
        month: u8,
        year: i64,
    },
    /// "Annual" / "Annually": every year of the plan's period.
    Annual,
    /// "Biennially": every second year of the plan's period (see [`Timeline::years`]).
    Biennial,
    /// "TBC": to be confirmed, no year yet.
    ToBeConfirmed,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Timeline {
    /// The published text, exactly.
    pub text: Str,
    pub when: When,
}

pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Why a timeline text could not be read.
#[derive(Debug, PartialEq, Eq)]
pub struct TimelineError {
    pub message: String,
}

impl fmt::Display for TimelineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// The longest plan period, in years, that recurring timelines are resolved over. Work plans run
/// five years; anything near this long is a typo in the plan's `start` or `end`.
pub const MAX_PERIOD_YEARS: i64 = 100;

pub const TIMELINE_FORMS: &str = "a year (2022), a range (2022-2023), a quarter (Q4 2022), a month \
(January 2022), Annually, Biennially or TBC";

fn year(s: &str) -> Option<i64> {
    (s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

impl Timeline {
    pub fn parse(text: impl Into<Str>) -> Result<Timeline, TimelineError> {
        let text = text.into();
        let t = text.trim();
        let lower = t.to_lowercase();
        let when = match lower.as_str() {
            "annual" | "annually" | "every year" | "yearly" => When::Annual,
            "biennial" | "biennially" | "every two years" => When::Biennial,
            "tbc" | "tbd" | "to be confirmed" | "to be determined" => When::ToBeConfirmed,
            _ => Self::parse_dated(t)?,
        };
        Ok(Timeline { text, when })
    }

    fn parse_dated(t: &str) -> Result<When, TimelineError> {
        let unknown = || TimelineError {
            message: format!("`{t}` is not a timeline accsm can read"),
        };
        if let Some(y) = year(t) {
            return Ok(When::Year(y));
        }
        // Ranges: "2022-2023", "2022 - 2023", "2022–2023" (en dash).
        if let Some((a, b)) = t.split_once(['-', '–']) {
            if let (Some(a), Some(b)) = (year(a.trim()), year(b.trim())) {
                if a > b {
                    return Err(TimelineError {
                        message: format!("`{t}` ends before it starts"),
                    });
                }
                return Ok(When::Range(a, b));
            }
            return Err(unknown());
        }
        let (head, tail) = t.split_once(' ').ok_or_else(unknown)?;
        let y = year(tail.trim()).ok_or_else(unknown)?;
        if let Some(q) = head.strip_prefix(['Q', 'q']) {
            return match q.parse::<u8>() {
                Ok(quarter @ 1..=4) => Ok(When::Quarter { quarter, year: y }),
                _ => Err(TimelineError {
                    message: format!("`{t}`: a quarter is Q1, Q2, Q3 or Q4"),
                }),
            };
        }
        MONTHS
            .iter()
            .position(|m| m.eq_ignore_ascii_case(head) || m[..3].eq_ignore_ascii_case(head))
            .map(|i| When::Month {
                month: i as u8 + 1,
                year: y,
            })
            .ok_or_else(unknown)
    }

    /// The years a timeline covers inside a plan's period `start..=end`. Recurring timelines are
    /// resolved against the period: Annually is every year; Biennially is every second year starting
    /// with the period's second year (2022, 2024 for 2021-2025), the second year of each two-year
    /// chairmanship, when the ToR holds the Heads of Civil Service Meeting and the ACCSM+3 Forum on
    /// Good Governance that precedes it. TBC covers no year.
    ///
    /// A recurring timeline is resolved over at most [`MAX_PERIOD_YEARS`] of the period, so a
    /// mistyped plan (`end = 20250`, `end = 9223372036854775807`) cannot make this allocate
    /// without bound. Ranges are of four-digit years and so bounded already.
    pub fn years(&self, start: i64, end: i64) -> Vec<i64> {
        let end = end.min(start.saturating_add(MAX_PERIOD_YEARS - 1));
        match self.when {
            When::Year(y) | When::Quarter { year: y, .. } | When::Month { year: y, .. } => vec![y],
            When::Range(a, b) => (a..=b).collect(),
            When::Annual => (start..=end).collect(),
            When::Biennial => match start.checked_add(1) {
                Some(second) => (second..=end).step_by(2).collect(),
                None => Vec::new(),
            },
            When::ToBeConfirmed => Vec::new(),
        }
    }

    /// First and last year of a dated timeline; `None` for recurring or TBC ones.
    pub fn bounds(&self) -> Option<(i64, i64)> {
        match self.when {
            When::Year(y) | When::Quarter { year: y, .. } | When::Month { year: y, .. } => {
                Some((y, y))
            }
            When::Range(a, b) => Some((a, b)),
            When::Annual | When::Biennial | When::ToBeConfirmed => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn when(s: &str) -> When {
        match Timeline::parse(s) {
            Ok(t) => t.when,
            Err(e) => panic!("{s}: {e}"),
        }
    }

    #[test]
    fn reads_every_published_form() {
        assert_eq!(when("2022"), When::Year(2022));
        assert_eq!(when("2022-2023"), When::Range(2022, 2023));
        assert_eq!(when("2020 – 2021"), When::Range(2020, 2021));
        assert_eq!(
            when("Q4 2022"),
            When::Quarter {
                quarter: 4,
                year: 2022
            }
        );
        assert_eq!(
            when("January 2022"),
            When::Month {
                month: 1,
                year: 2022
            }
        );
        assert_eq!(when("Annual"), When::Annual);
        assert_eq!(when("Annually"), When::Annual);
        assert_eq!(when("Biennially"), When::Biennial);
        assert_eq!(when("TBC"), When::ToBeConfirmed);
    }

    #[test]
    fn rejects_what_it_cannot_read() {
        for bad in [
            "",
            "soon",
            "2023-2022",
            "Q5 2022",
            "Jan",
            "22",
            "Spring 2022",
            "2022-",
        ] {
            assert!(Timeline::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn resolves_years_against_the_plan_period() {
        let years = |s: &str| {
            Timeline::parse(s)
                .map(|t| t.years(2021, 2025))
                .unwrap_or_default()
        };
        assert_eq!(years("2022-2023"), vec![2022, 2023]);
        assert_eq!(years("Annually"), vec![2021, 2022, 2023, 2024, 2025]);
        assert_eq!(years("Biennially"), vec![2022, 2024]);
        assert!(years("TBC").is_empty());
        assert_eq!(years("Q3 2021"), vec![2021]);
    }

    #[test]
    fn absurd_plan_periods_neither_overflow_nor_exhaust_memory() {
        // Both panicked (capacity overflow, add overflow) or ran out of memory in `accsm list
        // --year`, which resolves every programme's timeline against its plan.
        let resolve = |s: &str, start: i64, end: i64| {
            Timeline::parse(s)
                .map(|t| t.years(start, end))
                .unwrap_or_default()
        };
        let annual = resolve("Annually", 2021, i64::MAX);
        assert_eq!(annual.len(), MAX_PERIOD_YEARS as usize);
        assert_eq!(annual.first(), Some(&2021));
        assert_eq!(resolve("Annually", i64::MIN, i64::MAX).len(), 100);
        assert_eq!(resolve("Annually", 2021, 2_025_000_000).len(), 100);
        assert!(resolve("Biennially", i64::MAX, i64::MAX).is_empty());
        assert_eq!(
            resolve("Biennially", i64::MAX - 3, i64::MAX),
            vec![i64::MAX - 2, i64::MAX]
        );
        assert_eq!(resolve("Annually", 2025, 2021), Vec::<i64>::new());
        assert_eq!(resolve("0000-9999", 0, 0).len(), 10_000);
    }
}
