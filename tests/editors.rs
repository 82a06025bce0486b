//! The editor set-up against the real clients, from npm: the `taplo` command (@taplo/cli) and
//! the language server of Even Better TOML (@taplo/lsp), driven by `tests/editors/taplo-lsp.mjs`
//! as the editor drives it. They are looked for in `target/ci-tools/npm/node_modules` (where
//! `.ci/run` installs them) or in `ACCSM_NODE_MODULES`; without them and Node.js these tests
//! say so and pass, unless `ACCSM_REQUIRE_NPM` is set (CI sets it).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stderr)]

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{accsm, copy_dir, root, stderr, stdout, temp_dir};

/// The folder holding @taplo/cli and @taplo/lsp, with `node` to run them, or `None` (and a
/// note) where they are missing and not required.
fn node_modules() -> Option<PathBuf> {
    let dir = std::env::var_os("ACCSM_NODE_MODULES")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target/ci-tools/npm/node_modules"));
    let node = Command::new("node").arg("--version").output();
    let found = node.is_ok_and(|o| o.status.success())
        && dir.join("@taplo/cli/package.json").is_file()
        && dir.join("@taplo/lsp/package.json").is_file();
    if found {
        return Some(dir);
    }
    assert!(
        std::env::var_os("ACCSM_REQUIRE_NPM").is_none(),
        "ACCSM_REQUIRE_NPM is set but node, @taplo/cli or @taplo/lsp is missing in {}",
        dir.display()
    );
    eprintln!(
        "skipped: node with @taplo/cli and @taplo/lsp not found in {}",
        dir.display()
    );
    None
}

fn taplo(modules: &Path, dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new("node")
        .arg(modules.join("@taplo/cli/dist/cli.js"))
        .args(args)
        .current_dir(dir)
        .env("RUST_LOG", "warn")
        .output()
        .expect("run taplo")
}

/// A new repository as `accsm init` makes it, in a temporary folder.
fn initialised() -> tempfile::TempDir {
    let dir = temp_dir("accsm-editors-");
    let repo = dir.path().join("plans");
    let out = accsm(&["init", repo.to_str().unwrap(), "--period", "2026-2030"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    dir
}

/// Every file under `dir`, as (path below it, bytes).
fn contents(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in walk(dir) {
        let bytes = std::fs::read(&entry).unwrap();
        out.push((entry.strip_prefix(dir).unwrap().to_path_buf(), bytes));
    }
    out.sort();
    out
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// The shipped schema is what `accsm schema` prints for the shipped data: editors get the ids
/// of today's reference lists. After changing a reader or a reference list, run
/// `cargo run -- schema > accsm.schema.json`.
#[test]
fn the_shipped_schema_is_current() {
    let shipped = std::fs::read_to_string(root().join("accsm.schema.json")).unwrap();
    let out = accsm(&["schema"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out) == shipped,
        "accsm.schema.json is out of date: run `cargo run -- schema > accsm.schema.json`"
    );
}

/// The project ships the editor set-up `accsm init` writes: the same recommendation, the same
/// formatting options, the schema given to the data files.
#[test]
fn the_project_ships_the_set_up_init_writes() {
    let init = initialised();
    let repo = init.path().join("plans");
    for file in [
        ".vscode/extensions.json",
        "accsm.schema.json",
        ".taplo.toml",
    ] {
        assert!(repo.join(file).is_file(), "init wrote no {file}");
    }
    let read = |p: PathBuf| std::fs::read_to_string(p).unwrap();
    assert_eq!(
        read(repo.join(".vscode/extensions.json")),
        read(root().join(".vscode/extensions.json"))
    );
    let formatting = |text: &str| -> String {
        let start = text.find("[formatting]").unwrap();
        let end = text.find("[[rule]]").unwrap();
        text[start..end].to_string()
    };
    let ours = read(root().join(".taplo.toml"));
    let theirs = read(repo.join(".taplo.toml"));
    assert_eq!(formatting(&ours), formatting(&theirs));
    for text in [&ours, &theirs] {
        assert!(
            text.contains("[rule.schema]\npath = \"accsm.schema.json\"\n"),
            "{text}"
        );
    }
}

/// `taplo fmt` with the shipped .taplo.toml changes no byte of any shipped data file, example or
/// manifest, nor of a repository `accsm init` makes: `accsm fmt --check` and `taplo fmt` agree.
/// `taplo check` finds every shipped file fitting the schema the configuration gives it.
#[test]
fn taplo_fmt_leaves_every_shipped_file_as_accsm_formats_it() {
    let Some(modules) = node_modules() else {
        return;
    };
    let copy = temp_dir("accsm-taplo-fmt-");
    copy_dir(&root().join("data"), &copy.path().join("data"));
    copy_dir(
        &root().join("examples/kpi-returns"),
        &copy.path().join("examples/kpi-returns"),
    );
    for file in ["accsm.toml", ".taplo.toml", "accsm.schema.json"] {
        std::fs::copy(root().join(file), copy.path().join(file)).unwrap();
    }
    let init = initialised();
    for dir in [copy.path().to_path_buf(), init.path().join("plans")] {
        let before = contents(&dir);
        let tomls = before
            .iter()
            .filter(|(p, _)| p.extension().is_some_and(|e| e == "toml"));
        assert!(tomls.count() >= 10, "{}", dir.display());
        let out = taplo(&modules, &dir, &["fmt"]);
        assert!(out.status.success(), "taplo fmt: {}", stderr(&out));
        let after = contents(&dir);
        let changed: Vec<&PathBuf> = before
            .iter()
            .zip(&after)
            .filter(|(b, a)| b != a)
            .map(|(b, _)| &b.0)
            .collect();
        assert!(
            changed.is_empty(),
            "taplo fmt changed {changed:?} in {}",
            dir.display()
        );
        let check = taplo(&modules, &dir, &["check"]);
        assert!(check.status.success(), "taplo check: {}", stderr(&check));
    }
    // Not vacuous: without the formatting options taplo does rewrite shipped files.
    std::fs::write(copy.path().join(".taplo.toml"), "").unwrap();
    let before = contents(copy.path());
    taplo(&modules, copy.path(), &["fmt"]);
    assert_ne!(before, contents(copy.path()));
}

/// `taplo check` in a repository `accsm init` made refuses what the schema refuses, at its line:
/// a key no reader reads, and a coordinator that is no id of the reference lists.
#[test]
fn taplo_check_refuses_a_mistake_in_a_new_repository() {
    let Some(modules) = node_modules() else {
        return;
    };
    let init = initialised();
    let repo = init.path().join("plans");
    let plan = repo.join("data/plans/accsm-2026-2030.toml");
    let mut text = std::fs::read_to_string(&plan).unwrap();
    text.push_str(
        "\n[[programme]]\nplan = \"accsm-2026-2030\"\nnumber = 1\ntitle = \"Workshop\"\n\
         coordinators = [\"IDM\"]\nbogus = 1\n",
    );
    std::fs::write(&plan, text).unwrap();
    let out = taplo(&modules, &repo, &["check"]);
    let said = stderr(&out);
    assert!(!out.status.success(), "{said}");
    assert!(said.contains("'bogus' was unexpected"), "{said}");
    assert!(said.contains("\"IDM\" is not one of"), "{said}");
}

/// The language server completes, in a repository `accsm init` made, the keys of a programme
/// inside `[[programme]]`, the values of a closed set (`status = `), and the keys of a return
/// inside `[return]`: a single table, which it did not follow through `if`/`then` before.
#[test]
fn the_language_server_completes_keys_and_values() {
    let Some(modules) = node_modules() else {
        return;
    };
    let init = initialised();
    let repo = init.path().join("plans");
    let document = init.path().join("document.toml");
    std::fs::write(
        &document,
        "[[programme]]\nplan = \"accsm-2026-2030\"\n\nstatus = \n\n[return]\n\n",
    )
    .unwrap();
    let out = Command::new("node")
        .arg(root().join("tests/editors/taplo-lsp.mjs"))
        .arg(modules.join("@taplo/lsp"))
        .arg(&repo)
        .arg("data/plans/new.toml")
        .arg(&document)
        .args(["2:0", "3:9", "6:0"])
        .output()
        .expect("run node");
    assert!(out.status.success(), "{}", stderr(&out));
    let labels: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    let has = |place: &str, label: &str| {
        labels[place]
            .as_array()
            .is_some_and(|l| l.iter().any(|x| x == label))
    };
    for key in [
        "coordinators",
        "timeline",
        "status",
        "budget",
        "number",
        "title",
    ] {
        assert!(has("2:0", key), "no `{key}` in [[programme]]: {labels}");
    }
    for value in ["\"planned\"", "\"ongoing\"", "\"completed\""] {
        assert!(has("3:9", value), "no {value} for status: {labels}");
    }
    for key in ["country", "year", "round", "answers"] {
        assert!(has("6:0", key), "no `{key}` in [return]: {labels}");
    }
}
