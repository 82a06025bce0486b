//! Progress updates held in memory in the cache's binary form, each read back whole when it is
//! wanted. `accsm site` keeps every programme whole and its updates so: at 500,000 updates the
//! records whole held 117 MB besides their texts, packed 26 MB (heaptrack), and a site reads
//! each update only twice (its programme's page, the data package's table).
//!
//! Each file's updates are packed together, its texts in one table (shared with the loader's
//! strings, not copied), and each update's first span written whole so that it can be read on
//! its own. Reading back cannot fail on bytes written here; if it ever did, the update is left
//! out and [`PackedUpdates::intact`] says so, and the command fails rather than publish a site
//! with a gap.

use std::borrow::Cow;
use std::sync::atomic::{AtomicBool, Ordering};

use super::bytes::{Reader, Writer};
use super::updates::{read_key, read_update, write_update};
use crate::dates::PartialDate;
use crate::interned::Str;
use crate::model::ProgressUpdate;
use crate::source::FileId;

/// One file's updates, packed.
pub struct PackedFile {
    file: FileId,
    bytes: Box<[u8]>,
    table: Box<[Str]>,
    /// Where each update starts in `bytes`.
    starts: Vec<u32>,
}

impl PackedFile {
    /// The updates of the file `file`, in their order; `None` when there are none.
    pub fn pack(file: FileId, updates: &[ProgressUpdate]) -> Option<PackedFile> {
        if updates.is_empty() {
            return None;
        }
        let mut w = Writer::default();
        w.by_place();
        // About what an update takes, so that the bytes are seldom moved as they grow.
        w.bytes.reserve(updates.len() * 48);
        let mut starts = Vec::with_capacity(updates.len());
        for u in updates {
            starts.push(u32::try_from(w.bytes.len()).unwrap_or(u32::MAX));
            w.restart_spans();
            write_update(&mut w, u);
        }
        let (bytes, table) = w.into_parts();
        Some(PackedFile {
            file,
            bytes: bytes.into_boxed_slice(),
            table: table.into_boxed_slice(),
            starts,
        })
    }

    fn reader(&self, update: usize) -> Reader<'_> {
        let start = self.starts.get(update).map_or(usize::MAX, |&s| s as usize);
        Reader::packed(
            self.bytes.get(start..).unwrap_or_default(),
            &self.table,
            self.file,
        )
    }
}

/// Every update of a data set, packed, in the order of the data.
#[derive(Default)]
pub struct PackedUpdates {
    files: Vec<PackedFile>,
    /// By update: its file's place in `files` and its own place in that file.
    at: Vec<(u32, u32)>,
    /// Set when an update could not be read back.
    broken: AtomicBool,
}

impl PackedUpdates {
    /// The files' updates, the files in the order of the data.
    pub fn new(files: Vec<PackedFile>) -> Self {
        let mut at = Vec::with_capacity(files.iter().map(|f| f.starts.len()).sum());
        for (i, f) in files.iter().enumerate() {
            let i = u32::try_from(i).unwrap_or(u32::MAX);
            at.extend((0..f.starts.len()).map(|k| (i, u32::try_from(k).unwrap_or(u32::MAX))));
        }
        PackedUpdates {
            files,
            at,
            broken: AtomicBool::new(false),
        }
    }

    /// `updates` (a data set's, every one from its own file), packed file by file.
    pub fn of(updates: &[ProgressUpdate]) -> Self {
        let files = updates
            .chunk_by(|a, b| a.span.file == b.span.file)
            .filter_map(|run| PackedFile::pack(run[0].span.file, run))
            .collect();
        PackedUpdates::new(files)
    }

    pub fn len(&self) -> usize {
        self.at.len()
    }

    pub fn is_empty(&self) -> bool {
        self.at.is_empty()
    }

    /// Whether every update asked for was read back.
    pub fn intact(&self) -> bool {
        !self.broken.load(Ordering::Relaxed)
    }

    /// What was read back of the update at `i`; `None` past the end, and `None` (remembered)
    /// when it could not be read.
    fn read<T>(&self, i: usize, read: impl FnOnce(&mut Reader<'_>) -> Option<T>) -> Option<T> {
        let &(file, k) = self.at.get(i)?;
        let got = (self.files.get(file as usize)).and_then(|f| read(&mut f.reader(k as usize)));
        if got.is_none() {
            self.broken.store(true, Ordering::Relaxed);
        }
        got
    }

    /// The update at `i`, whole.
    pub fn get(&self, i: usize) -> Option<ProgressUpdate> {
        self.read(i, read_update)
    }

    /// The plan, programme number and date of the update at `i`.
    pub fn key(&self, i: usize) -> Option<(Str, i64, PartialDate)> {
        self.read(i, read_key)
    }
}

/// A data set's progress updates, as loaded (`Dataset::updates`) or packed.
#[derive(Clone, Copy)]
pub enum Updates<'a> {
    Whole(&'a [ProgressUpdate]),
    Packed(&'a PackedUpdates),
}

impl<'a> Updates<'a> {
    pub fn len(self) -> usize {
        match self {
            Updates::Whole(list) => list.len(),
            Updates::Packed(p) => p.len(),
        }
    }

    pub fn is_empty(self) -> bool {
        self.len() == 0
    }

    /// The update at `i`; `None` past the end (or, packed, if it cannot be read back, which
    /// [`PackedUpdates::intact`] then tells).
    pub fn get(self, i: usize) -> Option<Cow<'a, ProgressUpdate>> {
        match self {
            Updates::Whole(list) => list.get(i).map(Cow::Borrowed),
            Updates::Packed(p) => p.get(i).map(Cow::Owned),
        }
    }

    /// The plan, programme number and date of the update at `i`.
    pub fn key(self, i: usize) -> Option<(Str, i64, PartialDate)> {
        match self {
            Updates::Whole(list) => list
                .get(i)
                .map(|u| (u.plan.value.clone(), u.number.value, u.date.value)),
            Updates::Packed(p) => p.key(i),
        }
    }

    /// Every update, in the order of the data.
    pub fn iter(self) -> impl Iterator<Item = Cow<'a, ProgressUpdate>> + 'a {
        (0..self.len()).filter_map(move |i| self.get(i))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// Every update of `examples/progress` (notes, participants, AMS, costs, outputs, CRLF
    /// files among them) comes back as it was read, field by field and place by place.
    #[test]
    fn updates_come_back_as_they_were_read() {
        let data = crate::load::example("progress");
        assert!(data.updates.len() > 100, "{} updates", data.updates.len());
        assert!(data.updates.iter().any(|u| u.more.is_some()));
        let packed = PackedUpdates::of(&data.updates);
        assert_eq!(packed.len(), data.updates.len());
        for (i, u) in data.updates.iter().enumerate() {
            let back = packed.get(i).unwrap();
            assert_eq!(format!("{back:?}"), format!("{u:?}"));
            let (plan, number, date) = packed.key(i).unwrap();
            assert_eq!(
                (plan.as_str(), number, date),
                (u.plan.value.as_str(), u.number.value, u.date.value)
            );
        }
        let all: Vec<String> = Updates::Packed(&packed)
            .iter()
            .map(|u| format!("{u:?}"))
            .collect();
        let whole: Vec<String> = Updates::Whole(&data.updates)
            .iter()
            .map(|u| format!("{u:?}"))
            .collect();
        assert_eq!(all, whole);
        assert!(packed.get(data.updates.len()).is_none());
        assert!(packed.intact());
    }

    /// Bytes that do not read back leave the update out and say so.
    #[test]
    fn an_update_that_cannot_be_read_back_is_remembered() {
        let packed = PackedUpdates::new(vec![PackedFile {
            file: FileId(0),
            bytes: Box::new([0xff]),
            table: Box::new([]),
            starts: vec![0],
        }]);
        assert!(packed.intact());
        assert_eq!(packed.len(), 1);
        assert!(packed.get(0).is_none());
        assert!(!packed.intact());
        assert_eq!(Updates::Packed(&packed).iter().count(), 0);
    }
}
