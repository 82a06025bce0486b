//! The baseline (from the baseline year, or the closest year with a figure), the latest figure
//! after it, and their comparison in a unit both give.

use std::cmp::Ordering;

use super::reading::{Measure, Reading, Unit, number};
use super::sentence::{Clause, Says, join};
use super::{
    Change, Figure, Found, Reader, Role, Trend, TrendStatus, Window, plural_years, years_text,
};

/// Why a trend stops short of a comparison: the status it has, and the reason in words.
pub(super) type Stop = (TrendStatus, String);

/// Finds the baseline and the latest reading and compares them, filling in `t`.
pub(super) fn compare_readings(
    reader: &mut Reader<'_>,
    window: Window,
    t: &mut Trend,
) -> Result<(), Stop> {
    let (baseline, note) = baseline(reader, window)?;
    t.baseline_note = note.clone();
    let found = latest(reader, window, baseline.year);
    let pair = found
        .as_ref()
        .ok()
        .and_then(|(latest, left_out)| Some((common(&baseline, latest)?, *left_out, latest.year)));
    let Some(((b, l), left_out, latest_year)) = pair else {
        // No comparison: the baseline's preferred figure, the latest's if there is one, and why.
        if let Some(m) = baseline.measures.first() {
            t.baseline = Some(reader.note(Role::Baseline, baseline.year, m, note));
        }
        let (latest, _) = found?;
        if let Some(m) = latest.measures.first() {
            let why = "in another form than the baseline, so not compared".to_string();
            t.latest = Some(reader.note(Role::Latest, latest.year, m, Some(why)));
        }
        return Err(not_comparable(&baseline, &latest));
    };
    let bf = reader.note(Role::Baseline, baseline.year, b, note);
    let lf = reader.note(Role::Latest, latest_year, l, None);
    t.baseline = Some(bf.clone());
    t.latest = Some(lf.clone());
    if let (Some((b_of, b_what)), Some((l_of, l_what))) = (&b.of, &l.of) {
        if l_of <= b_of {
            return Err((
                TrendStatus::NoLaterData,
                format!(
                    "the {} answer gives {l_what}, no later than the baseline's ({b_what}, {}): no later figure to compare",
                    lf.year, bf.year
                ),
            ));
        }
    }
    let (status, mut clauses) = status(&bf, &lf);
    if let Some((year, why)) = left_out {
        clauses.push(Clause {
            says: Says::Other,
            text: format!("; the {year} answer is left out: {why}"),
        });
    }
    t.change = Some(change(&bf, &lf));
    t.status = status;
    t.reason = join(&clauses);
    t.clauses = clauses;
    Ok(())
}

/// The first measure of the baseline (in its order of preference) that the latest reading also
/// gives, and the latest's.
fn common<'a>(b: &'a Reading, l: &'a Reading) -> Option<(&'a Measure, &'a Measure)> {
    b.measures.iter().find_map(|bm| {
        l.measures
            .iter()
            .find(|lm| lm.unit == bm.unit)
            .map(|lm| (bm, lm))
    })
}

fn not_comparable(b: &Reading, l: &Reading) -> Stop {
    let what = |r: &Reading| {
        let kinds: Vec<String> = r
            .measures
            .iter()
            .map(|m| {
                // A survey's kind and scale are already said: its rate alone.
                let value = match m.unit {
                    Unit::Survey { .. } => number(m.value),
                    _ => m.text.clone(),
                };
                format!("{} ({value})", m.unit.kind_of_answer())
            })
            .collect();
        kinds.join(" and ")
    };
    let hint = match (
        b.measures.first().map(|m| m.unit),
        l.measures.first().map(|m| m.unit),
    ) {
        (Some(Unit::Survey { .. }), _) => {
            "only the same kind of survey on the same scale is compared"
        }
        _ => "answers in different forms are not compared",
    };
    (
        TrendStatus::NotComparable,
        format!(
            "the baseline ({}) is {} and the latest answer ({}) is {}: {hint}",
            b.year,
            what(b),
            l.year,
            what(l)
        ),
    )
}

/// The baseline reading: the baseline year's, or where it has no figure the closest year's
/// within the window's reach (guideline ii), with a note saying so.
fn baseline(reader: &mut Reader<'_>, window: Window) -> Result<(Reading, Option<String>), Stop> {
    let from = window.from;
    let kpi = reader.kpi_id().to_string();
    let mut why_not = String::new();
    let mut words = false;
    for year in window.baseline_years() {
        let found = reader.year(year);
        let missing = match found {
            Found::Figures(reading) if year == from => return Ok((reading, None)),
            Found::Figures(reading) => {
                let note = format!(
                    "baseline from {year}, the closest year with data ({why_not}; guideline ii allows a year within {} of {from})",
                    plural_years(window.within)
                );
                return Ok((reading, Some(note)));
            }
            Found::Unusable(why) if year == from => {
                return Err((
                    TrendStatus::NoBaseline,
                    format!("the {from} answer cannot be used: {why}"),
                ));
            }
            Found::Unusable(_) => continue,
            Found::NoReturn => format!("no return for {year}"),
            Found::NotAnswered => format!("the {year} return does not answer {kpi}"),
            Found::Words => {
                words = true;
                format!("the {year} answer gives no figure, only words")
            }
        };
        if year == from {
            why_not = missing;
        }
    }
    if window.within > 0 {
        why_not = format!(
            "{why_not}; no year within {} of it gives a figure either",
            plural_years(window.within)
        );
    }
    let status = if words {
        TrendStatus::QualitativeOnly
    } else {
        TrendStatus::NoBaseline
    };
    Err((status, why_not))
}

/// A later answer whose figure cannot be used: its year, and why.
type LeftOut = Option<(i64, &'static str)>;

/// The reading of the latest answer after the baseline's year that gives a figure, and the year
/// of a later one whose figure cannot be used, with why.
fn latest(reader: &mut Reader<'_>, window: Window, after: i64) -> Result<(Reading, LeftOut), Stop> {
    let first = after.saturating_add(1);
    let mut words = false;
    let mut unusable: LeftOut = None;
    let years: Vec<i64> = reader
        .years_with_returns()
        .filter(|y| (first..=window.to).contains(y))
        .collect();
    for year in years.into_iter().rev() {
        match reader.year(year) {
            Found::Figures(reading) => return Ok((reading, unusable)),
            Found::Words => words = true,
            Found::Unusable(why) => {
                unusable.get_or_insert((year, why));
            }
            Found::NoReturn | Found::NotAnswered => {}
        }
    }
    Err(if let Some((year, why)) = unusable {
        (
            TrendStatus::NoLaterData,
            format!("the {year} answer cannot be used: {why}"),
        )
    } else if words {
        (
            TrendStatus::QualitativeOnly,
            format!("answers after {after} give no figure, only words"),
        )
    } else if first > window.to {
        (
            TrendStatus::NoLaterData,
            format!(
                "the baseline is from {after}, the last year looked at: no later year to compare with"
            ),
        )
    } else {
        (
            TrendStatus::NoLaterData,
            format!(
                "no return {} answers {}",
                years_text(first, window.to),
                reader.kpi_id()
            ),
        )
    })
}

/// How the latest figure compares with the baseline: exactly for whole numbers, and within a
/// rounding margin for decimals.
fn direction(b: &Figure, l: &Figure) -> Ordering {
    match (b.whole, l.whole) {
        (Some(b), Some(l)) => l.cmp(&b),
        _ => {
            let change = l.value - b.value;
            if change > 1e-9 {
                Ordering::Greater
            } else if change < -1e-9 {
                Ordering::Less
            } else {
                Ordering::Equal
            }
        }
    }
}

/// The status of two figures of one unit, and the sentence that explains it, in clauses.
pub(super) fn status(b: &Figure, l: &Figure) -> (TrendStatus, Vec<Clause>) {
    debug_assert!(b.unit == l.unit, "figures of different units compared");
    super::sentence::explain(b, l, direction(b, l))
}

/// The change from the baseline to the latest figure, signed, in the unit's terms.
pub(super) fn change(b: &Figure, l: &Figure) -> Change {
    let suffix = if b.unit == Unit::Percent { " pts" } else { "" };
    let (value, whole, text) = match (b.whole, l.whole) {
        // Exact, and wide enough for the difference of any two whole numbers.
        (Some(bw), Some(lw)) => {
            let d = i128::from(lw) - i128::from(bw);
            (d as f64, Some(d), d.to_string())
        }
        _ => {
            let d = l.value - b.value;
            (d, None, number(d))
        }
    };
    let sign = if value > 0.0 { "+" } else { "" };
    Change {
        value,
        whole,
        text: format!("{sign}{text}{suffix}"),
        unit: b.unit.change_label(),
    }
}
