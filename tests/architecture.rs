//! The shape of the code: data flows one way, and no module imports one above it.
//!
//! Library, lowest first: the foundations (`hash`, `text`, `escape`, `dates`, `strings`, `source`), then
//! `diag` and `model`, `load`, `check`, and the views `query`, `trend`, `report`, `edit`. The
//! binary sits on top: `error`, `output`, `cli`, `commands`, `main`. A file may name (`crate::x`)
//! only modules below its own, or its own; within a folder, no two files may import each other
//! round in a circle. The test reads the source as text, so it also catches a path written out in
//! code (`crate::load::parallel(…)`), not only `use` lines.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const LIBRARY: &[&str] = &[
    "hash", "text", "escape", "dates", "strings", "source", "diag", "model", "load", "check",
    "query", "trend", "report", "edit",
];
const BINARY: &[&str] = &["error", "output", "cli", "commands", "main"];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// A file as people read it in a message: `src/check/ids.rs`.
fn shown(file: &Path) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    file.strip_prefix(root)
        .unwrap_or(file)
        .display()
        .to_string()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file belongs to: `src/check/ids.rs` → `check`, `src/text.rs` → `text`.
fn top_module(file: &Path) -> String {
    let relative = file.strip_prefix(src()).unwrap();
    let first = relative.components().next().unwrap();
    Path::new(first.as_os_str())
        .file_stem()
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

/// The code of a file without its comments (doc links name modules too, but are not imports).
fn code(file: &Path) -> String {
    std::fs::read_to_string(file)
        .unwrap()
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every name that follows `prefix` in the code: `crate::load::x` → `load`.
fn names_after(code: &str, prefix: &str) -> BTreeSet<String> {
    code.match_indices(prefix)
        .filter(|(i, _)| {
            // `accsm::crate::` is not a thing, but `my_crate::` is: the prefix must start a path.
            code[..*i]
                .chars()
                .next_back()
                .is_none_or(|c| !(c.is_alphanumeric() || c == '_'))
        })
        .map(|(i, _)| {
            code[i + prefix.len()..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect::<String>()
        })
        .filter(|name| !name.is_empty())
        .collect()
}

#[test]
fn no_module_imports_one_above_it() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    files.sort();
    let mut upward = Vec::new();
    for file in &files {
        let own = top_module(file);
        if own == "lib" {
            continue; // the crate root declares every module
        }
        let (order, in_library) = match LIBRARY.iter().position(|m| *m == own) {
            Some(_) => (LIBRARY, true),
            None => (BINARY, false),
        };
        let rank = |m: &str| order.iter().position(|x| *x == m);
        let own_rank = rank(&own).unwrap_or_else(|| {
            panic!(
                "{} is in no layer: add `{own}` to LIBRARY or BINARY in tests/architecture.rs",
                shown(file)
            )
        });
        for name in names_after(&code(file), "crate::") {
            if name == own {
                continue;
            }
            match rank(&name) {
                Some(r) if r < own_rank => {}
                Some(_) => upward.push(format!("{} imports crate::{name}", shown(file))),
                None if !in_library && LIBRARY.contains(&name.as_str()) => {}
                None => upward.push(format!(
                    "{} imports crate::{name}, which is in no layer",
                    shown(file)
                )),
            }
        }
    }
    assert!(
        upward.is_empty(),
        "imports that run upward or sideways:\n{}",
        upward.join("\n")
    );
}

#[test]
fn files_of_one_folder_import_each_other_in_no_circle() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    // Folder → (module → the sibling modules it imports through `super::`). A folder's own mod.rs
    // is its parent's node: it declares and orchestrates its files, which may use its helpers.
    let mut folders: BTreeMap<PathBuf, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for file in &files {
        let stem = file.file_stem().unwrap().to_string_lossy().into_owned();
        if stem == "lib" || stem == "main" {
            continue;
        }
        // `load/read/mod.rs` is the module `read` among the files of `load/`; `super::` in it
        // names them. A folder's files name each other through their own `super::`.
        let (node, folder) = if stem == "mod" {
            let dir = file.parent().unwrap();
            let name = dir.file_name().unwrap().to_string_lossy().into_owned();
            (name, dir.parent().unwrap().to_path_buf())
        } else {
            (stem, file.parent().unwrap().to_path_buf())
        };
        let siblings = names_after(&code(file), "super::");
        folders.entry(folder).or_default().insert(node, siblings);
    }
    for (folder, graph) in &folders {
        for start in graph.keys() {
            // Depth-first from `start`: reaching it again is a circle.
            let mut stack = vec![(start.clone(), vec![start.clone()])];
            let mut seen = BTreeSet::new();
            while let Some((at, path)) = stack.pop() {
                for next in graph.get(&at).into_iter().flatten() {
                    assert!(
                        next != start,
                        "a circle of imports in {}: {} → {next}",
                        shown(folder),
                        path.join(" → ")
                    );
                    if graph.contains_key(next) && seen.insert(next.clone()) {
                        let mut longer = path.clone();
                        longer.push(next.clone());
                        stack.push((next.clone(), longer));
                    }
                }
            }
        }
    }
}

#[test]
fn the_layer_lists_name_every_module() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let modules: BTreeSet<String> = files.iter().map(|f| top_module(f)).collect();
    for m in &modules {
        assert!(
            m == "lib" || LIBRARY.contains(&m.as_str()) || BINARY.contains(&m.as_str()),
            "src/{m} is in no layer of tests/architecture.rs"
        );
    }
}

#[test]
fn an_import_upward_is_caught() {
    // The test's own reading of a line, on a made-up file of `check` naming `report`.
    let names = names_after(
        "use crate::report::Grid;\nlet x = crate::load::parallel(f);",
        "crate::",
    );
    assert_eq!(
        names,
        BTreeSet::from(["report".to_string(), "load".to_string()])
    );
    let rank = |m: &str| LIBRARY.iter().position(|x| *x == m);
    assert!(rank("report") > rank("check") && rank("load") < rank("check"));
    assert!(names_after("my_crate::x", "crate::").is_empty());
}
