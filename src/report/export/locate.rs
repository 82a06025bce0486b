//! `file:line` of a record, the file named relative to the repository (with `/` between folders),
//! so that an export is the same from whichever folder it was run.

use std::path::{Component, Path, PathBuf};
use std::sync::OnceLock;

use crate::line_index::LineIndex;
use crate::load::tidy_path;
use crate::source::{FileId, SourceMap, Span};

/// Finds the line of a span. Each file's lines are read once and kept (about a byte a line, see
/// [`LineIndex`]), not its text. Tables and pages written side by side share one, without a
/// lock: each file's lines are found by whichever thread asks first.
pub struct Locator<'a> {
    sources: &'a SourceMap,
    root: PathBuf,
    /// By file id.
    files: Box<[OnceLock<FileLines>]>,
}

/// A file's path as shown, and where its lines start (`None`: it cannot be read again).
type FileLines = (String, Option<LineIndex>);

impl<'a> Locator<'a> {
    /// `root`: the repository's folder; the files' paths are given relative to it.
    pub fn new(sources: &'a SourceMap, root: &Path) -> Self {
        Locator {
            sources,
            root: tidy_path(&absolute(root)),
            files: sources.paths().map(|_| OnceLock::new()).collect(),
        }
    }

    /// `path:line`, or `path` alone when the file cannot be read again (it changed since it was
    /// loaded): a line number then might point at the wrong record.
    pub fn locate(&self, span: Span) -> String {
        let mut out = String::new();
        self.with_lines(span, |file| {
            // Room for the path, `:` and a line's digits, given at once: an export locates
            // every update.
            out.reserve_exact(file.0.len() + 21);
            push_location(&mut out, file, span);
        });
        out
    }

    /// [`Locator::locate`] written at the end of `out`.
    pub fn locate_into(&self, span: Span, out: &mut String) {
        self.with_lines(span, |file| push_location(out, file, span));
    }

    /// The path and lines of the file `span` is in, read the first time they are asked for.
    fn with_lines(&self, span: Span, f: impl FnOnce(&FileLines)) {
        match self.files.get(span.file.0 as usize) {
            Some(cell) => f(cell.get_or_init(|| self.lines(span.file))),
            None => f(&self.lines(span.file)),
        }
    }

    fn lines(&self, file: FileId) -> FileLines {
        let shown = self.sources.path(file);
        let path = relative(&tidy_path(&absolute(shown)), &self.root);
        (path, self.sources.line_index(file))
    }
}

/// `path:line` of `span` in the file (`path` alone when its lines are not known).
fn push_location(out: &mut String, (path, lines): &FileLines, span: Span) {
    out.push_str(path);
    if let Some(lines) = lines {
        out.push(':');
        let line = lines.line_of(span.start);
        crate::report::digits::push_integer(out, i64::try_from(line).unwrap_or(i64::MAX));
    }
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// `path` relative to `base`, with `..` where it lies outside, joined with `/`.
fn relative(path: &Path, base: &Path) -> String {
    let path: Vec<Component<'_>> = path.components().collect();
    let base: Vec<Component<'_>> = base.components().collect();
    let common = path.iter().zip(&base).take_while(|(a, b)| a == b).count();
    if common == 0 {
        // Nothing in common (another drive): the path as it is.
        return path
            .iter()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
    }
    let ups = base.len() - common;
    std::iter::repeat_n("..".into(), ups)
        .chain(
            path[common..]
                .iter()
                .map(|c| c.as_os_str().to_string_lossy()),
        )
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_relative_to_the_repository_with_forward_slashes() {
        let root = Path::new("/repo/examples/kpi-returns");
        assert_eq!(
            relative(
                Path::new("/repo/examples/kpi-returns/returns/IDN/2021.toml"),
                root
            ),
            "returns/IDN/2021.toml"
        );
        assert_eq!(
            relative(Path::new("/repo/data/kpis.toml"), root),
            "../../data/kpis.toml"
        );
        assert_eq!(
            tidy_path(Path::new("/repo/examples/kpi-returns/../../data/./x.toml")),
            Path::new("/repo/data/x.toml")
        );
    }
}
