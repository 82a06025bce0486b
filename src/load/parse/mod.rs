//! One file's text to records: TOML syntax errors are reported (all of them, the parser recovers)
//! and each top-level table is handed to the reader of its kind.

use toml::de::{DeTable, DeValue};

use super::read::{Ctx, Value};
use super::references::REFERENCE_TABLES;
use super::syntax::{collect_allows, recover};
use super::{LoadOptions, kpis, plans, references, returns, updates};
use crate::diag::{Code, Diagnostic};
use crate::model::Dataset;
use crate::spelling::did_you_mean;

#[cfg(test)]
mod syntax_errors;

/// Every top-level table name accsm reads.
pub fn table_names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = REFERENCE_TABLES.iter().map(|t| t.kind.table()).collect();
    names.extend([
        "framework",
        "arc",
        "chair",
        "plan",
        "programme",
        "kpi",
        "return",
        "update",
    ]);
    names
}

/// Parses one file's text into records.
pub fn parse_file<'d>(ctx: &mut Ctx<'d>, text: &'d str) -> Dataset {
    parse_file_with(ctx, text, LoadOptions::default())
}

/// Parses one file's text into the records `options` asks for. A file that is not valid TOML is
/// reported at each cause and read as far as it can be (see [`super::syntax`]).
pub fn parse_file_with<'d>(ctx: &mut Ctx<'d>, text: &'d str, options: LoadOptions) -> Dataset {
    ctx.source = text;
    collect_allows(ctx, text);
    let (root, errors) = DeTable::parse_recoverable(text);
    if errors.is_empty() {
        return read_root(ctx, root.get_ref(), options);
    }
    drop(root);
    // What errors the mended text still has are keys given twice, already reported: the parser
    // keeps the first of each, without guessing.
    let fixed = recover(ctx, text);
    let (root, _) = DeTable::parse_recoverable(&fixed);
    read_root(ctx, root.get_ref(), options)
}

fn read_root(ctx: &mut Ctx<'_>, root: &DeTable<'_>, options: LoadOptions) -> Dataset {
    let mut data = Dataset::default();
    for (key, value) in root.iter() {
        if !options.programmes && key.get_ref() == "programme" {
            continue;
        }
        read_table(ctx, &mut data, key.get_ref(), key.span(), value);
    }
    data
}

/// The records of one top-level table (`[[kind]]`, or a single `[kind]`).
fn records<'a, 'i>(value: &'a Value<'i>) -> Vec<&'a Value<'i>> {
    match value.get_ref() {
        DeValue::Array(items) => items.iter().collect(),
        _ => vec![value],
    }
}

pub(super) fn read_table(
    ctx: &mut Ctx<'_>,
    data: &mut Dataset,
    name: &str,
    key_span: std::ops::Range<usize>,
    value: &Value<'_>,
) {
    if let Some(spec) = REFERENCE_TABLES.iter().find(|t| t.kind.table() == name) {
        for v in records(value) {
            if let Some(entry) = references::read_reference(ctx, spec, v) {
                data.references.push(entry);
            }
        }
        return;
    }
    match name {
        "framework" => data.frameworks.extend(
            records(value)
                .into_iter()
                .filter_map(|v| references::read_framework(ctx, v)),
        ),
        "arc" => data.arcs.extend(
            records(value)
                .into_iter()
                .filter_map(|v| references::read_arc(ctx, v)),
        ),
        "chair" => data.chairs.extend(
            records(value)
                .into_iter()
                .filter_map(|v| references::read_chair(ctx, v)),
        ),
        "plan" => data.plans.extend(
            records(value)
                .into_iter()
                .filter_map(|v| plans::read_plan(ctx, v)),
        ),
        "programme" => {
            let items = records(value);
            // A file can hold many programmes: one allocation, not a doubling series.
            data.programmes.reserve(items.len());
            data.programmes.extend(
                items
                    .into_iter()
                    .filter_map(|v| plans::read_programme(ctx, v)),
            );
        }
        "kpi" => data.kpis.extend(
            records(value)
                .into_iter()
                .filter_map(|v| kpis::read_kpi(ctx, v)),
        ),
        "return" => data.returns.extend(
            records(value)
                .into_iter()
                .filter_map(|v| returns::read_return(ctx, v)),
        ),
        "update" => data.updates.extend(
            records(value)
                .into_iter()
                .filter_map(|v| updates::read_update(ctx, v)),
        ),
        _ => {
            let names = table_names();
            let mut d = Diagnostic::new(
                Code::UnknownTable,
                ctx.span(key_span),
                format!("accsm does not know the table `{name}`"),
            );
            d = match did_you_mean(name, names.iter().copied()) {
                Some(s) => d.with_help(format!("did you mean `[[{s}]]`?")),
                None => d.with_help(format!("the tables accsm reads are: {}", names.join(", "))),
            };
            ctx.push(d);
        }
    }
}
