//! The shape of the code: data flows one way, and no module imports one above it.
//!
//! Library, lowest first: the foundations (`hash`, `text`, `escape`, `dates`, `strings`, `source`),
//! then `diag` and `model`, `load`, `lookup`, `check`, and the views `query`, `trend`, `report`, `edit`. The
//! binary sits on top: `error`, `output`, `cli`, `commands`, `main`. A module may name only modules
//! below its own, or its own; and within any module, its children may not name each other round
//! in a circle.
//!
//! Every file is parsed with `syn`, and every path in it is resolved to the module it names, as
//! the compiler would: `use` trees with their groups (`use crate::{report::Grid}`), `crate::`,
//! `self::`, any number of `super::`, a child module named without a prefix, paths in
//! expressions, types and patterns, paths in the tokens of macros (`format!("{}",
//! crate::report::x())`), paths in attribute strings (`#[serde(with = "crate::x")]`), inline
//! modules (`mod tests`), and names re-exported by `pub use`, by name or by glob (`crate::Grid`
//! is `report::Grid` when the crate root re-exports it). Comments, doc comments and other
//! strings are not paths. The checker is itself tested on made-up files
//! (`tests/fixtures/architecture/`), one per way an import could slip past it.
//!
//! The library returns typed errors, as ripgrep's crates do; `anyhow` is for the binary alone.
//! And no file of `src/` is longer than [`MAX_LINES`]: a longer one is split by what it holds.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

#[path = "architecture/resolve.rs"]
mod resolve;

use resolve::{Crate, ModPath, module_of, read, rust_files};

const LIBRARY: &[&str] = &[
    "hash",
    "spelling",
    "escape",
    "dates",
    "interned",
    "line_index",
    "source",
    "diag",
    "model",
    "load",
    "lookup",
    "check",
    "query",
    "trend",
    "report",
    "edit",
];
const BINARY: &[&str] = &["error", "output", "cli", "commands", "main"];

/// Known violations, each with why it stands: `(file, module it names)` for an import upward,
/// `(parent module, "circle a → b → a")` for a circle among a module's children. Empty is the
/// goal; an entry that no longer matches anything fails the test, so the list only shrinks.
const ALLOWED: &[(&str, &str)] = &[];

// ---- The rules ------------------------------------------------------------------------------

/// Every violation under `src`, as `file:line: what`, allowed ones left out.
fn violations(src: &Path, allowed: &[(&str, &str)]) -> Vec<String> {
    let (crates, references, mut out) = read(src);
    let mut used = BTreeSet::new();
    let mut edges: BTreeMap<(Crate, ModPath), BTreeMap<String, BTreeMap<String, String>>> =
        BTreeMap::new();
    for r in &references {
        let target = crates.target(r.krate, &r.to);
        let shown_target = if target.is_empty() {
            "the crate root".to_string()
        } else {
            target.join("::")
        };
        let mut is_allowed = |what: &str| {
            allowed.iter().any(|(f, t)| {
                let hit = *f == r.file && *t == what;
                if hit {
                    used.insert((*f, *t));
                }
                hit
            })
        };
        // Layers: the top module named against the top module naming it.
        let order = match r.krate {
            Crate::Library => LIBRARY,
            Crate::Binary => BINARY,
        };
        let own = r
            .from
            .first()
            .map(String::as_str)
            .unwrap_or(if r.krate == Crate::Binary {
                "main"
            } else {
                "lib"
            });
        let rank = |m: &str| order.iter().position(|x| *x == m);
        if own != "lib" {
            let Some(own_rank) = rank(own) else {
                out.push(format!(
                    "{}: `{own}` is in no layer of tests/architecture.rs",
                    r.file
                ));
                continue;
            };
            match target.first() {
                None => {
                    if !is_allowed("crate") {
                        out.push(format!(
                            "{}:{}: `{}` names {}, which is in no layer",
                            r.file,
                            r.line,
                            r.written,
                            r.to.join("::")
                        ));
                    }
                }
                Some(top) => match rank(top) {
                    Some(t) if t <= own_rank => {}
                    Some(_) => {
                        if !is_allowed(&shown_target) {
                            out.push(format!(
                                "{}:{}: `{}` in {own} names {shown_target}, a layer above it",
                                r.file, r.line, r.written
                            ));
                        }
                    }
                    None => {
                        if !is_allowed(&shown_target) {
                            out.push(format!(
                                "{}:{}: `{}` names {shown_target}, which is in no layer",
                                r.file, r.line, r.written
                            ));
                        }
                    }
                },
            }
        }
        // Circles: the edge between the two children of the modules' deepest common ancestor.
        // A module naming its own descendants or ancestors adds none: a parent declares and
        // orchestrates its children, which may use its helpers.
        let common = r
            .from
            .iter()
            .zip(&target)
            .take_while(|(a, b)| a == b)
            .count();
        // At the crate root the layers decide: a circle there has an import upward in it.
        if common > 0 && common < r.from.len() && common < target.len() {
            let parent = r.from[..common].to_vec();
            edges
                .entry((r.krate, parent))
                .or_default()
                .entry(r.from[common].clone())
                .or_default()
                .entry(target[common].clone())
                .or_insert_with(|| format!("{}:{} `{}`", r.file, r.line, r.written));
        }
    }
    for ((krate, parent), graph) in &edges {
        for circle in circles(graph) {
            let shown_parent = format!(
                "{}{}",
                parent.join("::"),
                match krate {
                    Crate::Library => "",
                    Crate::Binary => " (in the binary)",
                }
            );
            let key = format!("circle {}", circle.join(" → "));
            if allowed.iter().any(|(f, t)| {
                let hit = *f == shown_parent && *t == key;
                if hit {
                    used.insert((*f, *t));
                }
                hit
            }) {
                continue;
            }
            let steps: Vec<String> = circle
                .windows(2)
                .map(|w| format!("  {} → {}: {}", w[0], w[1], graph[&w[0]][&w[1]]))
                .collect();
            out.push(format!(
                "a circle of imports among the modules of {shown_parent}: {}\n{}",
                circle.join(" → "),
                steps.join("\n")
            ));
        }
    }
    for (f, t) in allowed {
        if !used.contains(&(*f, *t)) {
            out.push(format!(
                "ALLOWED lists `{f}` naming `{t}`, which no longer happens: remove the entry"
            ));
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The circles of a graph, each once, as a path that starts and ends at its smallest node.
fn circles(graph: &BTreeMap<String, BTreeMap<String, String>>) -> Vec<Vec<String>> {
    let mut found = BTreeSet::new();
    for start in graph.keys() {
        // Depth first from `start`, through nodes greater than it only, so each circle is
        // found once, from its smallest node.
        let mut stack = vec![vec![start.clone()]];
        while let Some(path) = stack.pop() {
            let at = path.last().unwrap();
            for next in graph.get(at).map(|n| n.keys()).into_iter().flatten() {
                if next == start {
                    let mut circle = path.clone();
                    circle.push(start.clone());
                    found.insert(circle);
                } else if next > start && !path.contains(next) && path.len() < 8 {
                    let mut longer = path.clone();
                    longer.push(next.clone());
                    stack.push(longer);
                }
            }
        }
    }
    // One circle per set of nodes is enough to read.
    let mut seen = BTreeSet::new();
    found
        .into_iter()
        .filter(|c| seen.insert(c.iter().cloned().collect::<BTreeSet<_>>()))
        .collect()
}

/// Where files of the library under `src` name the crate `anyhow`, as `file:line`. The code is
/// read as tokens, so comments and strings do not count and no spelling of a path
/// (`use anyhow::Result`, `::anyhow::Error`, `anyhow!`, `extern crate anyhow as e`) hides it.
fn anyhow_in_library(src: &Path) -> Vec<String> {
    fn idents(tokens: proc_macro2::TokenStream, file: &str, out: &mut Vec<String>) {
        for tree in tokens {
            match tree {
                proc_macro2::TokenTree::Group(g) => idents(g.stream(), file, out),
                proc_macro2::TokenTree::Ident(i) if i == "anyhow" => {
                    out.push(format!("{file}:{}", i.span().start().line));
                }
                _ => {}
            }
        }
    }
    let mut files = Vec::new();
    rust_files(src, &mut files);
    files.sort();
    let mut out = Vec::new();
    for file in &files {
        if module_of(src, file).0 != Crate::Library {
            continue;
        }
        let shown = format!("src/{}", file.strip_prefix(src).unwrap().display());
        let text = std::fs::read_to_string(file).unwrap();
        let tokens: proc_macro2::TokenStream = text.parse().unwrap();
        idents(tokens, &shown, &mut out);
    }
    out
}

/// The most lines a file of `src/` may have.
const MAX_LINES: usize = 600;

/// The files under `src` longer than `limit` lines, as `file: N lines`.
fn long_files(src: &Path, limit: usize) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    files.sort();
    files
        .iter()
        .filter_map(|file| {
            let lines = std::fs::read_to_string(file).unwrap().lines().count();
            (lines > limit).then(|| {
                format!(
                    "src/{}: {lines} lines",
                    file.strip_prefix(src).unwrap().display()
                )
            })
        })
        .collect()
}

// ---- The tests ------------------------------------------------------------------------------

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

#[test]
fn no_module_imports_one_above_it_or_in_a_circle() {
    let found = violations(&src(), ALLOWED);
    assert!(
        found.is_empty(),
        "the shape of the code (see tests/architecture.rs):\n{}",
        found.join("\n")
    );
}

#[test]
fn the_library_returns_typed_errors_not_anyhow() {
    let found = anyhow_in_library(&src());
    assert!(
        found.is_empty(),
        "the library names `anyhow` (give it an error type of its own, as load::workspace::\
         OpenError; the binary maps it to error::Error):\n{}",
        found.join("\n")
    );
}

#[test]
fn anyhow_in_the_library_is_caught_and_in_the_binary_allowed() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path();
    std::fs::create_dir_all(src.join("load")).unwrap();
    std::fs::create_dir_all(src.join("commands")).unwrap();
    let write = |path: &str, text: &str| std::fs::write(src.join(path), text).unwrap();
    write(
        "lib.rs",
        "pub mod load;\n// anyhow in a comment\nconst A: &str = \"anyhow\";\n",
    );
    write(
        "load/mod.rs",
        "/// Docs may say anyhow.\nfn a() -> ::anyhow::Result<()> {\n    Ok(())\n}\n",
    );
    write(
        "load/b.rs",
        "fn b() {\n    let _ = format!(\"{}\", anyhow!(\"x\"));\n}\n",
    );
    write("load/c.rs", "extern crate anyhow as failure;\n");
    write("main.rs", "use anyhow::Context;\n");
    write(
        "commands/mod.rs",
        "fn c() -> anyhow::Result<()> { Ok(()) }\n",
    );
    assert_eq!(
        anyhow_in_library(src),
        ["src/load/b.rs:2", "src/load/c.rs:1", "src/load/mod.rs:2"]
    );
}

#[test]
fn no_file_in_src_is_over_600_lines() {
    let found = long_files(&src(), MAX_LINES);
    assert!(
        found.is_empty(),
        "split these files by what they hold (a child module per part, named for it):\n{}",
        found.join("\n")
    );
}

#[test]
fn a_file_over_the_limit_is_caught_at_any_depth() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("report/export")).unwrap();
    let lines = |n: usize| "// a line\n".repeat(n);
    std::fs::write(dir.path().join("lib.rs"), lines(600)).unwrap();
    std::fs::write(dir.path().join("report/export/xlsx.rs"), lines(601)).unwrap();
    assert_eq!(
        long_files(dir.path(), MAX_LINES),
        ["src/report/export/xlsx.rs: 601 lines"]
    );
}

/// A module with children is `name/mod.rs`, never `name.rs` beside a folder `name/`: one style,
/// so a newcomer finds a module's root in one place.
fn file_beside_folder(src: &Path) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let mut found: Vec<String> = files
        .iter()
        .filter(|f| {
            f.file_name()
                .is_some_and(|n| n != "mod.rs" && n != "lib.rs" && n != "main.rs")
        })
        .filter(|f| f.with_extension("").is_dir())
        .map(|f| format!("src/{}", f.strip_prefix(src).unwrap_or(f).display()))
        .collect();
    found.sort();
    found
}

#[test]
fn a_module_with_children_is_a_folder_with_mod_rs() {
    let found = file_beside_folder(&src());
    assert!(
        found.is_empty(),
        "move each to its folder as mod.rs (`git mv src/x.rs src/x/mod.rs`):\n{}",
        found.join("\n")
    );
}

#[test]
fn a_file_beside_its_folder_is_caught() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("report/export")).unwrap();
    std::fs::create_dir_all(dir.path().join("load")).unwrap();
    std::fs::write(dir.path().join("lib.rs"), "").unwrap();
    std::fs::write(dir.path().join("load/mod.rs"), "").unwrap();
    std::fs::write(dir.path().join("report.rs"), "").unwrap();
    std::fs::write(dir.path().join("report/export.rs"), "").unwrap();
    std::fs::write(dir.path().join("report/export/xlsx.rs"), "").unwrap();
    assert_eq!(
        file_beside_folder(dir.path()),
        ["src/report.rs", "src/report/export.rs"]
    );
}

#[test]
fn the_layer_lists_name_every_module() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    for file in &files {
        let (krate, module) = module_of(&src(), file);
        let Some(top) = module.first() else { continue };
        let known = match krate {
            Crate::Library => LIBRARY,
            Crate::Binary => BINARY,
        };
        assert!(
            known.contains(&top.as_str()),
            "src/{top} is in no layer of tests/architecture.rs: add it to LIBRARY or BINARY"
        );
    }
}

fn fixture(case: &str) -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/architecture")
        .join(case)
        .join("src");
    assert!(dir.is_dir(), "no fixture {}", dir.display());
    violations(&dir, &[])
}

/// Each made-up crate hides one import the checker must see; `expected` is in its message.
#[track_caller]
fn must_fail(case: &str, expected: &[&str]) {
    let found = fixture(case);
    assert!(!found.is_empty(), "{case}: the checker saw nothing");
    for e in expected {
        assert!(
            found.iter().any(|f| f.contains(e)),
            "{case}: expected a violation containing {e:?}, found:\n{}",
            found.join("\n")
        );
    }
}

#[test]
fn a_group_import_upward_is_caught() {
    must_fail(
        "use-group",
        &[
            "src/check/ids.rs:3: `crate::report::Grid` in check names report, a layer above it",
            "src/check/ids.rs:4: `crate::edit::staged::Change` in check names edit::staged",
        ],
    );
}

#[test]
fn super_super_upward_is_caught() {
    must_fail(
        "super-super",
        &["src/check/ids.rs:2: `super::super::report::Grid` in check names report"],
    );
}

#[test]
fn a_circle_through_crate_own_paths_is_caught() {
    must_fail(
        "own-circle",
        &["a circle of imports among the modules of check: a → b → a"],
    );
}

#[test]
fn a_circle_two_folders_down_is_caught() {
    must_fail(
        "nested-circle",
        &["a circle of imports among the modules of report: export → meeting → export"],
    );
}

#[test]
fn a_circle_through_a_reexport_with_self_is_caught() {
    must_fail(
        "reexport-circle",
        &["a circle of imports among the modules of check: a → b → a"],
    );
}

#[test]
fn paths_in_code_macros_attributes_and_inline_modules_are_caught() {
    must_fail(
        "paths-in-code",
        &[
            "src/check/ids.rs:4: `crate::report::grid` in check names report",
            "src/check/ids.rs:8: `crate::trend::name` in check names trend",
            "src/check/ids.rs:11: `crate::query::with` in check names query",
            "src/check/ids.rs:19: `super::super::super::edit::X` in check names edit",
            "src/check/ids.rs:23: `crate::Grid` in check names report",
        ],
    );
}

#[test]
fn comments_strings_and_downward_imports_pass() {
    let found = fixture("clean");
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn an_import_upward_in_the_binary_is_caught() {
    let found = fixture("binary-upward");
    assert_eq!(
        found,
        [
            "src/cli.rs:4: `crate::commands::list::defaults` in cli names commands::list, a layer \
          above it"
        ],
        "the library (`accsm::`) is below all of the binary; `main` declares and calls the rest"
    );
}

#[test]
fn an_import_through_glob_reexports_is_caught() {
    must_fail(
        "glob-reexport",
        &["src/check/ids.rs:2: `crate::Grid` in check names report::grid, a layer above it"],
    );
}
