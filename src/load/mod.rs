//! Loading: read every data file, parse it, and turn its tables into the [`Dataset`]. What a file
//! holds is declared by its tables (`[[programme]]`, `[[framework_entry]]`…), so files may be split or merged
//! freely. Problems are collected as findings; loading never stops at the first one.

pub mod cache;
pub mod changes;
pub mod embedded;
pub mod json_schema;
mod kpis;
mod parse;
mod plans;
pub mod read;
mod references;
mod returns;
mod schema;
mod syntax;
mod updates;
pub mod workspace;

pub use parse::{parse_file, parse_file_with, table_names};
pub use schema::{KeySchema, RecordSchema, Schema, ValueType, schema};

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use rayon::prelude::*;

use crate::diag::{Accepted, Allow, Code, Diagnostic};
use crate::model::Dataset;
use crate::source::{
    DecodeError, Encoding, FileId, MAX_FILE_BYTES, OnDisk, SourceFile, SourceMap,
    decode_with_encoding,
};
use read::Ctx;
pub use read::Unread;
pub(crate) use updates::apply_latest_of;

/// The result of loading: the data, the files it came from, and what was wrong with them.
#[derive(Debug, Default)]
pub struct Loaded {
    pub dataset: Dataset,
    pub sources: SourceMap,
    pub diagnostics: Vec<Diagnostic>,
    /// Findings the data accepts with a reason (filled in by the checks, see
    /// [`crate::diag::accept`]).
    pub accepted: Vec<Accepted>,
    /// The `# accsm: allow(…)` comments of every file.
    pub allows: Vec<Allow>,
    /// What could not be read, file by file: checks elsewhere do not blame other files for
    /// what it may have defined.
    pub unread: Vec<(FileId, Unread)>,
}

/// What a command needs from the files: reports on KPIs and returns do not use programmes, and
/// at 100,000 programmes building their records is most of the work after parsing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LoadOptions {
    /// Read the `[[programme]]` tables into records. When false they are parsed (the file must
    /// still be TOML) but not read: no records and no findings about them.
    pub programmes: bool,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions { programmes: true }
    }
}

/// Reads and parses the given files, every table into records (see [`load_files_with`]).
pub fn load_files(paths: &[PathBuf]) -> Loaded {
    load_files_with(paths, LoadOptions::default())
}

/// Reads and parses the given files. Files that cannot be read become findings.
///
/// Files are read, parsed and let go on the thread pool from the first file on: the threads take
/// the files one after another, in the order of `paths`, while the calling thread merges each
/// result as soon as the results before it are in. So file ids, records and findings come out
/// exactly as if the files had been loaded one after another, only the records are kept (the
/// text is read again if a finding needs its lines, see [`SourceMap::get`]), and a file parsed
/// ahead of a slower one waits with its records, which the merged data would hold anyway.
pub fn load_files_with(paths: &[PathBuf], options: LoadOptions) -> Loaded {
    load_each(paths, |_, id, path| (load_one(id, path, options), ())).0
}

/// Loads each file with `one` (given its place in `paths` and its id), as described at
/// [`load_files_with`], and returns what `one` said of each file beside its result, in order.
fn load_each<T: Send>(
    paths: &[PathBuf],
    one: impl Fn(usize, FileId, &Path) -> (FileResult, T) + Sync,
) -> (Loaded, Vec<T>) {
    let mut loaded = Loaded::default();
    let mut said = Vec::with_capacity(paths.len());
    let file_id = |i: usize| FileId(u32::try_from(i).unwrap_or(u32::MAX));
    // A few small files are loaded before threads would have started.
    if !is_large(paths) {
        for (i, path) in paths.iter().enumerate() {
            let (result, t) = one(i, file_id(i), path);
            loaded.merge(result);
            said.push(t);
        }
        return (loaded.settled(), said);
    }
    in_order(
        paths.len(),
        |i| one(i, file_id(i), &paths[i]),
        |_, (result, t)| {
            loaded.merge(result);
            said.push(t);
        },
    );
    (loaded.settled(), said)
}

/// The data set of an example repository of accsm's own checkout (`examples/progress`), as
/// the tests of the modules that read it load it.
#[cfg(test)]
#[allow(clippy::expect_used)]
pub(crate) fn example(name: &str) -> crate::model::Dataset {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(name);
    let workspace = workspace::Workspace::open(Some(&root)).expect("an example repository");
    let (files, _) = workspace.data_files();
    load_files(&files).dataset
}

/// Runs `work` for each of `0..n` on the thread pool, the threads taking the items one after
/// another in order, and gives each result to `take` on the calling thread in the order of the
/// items, as soon as those before it are in: a result made ahead of a slower one waits, and
/// what `take` lets go of is free for the items still to come.
pub(crate) fn in_order<T: Send>(
    n: usize,
    work: impl Fn(usize) -> T + Sync,
    mut take: impl FnMut(usize, T),
) {
    std::thread::scope(|scope| {
        let (send, results) = std::sync::mpsc::channel::<(usize, T)>();
        let work = &work;
        scope.spawn(move || {
            parallel(|| {
                (0..n).par_bridge().for_each_with(send, |send, i| {
                    // The receiver outlives the senders: a send cannot fail.
                    let _ = send.send((i, work(i)));
                });
            });
        });
        let mut waiting: std::collections::BTreeMap<usize, T> = Default::default();
        let mut next = 0;
        for (i, result) in results {
            waiting.insert(i, result);
            while let Some(result) = waiting.remove(&next) {
                take(next, result);
                next += 1;
            }
        }
    });
}

impl Loaded {
    /// What follows from all the records together, once every file is in: each plan's results
    /// framework, and each programme's current status from its latest update.
    fn settled(mut self) -> Self {
        self.dataset.settle_frameworks();
        self.dataset.shrink_to_fit();
        updates::apply_latest(&mut self.dataset);
        self
    }

    /// Adds one file's result, after those of the files before it.
    fn merge(&mut self, result: FileResult) {
        match result {
            Ok(file) => {
                let id = self.sources.add_on_disk(file.shown, file.disk);
                self.diagnostics.extend(file.found);
                self.dataset.extend(file.data);
                self.allows.extend(file.allows);
                self.unread.extend(file.unread.into_iter().map(|u| (id, u)));
            }
            // An unreadable file keeps its id, and its finding its place among the others.
            Err((shown, d)) => {
                let id = self.sources.add_unread(shown);
                self.diagnostics.push(d);
                self.unread.push((id, Unread::File));
            }
        }
    }
}

/// Parses texts held in memory (the built-in data, see [`embedded`]) as [`load_files`] parses
/// files: one id per text, in order, and the text is kept for the lines a finding shows.
pub fn load_texts(files: &[(PathBuf, &str)]) -> Loaded {
    let mut loaded = Loaded::default();
    for (i, (shown, text)) in files.iter().enumerate() {
        let id = FileId(u32::try_from(i).unwrap_or(u32::MAX));
        let mut found = Vec::new();
        let mut ctx = Ctx::new(id, &mut found);
        let data = parse_file(&mut ctx, text);
        let allows = std::mem::take(&mut ctx.allows);
        let unread = std::mem::take(&mut ctx.unread);
        loaded
            .sources
            .add(SourceFile::new(shown.clone(), (*text).to_string()));
        loaded.diagnostics.append(&mut found);
        loaded.dataset.extend(data);
        loaded.allows.extend(allows);
        loaded.unread.extend(unread.into_iter().map(|u| (id, u)));
    }
    loaded.settled()
}

/// One file read and parsed.
struct LoadedFile {
    shown: PathBuf,
    disk: OnDisk,
    data: Dataset,
    found: Vec<Diagnostic>,
    allows: Vec<Allow>,
    unread: Vec<Unread>,
}

type FileResult = Result<LoadedFile, (PathBuf, Diagnostic)>;

/// Reads and parses one file, and lets go of its text.
fn load_one(id: FileId, path: &Path, options: LoadOptions) -> FileResult {
    let (shown, text, found) = read_one(path)?;
    Ok(parse_one(id, path, shown, &text, found, options))
}

/// What [`first_look`] saw of a file.
enum FirstLook {
    /// Read and parsed, as [`load_one`] does.
    Parsed(FileResult),
    /// Only programmes and progress updates, by its table headers: not parsed. Its place and
    /// text's length and hash, no records.
    Records(LoadedFile),
}

/// Reads a file, and parses it unless its table headers say it holds only programmes and
/// progress updates ([`only_records`]). A run that checks such files one by one parses them
/// once the rest is read (see `check`), and finds out then whether the headers told true.
fn first_look(id: FileId, path: &Path) -> FirstLook {
    let (shown, text, found) = match read_one(path) {
        Ok(read) => read,
        Err(e) => return FirstLook::Parsed(Err(e)),
    };
    if found.is_empty() && only_records(&text) {
        return FirstLook::Records(LoadedFile {
            disk: OnDisk::new(path.to_path_buf(), &text),
            shown,
            data: Dataset::default(),
            found,
            allows: Vec::new(),
            unread: Vec::new(),
        });
    }
    FirstLook::Parsed(Ok(parse_one(
        id,
        path,
        shown,
        &text,
        found,
        LoadOptions::default(),
    )))
}

/// Whether every table header of a TOML text is `[[programme]]`, `[[update]]` or a table inside
/// one of them, and nothing but comments comes before the first. Not a parse: a header inside a
/// multi-line string counts too. It only decides when a file is parsed; what parsing it gives
/// is checked then.
fn only_records(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut headers = 0;
    // Each line's first bytes only, the line breaks found by memchr (the file's bytes are read
    // once, quickly; most lines are `key = value`).
    let starts = std::iter::once(0).chain(memchr::memchr_iter(b'\n', bytes).map(|at| at + 1));
    for start in starts {
        let rest = &bytes[start..];
        let indent = rest
            .iter()
            .take_while(|b| matches!(b, b' ' | b'\t'))
            .count();
        match rest.get(indent) {
            Some(b'[') => {
                let end = memchr::memchr(b'\n', rest).unwrap_or(rest.len());
                let Ok(line) = std::str::from_utf8(&rest[indent..end]) else {
                    return false;
                };
                let name = line
                    .trim_start_matches('[')
                    .split([']', '#'])
                    .next()
                    .unwrap_or("");
                let table = name.split('.').next().unwrap_or("").trim();
                if table != "programme" && table != "update" {
                    return false;
                }
                headers += 1;
            }
            None | Some(b'#' | b'\r' | b'\n') => {}
            Some(_) if headers == 0 => return false,
            Some(_) => {}
        }
    }
    headers > 0
}

/// Reads a file as text: its path as shown, the text, and a finding if it was not UTF-8.
fn read_one(path: &Path) -> Result<(PathBuf, String, Vec<Diagnostic>), (PathBuf, Diagnostic)> {
    let shown = display_path(path);
    let mut found = Vec::new();
    let text = match read_text(path, &shown) {
        Ok((text, Encoding::Utf8)) => text,
        Ok((text, Encoding::Utf16)) => {
            found.push(
                Diagnostic::for_path(
                    Code::NotUtf8,
                    &shown,
                    format!(
                        "{} is UTF-16 text; accsm read it, but TOML files must be UTF-8",
                        shown.display()
                    ),
                )
                .with_help(
                    "save the file as UTF-8 in your editor (in Notepad: Save As, Encoding: UTF-8)",
                ),
            );
            text
        }
        Err(d) => return Err((shown, d)),
    };
    Ok((shown, text, found))
}

/// Parses a file's text into records.
fn parse_one(
    id: FileId,
    path: &Path,
    shown: PathBuf,
    text: &str,
    mut found: Vec<Diagnostic>,
    options: LoadOptions,
) -> LoadedFile {
    let mut ctx = Ctx::new(id, &mut found);
    let data = parse_file_with(&mut ctx, text, options);
    let allows = std::mem::take(&mut ctx.allows);
    let unread = std::mem::take(&mut ctx.unread);
    LoadedFile {
        disk: OnDisk::new(path.to_path_buf(), text),
        shown,
        data,
        found,
        allows,
        unread,
    }
}

/// The path as people should see it: relative to the working directory where it lies below it.
/// `examples/kpi-returns/../../data` is shown as `data`, and the working directory itself as `.`.
pub fn display_path(path: &Path) -> PathBuf {
    let tidy = tidy_path(path);
    let relative = std::env::current_dir()
        .ok()
        .and_then(|cwd| tidy.strip_prefix(&cwd).ok().map(Path::to_path_buf));
    match relative {
        Some(r) if r.as_os_str().is_empty() => PathBuf::from("."),
        Some(r) => r,
        None => tidy,
    }
}

/// The path with `.` left out and `name/..` pairs taken away, by their names alone (`.` when
/// nothing is left).
pub fn tidy_path(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out: Vec<Component<'_>> = Vec::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir if matches!(out.last(), Some(Component::Normal(_))) => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    if out.is_empty() {
        return PathBuf::from(".");
    }
    out.iter().collect()
}

/// Reads a file as text (see [`decode_with_encoding`]).
fn read_text(path: &Path, shown: &Path) -> Result<(String, Encoding), Diagnostic> {
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
    decode_with_encoding(bytes).map_err(|e| match e {
        DecodeError::Utf8 { valid_up_to, bytes } => {
            let before = &bytes[..valid_up_to];
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
        }
        DecodeError::Utf16 { at } => Diagnostic::for_path(
            Code::NotUtf8,
            shown,
            format!(
                "{} is UTF-16 text with a broken character at byte {}",
                shown.display(),
                at + 1
            ),
        )
        .with_help("save the file as UTF-8 in your editor"),
    })
}

/// Whether there is enough to read that threads pay for their start: many files, or a few big
/// ones.
pub(crate) fn is_large(paths: &[PathBuf]) -> bool {
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
pub fn parallel<R: Send>(work: impl FnOnce() -> R + Send) -> R {
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
    fn only_records_reads_the_table_headers() {
        for (text, records) in [
            ("[[programme]]\nplan = \"x\"\n", true),
            (
                "# a comment\n\n  [[update]]\r\n[[programme]] # note\n",
                true,
            ),
            ("[[programme]]\n[programme.budget]\n[[ update ]]\n", true),
            ("[[programme]]\n[[plan]]\n", false),
            ("[[country]]\n", false),
            ("key = 1\n[[programme]]\n", false),
            ("[[programmes]]\n", false),
            ("", false),
            ("# only a comment\n", false),
        ] {
            assert_eq!(only_records(text), records, "{text:?}");
        }
    }

    #[test]
    fn files_loaded_in_parallel_come_out_in_file_order() -> std::io::Result<()> {
        // Enough files for the parallel path, of uneven sizes.
        let temp = tempfile::tempdir()?;
        let dir = temp.path();
        let count = 197;
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

    #[test]
    fn programmes_are_left_unread_when_not_asked_for() -> std::io::Result<()> {
        let temp = tempfile::tempdir()?;
        let path = temp.path().join("plan.toml");
        let text = "[[plan]]\nid = \"p\"\ntitle = \"P\"\narea_kind = \"priority\"\nstart = 2021\nend = 2025\n\n\
                    [[programme]]\nplan = \"p\"\nnumber = 1\ntitle = \"T\"\ncoordinators = [\"IDN\"]\nbad = 1\n";
        std::fs::write(&path, text)?;
        let paths = [path];
        let all = load_files(&paths);
        assert_eq!(all.dataset.programmes.len(), 1);
        let unknown_keys = |l: &Loaded| {
            l.diagnostics
                .iter()
                .filter(|d| d.code == Code::UnknownKey)
                .count()
        };
        assert_eq!(unknown_keys(&all), 1, "{:?}", all.diagnostics);
        let without = load_files_with(&paths, LoadOptions { programmes: false });
        assert!(without.dataset.programmes.is_empty());
        assert_eq!(without.dataset.plans.len(), 1);
        assert!(without.diagnostics.is_empty(), "{:?}", without.diagnostics);
        // A syntax error is still found: the file is parsed either way.
        std::fs::write(&paths[0], format!("{text}[[programme]\n"))?;
        let broken = load_files_with(&paths, LoadOptions { programmes: false });
        assert!(broken.diagnostics.iter().any(|d| d.code == Code::Syntax));
        Ok(())
    }
}
