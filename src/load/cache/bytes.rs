//! The cache's binary form, byte by byte: what [`super::codec`] and the rest build on.

use crate::interned::Str;
use crate::model::Text;
use crate::source::{FileId, Span, Spanned};

/// Bytes in the making, with the file's texts stored once each (as the loader interns them).
/// Numbers are written in as few bytes as they need (LEB128: seven bits a byte, the high bit
/// set on every byte but the last; signed ones zigzagged first), and each span as the distance
/// from the one before: a cached file takes about half of its TOML.
#[derive(Default)]
pub struct Writer {
    pub bytes: Vec<u8>,
    strings: crate::hash::FastMap<Str, u32>,
    /// Where set, texts are told apart by the allocation they share instead: see
    /// [`Writer::by_place`].
    places: Option<crate::hash::FastMap<usize, u32>>,
    table: Vec<Str>,
    /// Where the last span started.
    last: u32,
}

impl Writer {
    pub fn u8(&mut self, v: u8) {
        self.bytes.push(v);
    }
    pub fn u32(&mut self, v: u32) {
        self.u64(u64::from(v));
    }
    pub fn u64(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.bytes.push((v as u8) | 0x80);
            v >>= 7;
        }
        self.bytes.push(v as u8);
    }
    pub fn i64(&mut self, v: i64) {
        self.u64(((v << 1) ^ (v >> 63)) as u64);
    }
    /// Eight bytes as they are (hashes, the bits of a float).
    pub fn fixed64(&mut self, v: u64) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }
    pub fn raw_str(&mut self, s: &str) {
        self.u64(s.len() as u64);
        self.bytes.extend_from_slice(s.as_bytes());
    }
    pub(super) fn str(&mut self, s: &Str) {
        let next = u32::try_from(self.table.len()).unwrap_or(u32::MAX);
        let table = &mut self.table;
        let add = || {
            table.push(s.clone());
            next
        };
        let index = match &mut self.places {
            Some(places) => *places.entry(s.as_ptr() as usize).or_insert_with(add),
            None => *self.strings.entry(s.clone()).or_insert_with(add),
        };
        self.u32(index);
    }

    /// Texts told apart by their allocation, not their bytes: for records the loader made,
    /// which share one allocation for each text of a file, the same table, without hashing
    /// and comparing every text (bytes kept in memory: the table holds each text it names, so
    /// no allocation is freed and reused while writing).
    pub(super) fn by_place(&mut self) {
        self.places = Some(Default::default());
    }
    pub(super) fn span(&mut self, s: Span) {
        self.i64(i64::from(s.start) - i64::from(self.last));
        self.u32(s.end.saturating_sub(s.start));
        self.last = s.start;
    }
    pub(super) fn text(&mut self, t: &Text) {
        self.span(t.span);
        self.str(&t.value);
    }
    pub(super) fn opt_text(&mut self, t: Option<&Text>) {
        match t {
            None => self.u8(0),
            Some(t) => {
                self.u8(1);
                self.text(t);
            }
        }
    }
    pub(super) fn texts(&mut self, list: &[Text]) {
        self.u32(u32::try_from(list.len()).unwrap_or(u32::MAX));
        for t in list {
            self.text(t);
        }
    }
    pub(super) fn opt_f64(&mut self, v: Option<&Spanned<f64>>) {
        match v {
            None => self.u8(0),
            Some(v) => {
                self.u8(1);
                self.span(v.span);
                self.fixed64(v.value.to_bits());
            }
        }
    }

    /// The next span is written whole, not from the one before: what follows can be read
    /// from here on its own ([`Reader::packed`]).
    pub(super) fn restart_spans(&mut self) {
        self.last = 0;
    }

    /// The body and the string table as they are, for bytes kept in memory ([`Reader::packed`]).
    pub(super) fn into_parts(self) -> (Vec<u8>, Vec<Str>) {
        (self.bytes, self.table)
    }

    /// The string table, then the body: what [`Reader::table`] reads first.
    pub(super) fn finish(self) -> Vec<u8> {
        let mut out = Writer::default();
        out.u32(u32::try_from(self.table.len()).unwrap_or(u32::MAX));
        for s in &self.table {
            out.raw_str(s);
        }
        out.bytes.extend_from_slice(&self.bytes);
        out.bytes
    }
}

/// Reads what a [`Writer`] wrote; `None` at the first thing out of place.
pub struct Reader<'a> {
    buf: &'a [u8],
    table: std::borrow::Cow<'a, [Str]>,
    pub(super) file: FileId,
    /// No span ends after this offset.
    pub(super) limit: u32,
    /// Where the last span started.
    last: u32,
}

impl<'a> Reader<'a> {
    pub fn new(buf: &'a [u8]) -> Self {
        Reader {
            buf,
            table: std::borrow::Cow::Borrowed(&[]),
            file: FileId(0),
            limit: u32::MAX,
            last: 0,
        }
    }
    /// A reader of what a [`Writer`] wrote about file `file`, whose text is `len` bytes long
    /// (every span it gives is in that file and ends within it), its table of texts read.
    pub(super) fn of_file(buf: &'a [u8], file: FileId, len: u32) -> Option<Self> {
        let mut r = Reader::new(buf);
        r.file = file;
        r.limit = len;
        r.table()?;
        Some(r)
    }
    /// A reader of what a [`Writer`] wrote about file `file` from a [`Writer::restart_spans`]
    /// on, kept in memory with its string table ([`Writer::into_parts`]).
    pub(super) fn packed(buf: &'a [u8], table: &'a [Str], file: FileId) -> Self {
        let mut r = Reader::new(buf);
        r.file = file;
        r.table = std::borrow::Cow::Borrowed(table);
        r
    }
    pub fn is_empty(&self) -> bool {
        self.buf.is_empty()
    }
    pub fn remaining(&self) -> usize {
        self.buf.len()
    }
    #[inline]
    pub fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if n > self.buf.len() {
            return None;
        }
        let (head, rest) = self.buf.split_at(n);
        self.buf = rest;
        Some(head)
    }
    #[inline]
    pub fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }
    #[inline]
    pub fn u32(&mut self) -> Option<u32> {
        u32::try_from(self.u64()?).ok()
    }
    #[inline]
    pub fn u64(&mut self) -> Option<u64> {
        // Most numbers (lengths, indices, the distances between spans) fit in one byte.
        if let Some((&b, rest)) = self.buf.split_first()
            && b < 0x80
        {
            self.buf = rest;
            return Some(u64::from(b));
        }
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.u8()?;
            v |= u64::from(b & 0x7F).checked_shl(shift)?;
            if b < 0x80 {
                return Some(v);
            }
        }
        None
    }
    #[inline]
    pub fn i64(&mut self) -> Option<i64> {
        let v = self.u64()?;
        Some(((v >> 1) as i64) ^ -((v & 1) as i64))
    }
    pub fn fixed64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    pub fn raw_str(&mut self) -> Option<&'a str> {
        let len = usize::try_from(self.u64()?).ok()?;
        std::str::from_utf8(self.take(len)?).ok()
    }
    #[inline]
    pub fn bool(&mut self) -> Option<bool> {
        match self.u8()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }
    /// A count of items each at least `min` bytes long: never more than the bytes left allow,
    /// so a hostile count cannot ask for a huge allocation.
    #[inline]
    pub(super) fn count(&mut self, min: usize) -> Option<usize> {
        let n = usize::try_from(self.u32()?).ok()?;
        (n.checked_mul(min)? <= self.buf.len()).then_some(n)
    }
    pub(super) fn table(&mut self) -> Option<()> {
        let n = self.count(1)?;
        let mut table = Vec::with_capacity(n);
        for _ in 0..n {
            table.push(Str::from(self.raw_str()?));
        }
        self.table = std::borrow::Cow::Owned(table);
        Some(())
    }
    #[inline]
    pub(super) fn str(&mut self) -> Option<Str> {
        let i = usize::try_from(self.u32()?).ok()?;
        self.table.get(i).cloned()
    }
    #[inline]
    pub(super) fn span(&mut self) -> Option<Span> {
        let start = u32::try_from(i64::from(self.last).checked_add(self.i64()?)?).ok()?;
        let end = start.checked_add(self.u32()?)?;
        self.last = start;
        (end <= self.limit).then_some(Span {
            file: self.file,
            start,
            end,
        })
    }
    #[inline]
    pub(super) fn text(&mut self) -> Option<Text> {
        let span = self.span()?;
        Some(Spanned::new(self.str()?, span))
    }
    #[inline]
    pub(super) fn opt<T>(
        &mut self,
        read: impl FnOnce(&mut Self) -> Option<T>,
    ) -> Option<Option<T>> {
        match self.u8()? {
            0 => Some(None),
            1 => read(self).map(Some),
            _ => None,
        }
    }
    #[inline]
    pub(super) fn texts(&mut self) -> Option<Box<[Text]>> {
        let n = self.count(1)?;
        (0..n).map(|_| self.text()).collect()
    }
    pub(super) fn opt_f64(&mut self) -> Option<Option<Spanned<f64>>> {
        self.opt(|r| {
            let span = r.span()?;
            Some(Spanned::new(f64::from_bits(r.fixed64()?), span))
        })
    }
}
