//! `accsm fmt` over many files: each is read, formatted and compared in parallel, and the
//! results come back in the order of the paths. Nothing is written here.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::format::{FormatError, format_toml};
use crate::load::{Schema, display_path};
use crate::source::MAX_FILE_BYTES;

/// What `accsm fmt` makes of one file.
#[derive(Debug)]
pub enum FileFormat {
    /// The file is in the canonical layout already.
    Formatted,
    /// The file is not: the bytes read (to make sure, before writing, that they are still
    /// there) and the canonical text.
    Changes { read: Vec<u8>, text: String },
    /// The file is not: what would change, as a unified diff (when a diff was asked for).
    Diff(String),
    /// The file is left as it is, for this reason.
    Left(Left),
}

/// Why a file is left as it is.
#[derive(Debug)]
pub enum Left {
    /// It could not be read.
    Unreadable(std::io::Error),
    /// It is too large for accsm (more than 4 GiB).
    TooLarge(u64),
    /// It is not UTF-8 text: the first bad byte, counted from 1, and its line.
    NotUtf8 { line: usize, byte: usize },
    /// It is not valid TOML, or could not be formatted without changing it.
    Format(FormatError),
}

impl std::fmt::Display for Left {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Left::Unreadable(e) => write!(f, "cannot be read ({e})"),
            Left::TooLarge(len) => write!(
                f,
                "is too large ({len} bytes; accsm reads files of up to 4 GiB)"
            ),
            Left::NotUtf8 { line, byte } => write!(
                f,
                "is not UTF-8 text (invalid byte at line {line}, byte {byte})"
            ),
            Left::Format(e) => e.fmt(f),
        }
    }
}

/// Formats every file (in parallel when there are many) and returns what became of each, in
/// the order of `paths`. With `diff`, a file that is not formatted comes back as the diff of
/// what would change, made on the same thread, and its texts are let go.
pub fn format_files(paths: &[PathBuf], schema: &Schema, diff: bool) -> Vec<FileFormat> {
    let one = |path: &PathBuf| match format_file(path, schema) {
        FileFormat::Changes { read, text } if diff => {
            let shown = display_path(path).display().to_string();
            let old = String::from_utf8_lossy(&read);
            FileFormat::Diff(unified_diff(
                &old,
                &text,
                &shown,
                &format!("{shown} (formatted)"),
            ))
        }
        other => other,
    };
    if paths.len() < 8 {
        return paths.iter().map(one).collect();
    }
    crate::load::parallel(|| paths.par_iter().map(one).collect())
}

/// What `accsm fmt` makes of one file.
pub fn format_file(path: &Path, schema: &Schema) -> FileFormat {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => return FileFormat::Left(Left::Unreadable(e)),
    };
    if bytes.len() > MAX_FILE_BYTES {
        return FileFormat::Left(Left::TooLarge(bytes.len() as u64));
    }
    let text = match std::str::from_utf8(&bytes) {
        Ok(text) => text,
        Err(e) => {
            let before = &bytes[..e.valid_up_to()];
            let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
            return FileFormat::Left(Left::NotUtf8 {
                line,
                byte: e.valid_up_to() + 1,
            });
        }
    };
    match format_toml(text, schema) {
        Ok(formatted) if formatted == text => FileFormat::Formatted,
        Ok(formatted) => FileFormat::Changes {
            read: bytes,
            text: formatted,
        },
        Err(e) => FileFormat::Left(Left::Format(e)),
    }
}

/// A unified diff of two texts, with three lines of context, headed `--- old_name` and
/// `+++ new_name`; empty when they are equal. A pathological pair of files cannot hold it up
/// for long: after a second the diff is made coarser instead.
pub fn unified_diff(old: &str, new: &str, old_name: &str, new_name: &str) -> String {
    similar::TextDiff::configure()
        .timeout(std::time::Duration::from_secs(1))
        .diff_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(old_name, new_name)
        .to_string()
}
