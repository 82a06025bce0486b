//! Percentages that say something other than what was meant: a share written as a fraction
//! (`percent = 0.45` for 45%, as a cell formatted `0%` holds it), and a percentage that
//! disagrees with the count and total given beside it.

use super::push;
use crate::diag::{Code, Diagnostic};
use crate::model::{Answer, Scale};
use crate::source::Spanned;

/// The most a given percentage may differ from count × 100 / total and still be that share,
/// rounded to a whole percent.
pub const ROUNDING: f64 = 0.5;

/// The answer's percentage and its surveys' rates on a 0-100 scale: none written as a
/// fraction; and the percentage agrees with the count and total where both are given.
pub(super) fn check_percentages(a: &Answer, out: &mut Vec<Diagnostic>) {
    if let Some(p) = &a.percent {
        fraction(p, "percent", out);
        disagreement(a, p, out);
    }
    for s in [&a.internal, &a.third_party].into_iter().flatten() {
        let on_100 = s.scale.as_ref().and_then(|t| Scale::parse(&t.value))
            == Some(Scale {
                low: 0.0,
                high: 100.0,
            });
        if let (Some(rate), true) = (&s.rate, on_100) {
            fraction(rate, "rate", out);
        }
    }
}

fn fraction(p: &Spanned<f64>, key: &str, out: &mut Vec<Diagnostic>) {
    if p.value > 0.0 && p.value < 1.0 {
        let meant = number(p.value * 100.0);
        push(
            out,
            Code::PercentAsFraction,
            p.span,
            format!(
                "`{key} = {}` reads as {}%, less than one percent; did you mean {meant}%?",
                p.value, p.value
            ),
            &format!(
                "a percentage is written from 0 to 100: `{key} = {meant}` for {meant}% (a \
                 spreadsheet cell formatted as a percentage holds {meant}% as {}); if it really \
                 is below 1%, accept it with `# accsm: allow({}) <reason>`",
                p.value,
                Code::PercentAsFraction.as_str()
            ),
        );
    }
}

/// The percentage count × 100 / total, where both are given and the total is not zero.
fn share(a: &Answer) -> Option<f64> {
    let count = a.effective_count().ok().flatten()?;
    let total = a.total.as_ref().filter(|t| t.value > 0)?;
    Some(count as f64 * 100.0 / total.value as f64)
}

fn disagreement(a: &Answer, p: &Spanned<f64>, out: &mut Vec<Diagnostic>) {
    let (Some(share), Some(total)) = (share(a), &a.total) else {
        return;
    };
    if (share - p.value).abs() > ROUNDING + 1e-9 {
        let count = a.effective_count().ok().flatten().unwrap_or_default();
        push(
            out,
            Code::PercentMismatch,
            p.span,
            format!(
                "`percent = {}` disagrees with the count and total: {count} of {} is {}%",
                p.value,
                total.value,
                number(share)
            ),
            "correct the percentage, the count or the total; `accsm trend` uses count and \
             total and leaves the percentage out",
        );
    }
}

/// A number as people read it: whole numbers without decimals, others to one decimal.
fn number(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}
