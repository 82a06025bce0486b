//! The incremental cache: what each data file contributed to a run, kept between runs in
//! `.accsm-cache/` at the repository's root, so that a run reads and parses only the files that
//! changed.
//!
//! What is kept: the programmes of a file that holds programmes and nothing else, was read
//! without a finding, has no `# accsm: allow` comment and was read in full. Such a file is
//! 99 % of a large repository's bytes; its records do not depend on any other file. Every other
//! file (plans, reference lists, frameworks, KPIs, returns, updates, and any file with a
//! finding) is read and parsed on every run, and every rule runs on every record, cached or
//! not: the cache saves parsing, never checking, so a warm run cannot differ from a cold one
//! unless a cached file's records differ from what parsing it gives, which its key rules out.
//!
//! The key of a file is its path under the root, and its size, modification and change times
//! (nanoseconds), inode and device, as git keeps them in its index. A file whose times were
//! within a few seconds of the run that cached it ("racily clean", as git says) is read and
//! hashed before its entry is trusted, since an edit in the same tick keeps its times.
//!
//! The cache is one file, `.accsm-cache/files.bin`: a header naming the accsm version and the
//! build (size and time of the executable), the entries, and a checksum. Anything else (another
//! build, a torn or hostile file, a symbolic link, an unreadable folder) makes the run cold.
//! Writing goes to a new file beside it, renamed over it; nothing is written through a symbolic
//! link, and a cache that cannot be written is left as it is without a word.

pub mod codec;
mod findings;
mod updates;

use std::fs::Metadata;
use std::hash::BuildHasher;
use std::io::Write;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use codec::{Reader, Writer};

use crate::hash::FastMap;
use crate::model::{Dataset, split_programme_ref};
use crate::source::{FileId, OnDisk, decode_with_encoding, fingerprint};

use super::{FileResult, Loaded, LoadedFile};

/// The cache's folder, at the repository's root.
pub const DIR: &str = ".accsm-cache";
const FILE: &str = "files.bin";
const MAGIC: &[u8; 16] = b"accsm cache v1\n\0";
/// Files modified this close to the run that cached them are hashed before use.
const RACY_NANOS: i128 = 3_000_000_000;

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
            .duration_since(SystemTime::UNIX_EPOCH)
            .ok()?
            .as_nanos();
        meta.is_file().then(|| Stamp {
            len: meta.len(),
            modified: i128::try_from(nanos).ok()?,
            changed: i128::MAX,
            inode: 0,
            device: 0,
        })
    }

    /// Whether an edit could yet keep the file's times: any later edit sets the modification
    /// time to the present, so only one within the tick of the time cached can. (An edit that
    /// puts the time back moves the change time, part of the stamp.) Without a change time (not
    /// unix), every entry is hashed.
    fn racy(&self, started: i128) -> bool {
        self.changed == i128::MAX || self.modified >= started.saturating_sub(RACY_NANOS)
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

/// One file's entry, as read: ranges into the cache's bytes.
struct Entry {
    stamp: Stamp,
    racy: bool,
    text_len: u64,
    text_hash: u64,
    /// The programmes' numbers and the numbers their `from` names (see [`Numbers`]).
    index: Range<usize>,
    payload: Range<usize>,
}

/// The cache as read at the start of a run.
pub struct Cache {
    root: PathBuf,
    bytes: Vec<u8>,
    entries: FastMap<String, Entry>,
    started: i128,
    identity: Vec<u8>,
}

/// What became of one file's entry in this run, for the cache written after it.
enum Outcome {
    /// Not cached (not cacheable, or its file changed while read).
    None,
    /// The entry read, still good.
    Kept(String),
    /// A new entry.
    Fresh(String, Fresh),
}

struct Fresh {
    stamp: Stamp,
    racy: bool,
    text_len: u64,
    text_hash: u64,
    index: Vec<u8>,
    payload: Vec<u8>,
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
        let started = now();
        let mut cache = Cache {
            root: root.to_path_buf(),
            bytes: Vec::new(),
            entries: FastMap::default(),
            started,
            identity,
        };
        if let Some((bytes, entries)) = read_file(root, &cache.identity) {
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

    fn hit(&self, path: &Path, e: &Entry, id: FileId) -> Option<LoadedFile> {
        let len = u32::try_from(e.text_len).ok()?;
        let c = codec::decode(self.bytes.get(e.payload.clone())?, id, len)?;
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
                // Read and hashed: the entry is used only if the text is the one cached.
                let same = std::fs::read(path).ok().and_then(|bytes| {
                    let (text, _) = decode_with_encoding(bytes).ok()?;
                    (text.len() as u64 == e.text_len && fingerprint(&text) == e.text_hash)
                        .then_some(())
                });
                let hit = same.and_then(|()| self.hit(path, e, id));
                match hit {
                    Some(file) => {
                        let fresh = Fresh {
                            stamp,
                            racy: stamp.racy(self.started),
                            text_len: e.text_len,
                            text_hash: e.text_hash,
                            index: self.bytes[e.index.clone()].to_vec(),
                            payload: self.bytes[e.payload.clone()].to_vec(),
                        };
                        (Ok(file), Outcome::Fresh(key.to_string(), fresh))
                    }
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
        let Some((key, before)) = keyed else {
            return (result, Outcome::None);
        };
        let after = std::fs::metadata(path).ok().as_ref().and_then(Stamp::of);
        let outcome = match &result {
            Ok(file) if after == Some(before) && cacheable(file) => {
                let (text_len, text_hash) = file.disk.parts();
                Outcome::Fresh(
                    key,
                    Fresh {
                        stamp: before,
                        racy: before.racy(self.started),
                        text_len: text_len as u64,
                        text_hash,
                        index: Numbers::encode(&file.data, &file.found),
                        payload: codec::encode(
                            &file.data.programmes,
                            &file.data.updates,
                            &file.found,
                            &file.allows,
                        ),
                    },
                )
            }
            _ => Outcome::None,
        };
        (result, outcome)
    }

    /// Writes the cache for the files of this run, if anything changed: entries of files no
    /// longer there are dropped. Quietly does nothing when the folder cannot be written.
    fn save(&self, outcomes: Vec<Outcome>) {
        let kept = outcomes
            .iter()
            .filter(|o| matches!(o, Outcome::Kept(_)))
            .count();
        let fresh = outcomes.iter().any(|o| matches!(o, Outcome::Fresh(..)));
        let unchanged = !fresh && kept == self.entries.len();
        if unchanged {
            return;
        }
        let mut w = Writer::default();
        w.bytes.extend_from_slice(MAGIC);
        w.bytes.extend_from_slice(&self.identity);
        let count = outcomes
            .iter()
            .filter(|o| !matches!(o, Outcome::None))
            .count();
        w.u64(count as u64);
        for outcome in outcomes {
            match outcome {
                Outcome::None => {}
                Outcome::Kept(key) => {
                    let Some(e) = self.entries.get(&key) else {
                        continue;
                    };
                    write_entry(
                        &mut w,
                        &key,
                        e.stamp,
                        e.racy,
                        (e.text_len, e.text_hash),
                        &self.bytes[e.index.clone()],
                        &self.bytes[e.payload.clone()],
                    );
                }
                Outcome::Fresh(key, f) => write_entry(
                    &mut w,
                    &key,
                    f.stamp,
                    f.racy,
                    (f.text_len, f.text_hash),
                    &f.index,
                    &f.payload,
                ),
            }
        }
        let sum = checksum(&w.bytes);
        w.u64(sum);
        let _ = write_file(&self.root, &w.bytes);
    }
}

#[allow(clippy::too_many_arguments)]
fn write_entry(
    w: &mut Writer,
    key: &str,
    stamp: Stamp,
    racy: bool,
    (text_len, text_hash): (u64, u64),
    index: &[u8],
    payload: &[u8],
) {
    w.raw_str(key);
    stamp.write(w);
    w.u8(u8::from(racy));
    w.u64(text_len);
    w.u64(text_hash);
    w.u64(index.len() as u64);
    w.bytes.extend_from_slice(index);
    w.u64(payload.len() as u64);
    w.bytes.extend_from_slice(payload);
}

/// A file whose records the cache may keep (see the module's documentation).
fn cacheable(file: &LoadedFile) -> bool {
    let Dataset {
        references,
        frameworks,
        arcs,
        chairs,
        plans,
        programmes: _,
        kpis,
        returns,
        updates: _,
    } = &file.data;
    file.found.iter().all(findings::keepable)
        && file.unread.is_empty()
        && references.is_empty()
        && frameworks.is_empty()
        && arcs.is_empty()
        && chairs.is_empty()
        && plans.is_empty()
        && kpis.is_empty()
        && returns.is_empty()
}

/// The numbers of a cached file's programmes and progress updates, and those the programmes'
/// `from` links name: what `show` needs to know which files to read for one programme without
/// reading the others.
pub struct Numbers;

impl Numbers {
    fn encode(data: &Dataset, found: &[crate::diag::Diagnostic]) -> Vec<u8> {
        let mut w = Writer::default();
        let errors = found
            .iter()
            .filter(|d| d.severity == crate::diag::Severity::Error)
            .count();
        w.u32(u32::try_from(errors).unwrap_or(u32::MAX));
        for p in &data.programmes {
            w.i64(p.number.value);
            match p.from.as_ref().map(|f| split_programme_ref(&f.value)) {
                None => w.u8(0),
                Some(Some((_, n))) => {
                    w.u8(1);
                    w.i64(n);
                }
                Some(None) => w.u8(2),
            }
        }
        // An update: its programme's number, and no `from`.
        for u in &data.updates {
            w.i64(u.number.value);
            w.u8(3);
        }
        w.bytes
    }

    /// Whether the file holds a programme or update numbered as one of `wanted`, or a programme
    /// whose `from` names such a number or cannot be read (so may name anything). `None` for
    /// odd bytes.
    fn touches(bytes: &[u8], wanted: &[i64]) -> Option<bool> {
        let mut r = Reader::new(bytes);
        r.u32()?;
        let mut touches = false;
        while !r.is_empty() {
            touches |= wanted.contains(&r.i64()?);
            touches |= match r.u8()? {
                0 => false,
                1 => wanted.contains(&r.i64()?),
                2 => true,
                3 => false,
                _ => return None,
            };
        }
        Some(touches)
    }

    /// How many errors reading the file found.
    fn errors(bytes: &[u8]) -> Option<usize> {
        usize::try_from(Reader::new(bytes).u32()?).ok()
    }

    /// The numbers the `from` links of the file's programmes numbered `number` name.
    fn froms_of(bytes: &[u8], number: i64, out: &mut Vec<i64>) -> Option<()> {
        let mut r = Reader::new(bytes);
        r.u32()?;
        while !r.is_empty() {
            let n = r.i64()?;
            let from = match r.u8()? {
                0 | 2 | 3 => None,
                1 => Some(r.i64()?),
                _ => return None,
            };
            if let Some(m) = from.filter(|_| n == number) {
                out.push(m);
            }
        }
        Some(())
    }
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
    cache.save(outcomes);
    loaded
}

/// Loads what `show` needs to show programme number `number`: every file the cache cannot vouch
/// for, and of the others those that hold a programme of that number, or one its `from` names,
/// or one continuing it (see [`Numbers`]). The result holds every record of those files; the
/// files left out hold only programmes of other numbers; the second value is how many errors
/// reading them found (as the cache remembers it).
pub fn load_for_number(paths: &[PathBuf], cache: &Cache, number: i64) -> (Loaded, usize) {
    if !super::is_large(paths) {
        return (super::load_files(paths), 0);
    }
    let decisions: Vec<Decision<'_>> = paths.iter().map(|p| cache.decide(p)).collect();
    let mut wanted = vec![number];
    for d in &decisions {
        if let Decision::Hit(_, e) = d {
            if Numbers::froms_of(&cache.bytes[e.index.clone()], number, &mut wanted).is_none() {
                return (load_files(paths, cache), 0);
            }
        }
    }
    loop {
        let mut chosen: Vec<usize> = Vec::new();
        for (i, d) in decisions.iter().enumerate() {
            let keep = match d {
                Decision::Hit(_, e) => Numbers::touches(&cache.bytes[e.index.clone()], &wanted),
                _ => Some(true),
            };
            match keep {
                Some(true) => chosen.push(i),
                Some(false) => {}
                None => return (load_files(paths, cache), 0),
            }
        }
        let some: Vec<PathBuf> = chosen.iter().map(|&i| paths[i].clone()).collect();
        let (loaded, outcomes) = super::load_each(&some, |j, id, path| {
            cache.load(&decisions[chosen[j]], id, path)
        });
        // A programme of that number in a file read in full may name, in `from`, a programme
        // of a file left out: read again with that one too.
        let before = wanted.len();
        for p in loaded
            .dataset
            .programmes
            .iter()
            .filter(|p| p.number.value == number)
        {
            if let Some((_, m)) = p.from.as_ref().and_then(|f| split_programme_ref(&f.value)) {
                if !wanted.contains(&m) {
                    wanted.push(m);
                }
            }
        }
        if wanted.len() > before {
            continue;
        }
        // The entries of the files left out are kept as they were.
        let mut all: Vec<Outcome> = decisions
            .iter()
            .map(|d| match d {
                Decision::Hit(key, _) => Outcome::Kept((*key).to_string()),
                _ => Outcome::None,
            })
            .collect();
        for (j, outcome) in outcomes.into_iter().enumerate() {
            all[chosen[j]] = outcome;
        }
        let mut read = vec![false; decisions.len()];
        for &i in &chosen {
            read[i] = true;
        }
        let mut left_out = 0;
        for (d, _) in decisions.iter().zip(read).filter(|(_, read)| !read) {
            if let Decision::Hit(_, e) = d {
                match Numbers::errors(&cache.bytes[e.index.clone()]) {
                    Some(n) => left_out += n,
                    None => return (load_files(paths, cache), 0),
                }
            }
        }
        cache.save(all);
        return (loaded, left_out);
    }
}

/// The header's identity of this build: the version, and the executable's size and time.
fn identity() -> Option<Vec<u8>> {
    let exe = std::env::current_exe().ok()?;
    let stamp = Stamp::of(&std::fs::metadata(exe).ok()?)?;
    let mut w = Writer::default();
    w.raw_str(env!("ACCSM_VERSION"));
    w.u64(stamp.len);
    w.bytes.extend_from_slice(&stamp.modified.to_le_bytes());
    Some(w.bytes)
}

fn now() -> i128 {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(i128::MAX, |d| {
            i128::try_from(d.as_nanos()).unwrap_or(i128::MAX)
        })
}

fn checksum(bytes: &[u8]) -> u64 {
    foldhash::quality::FixedState::with_seed(0x6361_6368_652d_7375).hash_one(bytes)
}

/// The cache's bytes and entries, if its folder and file are real (no symbolic link), and it
/// was written whole by this build.
fn read_file(root: &Path, identity: &[u8]) -> Option<(Vec<u8>, FastMap<String, Entry>)> {
    let dir = root.join(DIR);
    if !std::fs::symlink_metadata(&dir).ok()?.is_dir() {
        return None;
    }
    let path = dir.join(FILE);
    if !std::fs::symlink_metadata(&path).ok()?.is_file() {
        return None;
    }
    let bytes = std::fs::read(&path).ok()?;
    let body_len = bytes.len().checked_sub(8)?;
    let (body, sum) = bytes.split_at(body_len);
    if u64::from_le_bytes(sum.try_into().ok()?) != checksum(body) {
        return None;
    }
    let mut r = Reader::new(body);
    if r.take(MAGIC.len())? != MAGIC || r.take(identity.len())? != identity {
        return None;
    }
    let count = r.u64()?;
    let mut entries = FastMap::default();
    let offset = |r: &Reader<'_>| body.len() - r.remaining();
    for _ in 0..count {
        let key = r.raw_str()?.to_string();
        let stamp = Stamp::read(&mut r)?;
        let racy = r.bool()?;
        let (text_len, text_hash) = (r.u64()?, r.u64()?);
        let index_len = usize::try_from(r.u64()?).ok()?;
        let start = offset(&r);
        r.take(index_len)?;
        let index = start..start + index_len;
        let payload_len = usize::try_from(r.u64()?).ok()?;
        let start = offset(&r);
        r.take(payload_len)?;
        let payload = start..start + payload_len;
        let entry = Entry {
            stamp,
            racy,
            text_len,
            text_hash,
            index,
            payload,
        };
        entries.insert(key, entry);
    }
    if !r.is_empty() {
        return None;
    }
    let mut bytes = bytes;
    bytes.truncate(body_len);
    Some((bytes, entries))
}

/// Writes the cache: the folder with its `.gitignore` if missing, then a new file renamed over
/// the old. Never follows a symbolic link: the folder must be a real one, and files are created
/// new (a link in their place makes the creation fail).
fn write_file(root: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = root.join(DIR);
    match std::fs::create_dir(&dir) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
        Err(e) => return Err(e),
    }
    if !std::fs::symlink_metadata(&dir)?.is_dir() {
        return Err(std::io::Error::other("not a folder"));
    }
    for (name, text) in [
        (
            ".gitignore",
            "# Written by accsm: its cache, safe to delete.\n*\n",
        ),
        (
            "CACHEDIR.TAG",
            "Signature: 8a477f597d28d172789f06886806bc55\n# accsm's cache: safe to delete.\n",
        ),
    ] {
        let created = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(dir.join(name));
        if let Ok(mut f) = created {
            f.write_all(text.as_bytes())?;
        }
    }
    let temp = dir.join(format!("{FILE}.{}.tmp", std::process::id()));
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temp)
        .and_then(|mut f| f.write_all(bytes));
    let renamed = written.and_then(|()| std::fs::rename(&temp, dir.join(FILE)));
    if renamed.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    renamed
}
