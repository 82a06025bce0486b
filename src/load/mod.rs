//! Loading: read every data file, parse it, and turn its tables into the [`Dataset`]. What a file
//! holds is declared by its tables (`[[programme]]`, `[[kra]]`…), so files may be split or merged
//! freely. Problems are collected as findings; loading never stops at the first one.

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

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

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
/// Each file is read, parsed and let go on one of several threads (see [`threads`]): only the
/// records are kept, and the text is read again if a finding needs its lines (see
/// [`SourceMap::get`]). The results are taken in the order of `paths`, so file ids, records and
/// findings come out exactly as if the files had been loaded one after another.
pub fn load_files(paths: &[PathBuf]) -> Loaded {
    let Loaded {
        mut dataset,
        mut sources,
        mut diagnostics,
    } = Loaded::default();
    // A few small files are loaded before threads would have started.
    let threads = if is_large(paths) { threads() } else { 1 };
    let items: Vec<(FileId, &PathBuf)> = (0..)
        .map(|i| FileId(u32::try_from(i).unwrap_or(u32::MAX)))
        .zip(paths)
        .collect();
    in_order_on(
        threads,
        &items,
        |&(id, path)| {
            let shown = display_path(path);
            let text = match read_text(path, &shown) {
                Ok(text) => text,
                Err(d) => return Err((shown, d)),
            };
            let mut found = Vec::new();
            let mut ctx = Ctx::new(id, &mut found);
            let data = parse_file(&mut ctx, &text);
            Ok((shown, OnDisk::new(path.clone(), &text), data, found))
        },
        |loaded| match loaded {
            Ok((shown, disk, data, mut found)) => {
                sources.add_on_disk(shown, disk);
                diagnostics.append(&mut found);
                dataset.extend(data);
            }
            // An unreadable file keeps its id, and its finding its place among the others.
            Err((shown, d)) => {
                sources.add_unread(shown);
                diagnostics.push(d);
            }
        },
    );
    Loaded {
        dataset,
        sources,
        diagnostics,
    }
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

/// How many threads load files: `ACCSM_THREADS` if set to a number (1 loads on this thread
/// alone, for measurements), else the CPUs this process may use.
pub fn threads() -> usize {
    std::env::var("ACCSM_THREADS")
        .ok()
        .and_then(|n| n.trim().parse::<usize>().ok())
        .filter(|&n| n > 0)
        .or_else(|| std::thread::available_parallelism().ok().map(usize::from))
        .unwrap_or(1)
}

/// Runs `work` on every item, on up to [`threads`] threads, and hands each result to `sink` in
/// the order of `items`, as soon as the results before it are in (so few results wait).
pub(crate) fn in_order<T, R>(items: &[T], work: impl Fn(&T) -> R + Sync, sink: impl FnMut(R))
where
    T: Sync,
    R: Send,
{
    in_order_on(threads(), items, work, sink);
}

fn in_order_on<T, R>(
    threads: usize,
    items: &[T],
    work: impl Fn(&T) -> R + Sync,
    mut sink: impl FnMut(R),
) where
    T: Sync,
    R: Send,
{
    let threads = threads.min(items.len());
    if threads <= 1 {
        items.iter().for_each(|item| sink(work(item)));
        return;
    }
    let next = AtomicUsize::new(0);
    let (results, received) = mpsc::channel::<(usize, R)>();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let results = results.clone();
            let (next, work) = (&next, &work);
            scope.spawn(move || {
                // Items are handed out in order, so results arrive nearly in order.
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(index) else { break };
                    if results.send((index, work(item))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(results);
        let mut waiting: BTreeMap<usize, R> = BTreeMap::new();
        let mut expected = 0;
        for (index, result) in received {
            waiting.insert(index, result);
            while let Some(result) = waiting.remove(&expected) {
                sink(result);
                expected += 1;
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parallel_results_come_in_item_order() {
        let items: Vec<u64> = (0..500).collect();
        for threads in [1, 2, 7] {
            let mut seen = Vec::new();
            // Uneven work, so that later items often finish first.
            in_order_on(
                threads,
                &items,
                |&n| (0..(n % 7) * 1000).fold(n, |a, b| a ^ b) ^ n,
                |r| seen.push(r),
            );
            let expected: Vec<u64> = items
                .iter()
                .map(|&n| (0..(n % 7) * 1000).fold(n, |a, b| a ^ b) ^ n)
                .collect();
            assert_eq!(seen, expected, "{threads} threads");
        }
    }
}
