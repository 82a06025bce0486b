//! Source files as read from disk, and the mapping from byte offsets to the 1-based line and
//! character column that people and CI systems expect.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use crate::line_index::LineIndex;

/// Index of a file in a [`SourceMap`]. Cheap to copy into every span.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);

/// A byte range inside one source file. Offsets are `u32` (files are at most 4 GiB, see
/// [`MAX_FILE_BYTES`]) so that the millions of spans of a large data set stay small.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Span {
    pub file: FileId,
    pub start: u32,
    pub end: u32,
}

/// The largest file accsm reads: offsets into it must fit a [`Span`].
pub const MAX_FILE_BYTES: usize = u32::MAX as usize;

impl Span {
    pub fn new(file: FileId, range: Range<usize>) -> Self {
        let offset = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Span {
            file,
            start: offset(range.start),
            end: offset(range.end),
        }
    }

    pub fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// A value together with where it was written.
#[derive(Clone, Debug)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Spanned<T> {
    pub fn new(value: T, span: Span) -> Self {
        Spanned { value, span }
    }
}

impl<T> std::ops::Deref for Spanned<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

/// The byte offset where each line of `text` starts: 0, and after every line feed.
fn line_starts(text: &str) -> Vec<u32> {
    let mut starts = vec![0];
    starts.extend(
        memchr::memchr_iter(b'\n', text.as_bytes())
            .map(|i| u32::try_from(i + 1).unwrap_or(u32::MAX)),
    );
    starts
}

/// One file's text and the byte offset where each of its lines starts.
#[derive(Debug)]
pub struct SourceFile {
    /// The path as it should be shown to people (relative to the working directory when possible).
    pub path: PathBuf,
    pub text: String,
    line_starts: Vec<u32>,
    /// Whether the text is all ASCII, where a column is a byte offset (most data files are).
    ascii: bool,
}

/// A 1-based line and character column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    pub line: usize,
    pub column: usize,
}

impl SourceFile {
    pub fn new(path: PathBuf, text: String) -> Self {
        SourceFile {
            path,
            line_starts: line_starts(&text),
            ascii: text.is_ascii(),
            text,
        }
    }

    /// Line and column of a byte offset. Columns count characters, not bytes, so a span after
    /// "Viet Nam – " or a Thai name still points at the right place in an editor.
    pub fn location(&self, offset: u32) -> Location {
        let offset = self.clamp(offset as usize);
        let line = self
            .line_starts
            .partition_point(|&start| start as usize <= offset)
            .saturating_sub(1);
        let start = self.line_start(line + 1);
        let before = &self.text[start..offset];
        // Many findings on one very long line each ask for a column: count characters only
        // where a byte may not be one.
        let column = if self.ascii {
            before.len()
        } else {
            before.chars().count()
        } + 1;
        Location {
            line: line + 1,
            column,
        }
    }

    /// The text of a 1-based line, without its line ending.
    pub fn line_text(&self, line: usize) -> &str {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return "";
        };
        let end = self.line_start(line + 1);
        self.text[start as usize..end].trim_end_matches(['\n', '\r'])
    }

    /// Byte offset where a 1-based line starts (the end of the text past the last line).
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts
            .get(line.saturating_sub(1))
            .map_or(self.text.len(), |&start| start as usize)
    }

    /// Moves an offset back onto a character boundary inside the text.
    fn clamp(&self, offset: usize) -> usize {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }

    /// The text of a byte range, clamped to the file and to character boundaries.
    pub fn slice(&self, range: Range<usize>) -> &str {
        let start = self.clamp(range.start);
        let end = self.clamp(range.end.max(start));
        &self.text[start..end]
    }
}

/// How a file's text was encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    /// UTF-16 with its byte-order mark, as Windows Notepad saves "Unicode": read, but TOML
    /// files must be UTF-8.
    Utf16,
}

/// Why bytes are not text.
#[derive(Debug)]
pub enum DecodeError {
    /// Not UTF-8: the text before the first bad byte.
    Utf8 { valid_up_to: usize, bytes: Vec<u8> },
    /// UTF-16 (by its byte-order mark) with a broken character at this byte.
    Utf16 { at: usize },
}

/// Turns the bytes of a file into its text: a leading byte-order mark is dropped (editors on
/// Windows add one) and the bytes become the string without a copy.
pub fn decode(bytes: Vec<u8>) -> Result<String, DecodeError> {
    decode_with_encoding(bytes).map(|(text, _)| text)
}

/// [`decode`], and the encoding found: UTF-8 (with or without a byte-order mark), or UTF-16
/// with a byte-order mark.
pub fn decode_with_encoding(mut bytes: Vec<u8>) -> Result<(String, Encoding), DecodeError> {
    let utf16 = match bytes.get(..2) {
        Some([0xFF, 0xFE]) => Some(u16::from_le_bytes as fn([u8; 2]) -> u16),
        Some([0xFE, 0xFF]) => Some(u16::from_be_bytes as fn([u8; 2]) -> u16),
        _ => None,
    };
    if let Some(unit) = utf16 {
        let units: Vec<u16> = bytes[2..]
            .chunks(2)
            .map(|pair| unit([pair[0], *pair.get(1).unwrap_or(&0)]))
            .collect();
        let mut text = String::with_capacity(units.len());
        for (i, c) in char::decode_utf16(units.iter().copied()).enumerate() {
            match c {
                Ok(c) => text.push(c),
                Err(_) => return Err(DecodeError::Utf16 { at: 2 + 2 * i }),
            }
        }
        if bytes.len() % 2 == 1 {
            return Err(DecodeError::Utf16 {
                at: bytes.len() - 1,
            });
        }
        return Ok((text, Encoding::Utf16));
    }
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    String::from_utf8(bytes)
        .map(|text| (text, Encoding::Utf8))
        .map_err(|e| DecodeError::Utf8 {
            valid_up_to: e.utf8_error().valid_up_to(),
            bytes: e.into_bytes(),
        })
}

/// What is remembered of a file read from disk once its text has been parsed and let go: enough
/// to read it again when a finding needs its lines, and to notice if it changed meanwhile.
#[derive(Debug)]
pub struct OnDisk {
    path: PathBuf,
    len: usize,
    hash: u64,
}

impl OnDisk {
    pub fn new(path: PathBuf, text: &str) -> Self {
        OnDisk {
            path,
            len: text.len(),
            hash: fingerprint(text),
        }
    }

    /// What [`OnDisk::new`] would remember of a text of `len` bytes whose [`fingerprint`] is
    /// `hash`, without the text (a file whose records come from the loader's cache).
    pub fn from_parts(path: PathBuf, len: usize, hash: u64) -> Self {
        OnDisk { path, len, hash }
    }

    /// The text's length and [`fingerprint`].
    pub fn parts(&self) -> (usize, u64) {
        (self.len, self.hash)
    }

    /// The text again, if the file still holds what was parsed.
    fn reread(&self) -> Option<String> {
        let text = decode(std::fs::read(&self.path).ok()?).ok()?;
        (text.len() == self.len && fingerprint(&text) == self.hash).then_some(text)
    }
}

/// A 64-bit hash of a file's text, the same in every run of one build (the cache keeps it).
pub fn fingerprint(text: &str) -> u64 {
    use std::hash::BuildHasher;
    foldhash::quality::FixedState::with_seed(0x6163_6373_6d2d_6669).hash_one(text)
}

/// One file of a run. The text of a file read from disk is not kept after parsing (on a large
/// data set it would be a third of the memory used); it is read again the first time a finding,
/// or a `file:line`, needs it.
#[derive(Debug)]
struct Entry {
    path: PathBuf,
    disk: Option<OnDisk>,
    text: OnceLock<Option<SourceFile>>,
}

/// Every file of one run, readable or not. Spans refer to files by [`FileId`].
#[derive(Debug, Default)]
pub struct SourceMap {
    files: Vec<Entry>,
    read: usize,
    /// The files whose text was read again since the last [`SourceMap::release`].
    reread: Mutex<Vec<FileId>>,
}

impl SourceMap {
    /// Adds a file whose text is at hand and kept.
    pub fn add(&mut self, file: SourceFile) -> FileId {
        self.read += 1;
        self.push(Entry {
            path: file.path.clone(),
            disk: None,
            text: OnceLock::from(Some(file)),
        })
    }

    /// Adds a file that was read and parsed; its text is read again when needed.
    pub fn add_on_disk(&mut self, shown: PathBuf, disk: OnDisk) -> FileId {
        self.read += 1;
        self.push(Entry {
            path: shown,
            disk: Some(disk),
            text: OnceLock::new(),
        })
    }

    /// Adds a file that could not be read, so that the files after it keep their ids.
    pub fn add_unread(&mut self, shown: PathBuf) -> FileId {
        self.push(Entry {
            path: shown,
            disk: None,
            text: OnceLock::from(None),
        })
    }

    fn push(&mut self, entry: Entry) -> FileId {
        let id = FileId(u32::try_from(self.files.len()).unwrap_or(u32::MAX));
        self.files.push(entry);
        id
    }

    /// The file with its text, or `None` for a file that could not be read, or that has changed
    /// on disk since it was parsed (its spans would point at the wrong lines).
    pub fn get(&self, id: FileId) -> Option<&SourceFile> {
        let entry = self.files.get(id.0 as usize)?;
        entry
            .text
            .get_or_init(|| {
                let text = entry.disk.as_ref()?.reread()?;
                if let Ok(mut reread) = self.reread.lock() {
                    reread.push(id);
                }
                Some(SourceFile::new(entry.path.clone(), text))
            })
            .as_ref()
    }

    /// Lets go of the texts read again since the last call (see [`SourceMap::get`]); they are
    /// read again when asked for. A renderer calls it between files, so that the findings of
    /// ten thousand files are shown holding one file's text and line index at a time.
    pub fn release(&mut self) {
        let reread = std::mem::take(self.reread.get_mut().unwrap_or_else(|e| e.into_inner()));
        for id in reread {
            if let Some(entry) = self.files.get_mut(id.0 as usize) {
                entry.text.take();
            }
        }
    }

    /// Where each line of a file starts, or `None` as for [`SourceMap::get`]. Unlike `get`, a
    /// file not read again yet is read and let go: a caller that needs the line of every record
    /// of a large data set keeps about a byte a line instead of the whole text.
    pub fn line_index(&self, id: FileId) -> Option<LineIndex> {
        let entry = self.files.get(id.0 as usize)?;
        if let Some(cached) = entry.text.get() {
            return cached.as_ref().map(|f| LineIndex::new(f.text.as_bytes()));
        }
        let text = entry.disk.as_ref()?.reread()?;
        Some(LineIndex::new(text.as_bytes()))
    }

    /// Whether a file read from disk no longer holds the text that was parsed.
    pub fn changed(&self, id: FileId) -> bool {
        self.files
            .get(id.0 as usize)
            .is_some_and(|entry| entry.disk.is_some() && self.get(id).is_none())
    }

    /// How many files were read.
    pub fn len(&self) -> usize {
        self.read
    }

    pub fn is_empty(&self) -> bool {
        self.read == 0
    }

    /// Every file and the path it is shown with, in id order.
    pub fn paths(&self) -> impl Iterator<Item = (FileId, &Path)> {
        (0..)
            .map(FileId)
            .zip(self.files.iter().map(|f| f.path.as_path()))
    }

    pub fn path(&self, id: FileId) -> &Path {
        self.files
            .get(id.0 as usize)
            .map(|f| f.path.as_path())
            .unwrap_or(Path::new("<unknown>"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_count_characters_and_lines() {
        let f = SourceFile::new("x.toml".into(), "a = 1\nb = \"Viet Nam – x\"\n".into());
        assert_eq!(f.location(0), Location { line: 1, column: 1 });
        assert_eq!(f.location(6), Location { line: 2, column: 1 });
        let dash_after = f.text.find('x').unwrap_or(0) as u32;
        assert_eq!(
            f.location(dash_after),
            Location {
                line: 2,
                column: 17
            }
        );
        assert_eq!(f.line_text(2), "b = \"Viet Nam – x\"");
        assert_eq!(f.line_text(9), "");
    }

    #[test]
    fn offsets_past_the_end_or_inside_a_character_are_clamped() {
        let f = SourceFile::new("x".into(), "é".into());
        assert_eq!(f.location(1), Location { line: 1, column: 1 });
        assert_eq!(f.location(99), Location { line: 1, column: 2 });
    }

    #[test]
    fn utf16_with_a_byte_order_mark_is_read() {
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("a = \"é\"".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("a = 1".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(
            decode_with_encoding(le).ok(),
            Some(("a = \"é\"".to_string(), Encoding::Utf16))
        );
        assert_eq!(decode(be).ok().as_deref(), Some("a = 1"));
        // A lone surrogate is not text.
        assert!(matches!(
            decode(vec![0xFF, 0xFE, 0x00, 0xD8]),
            Err(DecodeError::Utf16 { at: 2 })
        ));
    }

    #[test]
    fn a_file_on_disk_is_read_again_unless_it_changed() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let (same, edited) = (dir.path().join("same.toml"), dir.path().join("edited.toml"));
        let text = "\u{feff}a = 1\nb = 2\n";
        std::fs::write(&same, text)?;
        std::fs::write(&edited, text)?;
        let parsed = decode(text.as_bytes().to_vec()).unwrap_or_default();
        let mut map = SourceMap::default();
        let a = map.add_on_disk("same.toml".into(), OnDisk::new(same, &parsed));
        let b = map.add_on_disk("edited.toml".into(), OnDisk::new(edited.clone(), &parsed));
        let c = map.add_unread("gone.toml".into());
        std::fs::write(&edited, "a = 1\n\nb = 2\n")?;

        assert_eq!(map.get(a).map(|f| f.line_text(2)), Some("b = 2"));
        assert!(!map.changed(a));
        assert!(map.get(b).is_none() && map.changed(b));
        assert!(map.get(c).is_none() && !map.changed(c));
        assert_eq!((map.len(), map.path(c)), (2, Path::new("gone.toml")));

        // A text let go is read again when asked for; an edited file stays without lines.
        map.release();
        assert!(map.files[a.0 as usize].text.get().is_none());
        assert_eq!(map.get(a).map(|f| f.line_text(1)), Some("a = 1"));
        assert!(map.get(b).is_none());
        dir.close()
    }
}
