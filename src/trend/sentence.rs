//! The sentence that explains a comparison, built from the two figures the status is computed
//! from and nothing else. It is kept as clauses, each saying which figure it speaks of, so that a
//! test can check that every number in it belongs to the figure it claims (tests/trend_properties.rs).

use std::cmp::Ordering;

use serde::Serialize;

use super::{Figure, TrendStatus};

/// Which figure a clause speaks of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Says {
    /// The baseline figure: its value as read and its year.
    Baseline,
    /// The latest figure: its value as read and its year.
    Latest,
    /// Both figures alike: what is said holds for each.
    Both,
    /// The two years compared, and nothing else.
    Years,
    /// Words that name no figure.
    Words,
    /// Something other than the two figures (a later answer left out), with its own year.
    Other,
}

/// One clause of a sentence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Clause {
    pub says: Says,
    pub text: String,
}

fn clause(says: Says, text: impl Into<String>) -> Clause {
    Clause {
        says,
        text: text.into(),
    }
}

/// The clauses as one sentence.
pub fn join(clauses: &[Clause]) -> String {
    clauses.iter().map(|c| c.text.as_str()).collect()
}

/// How yes/no answers to several questions moved, question by question, where some moved up
/// and others down: "question 1 yes→no, question 2 no→yes". `None` when they did not move in
/// opposite directions.
fn mixed(b: &Figure, l: &Figure) -> Option<String> {
    if b.answers.len() < 2 || b.answers.len() != l.answers.len() {
        return None;
    }
    let moves: Vec<(usize, bool, bool)> = b
        .answers
        .iter()
        .zip(&l.answers)
        .enumerate()
        .filter(|(_, (x, y))| x != y)
        .map(|(i, (x, y))| (i + 1, *x, *y))
        .collect();
    let up = moves.iter().any(|(_, x, _)| !x);
    let down = moves.iter().any(|(_, x, _)| *x);
    if !(up && down) {
        return None;
    }
    let word = |v: bool| if v { "yes" } else { "no" };
    let said: Vec<String> = moves
        .iter()
        .map(|(q, x, y)| format!("question {q} {}→{}", word(*x), word(*y)))
        .collect();
    Some(said.join(", "))
}

/// What a yes/no figure of several questions says in numbers: "1 of 2 yes".
fn of_questions(f: &Figure) -> Option<String> {
    (f.answers.len() >= 2).then(|| {
        let yes = f.answers.iter().filter(|a| **a).count();
        format!("{yes} of {} yes", f.answers.len())
    })
}

/// The status of two figures of one unit, compared as `direction` says, and the sentence that
/// explains it.
pub(super) fn explain(b: &Figure, l: &Figure, direction: Ordering) -> (TrendStatus, Vec<Clause>) {
    let mut out = Vec::new();
    if let Some(moves) = mixed(b, l) {
        out.push(clause(Says::Words, "mixed: "));
        out.push(clause(Says::Both, moves));
        out.push(clause(Says::Words, "; "));
    }
    // A figure of several yes/no questions reads as its count ("1 of 2 yes"); others as read.
    let text = |f: &Figure| of_questions(f).unwrap_or_else(|| f.text.clone());
    let (bt, lt) = (text(b), text(l));
    let status = match direction {
        Ordering::Greater => TrendStatus::Increasing,
        Ordering::Less => TrendStatus::Decreasing,
        Ordering::Equal if b.max.is_some_and(|m| b.value >= m - 1e-9) => TrendStatus::Sustained,
        Ordering::Equal => TrendStatus::Unchanged,
    };
    match status {
        TrendStatus::Increasing | TrendStatus::Decreasing => {
            let word = if status == TrendStatus::Increasing {
                "up from "
            } else {
                "down from "
            };
            out.push(clause(Says::Words, word));
            out.push(clause(Says::Baseline, format!("{bt} ({})", b.year)));
            out.push(clause(Says::Words, " to "));
            out.push(clause(Says::Latest, format!("{lt} ({})", l.year)));
        }
        _ => {
            if status == TrendStatus::Sustained {
                out.push(clause(Says::Words, "kept at the maximum, "));
            }
            if bt == lt {
                out.push(clause(Says::Both, bt));
                out.push(clause(
                    Says::Years,
                    format!(" in both {} and {}", b.year, l.year),
                ));
            } else {
                // The same value said differently (a rating of another period): each as read.
                out.push(clause(Says::Baseline, format!("{bt} in {}", b.year)));
                out.push(clause(Says::Words, " and "));
                out.push(clause(Says::Latest, format!("{lt} in {}", l.year)));
                let what = match b.unit {
                    super::Unit::Rating { .. } => ", the same rating",
                    _ => ", the same value",
                };
                out.push(clause(Says::Words, what));
            }
        }
    }
    (status, out)
}
