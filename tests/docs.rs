//! The documentation: the references generated from the code are current, and every link in the
//! Markdown files leads somewhere.
//!
//! `docs/reference/findings.md` is made from `Code::ALL` (code, severity, description, details)
//! and `docs/reference/commands.md` from `accsm … --help` of every subcommand. When the code
//! changes, the test fails and says how to write them again:
//! `ACCSM_BLESS=1 cargo test --test tests docs::`, then review `git diff docs/reference`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};
use std::process::Command;

use accsm::diag::{Code, details};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Compare a generated file with the committed one, or write it under `ACCSM_BLESS=1`.
fn check_generated(relative: &str, generated: &str) {
    let path = root().join(relative);
    if std::env::var_os("ACCSM_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, generated).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    if committed != generated {
        let first = committed
            .lines()
            .zip(generated.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| committed.lines().count().min(generated.lines().count()));
        panic!(
            "{relative} is not what the code gives (first difference at line {}):\n\
             committed: {:?}\n\
             generated: {:?}\n\
             Write it again with `ACCSM_BLESS=1 cargo test --test tests docs::` and review \
             `git diff {relative}`.",
            first + 1,
            committed.lines().nth(first).unwrap_or("(end of file)"),
            generated.lines().nth(first).unwrap_or("(end of file)"),
        );
    }
}

/// A table cell: no line breaks, and a `|` does not end the cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

fn findings_md() -> String {
    let mut out = String::from(
        "# Finding catalogue\n\n\
         <!-- Generated from src/diag/codes.rs and src/diag/details.rs by tests/docs.rs; do not \
         edit. Write it again with `ACCSM_BLESS=1 cargo test --test tests docs::`. -->\n\n\
         Every finding `accsm validate` can report, with its stable code and the severity it has. \
         `accsm rules` prints the same list. An `error` makes `accsm validate` exit with status 1 \
         and fails CI; a `warning` fails only with `--deny warnings`; a `note` never does. A \
         warning or note that is a fact of the data can be accepted beside its line with \
         `# accsm: allow(code) reason` (see [Checking the data](../validate.md#accsm-validate-path)); \
         an error cannot.\n\n\
         | code | severity | what it finds |\n|---|---|---|\n",
    );
    for code in Code::ALL {
        let mut text = code.description().to_string();
        if let Some(more) = details(*code) {
            text.push(' ');
            text.push_str(more);
        }
        out.push_str(&format!(
            "| `{}` | {} | {} |\n",
            code.as_str(),
            code.severity().as_str(),
            cell(&text)
        ));
    }
    out
}

fn help(args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_accsm"))
        .args(args)
        .arg("--help")
        .env("COLUMNS", "100")
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .output()
        .unwrap();
    assert!(output.status.success(), "accsm {args:?} --help failed");
    String::from_utf8(output.stdout).unwrap()
}

/// The subcommands a help text lists under `Commands:`, `help` left out.
fn subcommands(help: &str) -> Vec<String> {
    help.lines()
        .skip_while(|l| *l != "Commands:")
        .skip(1)
        .take_while(|l| l.starts_with(' '))
        .filter(|l| l.len() > 2 && !l[2..].starts_with(' '))
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .filter(|name| name != "help")
        .collect()
}

fn commands_md() -> String {
    // Depth first, in the order `--help` lists them.
    let mut pages = Vec::new();
    let mut stack = vec![Vec::<String>::new()];
    while let Some(path) = stack.pop() {
        let args: Vec<&str> = path.iter().map(String::as_str).collect();
        let text = help(&args);
        for sub in subcommands(&text).into_iter().rev() {
            let mut longer = path.clone();
            longer.push(sub);
            stack.push(longer);
        }
        pages.push((path, text));
    }
    let mut out = String::from(
        "# Command reference\n\n\
         <!-- Generated from the command line's definition (`accsm … --help`) by tests/docs.rs; \
         do not edit. Write it again with `ACCSM_BLESS=1 cargo test --test tests docs::`. -->\n\n\
         What `accsm --help` and `accsm COMMAND --help` print, for every command. The guides in \
         [the documentation](../README.md) explain each task with examples; `accsm man` prints \
         the same as manual pages.\n\n",
    );
    for (path, _) in &pages {
        let name = std::iter::once("accsm")
            .chain(path.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join(" ");
        let indent = "  ".repeat(path.len());
        out.push_str(&format!(
            "{indent}- [`{name}`](#{})\n",
            slug(&format!("`{name}`"))
        ));
    }
    for (path, text) in &pages {
        let name = std::iter::once("accsm")
            .chain(path.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join(" ");
        out.push_str(&format!("\n## `{name}`\n\n```text\n{}```\n", text));
    }
    out
}

#[test]
fn the_finding_catalogue_is_generated_from_the_code() {
    check_generated("docs/reference/findings.md", &findings_md());
}

#[test]
fn the_command_reference_is_generated_from_the_command_line() {
    check_generated("docs/reference/commands.md", &commands_md());
}

#[test]
fn every_code_is_in_the_catalogue_once() {
    let md = findings_md();
    for code in Code::ALL {
        assert_eq!(
            md.matches(&format!("| `{}` |", code.as_str())).count(),
            1,
            "{}",
            code.as_str()
        );
    }
}

// ---- Links ----------------------------------------------------------------------------------

/// The Markdown files whose links are checked: those at the root and every one under docs/.
fn markdown_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    let mut dirs = vec![root().join("docs")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// The text of a Markdown file outside code: fenced blocks become empty lines (so line numbers
/// stay), code spans are blanked.
fn prose(markdown: &str) -> Vec<String> {
    let mut fence: Option<String> = None;
    let mut lines = Vec::new();
    for line in markdown.lines() {
        let trimmed = line.trim_start();
        let marker: String = trimmed
            .chars()
            .take_while(|c| *c == '`' || *c == '~')
            .collect();
        match &fence {
            Some(open) => {
                if trimmed.starts_with(open.as_str()) && trimmed.trim_end() == marker {
                    fence = None;
                }
                lines.push(String::new());
                continue;
            }
            None if marker.len() >= 3
                && marker.chars().all(|c| c == marker.as_bytes()[0] as char) =>
            {
                fence = Some(marker);
                lines.push(String::new());
                continue;
            }
            None => {}
        }
        lines.push(blank_code_spans(line));
    }
    lines
}

/// `a `b` c` → `a     c`: a run of backticks opens a span that the same run closes.
fn blank_code_spans(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '`' {
            let run = chars[i..].iter().take_while(|c| **c == '`').count();
            let close = (i + run..chars.len()).find(|&j| {
                chars[j..].iter().take_while(|c| **c == '`').count() == run
                    && (j == 0 || chars[j - 1] != '`')
            });
            if let Some(j) = close {
                out.extend(std::iter::repeat_n(' ', j + run - i));
                i = j + run;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// GitHub's anchor for a heading: lower case, punctuation other than `-` and `_` dropped, spaces
/// as `-`.
fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// The anchors of a Markdown file: every heading's (a repeated one gets `-1`, `-2`…) and every
/// `id="…"`/`name="…"` of HTML in it.
fn anchors(markdown: &str) -> BTreeSet<String> {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut out = BTreeSet::new();
    let mut fence = false;
    for line in markdown.lines() {
        if line.trim_start().starts_with("```") || line.trim_start().starts_with("~~~") {
            fence = !fence;
            continue;
        }
        if fence {
            continue;
        }
        let level = line.chars().take_while(|c| *c == '#').count();
        if (1..=6).contains(&level) && line[level..].starts_with(' ') {
            // The text as rendered: links by their text.
            let text = link_text(&line[level..]);
            let base = slug(&text);
            let n = seen.entry(base.clone()).or_insert(0);
            out.insert(if *n == 0 {
                base.clone()
            } else {
                format!("{base}-{n}")
            });
            *n += 1;
        }
        for attribute in ["id=\"", "name=\""] {
            for (i, _) in line.match_indices(attribute) {
                let rest = &line[i + attribute.len()..];
                if let Some(end) = rest.find('"') {
                    out.insert(rest[..end].to_string());
                }
            }
        }
    }
    out
}

/// `[text](target)` → `text`.
fn link_text(text: &str) -> String {
    let mut out = text.to_string();
    while let Some(open) = out.find("](") {
        let Some(close) = out[open..].find(')') else {
            break;
        };
        let start = out[..open].rfind('[').unwrap_or(open);
        let inner = out[start + 1..open].to_string();
        out.replace_range(start..open + close + 1, &inner);
    }
    out
}

/// The targets of a line's links: `[text](target "title")`, `![alt](target)`, `[label]: target`,
/// `<a href="target">`, `<img src="target">`.
fn targets(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, _) in line.match_indices("](") {
        let rest = &line[i + 2..];
        let rest = rest.strip_prefix('<').unwrap_or(rest);
        let end = rest.find([')', ' ', '>']).unwrap_or(rest.len());
        out.push(rest[..end].to_string());
    }
    let trimmed = line.trim_start();
    if trimmed.starts_with('[')
        && let Some(i) = trimmed.find("]: ")
    {
        out.extend(
            trimmed[i + 3..]
                .split_whitespace()
                .next()
                .map(str::to_string),
        );
    }
    for attribute in ["href=\"", "src=\""] {
        for (i, _) in line.match_indices(attribute) {
            let rest = &line[i + attribute.len()..];
            if let Some(end) = rest.find('"') {
                out.push(rest[..end].to_string());
            }
        }
    }
    out
}

/// `a/./b/../c` → `a/c`, without touching the file system; `None` if it climbs above `from`.
fn normalise(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::Normal(p) => out.push(p),
            _ => return None,
        }
    }
    Some(out)
}

/// Every link of `files` that leads nowhere, as `file:line: why`.
fn broken_links(repository: &Path, files: &[PathBuf]) -> Vec<String> {
    let mut broken = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(file).unwrap();
        let relative = file.strip_prefix(repository).unwrap();
        let shown = relative.display();
        for (n, line) in prose(&text).iter().enumerate() {
            for target in targets(line) {
                if target.contains("://") || target.starts_with("mailto:") {
                    continue; // the network is not consulted
                }
                let (path, anchor) = match target.split_once('#') {
                    Some((p, a)) => (p, Some(a)),
                    None => (target.as_str(), None),
                };
                let joined = if path.is_empty() {
                    relative.to_path_buf() // `#anchor`: this file
                } else {
                    relative.parent().unwrap().join(path)
                };
                let Some(resolved) = normalise(&joined) else {
                    broken.push(format!(
                        "{shown}:{}: `{target}` leads out of the repository",
                        n + 1
                    ));
                    continue;
                };
                let on_disk = repository.join(&resolved);
                if !on_disk.exists() {
                    broken.push(format!(
                        "{shown}:{}: `{target}`: there is no {}",
                        n + 1,
                        resolved.display()
                    ));
                    continue;
                }
                let Some(anchor) = anchor else { continue };
                let page = if on_disk.is_dir() {
                    on_disk.join("README.md")
                } else {
                    on_disk
                };
                if page.extension().is_none_or(|e| e != "md") {
                    continue;
                }
                let known = anchors(&std::fs::read_to_string(&page).unwrap_or_default());
                if !known.contains(anchor) {
                    broken.push(format!(
                        "{shown}:{}: `{target}`: {} has no heading with the anchor `#{anchor}`",
                        n + 1,
                        page.strip_prefix(repository).unwrap_or(&page).display()
                    ));
                }
            }
        }
    }
    broken
}

#[test]
fn every_link_in_the_documentation_leads_somewhere() {
    let files = markdown_files();
    for expected in [
        "README.md",
        "CONTRIBUTING.md",
        "SECURITY.md",
        "docs/README.md",
    ] {
        assert!(
            files.contains(&root().join(expected)),
            "{expected} is not among the files checked"
        );
    }
    let broken = broken_links(root(), &files);
    assert!(
        broken.is_empty(),
        "links that lead nowhere:\n{}",
        broken.join("\n")
    );
}

/// Paths of this repository's code named in the guides (`src/escape/mod.rs`) exist: a file moved
/// without its mention fails here. BENCHMARKS.md is a log of past rounds and may name files as
/// they were then.
#[test]
fn every_source_path_the_guides_name_exists() {
    let mut missing = Vec::new();
    for file in markdown_files() {
        if file.ends_with("BENCHMARKS.md") {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        for (n, line) in text.lines().enumerate() {
            for span in line.split('`').skip(1).step_by(2) {
                let looks_like_path = ["src/", "tests/", "scripts/", "examples/", ".ci/"]
                    .iter()
                    .any(|p| span.starts_with(p))
                    && !span.contains(['*', '<', '…', ' ']);
                if looks_like_path && !root().join(span).exists() {
                    missing.push(format!(
                        "{}:{}: `{span}`",
                        file.strip_prefix(root()).unwrap().display(),
                        n + 1
                    ));
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "paths named in the documentation that do not exist:\n{}",
        missing.join("\n")
    );
}

/// The checker on a made-up repository: each kind of broken link is found, good ones are not.
#[test]
fn the_link_checker_finds_each_kind_of_broken_link() {
    let dir = tempfile::tempdir().unwrap();
    let repository = dir.path();
    std::fs::create_dir_all(repository.join("docs")).unwrap();
    std::fs::write(
        repository.join("docs/guide.md"),
        "# The guide: `accsm list`\n\n## Same\n\n## Same\n\n<a id=\"custom\"></a>\n",
    )
    .unwrap();
    std::fs::write(
        repository.join("README.md"),
        "# Top\n\
         [ok](docs/guide.md) [ok](docs/guide.md#the-guide-accsm-list) [ok](#top) \
         [ok](docs/guide.md#same-1) [ok](docs/guide.md#custom) [web](https://example.org/x)\n\
         [missing file](docs/nothing.md)\n\
         [missing anchor](docs/guide.md#nowhere)\n\
         [out](../elsewhere.md)\n\
         ![image](docs/missing.png)\n\
         [label]: docs/gone.md\n\
         `[in code](docs/nothing.md)`\n\
         ```\n[in a block](docs/nothing.md)\n```\n\
         [own missing anchor](#bottom)\n",
    )
    .unwrap();
    let files = vec![
        repository.join("README.md"),
        repository.join("docs/guide.md"),
    ];
    let broken = broken_links(repository, &files);
    let lines: Vec<&str> = broken
        .iter()
        .map(|b| b.split(": ").next().unwrap())
        .collect();
    assert_eq!(
        lines,
        [
            "README.md:3",
            "README.md:4",
            "README.md:5",
            "README.md:6",
            "README.md:7",
            "README.md:12"
        ],
        "{broken:#?}"
    );
}

/// CONTRIBUTING.md's dependency list names every crate of Cargo.toml, and only those.
#[test]
fn the_dependency_list_names_every_crate() {
    let manifest: toml::Table =
        toml::from_str(&std::fs::read_to_string(root().join("Cargo.toml")).unwrap()).unwrap();
    let mut crates = BTreeSet::new();
    for section in ["dependencies", "dev-dependencies"] {
        if let Some(table) = manifest.get(section).and_then(|t| t.as_table()) {
            crates.extend(table.keys().cloned());
        }
    }
    let contributing = std::fs::read_to_string(root().join("CONTRIBUTING.md")).unwrap();
    let table = contributing
        .split("## Dependencies")
        .nth(1)
        .expect("CONTRIBUTING.md has a Dependencies section");
    let listed: BTreeSet<String> = table
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| crate |"))
        .filter_map(|l| l.split('|').nth(1))
        .flat_map(|names| {
            names
                .replace("(tests only)", "")
                .split(',')
                .map(|n| n.trim().to_string())
                .collect::<Vec<_>>()
        })
        .filter(|n| !n.is_empty())
        .collect();
    let missing: Vec<_> = crates.difference(&listed).collect();
    let stale: Vec<_> = listed.difference(&crates).collect();
    assert!(
        missing.is_empty() && stale.is_empty(),
        "CONTRIBUTING.md's dependency list: not listed {missing:?}; listed but not in Cargo.toml \
         {stale:?}"
    );
}
