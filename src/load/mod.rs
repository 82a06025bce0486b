//! Loading: read every data file, parse it, and turn its tables into the [`Dataset`]. What a file
//! holds is declared by its tables (`[[programme]]`, `[[kra]]`…), so files may be split or merged
//! freely. Problems are collected as findings; loading never stops at the first one.

pub mod embedded;
mod kpis;
mod parse;
mod plans;
pub mod read;
mod references;
mod returns;
mod schema;
pub mod workspace;

pub use parse::{parse_file, table_names};
pub use schema::{KeySchema, RecordSchema, Schema, ValueType, schema};

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use rayon::prelude::*;

use crate::diag::{Code, Diagnostic};
use crate::model::Dataset;
use crate::source::{FileId, MAX_FILE_BYTES, OnDisk, SourceMap, decode};
use read::Ctx;

/// The result of loading: the data, the files it came from, and what was wrong with them.
#[derive(Debug, Default)]
pub struct Loaded {
    pub dataset: Dataset,
    pub sources: SourceMap,
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads and parses the given files. Files that cannot be read become findings.
///
/// Files are read, parsed and let go in parallel (see [`parallel`]), a batch at a time: only the
/// records are kept, and the text is read again if a finding needs its lines (see
/// [`SourceMap::get`]). Each batch is merged in the order of `paths`, so file ids, records and
/// findings come out exactly as if the files had been loaded one after another, and only one
/// batch of parsed files waits to be merged at any moment.
pub fn load_files(paths: &[PathBuf]) -> Loaded {
    let mut loaded = Loaded::default();
    let items: Vec<(FileId, &PathBuf)> = (0..)
        .map(|i| FileId(u32::try_from(i).unwrap_or(u32::MAX)))
        .zip(paths)
        .collect();
    // A few small files are loaded before threads would have started.
    let in_parallel = is_large(paths);
    for batch in items.chunks(FILES_PER_BATCH) {
        let results: Vec<FileResult> = if in_parallel {
            parallel(|| {
                batch
                    .par_iter()
                    .map(|&(id, path)| load_one(id, path))
                    .collect()
            })
        } else {
            batch.iter().map(|&(id, path)| load_one(id, path)).collect()
        };
        for result in results {
            match result {
                Ok((shown, disk, data, mut found)) => {
                    loaded.sources.add_on_disk(shown, disk);
                    loaded.diagnostics.append(&mut found);
                    loaded.dataset.extend(data);
                }
                // An unreadable file keeps its id, and its finding its place among the others.
                Err((shown, d)) => {
                    loaded.sources.add_unread(shown);
                    loaded.diagnostics.push(d);
                }
            }
        }
    }
    loaded
}

/// Files parsed in parallel before their records are merged: enough to keep every thread busy,
/// few enough that the parsed files waiting for the merge take little memory.
const FILES_PER_BATCH: usize = 64;

type FileResult = Result<(PathBuf, OnDisk, Dataset, Vec<Diagnostic>), (PathBuf, Diagnostic)>;

/// Reads and parses one file, and lets go of its text.
fn load_one(id: FileId, path: &Path) -> FileResult {
    let shown = display_path(path);
    let text = match read_text(path, &shown) {
        Ok(text) => text,
        Err(d) => return Err((shown, d)),
    };
    let mut found = Vec::new();
    let mut ctx = Ctx::new(id, &mut found);
    let data = parse_file(&mut ctx, &text);
    Ok((shown, OnDisk::new(path.to_path_buf(), &text), data, found))
}

/// The path as people should see it: relative to the working directory where it lies below it.
pub fn display_path(path: &Path) -> PathBuf {
    let relative = std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(&cwd).ok().map(Path::to_path_buf));
    relative.unwrap_or_else(|| path.to_path_buf())
}

/// Reads a file as UTF-8 text (see [`decode`]).
fn read_text(path: &Path, shown: &Path) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(path).map_err(|e| {
        Diagnostic::for_path(
            Code::Io,
            shown,
            format!("cannot read {}: {e}", shown.display()),
        )
    })?;
    if bytes.len() > MAX_FILE_BYTES {
        return Err(Diagnostic::for_path(
            Code::Io,
            shown,
            format!(
                "{} is too large to read ({} bytes; accsm reads files of up to 4 GiB)",
                shown.display(),
                bytes.len()
            ),
        )
        .with_help("split the file into several smaller ones"));
    }
    decode(bytes).map_err(|e| {
        let valid_up_to = e.utf8_error().valid_up_to();
        let before = &e.as_bytes()[..valid_up_to];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        Diagnostic::for_path(
            Code::NotUtf8,
            shown,
            format!(
                "{} is not UTF-8 text (invalid byte at line {line}, byte {})",
                shown.display(),
                valid_up_to + 1
            ),
        )
        .with_help("save the file as UTF-8 in your editor")
    })
}

/// Whether there is enough to read that threads pay for their start: many files, or a few big
/// ones.
fn is_large(paths: &[PathBuf]) -> bool {
    paths.len() >= PARALLEL_MIN_FILES || {
        let sizes = paths.iter().filter_map(|p| std::fs::metadata(p).ok());
        sizes.map(|m| m.len()).sum::<u64>() >= PARALLEL_MIN_BYTES as u64
    }
}

/// Below this many files, or bytes of text, loading stays on the calling thread.
const PARALLEL_MIN_FILES: usize = 32;
const PARALLEL_MIN_BYTES: usize = 256 * 1024;

/// Runs `work` on the thread pool: the CPUs this process may use, or `ACCSM_THREADS` if set to
/// a number (1 keeps everything on one thread, for measurements).
pub(crate) fn parallel<R: Send>(work: impl FnOnce() -> R + Send) -> R {
    static POOL: OnceLock<Option<rayon::ThreadPool>> = OnceLock::new();
    let pool = POOL.get_or_init(|| {
        let threads = std::env::var("ACCSM_THREADS")
            .ok()
            .and_then(|n| n.trim().parse::<usize>().ok())
            .filter(|&n| n > 0)?;
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .ok()
    });
    match pool {
        Some(pool) => pool.install(work),
        None => work(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_loaded_in_parallel_come_out_in_file_order() -> std::io::Result<()> {
        // Enough files for the parallel path, and for several batches.
        let temp = tempfile::tempdir()?;
        let dir = temp.path();
        let count = 3 * FILES_PER_BATCH + 5;
        let paths: Vec<PathBuf> = (0..count)
            .map(|i| {
                let path = dir.join(format!("{i:04}.toml"));
                // Uneven sizes, so that later files often finish first.
                let padding = "# padding\n".repeat((i * 7919) % 300);
                let text = format!("{padding}[[currency]]\nid = \"C{i}\"\nname = \"x\"\nbad = 1\n");
                std::fs::write(&path, text).map(|_| path)
            })
            .collect::<Result<_, _>>()?;
        assert!(is_large(&paths));
        let loaded = load_files(&paths);
        let ids: Vec<String> = loaded
            .dataset
            .references
            .iter()
            .map(|r| r.id.value.to_string())
            .collect();
        let expected: Vec<String> = (0..count).map(|i| format!("C{i}")).collect();
        assert_eq!(ids, expected);
        // One unknown-key finding per file, in file order.
        let files: Vec<u32> = loaded
            .diagnostics
            .iter()
            .filter_map(|d| d.span.map(|s| s.file.0))
            .collect();
        assert_eq!(files, (0..count as u32).collect::<Vec<_>>());
        Ok(())
    }
}
