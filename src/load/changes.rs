//! The lines changed since a git revision, so that `validate --changed-since REV` reports only
//! findings on them: a repository can adopt a stricter rule without first fixing every old
//! finding.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Lines added or changed since a revision, by file (resolved paths). Files added since, or not
/// yet in git, count as changed throughout.
#[derive(Debug, Default)]
pub struct Changes {
    lines: BTreeMap<PathBuf, BTreeSet<usize>>,
    whole: BTreeSet<PathBuf>,
}

impl Changes {
    /// Whether `line` (1-based) of the file at `path` (resolved) was added or changed.
    pub fn line(&self, path: &Path, line: usize) -> bool {
        self.whole.contains(path) || self.lines.get(path).is_some_and(|l| l.contains(&line))
    }

    /// Whether anything of the file at `path` (resolved) changed.
    pub fn file(&self, path: &Path) -> bool {
        self.whole.contains(path) || self.lines.contains_key(path)
    }
}

/// The changes of the git work tree around `dir` since `rev`, or why they cannot be known.
pub fn since(dir: &Path, rev: &str) -> Result<Changes, String> {
    if rev.starts_with('-') {
        return Err(format!("`{rev}` is not a git revision"));
    }
    let top = git(dir, &["rev-parse", "--show-toplevel"])?;
    let top = PathBuf::from(top.trim());
    git(
        &top,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{rev}^{{commit}}"),
        ],
    )
    .map_err(|_| format!("git knows no revision `{rev}`"))?;
    let diff = git(
        &top,
        &[
            "diff",
            "--no-color",
            "--no-ext-diff",
            "--unified=0",
            "--no-renames",
            rev,
            "--",
        ],
    )?;
    let mut changes = parse_diff(&top, &diff);
    let untracked = git(&top, &["ls-files", "--others", "--exclude-standard", "-z"])?;
    for name in untracked.split('\0').filter(|n| !n.is_empty()) {
        changes.whole.insert(resolved(&top.join(name)));
    }
    Ok(changes)
}

fn resolved(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
}

fn git(dir: &Path, args: &[&str]) -> Result<String, String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !out.status.success() {
        let why = String::from_utf8_lossy(&out.stderr).trim().to_string();
        return Err(if why.is_empty() {
            format!("git {} failed", args.join(" "))
        } else {
            why
        });
    }
    String::from_utf8(out.stdout).map_err(|_| "git printed something that is not text".to_string())
}

/// The added lines of a `git diff --unified=0`, by file.
fn parse_diff(top: &Path, diff: &str) -> Changes {
    let mut changes = Changes::default();
    let mut file: Option<PathBuf> = None;
    for line in diff.lines() {
        if let Some(name) = line.strip_prefix("+++ ") {
            // `+++ /dev/null` for a file deleted: nothing of it is left to report on.
            let name = unquote(name);
            file = name.strip_prefix("b/").map(|n| resolved(&top.join(n)));
        } else if let (Some(f), Some(hunk)) = (&file, line.strip_prefix("@@ ")) {
            let Some((start, count)) = added_range(hunk) else {
                continue;
            };
            let lines = changes.lines.entry(f.clone()).or_default();
            // A deletion touches the lines around it.
            let range = if count == 0 {
                start..start + 2
            } else {
                start..start + count
            };
            lines.extend(range);
        }
    }
    changes
}

/// `-12,3 +14,5 @@ …` → (14, 5); a missing count is 1.
fn added_range(hunk: &str) -> Option<(usize, usize)> {
    let plus = hunk.split_whitespace().find(|p| p.starts_with('+'))?;
    let plus = plus.trim_start_matches('+');
    let (start, count) = plus.split_once(',').unwrap_or((plus, "1"));
    Some((start.parse().ok()?, count.parse().ok()?))
}

/// git quotes unusual file names: `"data/caf\303\251.toml"`.
fn unquote(name: &str) -> String {
    let Some(inner) = name.strip_prefix('"').and_then(|n| n.strip_suffix('"')) else {
        return name.to_string();
    };
    let mut bytes = Vec::new();
    let mut chars = inner.bytes().peekable();
    while let Some(b) = chars.next() {
        if b != b'\\' {
            bytes.push(b);
            continue;
        }
        let mut octal = Vec::new();
        while octal.len() < 3 && chars.peek().is_some_and(u8::is_ascii_digit) {
            octal.extend(chars.next());
        }
        match octal.as_slice() {
            [] => bytes.extend(chars.next().map(|c| match c {
                b't' => b'\t',
                b'n' => b'\n',
                other => other,
            })),
            digits => bytes.push(
                u8::from_str_radix(std::str::from_utf8(digits).unwrap_or("0"), 8).unwrap_or(b'?'),
            ),
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn added_lines_are_read_from_the_hunks() {
        let diff = "diff --git a/data/x.toml b/data/x.toml\n--- a/data/x.toml\n+++ b/data/x.toml\n\
                    @@ -3 +3 @@\n-a\n+b\n@@ -10,0 +11,2 @@\n+c\n+d\n@@ -20,2 +21,0 @@\n-e\n-f\n";
        let top = Path::new("/nowhere");
        let changes = parse_diff(top, diff);
        let x = top.join("data/x.toml");
        let lines: Vec<usize> = (1..30).filter(|&l| changes.line(&x, l)).collect();
        assert_eq!(lines, [3, 11, 12, 21, 22]);
        assert!(changes.file(&x));
        assert!(!changes.file(&top.join("data/y.toml")));
    }

    #[test]
    fn quoted_names_are_unquoted() {
        assert_eq!(unquote("\"data/caf\\303\\251.toml\""), "data/café.toml");
        assert_eq!(unquote("data/plain.toml"), "data/plain.toml");
    }
}
