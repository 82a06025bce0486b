//! Data quality: the summary `accsm validate` prints, and how many findings of each code.

use std::collections::BTreeMap;

use super::doc::{Block, Cell, Para, Row, Table};
use crate::diag::render::summary;
use crate::diag::{Code, Diagnostic, Severity, Tally};

/// `in_repository`: whether `accsm validate` can be run on the data (the built-in data has no
/// repository to run it in).
pub fn summary_blocks(
    diagnostics: &[Diagnostic],
    tally: Tally,
    files: usize,
    in_repository: bool,
) -> Vec<Block> {
    let mut by_code: BTreeMap<(u8, Code), usize> = BTreeMap::new();
    for d in diagnostics {
        let rank = match d.severity {
            Severity::Error => 0,
            Severity::Warning => 1,
            Severity::Note => 2,
        };
        *by_code.entry((rank, d.code)).or_default() += 1;
    }
    let opening = if in_repository {
        Para::text("What ")
            .code("accsm validate")
            .then(" finds in the data this report is made from: ")
    } else {
        Para::text("What accsm's rules find in the built-in data this report is made from: ")
    };
    let mut blocks = vec![Block::Para(opening.strong(summary(tally, files)).then("."))];
    if tally.errors > 0 {
        blocks.push(Block::para(format!(
            "With {} error{} in the data, records may be missing from this report or \
             incomplete: treat its counts and totals as provisional until the errors are fixed.",
            tally.errors,
            if tally.errors == 1 { "" } else { "s" }
        )));
    }
    if tally.accepted > 0 {
        blocks.push(Block::para(format!(
            "The data accepts {} finding{} with a reason written beside its line (facts of the \
             published plan that cannot be corrected without inventing data); accsm validate \
             --format json lists each with its reason.",
            tally.accepted,
            if tally.accepted == 1 { "" } else { "s" }
        )));
    }
    if by_code.is_empty() {
        blocks.push(Block::para(if tally.accepted > 0 {
            "No other finding: the data follows every rule."
        } else {
            "No findings: the data follows every rule."
        }));
        return blocks;
    }
    blocks.push(Block::Table(Table {
        caption: "Findings by code; run accsm validate to see where each one is".to_string(),
        header: ["Code", "Severity", "Findings", "Meaning"]
            .map(String::from)
            .to_vec(),
        rows: by_code
            .into_iter()
            .map(|((rank, code), n)| {
                let severity = ["error", "warning", "note"][usize::from(rank)];
                Row::of(vec![
                    Cell::text(code.as_str()),
                    Cell::text(severity).class(match rank {
                        0 => "sev-error",
                        1 => "sev-warning",
                        _ => "sev-note",
                    }),
                    Cell::number(n),
                    Cell::text(code.description()),
                ])
            })
            .collect(),
    }));
    blocks
}
