//! Which figure counts for a year of a per-year KPI when several returns of one AMS give one: a
//! return reports on its own year (and, for per-year counts, earlier years no return gave); a
//! later return changes an earlier year's figure only by declaring it: `revises = { 2021 = 5 }`.
//! The checks (an undeclared revision) and the trend use the same answer.

use std::collections::BTreeMap;
use std::ops::RangeInclusive;

use serde::Serialize;

use super::Return;
use crate::source::{Span, Spanned};

/// How the figure used for a year came to be the one used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Origin {
    /// Given by the return of that year.
    OwnReturn,
    /// Given by a later return, where the year's own return does not give it (the earliest such).
    LaterReturn,
    /// Declared a revision (`revises`) by a later return (the latest such).
    Revision,
}

impl Origin {
    /// "from its own return", "first given by the 2022 return", "revised by the 2023 return".
    pub fn describe(self, return_year: i64) -> String {
        match self {
            Origin::OwnReturn => format!("from the {return_year} return"),
            Origin::LaterReturn => {
                format!("given by the {return_year} return (no return of that year gives it)")
            }
            Origin::Revision => format!("revised by the {return_year} return"),
        }
    }
}

/// One year's figure of a per-year answer, and where it came from.
#[derive(Clone, Copy, Debug)]
pub struct YearFigure<'a> {
    pub year: i64,
    pub value: i64,
    pub span: Span,
    pub return_year: i64,
    pub origin: Origin,
    pub ret: &'a Return,
}

/// Every usable figure of `kpi` per year in some returns of one AMS: in `years` and not after
/// the return's own year (a revision: before it).
pub fn candidates<'a>(
    kpi: &str,
    returns: &[&'a Return],
    years: &RangeInclusive<i64>,
) -> Vec<YearFigure<'a>> {
    let mut out = Vec::new();
    for &ret in returns {
        let Some(answer) = ret.answer(kpi) else {
            continue;
        };
        let r = ret.year.value;
        let figure = |(y, n): &(Spanned<i64>, Spanned<i64>), origin| YearFigure {
            year: y.value,
            value: n.value,
            span: n.span,
            return_year: r,
            origin,
            ret,
        };
        for entry in &answer.per_year {
            let y = entry.0.value;
            if years.contains(&y) && y <= r {
                let origin = if y == r {
                    Origin::OwnReturn
                } else {
                    Origin::LaterReturn
                };
                out.push(figure(entry, origin));
            }
        }
        for entry in &answer.revises {
            if years.contains(&entry.0.value) && entry.0.value < r {
                out.push(figure(entry, Origin::Revision));
            }
        }
    }
    out
}

/// Whether `a` takes precedence over `b` for the same year: the latest revision, then the
/// year's own return, then the earliest later return that gives it.
fn precedes(a: &YearFigure<'_>, b: &YearFigure<'_>) -> bool {
    let rank = |f: &YearFigure<'_>| match f.origin {
        Origin::Revision => (0, -f.return_year),
        Origin::OwnReturn => (1, 0),
        Origin::LaterReturn => (2, f.return_year),
    };
    rank(a) < rank(b)
}

/// The figure used for each year of a per-year KPI, from some returns of one AMS (see
/// [`precedes`]); only years in `years` and figures a return may give (see [`candidates`]).
pub fn per_year_series<'a>(
    kpi: &str,
    returns: &[&'a Return],
    years: &RangeInclusive<i64>,
) -> BTreeMap<i64, YearFigure<'a>> {
    let mut series: BTreeMap<i64, YearFigure<'a>> = BTreeMap::new();
    for f in candidates(kpi, returns, years) {
        match series.get(&f.year) {
            Some(used) if !precedes(&f, used) => {}
            _ => {
                series.insert(f.year, f);
            }
        }
    }
    series
}
