//! The lines changed since a git revision, so that `validate --changed-since REV` reports only
//! findings on them: a repository can adopt a stricter rule without first fixing every old
//! finding.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Lines added or changed since a revision, by file (resolved paths). Files added since, or not
/// yet in git, count as changed throughout. When git's answer could not be read as expected,
/// every file counts as changed ([`Changes::everything`]): a gate that cannot tell what changed
/// checks everything rather than nothing.
#[derive(Debug, Default)]
pub struct Changes {
    lines: BTreeMap<PathBuf, BTreeSet<usize>>,
    whole: BTreeSet<PathBuf>,
    /// Why every file counts as changed, when it does.
    pub everything: Option<String>,
}

impl Changes {
    /// Whether `line` (1-based) of the file at `path` (resolved) was added or changed.
    pub fn line(&self, path: &Path, line: usize) -> bool {
        self.file(path)
            && (self.whole.contains(path) || self.everything.is_some() || {
                self.lines.get(path).is_some_and(|l| l.contains(&line))
            })
    }

    /// Whether anything of the file at `path` (resolved) changed.
    pub fn file(&self, path: &Path) -> bool {
        self.everything.is_some() || self.whole.contains(path) || self.lines.contains_key(path)
    }
}

/// git's settings that would change what `git diff` prints, fixed whatever the user's or the
/// repository's configuration says: prefixes, relative paths, quoting, external diff programs.
/// (`--text` and `--no-textconv` on the command line undo `.gitattributes`.)
const FIXED_CONFIG: &[&str] = &[
    "-c",
    "diff.noprefix=false",
    "-c",
    "diff.mnemonicPrefix=false",
    "-c",
    "diff.relative=false",
    "-c",
    "diff.external=",
    "-c",
    "core.quotePath=true",
    "-c",
    "color.ui=false",
];

/// The changes of the git work tree around `dir` since `rev`. A revision git does not know is an
/// error; a diff that cannot be read as expected makes every file count as changed.
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
    let diff_args = |extra: &[&'static str]| {
        let mut args = vec![
            "diff",
            "--no-color",
            "--no-ext-diff",
            "--no-textconv",
            "--text",
            "--src-prefix=a/",
            "--dst-prefix=b/",
            "--no-renames",
        ];
        args.extend_from_slice(extra);
        args
    };
    let everything = |why: String| Changes {
        everything: Some(why),
        ..Changes::default()
    };
    let names = match git(
        &top,
        &[diff_args(&["--name-only", "-z"]), vec![rev, "--"]].concat(),
    ) {
        Ok(names) => names,
        Err(why) => return Ok(everything(format!("git diff failed: {why}"))),
    };
    let diff = match git(
        &top,
        &[diff_args(&["--unified=0"]), vec![rev, "--"]].concat(),
    ) {
        Ok(diff) => diff,
        Err(why) => return Ok(everything(format!("git diff failed: {why}"))),
    };
    let mut changes = match parse_diff(&top, &diff) {
        Ok(changes) => changes,
        Err(why) => return Ok(everything(format!("the diff could not be read: {why}"))),
    };
    // A file git names as changed but whose lines the diff did not show counts as changed
    // throughout (a mode change, or anything the diff could not show).
    for name in names.split('\0').filter(|n| !n.is_empty()) {
        let path = resolved(&top.join(name));
        if !changes.lines.contains_key(&path) {
            changes.whole.insert(path);
        }
    }
    let untracked = git(
        &top,
        &[
            "-c",
            "core.excludesFile=",
            "ls-files",
            "--others",
            "--exclude-standard",
            "-z",
        ],
    )?;
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
        .args(FIXED_CONFIG)
        .args(args)
        // What these would change in the output is fixed by the options above.
        .env_remove("GIT_EXTERNAL_DIFF")
        .env_remove("GIT_DIFF_OPTS")
        .env_remove("GIT_CONFIG_PARAMETERS")
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

/// The added lines of a `git diff --unified=0`, by file. A file's name is read only from its
/// header (before its first hunk), and each hunk's lines are counted off by the numbers in its
/// `@@` line, so that no line of a file's text is ever taken for a header. Anything else than
/// git's format is an error.
fn parse_diff(top: &Path, diff: &str) -> Result<Changes, String> {
    let mut changes = Changes::default();
    let mut file: Option<PathBuf> = None;
    let mut in_header = false;
    let mut seen_file = false;
    // Lines of the current hunk still to come: removed, added.
    let (mut minus, mut plus) = (0usize, 0usize);
    let mut next_added = 0usize;
    for (n, line) in diff.split('\n').enumerate() {
        let bad = |what: &str| format!("line {} of the diff {what}", n + 1);
        if minus > 0 || plus > 0 {
            match line.as_bytes().first() {
                Some(b'-') if minus > 0 => minus -= 1,
                Some(b'+') if plus > 0 => {
                    plus -= 1;
                    if let Some(f) = &file {
                        changes
                            .lines
                            .entry(f.clone())
                            .or_default()
                            .insert(next_added);
                    }
                    next_added += 1;
                }
                Some(b'\\') => {}
                _ => return Err(bad("does not belong to its hunk")),
            }
            continue;
        }
        if line.starts_with("diff --git ") {
            file = None;
            in_header = true;
            seen_file = true;
        } else if let Some(name) = line.strip_prefix("+++ ").filter(|_| in_header) {
            // `+++ /dev/null` for a file deleted: nothing of it is left to report on.
            let name = unquote(name);
            file = name.strip_prefix("b/").map(|n| resolved(&top.join(n)));
        } else if let Some(hunk) = line.strip_prefix("@@ ") {
            if !seen_file {
                return Err(bad("is a hunk before any file"));
            }
            in_header = false;
            let ((_, removed), (start, count)) =
                hunk_ranges(hunk).ok_or_else(|| bad("is not a hunk header"))?;
            (minus, plus, next_added) = (removed, count, start);
            if let Some(f) = &file {
                let lines = changes.lines.entry(f.clone()).or_default();
                if count == 0 {
                    // A deletion touches the lines around it.
                    lines.extend(start..start + 2);
                }
            }
        } else if in_header || line.is_empty() || line.starts_with("\\") {
            // `--- a/…`, `index …`, `new file mode …` and the like; the end of the text.
        } else {
            return Err(bad("is not part of git's diff format"));
        }
    }
    if minus > 0 || plus > 0 {
        return Err("the diff ends inside a hunk".to_string());
    }
    Ok(changes)
}

/// `-12,3 +14,5 @@ …` → ((12, 3), (14, 5)); a missing count is 1.
fn hunk_ranges(hunk: &str) -> Option<((usize, usize), (usize, usize))> {
    let mut words = hunk.split(' ');
    let old = range(words.next()?.strip_prefix('-')?)?;
    let new = range(words.next()?.strip_prefix('+')?)?;
    (words.next()? == "@@").then_some((old, new))
}

fn range(text: &str) -> Option<(usize, usize)> {
    let (start, count) = text.split_once(',').unwrap_or((text, "1"));
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
        let changes = parse_diff(top, diff).unwrap_or_else(|e| panic!("{e}"));
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
