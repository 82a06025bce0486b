//! The incremental cache: what each data file contributed to a run, kept between runs in
//! `.accsm-cache/` at the repository's root, so that a run reads and parses only the files that
//! changed, and `validate` checks on their own only the records of those files.
//!
//! What is kept, for a file that holds programmes and progress updates and nothing else, read in
//! full (no syntax error), whose reading findings each have a place in the file: its records,
//! those findings and its `# accsm: allow` comments; the same with the records outlined (what
//! the rules across records read, `Programme::outline`, `UpdateOutline`); and what the rules
//! about each record on its own found, with a hash of the context they ran in ([`Checked`],
//! made by `check`). Such files are nearly all of a large repository's bytes. Every other file
//! (plans, reference lists, frameworks, KPIs, returns) is read and parsed on every run. A warm
//! run that differs from a cold one would need a cached file whose records differ from what
//! parsing it gives, which its key rules out, or findings kept under a context that differs,
//! which the context's hash rules out.
//!
//! The key of a file is its path under the root, and its size, modification and change times
//! (nanoseconds), inode and device, as git keeps them in its index. A file modified within a few
//! seconds of the run that cached it ("racily clean", as git says) is read and hashed before its
//! entry is trusted, since an edit in the same tick of the clock keeps its time.
//!
//! The cache is one file, `.accsm-cache/files.bin`: a header naming the accsm version and the
//! build (size, times and inode of the executable), the entries, and a checksum. Anything else (another
//! build, a torn or hostile file, a symbolic link, an unreadable folder) makes the run cold; a
//! value read from it that other code relies on (a span inside the file, a month of twelve) is
//! checked as it is read. Writing goes to a new file beside it, renamed over it; nothing is
//! written through a symbolic link, and a cache that cannot be written is left as it is without
//! a word.

mod bytes;
pub mod codec;
mod findings;
mod outlined;
mod packed;
mod save;
mod select;
mod store;
mod updates;

pub use outlined::{Checked, FromCache, Later, Outlined, ReadLater, Saver, load_outlined};
pub use packed::{PackedFile, PackedUpdates, Updates};
use select::Numbers;
pub use select::load_for_number;
use store::{checksum, identity, now, read_file};

use std::fs::Metadata;
use std::ops::Range;
use std::path::{Path, PathBuf};

use bytes::{Reader, Writer};

use crate::hash::FastMap;
use crate::model::Dataset;
use crate::source::{FileId, OnDisk, decode_with_encoding, fingerprint};

use super::{FileResult, Loaded, LoadedFile};

/// The cache's folder, at the repository's root.
pub const DIR: &str = ".accsm-cache";
const FILE: &str = "files.bin";
const MAGIC: &[u8; 16] = b"accsm cache v3\n\0";
/// Files modified this close to the run that cached them are hashed before use: more than the
/// tick of any file system's clock (two seconds on FAT).
const RACY_NANOS: i128 = 3_000_000_000;

/// How close to a run a file's times make it racy: [`RACY_NANOS`], or `ACCSM_CACHE_RACY_MS`
/// milliseconds. Only the tests set it (to 0, on a file system whose clock ticks in
/// nanoseconds): files they have just written would otherwise always be hashed, and the entries
/// trusted on their stamp alone never tested.
fn racy_window() -> i128 {
    std::env::var("ACCSM_CACHE_RACY_MS")
        .ok()
        .and_then(|ms| ms.trim().parse::<u32>().ok())
        .map_or(RACY_NANOS, |ms| i128::from(ms) * 1_000_000)
}

/// Whether a run may use the cache: `--no-cache` and `ACCSM_CACHE=off` say no; so does a CI
/// system (the `CI` variable, set by GitHub Actions, GitLab and others), where a gate reads
/// every file, unless `ACCSM_CACHE=on`.
pub fn wanted(no_cache: bool) -> bool {
    if no_cache {
        return false;
    }
    match std::env::var("ACCSM_CACHE").ok().as_deref().map(str::trim) {
        Some("off" | "0" | "no" | "false") => false,
        Some("on" | "1" | "yes" | "true") => true,
        _ => std::env::var_os("CI").is_none_or(|v| v.is_empty() || v == "false"),
    }
}

/// What identifies a file's contents without reading it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: i128,
    changed: i128,
    inode: u64,
    device: u64,
}

impl Stamp {
    #[cfg(unix)]
    fn of(meta: &Metadata) -> Option<Stamp> {
        use std::os::unix::fs::MetadataExt;
        let nanos = |s: i64, ns: i64| i128::from(s) * 1_000_000_000 + i128::from(ns);
        meta.is_file().then(|| Stamp {
            len: meta.len(),
            modified: nanos(meta.mtime(), meta.mtime_nsec()),
            changed: nanos(meta.ctime(), meta.ctime_nsec()),
            inode: meta.ino(),
            device: meta.dev(),
        })
    }

    /// Without a change time or inode, every entry is racy: its file is hashed before use.
    #[cfg(not(unix))]
    fn of(meta: &Metadata) -> Option<Stamp> {
        let modified = meta.modified().ok()?;
        let nanos = modified
            .duration_since(std::time::SystemTime::UNIX_EPOCH)
            .ok()?
            .as_nanos();
        if !meta.is_file() {
            return None;
        }
        Some(Stamp {
            len: meta.len(),
            modified: i128::try_from(nanos).ok()?,
            changed: i128::MAX,
            inode: 0,
            device: 0,
        })
    }

    /// Whether an edit could yet keep the file's times: any later edit sets the modification
    /// and change times to the present, so only one within the tick of the times cached can.
    /// Both times count: an edit that puts the modification time back (`touch -d`) keeps an old
    /// one, and only the change time, set in the same tick, tells it. Without a change time (not
    /// unix), every entry is hashed.
    fn racy(&self, since: i128) -> bool {
        self.changed == i128::MAX || self.modified.max(self.changed) >= since
    }

    fn write(&self, w: &mut Writer) {
        w.u64(self.len);
        w.bytes.extend_from_slice(&self.modified.to_le_bytes());
        w.bytes.extend_from_slice(&self.changed.to_le_bytes());
        w.u64(self.inode);
        w.u64(self.device);
    }

    fn read(r: &mut Reader<'_>) -> Option<Stamp> {
        let i128 = |r: &mut Reader<'_>| Some(i128::from_le_bytes(r.take(16)?.try_into().ok()?));
        Some(Stamp {
            len: r.u64()?,
            modified: i128(r)?,
            changed: i128(r)?,
            inode: r.u64()?,
            device: r.u64()?,
        })
    }
}

/// One file's entry, as read: its index a range of the header's bytes, its payload three
/// parts of the cache file, each read when it is needed.
struct Entry {
    stamp: Stamp,
    racy: bool,
    text_len: u64,
    text_hash: u64,
    /// The programmes' numbers and the numbers their `from` names (see [`Numbers`]).
    index: Range<usize>,
    /// At [`RECORDS`], [`OUTLINE`] and [`CHECKED`].
    parts: [Part; PARTS],
}

impl Entry {
    /// Whether the file at `path` holds the text this entry was made from: read and hashed,
    /// for an entry whose file's times cannot vouch for it (see [`Stamp::racy`]).
    fn text_is_in(&self, path: &Path) -> bool {
        let Some((text, _)) = std::fs::read(path)
            .ok()
            .and_then(|bytes| decode_with_encoding(bytes).ok())
        else {
            return false;
        };
        text.len() as u64 == self.text_len && fingerprint(&text) == self.text_hash
    }
}

/// One part of an entry's payload: where it is in the cache file, and the hash it is checked
/// against before it is used (the header has a checksum of its own).
#[derive(Clone, Debug)]
struct Part {
    range: Range<u64>,
    hash: u64,
}

impl Part {
    const EMPTY: Part = Part {
        range: 0..0,
        hash: 0,
    };
}

/// The parts of a payload: the file's records, findings and allow comments ([`codec`]); the
/// same with the records cut down to their outlines (`Programme::outline`), which is what a
/// warm `validate` reads; and the findings of the rules about each record on its own, with
/// the context they were found in ([`checked`]), empty when there are none to keep.
const PARTS: usize = 3;
const RECORDS: usize = 0;
const OUTLINE: usize = 1;
const CHECKED: usize = 2;

/// The cache as read at the start of a run.
pub struct Cache {
    root: PathBuf,
    /// The cache file, open: payloads are read from it as they are needed.
    file: Option<std::fs::File>,
    /// Its header (the payloads are not read whole, so that they are not held all at once).
    bytes: Vec<u8>,
    entries: FastMap<String, Entry>,
    /// Files whose times are this late or later are racy (see [`Stamp::racy`]).
    racy_since: i128,
    identity: Vec<u8>,
}

/// What became of one file's entry in this run, for the cache written after it.
enum Outcome {
    /// Not cached (not cacheable, or its file changed while read).
    None,
    /// The entry read, still good.
    Kept(String),
    /// The entry read, its file's text found unchanged under a new stamp.
    Restamped(String, Stamp),
    /// A new entry.
    Fresh(String, Fresh),
}

struct Fresh {
    stamp: Stamp,
    text_len: u64,
    text_hash: u64,
    index: Vec<u8>,
    /// The records and the outline parts.
    records: Vec<u8>,
    outline: Vec<u8>,
}

/// How a file is to be loaded, decided from its times before it is read.
enum Decision<'c> {
    Hit(&'c str, &'c Entry),
    Racy(&'c str, &'c Entry, Stamp),
    Miss(Option<(String, Stamp)>),
}

impl Cache {
    /// The cache of the repository at `root`, or an empty one when there is none this build can
    /// use. `None` only when the build cannot be identified (then nothing is cached).
    pub fn open(root: &Path) -> Option<Cache> {
        let identity = identity()?;
        let racy_since = now().saturating_sub(racy_window());
        let mut cache = Cache {
            root: root.to_path_buf(),
            file: None,
            bytes: Vec::new(),
            entries: FastMap::default(),
            racy_since,
            identity,
        };
        if let Some((file, bytes, entries)) = read_file(root, &cache.identity) {
            cache.file = Some(file);
            cache.bytes = bytes;
            cache.entries = entries;
        }
        Some(cache)
    }

    fn key(&self, path: &Path) -> Option<String> {
        let relative = path.strip_prefix(&self.root).ok()?;
        relative.to_str().map(str::to_string)
    }

    fn decide(&self, path: &Path) -> Decision<'_> {
        let Some(key) = self.key(path) else {
            return Decision::Miss(None);
        };
        let Some(stamp) = std::fs::metadata(path).ok().as_ref().and_then(Stamp::of) else {
            return Decision::Miss(None);
        };
        match self.entries.get_key_value(&key) {
            Some((k, e)) if e.stamp == stamp && !e.racy => Decision::Hit(k, e),
            Some((k, e)) if e.stamp == stamp => Decision::Racy(k, e, stamp),
            _ => Decision::Miss(Some((key, stamp))),
        }
    }

    /// One part of an entry's payload, read from the cache file and checked against its hash.
    fn part(&self, e: &Entry, which: usize) -> Option<Vec<u8>> {
        let part = &e.parts[which];
        let len = usize::try_from(part.range.end - part.range.start).ok()?;
        let mut buf = vec![0; len];
        read_at(self.file.as_ref()?, &mut buf, part.range.start).ok()?;
        (checksum(&buf) == part.hash).then_some(buf)
    }

    /// An entry's records, findings and allow comments.
    fn contribution(&self, e: &Entry, id: FileId) -> Option<codec::Contribution> {
        let len = u32::try_from(e.text_len).ok()?;
        codec::decode(&self.part(e, RECORDS)?, id, len)
    }

    /// An entry's outlines, findings and allow comments.
    fn outlines(&self, e: &Entry, id: FileId) -> Option<codec::Outlines> {
        let len = u32::try_from(e.text_len).ok()?;
        codec::decode_outlines(&self.part(e, OUTLINE)?, id, len)
    }

    fn hit(&self, path: &Path, e: &Entry, id: FileId) -> Option<LoadedFile> {
        let c = self.contribution(e, id)?;
        Some(LoadedFile {
            shown: super::display_path(path),
            disk: OnDisk::from_parts(
                path.to_path_buf(),
                usize::try_from(e.text_len).ok()?,
                e.text_hash,
            ),
            data: Dataset {
                programmes: c.programmes,
                updates: c.updates,
                ..Dataset::default()
            },
            found: c.found,
            allows: c.allows,
            unread: Vec::new(),
        })
    }

    /// Loads one file as [`super::load_one`] does, from its entry where the entry is good.
    fn load(&self, decision: &Decision<'_>, id: FileId, path: &Path) -> (FileResult, Outcome) {
        match *decision {
            Decision::Hit(key, e) => match self.hit(path, e, id) {
                Some(file) => (Ok(file), Outcome::Kept(key.to_string())),
                None => self.parse(id, path, Some((key.to_string(), e.stamp))),
            },
            Decision::Racy(key, e, stamp) => {
                let hit = e.text_is_in(path).then(|| self.hit(path, e, id)).flatten();
                match hit {
                    Some(file) => (Ok(file), Outcome::Restamped(key.to_string(), stamp)),
                    None => self.parse(id, path, Some((key.to_string(), stamp))),
                }
            }
            Decision::Miss(ref keyed) => self.parse(id, path, keyed.clone()),
        }
    }

    /// Reads and parses the file, and makes an entry of it if it can be cached and did not
    /// change while it was read.
    fn parse(
        &self,
        id: FileId,
        path: &Path,
        keyed: Option<(String, Stamp)>,
    ) -> (FileResult, Outcome) {
        let result = super::load_one(id, path, super::LoadOptions::default());
        let outcome = entry_for(&result, path, keyed);
        (result, outcome)
    }
}

/// A new entry for a file just read, if it can be cached and did not change while it was read
/// (its stamp before, `keyed`, is its stamp now).
fn entry_for(result: &FileResult, path: &Path, keyed: Option<(String, Stamp)>) -> Outcome {
    let Some((key, before)) = keyed else {
        return Outcome::None;
    };
    let after = std::fs::metadata(path).ok().as_ref().and_then(Stamp::of);
    match result {
        Ok(file) if after == Some(before) && cacheable(file) => {
            let (text_len, text_hash) = file.disk.parts();
            Outcome::Fresh(
                key,
                Fresh {
                    stamp: before,
                    text_len: text_len as u64,
                    text_hash,
                    index: Numbers::encode(&file.data, &file.found),
                    records: codec::encode(
                        &file.data.programmes,
                        &file.data.updates,
                        &file.found,
                        &file.allows,
                    ),
                    outline: codec::encode_outlines(
                        &file.data.programmes,
                        &file.data.updates,
                        &file.found,
                        &file.allows,
                    ),
                },
            )
        }
        _ => Outcome::None,
    }
}

/// Reads `buf.len()` bytes of `file` from `offset`, without moving a shared position (the
/// threads read payloads at once).
#[cfg(unix)]
fn read_at(file: &std::fs::File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
}

#[cfg(windows)]
fn read_at(file: &std::fs::File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    let mut done = 0;
    while done < buf.len() {
        match std::os::windows::fs::FileExt::seek_read(
            file,
            &mut buf[done..],
            offset + done as u64,
        )? {
            0 => return Err(std::io::ErrorKind::UnexpectedEof.into()),
            n => done += n,
        }
    }
    Ok(())
}

#[cfg(not(any(unix, windows)))]
fn read_at(_: &std::fs::File, _: &mut [u8], _: u64) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}

/// A file whose records the cache may keep (see the module's documentation).
fn cacheable(file: &LoadedFile) -> bool {
    file.found.iter().all(findings::keepable)
        && file.unread.is_empty()
        && file.data.holds_only_records()
}

/// Loads `paths` as [`super::load_files`] does, taking what it can from the cache, and writes
/// the cache for the next run.
pub fn load_files(paths: &[PathBuf], cache: &Cache) -> Loaded {
    // A few small files load quicker than the cache is read; they are left out of it.
    if !super::is_large(paths) {
        return super::load_files(paths);
    }
    let decisions: Vec<Decision<'_>> = paths.iter().map(|p| cache.decide(p)).collect();
    let (loaded, outcomes) =
        super::load_each(paths, |i, id, path| cache.load(&decisions[i], id, path));
    cache.save(outcomes, Vec::new());
    loaded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_whose_time_was_put_back_in_the_tick_of_the_run_is_hashed() {
        let started = 1_000 * 1_000_000_000;
        let since = started - RACY_NANOS;
        let old = 10 * 1_000_000_000;
        let stamp = |modified, changed| Stamp {
            len: 1,
            modified,
            changed,
            inode: 1,
            device: 1,
        };
        assert!(!stamp(old, old).racy(since));
        assert!(stamp(started, started).racy(since));
        // Edited and `touch -d` back to an old time just before the run: on a file system
        // whose clock ticks coarsely, a second edit and `touch -d` in the same tick keeps
        // both times; only the recent change time tells.
        assert!(stamp(old, started - 1).racy(since));
    }
}
