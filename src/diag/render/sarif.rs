//! SARIF 2.1.0, the format GitHub code scanning reads: every finding as a result with its rule,
//! level, message (with the help) and place, for a pull request's "Files changed" view without
//! the per-step cap of workflow annotations. Findings the data accepts are results too, marked
//! as suppressed in the source with the comment's reason, so code scanning shows them closed.
//!
//! Columns count characters (Unicode code points), as everywhere in accsm; the run says so
//! (`columnKind`), since SARIF's default is UTF-16 code units. File paths become relative URIs
//! with `/` and percent-escapes.

use serde_json::{Value, json};

use super::path_of;
use crate::diag::{Accepted, Code, Diagnostic, Severity};
use crate::escape;
use crate::source::{SourceMap, Span};

/// The SARIF schema a log names.
const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The whole log: one run of accsm (named with `version`), every rule of the catalogue, and a
/// result per finding, accepted ones suppressed.
pub fn sarif(
    map: &SourceMap,
    diagnostics: &[Diagnostic],
    accepted: &[Accepted],
    version: &str,
) -> String {
    let rules: Vec<Value> = Code::ALL
        .iter()
        .map(|code| {
            json!({
                "id": code.as_str(),
                "shortDescription": { "text": code.description() },
                "defaultConfiguration": { "level": level(code.severity()) },
            })
        })
        .collect();
    let mut results: Vec<Value> = diagnostics.iter().map(|d| result(map, d)).collect();
    for a in accepted {
        let mut r = result(map, &a.diagnostic);
        r["suppressions"] = json!([{ "kind": "inSource", "justification": a.reason }]);
        results.push(r);
    }
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "accsm",
                "version": version,
                "informationUri": env!("CARGO_PKG_REPOSITORY"),
                "rules": rules,
            } },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    escape::json(serde_json::to_string_pretty(&log).unwrap_or_default())
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

fn result(map: &SourceMap, d: &Diagnostic) -> Value {
    let rule_index = Code::ALL.iter().position(|c| *c == d.code).unwrap_or(0);
    let mut text = d.message.clone();
    if let Some(help) = &d.help {
        text.push_str("\nhelp: ");
        text.push_str(help);
    }
    let mut out = json!({
        "ruleId": d.code.as_str(),
        "ruleIndex": rule_index,
        "level": level(d.severity),
        "message": { "text": text },
    });
    let location = match d.span {
        Some(span) => located(map, span),
        None => None,
    }
    .or_else(|| {
        path_of(map, d).map(|p| {
            json!({ "physicalLocation": { "artifactLocation": {
                "uri": uri(&p.display().to_string()),
            } } })
        })
    });
    if let Some(location) = location {
        out["locations"] = json!([location]);
    }
    let related: Vec<Value> = d
        .related
        .iter()
        .enumerate()
        .filter_map(|(i, (span, note))| {
            let mut l = located(map, *span)?;
            l["id"] = json!(i);
            l["message"] = json!({ "text": note });
            Some(l)
        })
        .collect();
    if !related.is_empty() {
        out["relatedLocations"] = json!(related);
    }
    out
}

/// A place in a loaded file, with its line and columns (1-based; the end column is the one
/// after the span, as SARIF's regions are half-open).
fn located(map: &SourceMap, span: Span) -> Option<Value> {
    let file = map.get(span.file)?;
    let start = file.location(span.start);
    let end = file.location(span.end);
    Some(json!({ "physicalLocation": {
        "artifactLocation": { "uri": uri(&file.path.display().to_string()) },
        "region": {
            "startLine": start.line,
            "startColumn": start.column,
            "endLine": end.line,
            "endColumn": end.column.max(1),
        },
    } }))
}

/// A path as a relative URI reference: `/` between folders, and every byte that a URI path
/// may not hold as it is written percent-escaped (`data/my plans/x.toml` →
/// `data/my%20plans/x.toml`).
fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let path = path.strip_prefix("./").unwrap_or(&path);
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char);
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_relative_uris() {
        assert_eq!(uri("data/plans/a.toml"), "data/plans/a.toml");
        assert_eq!(uri("./data/my plans/x.toml"), "data/my%20plans/x.toml");
        assert_eq!(
            uri("data\\ไทย.toml"),
            "data/%E0%B9%84%E0%B8%97%E0%B8%A2.toml"
        );
        assert_eq!(uri("a%b:c#d?e"), "a%25b%3Ac%23d%3Fe");
    }
}
