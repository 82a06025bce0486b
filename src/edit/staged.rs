//! Checking a change before it is written: the data set as it would be with one file's text
//! replaced, the other files read from disk as usual.

use std::path::PathBuf;

use crate::load::read::Ctx;
use crate::load::{Loaded, display_path, load_files, parse_file};
use crate::source::{FileId, SourceFile};

/// The repository's files checked as `validate` checks them, but with `files[which]` holding
/// `text` (without a byte-order mark) instead of what is on disk. Returns the findings and the
/// id under which that text was read: findings in it point into `text`.
pub fn check_with_text(files: &[PathBuf], which: usize, text: &str) -> (Loaded, FileId) {
    let others: Vec<PathBuf> = files
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != which)
        .map(|(_, p)| p.clone())
        .collect();
    let mut loaded = load_files(&others);
    let id = FileId(u32::try_from(others.len()).unwrap_or(u32::MAX));
    let mut found = Vec::new();
    let mut ctx = Ctx::new(id, &mut found);
    let data = parse_file(&mut ctx, text);
    let shown = files
        .get(which)
        .map(|p| display_path(p))
        .unwrap_or_default();
    let added = loaded.sources.add(SourceFile::new(shown, text.to_string()));
    loaded.dataset.extend(data);
    loaded.dataset.settle_frameworks();
    loaded.diagnostics.append(&mut found);
    let mut checked = crate::check::validate(&loaded.dataset);
    loaded.diagnostics.append(&mut checked);
    (loaded, added)
}

/// The repository's `files` checked as `validate` checks them, with new files added: each
/// `(path, text)` read as if it were on disk. Returns the findings and the id each new text was
/// read under, in order.
pub fn check_with_new_files(files: &[PathBuf], new: &[(PathBuf, String)]) -> (Loaded, Vec<FileId>) {
    let mut loaded = load_files(files);
    let mut ids = Vec::with_capacity(new.len());
    for (path, text) in new {
        let id = FileId(u32::try_from(loaded.sources.len()).unwrap_or(u32::MAX));
        let mut found = Vec::new();
        let mut ctx = Ctx::new(id, &mut found);
        let data = parse_file(&mut ctx, text);
        let added = loaded
            .sources
            .add(SourceFile::new(display_path(path), text.to_string()));
        loaded.dataset.extend(data);
        loaded.diagnostics.append(&mut found);
        ids.push(added);
    }
    let mut checked = crate::check::validate(&loaded.dataset);
    loaded.diagnostics.append(&mut checked);
    (loaded, ids)
}
