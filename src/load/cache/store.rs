//! The cache's file: read whole and checked, written anew and renamed over the old.

use std::hash::BuildHasher;
use std::io::{Read, Write};
use std::path::Path;
use std::time::SystemTime;

use super::bytes::{Reader, Writer};
use super::{DIR, Entry, FILE, MAGIC, PARTS, Part, Stamp};
use crate::hash::FastMap;

/// The header's identity of this build: the version, and the executable's stamp (size, times,
/// inode), as for a data file. Size and modification time alone do not tell two builds apart
/// where packaging gives every file the same time (`SOURCE_DATE_EPOCH`, Nix's store): the
/// change time and inode of the executable are those of its installation, which no copy keeps.
pub(super) fn identity() -> Option<Vec<u8>> {
    let exe = std::env::current_exe().ok()?;
    let stamp = Stamp::of(&std::fs::metadata(exe).ok()?)?;
    let mut w = Writer::default();
    w.raw_str(env!("ACCSM_VERSION"));
    stamp.write(&mut w);
    Some(w.bytes)
}

pub(super) fn now() -> i128 {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(i128::MAX, |d| {
            i128::try_from(d.as_nanos()).unwrap_or(i128::MAX)
        })
}

pub(super) fn checksum(bytes: &[u8]) -> u64 {
    foldhash::quality::FixedState::with_seed(0x6361_6368_652d_7375).hash_one(bytes)
}

/// The most bytes a header may have: far more than a repository of millions of records needs
/// (about 60 bytes a file and 5 a record).
const MAX_HEADER: u64 = 1 << 28;

/// The most bytes the payload of a file `len` bytes long may have: a payload is about half of
/// its TOML, more where there are many findings (their messages are kept whole).
fn max_payload(len: u64) -> u64 {
    len.saturating_mul(64).saturating_add(1 << 20)
}

/// The cache file (open), its header's bytes and its entries, if its folder and file are real
/// (no symbolic link), it was written by this build, and its header is whole (see `Cache::save`
/// for the layout; each payload's hash is checked when it is read).
#[allow(clippy::type_complexity)]
pub(super) fn read_file(
    root: &Path,
    identity: &[u8],
) -> Option<(std::fs::File, Vec<u8>, FastMap<String, Entry>)> {
    let dir = root.join(DIR);
    if !std::fs::symlink_metadata(&dir).ok()?.is_dir() {
        return None;
    }
    let path = dir.join(FILE);
    if !std::fs::symlink_metadata(&path).ok()?.is_file() {
        return None;
    }
    let mut file = std::fs::File::open(&path).ok()?;
    let total = file.metadata().ok()?.len();
    let mut bytes = vec![0; MAGIC.len() + identity.len() + 8];
    file.read_exact(&mut bytes).ok()?;
    let mut r = Reader::new(&bytes);
    if r.take(MAGIC.len())? != MAGIC || r.take(identity.len())? != identity {
        return None;
    }
    let len = r.fixed64()?;
    let header_start = bytes.len();
    let header_len = usize::try_from(len).ok()?;
    // The header's length is checked against the file's, and against a bound, before anything
    // that size is made: a sparse file can be as long as it likes at no cost on disk.
    if len > MAX_HEADER || len.checked_add(header_start as u64 + 8)? > total {
        return None;
    }
    bytes.resize(header_start + header_len + 8, 0);
    file.read_exact(&mut bytes[header_start..]).ok()?;
    let (header, sum) = bytes[header_start..].split_at(header_len);
    if u64::from_le_bytes(sum.try_into().ok()?) != checksum(header) {
        return None;
    }
    let mut payload_at = bytes.len() as u64;
    let mut r = Reader::new(header);
    let offset = |r: &Reader<'_>| header_start + header_len - r.remaining();
    let count = r.u64()?;
    let mut entries = FastMap::default();
    for _ in 0..count {
        let key = r.raw_str()?.to_string();
        let stamp = Stamp::read(&mut r)?;
        let racy = r.bool()?;
        let (text_len, text_hash) = (r.u64()?, r.fixed64()?);
        let index_len = usize::try_from(r.u64()?).ok()?;
        let start = offset(&r);
        r.take(index_len)?;
        let index = start..start + index_len;
        let mut parts = [Part::EMPTY; PARTS];
        for part in &mut parts {
            let range = payload_at..payload_at.checked_add(r.u64()?)?;
            payload_at = range.end;
            *part = Part {
                range,
                hash: r.fixed64()?,
            };
        }
        // An entry is used only while its file is `stamp.len` long; a payload out of all
        // proportion to that is not read (the file is parsed), so that it cannot make a hostile
        // cache allocate more than the data files would.
        let fits = parts
            .iter()
            .all(|p| p.range.end - p.range.start <= max_payload(stamp.len));
        let entry = Entry {
            stamp,
            racy,
            text_len,
            text_hash,
            index,
            parts,
        };
        if fits {
            entries.insert(key, entry);
        }
    }
    (r.is_empty() && payload_at == total).then_some((file, bytes, entries))
}

/// Writes the cache: the folder with its `.gitignore` if missing, then a new file renamed over
/// the old. Never follows a symbolic link: the folder must be a real one, and files are created
/// new (a link in their place makes the creation fail).
pub(super) fn write_file(
    root: &Path,
    write: impl FnOnce(&mut std::io::BufWriter<std::fs::File>) -> std::io::Result<()>,
) -> std::io::Result<()> {
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
        .and_then(|f| {
            let mut out = std::io::BufWriter::with_capacity(1 << 20, f);
            write(&mut out)?;
            out.flush()
        });
    let renamed = written.and_then(|()| std::fs::rename(&temp, dir.join(FILE)));
    if renamed.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    remove_stale(&dir);
    renamed
}

/// Removes the new files of runs that were stopped (Ctrl-C, a crash) before they renamed them:
/// each is as large as the cache, and nothing else ever removes them. Only those untouched for
/// an hour go, so that one another run is writing is left to it. (A link of that name is
/// removed as a link, never followed.)
fn remove_stale(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let hour_ago = SystemTime::now() - std::time::Duration::from_secs(3600);
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let temp = name.starts_with(&format!("{FILE}.")) && name.ends_with(".tmp");
        let stale = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|t| t < hour_ago);
        if temp && stale {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    /// A cache file: the magic line, `identity`, a header of `len` declared bytes (`header`
    /// written, then the checksum of what was written), extended to `total` bytes (a sparse
    /// file: nothing is written past what is given).
    fn plant(root: &Path, identity: &[u8], len: u64, header: &[u8], total: u64) {
        std::fs::create_dir(root.join(DIR)).unwrap();
        let mut bytes = Vec::new();
        bytes.extend_from_slice(MAGIC);
        bytes.extend_from_slice(identity);
        bytes.extend_from_slice(&len.to_le_bytes());
        bytes.extend_from_slice(header);
        bytes.extend_from_slice(&checksum(header).to_le_bytes());
        let mut file = std::fs::File::create(root.join(DIR).join(FILE)).unwrap();
        file.write_all(&bytes).unwrap();
        file.set_len(total.max(bytes.len() as u64)).unwrap();
    }

    #[test]
    fn a_huge_header_length_in_a_sparse_file_is_refused_before_anything_is_made() {
        let dir = tempfile::tempdir().unwrap();
        let id = b"an identity".to_vec();
        // A terabyte long on paper, a few bytes on disk: the length fits in the file.
        plant(dir.path(), &id, 1 << 39, &[], 1 << 40);
        assert!(read_file(dir.path(), &id).is_none());
    }

    #[test]
    fn a_payload_out_of_proportion_to_its_file_is_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let id = b"an identity".to_vec();
        let stamp = Stamp {
            len: 100,
            modified: 1,
            changed: 1,
            inode: 1,
            device: 1,
        };
        let mut w = Writer::default();
        w.u64(2);
        for (key, payload) in [("small.toml", 10), ("huge.toml", 1 << 40)] {
            w.raw_str(key);
            stamp.write(&mut w);
            w.u8(0);
            w.u64(100);
            w.fixed64(0);
            w.u64(0);
            for part in [payload, 0, 0] {
                w.u64(part);
                w.fixed64(0);
            }
        }
        let start = (MAGIC.len() + id.len() + 8 + w.bytes.len() + 8) as u64;
        plant(
            dir.path(),
            &id,
            w.bytes.len() as u64,
            &w.bytes,
            start + 10 + (1 << 40),
        );
        let (_, _, entries) = read_file(dir.path(), &id).unwrap();
        assert!(entries.contains_key("small.toml"));
        assert!(!entries.contains_key("huge.toml"));
    }
}
