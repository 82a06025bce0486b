//! accsm keeps the work plans of the ASEAN Cooperation on Civil Service Matters (ACCSM) as
//! plain-text TOML files, checks them and reports on them.
//!
//! The library never prints: it loads files into a [`model::Dataset`], runs the rules of
//! [`validate`] and returns [`diag::Diagnostic`] values for the binary to render.

#![forbid(unsafe_code)]

pub mod dates;
pub mod diag;
mod hash;
pub mod load;
pub mod model;
pub mod query;
pub mod refs;
pub mod report;
pub mod returns;
pub mod schema;
pub mod source;
pub mod strings;
pub mod text;
pub mod timeline;
pub mod trend;
pub mod validate;
pub mod workspace;

use std::path::PathBuf;

/// Loads the given files and folders and checks them: the whole of `accsm validate` short of
/// printing. Findings are sorted by file and position.
pub fn check(paths: &[PathBuf]) -> load::Loaded {
    let (files, mut problems) = workspace::collect_files(paths);
    let mut loaded = load::load_files(&files);
    problems.append(&mut loaded.diagnostics);
    problems.extend(validate::validate(&loaded.dataset));
    problems.sort_by_key(|d| (d.span.map(|s| (s.file, s.start)), d.path.clone(), d.code));
    loaded.diagnostics = problems;
    loaded
}
