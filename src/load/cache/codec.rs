//! The programmes of one file in a compact binary form, and back. Written by hand rather than
//! through serde: the model's `Serialize` impls are its JSON output (a programme's status as a
//! word, no spans), and a programme is the only record the cache holds (see [`super`]).
//!
//! Every struct is taken apart with a pattern that names each field, so a field added to
//! [`Programme`], [`Budget`], [`Update`] or [`Timeline`] stops the build here until it is stored.
//! Decoding never trusts the bytes: every length is checked against what is left, every value
//! against its type, and anything odd gives `None` (the file is then parsed as if uncached).

use crate::diag::{Allow, Diagnostic};
use crate::model::timeline::{Timeline, When};
use crate::model::{
    Budget, Programme, ProgrammeList, ProgrammeLists, ProgressUpdate, Status, Text, Update,
};
use crate::source::{FileId, Span, Spanned};
use crate::strings::Str;

/// Bytes in the making, with the file's texts stored once each (as the loader interns them).
#[derive(Default)]
/// Numbers are written in as few bytes as they need (LEB128: seven bits a byte, the high bit
/// set on every byte but the last; signed ones zigzagged first), and each span as the distance
/// from the one before: a cached file takes about a quarter of its TOML.
pub struct Writer {
    pub bytes: Vec<u8>,
    strings: crate::hash::FastMap<Str, u32>,
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
        let index = *self.strings.entry(s.clone()).or_insert_with(|| {
            self.table.push(s.clone());
            next
        });
        self.u32(index);
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

    /// The string table, then the body: what [`Reader::table`] reads first.
    fn finish(self) -> Vec<u8> {
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
    table: Vec<Str>,
    file: FileId,
    /// No span ends after this offset.
    limit: u32,
    /// Where the last span started.
    last: u32,
}

impl<'a> Reader<'a> {
    pub fn new(buf: &'a [u8]) -> Self {
        Reader {
            buf,
            table: Vec::new(),
            file: FileId(0),
            limit: u32::MAX,
            last: 0,
        }
    }
    pub fn is_empty(&self) -> bool {
        self.buf.is_empty()
    }
    pub fn remaining(&self) -> usize {
        self.buf.len()
    }
    pub fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if n > self.buf.len() {
            return None;
        }
        let (head, rest) = self.buf.split_at(n);
        self.buf = rest;
        Some(head)
    }
    pub fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }
    pub fn u32(&mut self) -> Option<u32> {
        u32::try_from(self.u64()?).ok()
    }
    pub fn u64(&mut self) -> Option<u64> {
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
    pub fn bool(&mut self) -> Option<bool> {
        match self.u8()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }
    /// A count of items each at least `min` bytes long: never more than the bytes left allow,
    /// so a hostile count cannot ask for a huge allocation.
    pub(super) fn count(&mut self, min: usize) -> Option<usize> {
        let n = usize::try_from(self.u32()?).ok()?;
        (n.checked_mul(min)? <= self.buf.len()).then_some(n)
    }
    fn table(&mut self) -> Option<()> {
        let n = self.count(1)?;
        let mut table = Vec::with_capacity(n);
        for _ in 0..n {
            table.push(Str::from(self.raw_str()?));
        }
        self.table = table;
        Some(())
    }
    pub(super) fn str(&mut self) -> Option<Str> {
        let i = usize::try_from(self.u32()?).ok()?;
        self.table.get(i).cloned()
    }
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
    pub(super) fn text(&mut self) -> Option<Text> {
        let span = self.span()?;
        Some(Spanned::new(self.str()?, span))
    }
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

/// What one file gave: its programmes and progress updates, the findings of reading it, its
/// allow comments.
pub struct Contribution {
    pub programmes: Vec<Programme>,
    pub updates: Vec<ProgressUpdate>,
    pub found: Vec<Diagnostic>,
    pub allows: Vec<Allow>,
}

/// A file's contribution, encoded (every finding [`super::findings::keepable`]).
pub fn encode(
    programmes: &[Programme],
    updates: &[ProgressUpdate],
    found: &[Diagnostic],
    allows: &[Allow],
) -> Vec<u8> {
    let mut w = Writer::default();
    w.u32(u32::try_from(programmes.len()).unwrap_or(u32::MAX));
    for p in programmes {
        programme(&mut w, p);
    }
    w.u32(u32::try_from(updates.len()).unwrap_or(u32::MAX));
    for u in updates {
        super::updates::write_update(&mut w, u);
    }
    super::findings::write_findings(&mut w, found, allows);
    w.finish()
}

/// What [`encode`] wrote, every span in file `file` and at most `len` (the text's length);
/// `None` if the bytes are not exactly that.
pub fn decode(bytes: &[u8], file: FileId, len: u32) -> Option<Contribution> {
    let mut r = Reader::new(bytes);
    r.file = file;
    r.limit = len;
    r.table()?;
    let n = r.count(1)?;
    let programmes = (0..n)
        .map(|_| read_programme(&mut r))
        .collect::<Option<Vec<_>>>()?;
    let n = r.count(1)?;
    let updates = (0..n)
        .map(|_| super::updates::read_update(&mut r))
        .collect::<Option<Vec<_>>>()?;
    let (found, allows) = super::findings::read_findings(&mut r)?;
    r.is_empty().then_some(Contribution {
        programmes,
        updates,
        found,
        allows,
    })
}

fn programme(w: &mut Writer, p: &Programme) {
    let Programme {
        span,
        plan,
        number,
        title,
        timeline,
        budget,
        carried_over,
        from,
        status,
        updates,
        note,
        lists,
    } = p;
    w.span(*span);
    w.text(plan);
    w.span(number.span);
    w.i64(number.value);
    w.text(title);
    match timeline {
        None => w.u8(0),
        Some(t) => {
            w.u8(1);
            w.span(t.span);
            let Timeline { text, when } = &t.value;
            w.str(text);
            write_when(w, *when);
        }
    }
    match budget {
        None => w.u8(0),
        Some(b) => {
            w.u8(1);
            write_budget(w, b);
        }
    }
    w.u8(u8::from(*carried_over));
    w.opt_text(from.as_ref());
    match status {
        None => w.u8(0),
        Some(s) => {
            w.u8(1);
            w.span(s.span);
            w.str(&Str::from(s.value.as_str()));
        }
    }
    w.u32(u32::try_from(updates.len()).unwrap_or(u32::MAX));
    for u in updates.iter() {
        let Update { span, date, text } = u;
        w.span(*span);
        w.opt_text(date.as_ref());
        w.text(text);
    }
    w.opt_text(note.as_ref());
    for list in LISTS {
        w.texts(lists.get(list));
    }
    let cites: Vec<(&Text, &[Text])> = lists.citations().collect();
    w.u32(u32::try_from(cites.len()).unwrap_or(u32::MAX));
    for (key, ids) in cites {
        w.text(key);
        w.texts(ids);
    }
}

/// The fixed lists in [`ProgrammeList`] order, as [`ProgrammeLists::new`] takes them.
const LISTS: [ProgrammeList; ProgrammeList::COUNT] = [
    ProgrammeList::Activities,
    ProgrammeList::Areas,
    ProgrammeList::Coordinators,
    ProgrammeList::Partners,
    ProgrammeList::PartnerOrganisations,
    ProgrammeList::ApscLines,
    ProgrammeList::Declarations,
];

fn write_budget(w: &mut Writer, b: &Budget) {
    let Budget {
        span,
        text,
        amount,
        currency,
        local_amount,
        local_currency,
        sources,
        funded_by,
        tbc,
    } = b;
    match span {
        None => w.u8(0),
        Some(s) => {
            w.u8(1);
            w.span(*s);
        }
    }
    w.opt_text(text.as_ref());
    w.opt_f64(amount.as_ref());
    w.opt_text(currency.as_ref());
    w.opt_f64(local_amount.as_ref());
    w.opt_text(local_currency.as_ref());
    w.texts(sources);
    w.opt_text(funded_by.as_ref());
    w.u8(u8::from(*tbc));
}

fn write_when(w: &mut Writer, when: When) {
    match when {
        When::Year(y) => {
            w.u8(0);
            w.i64(y);
        }
        When::Range(a, b) => {
            w.u8(1);
            w.i64(a);
            w.i64(b);
        }
        When::Quarter { quarter, year } => {
            w.u8(2);
            w.u8(quarter);
            w.i64(year);
        }
        When::Month { month, year } => {
            w.u8(3);
            w.u8(month);
            w.i64(year);
        }
        When::Annual => w.u8(4),
        When::Biennial => w.u8(5),
        When::ToBeConfirmed => w.u8(6),
    }
}

fn read_when(r: &mut Reader<'_>) -> Option<When> {
    Some(match r.u8()? {
        0 => When::Year(r.i64()?),
        1 => When::Range(r.i64()?, r.i64()?),
        // Other code counts on these ranges (a month names one of twelve).
        2 => When::Quarter {
            quarter: r.u8().filter(|q| (1..=4).contains(q))?,
            year: r.i64()?,
        },
        3 => When::Month {
            month: r.u8().filter(|m| (1..=12).contains(m))?,
            year: r.i64()?,
        },
        4 => When::Annual,
        5 => When::Biennial,
        6 => When::ToBeConfirmed,
        _ => return None,
    })
}

fn read_budget(r: &mut Reader<'_>) -> Option<Budget> {
    Some(Budget {
        span: r.opt(Reader::span)?,
        text: r.opt(Reader::text)?,
        amount: r.opt_f64()?,
        currency: r.opt(Reader::text)?,
        local_amount: r.opt_f64()?,
        local_currency: r.opt(Reader::text)?,
        sources: r.texts()?,
        funded_by: r.opt(Reader::text)?,
        tbc: r.bool()?,
    })
}

fn read_programme(r: &mut Reader<'_>) -> Option<Programme> {
    let span = r.span()?;
    let plan = r.text()?;
    let number = {
        let span = r.span()?;
        Spanned::new(r.i64()?, span)
    };
    let title = r.text()?;
    let timeline = r.opt(|r| {
        let span = r.span()?;
        let text = r.str()?;
        let when = read_when(r)?;
        Some(Spanned::new(Timeline { text, when }, span))
    })?;
    let budget = r.opt(read_budget)?;
    let carried_over = r.bool()?;
    let from = r.opt(Reader::text)?;
    let status = r.opt(|r| {
        let span = r.span()?;
        Some(Spanned::new(Status::from_name(&r.str()?)?, span))
    })?;
    let n = r.count(1)?;
    let updates = (0..n)
        .map(|_| {
            Some(Update {
                span: r.span()?,
                date: r.opt(Reader::text)?,
                text: r.text()?,
            })
        })
        .collect::<Option<Box<[Update]>>>()?;
    let note = r.opt(Reader::text)?;
    let mut fixed: [Box<[Text]>; ProgrammeList::COUNT] = Default::default();
    for list in &mut fixed {
        *list = r.texts()?;
    }
    let n = r.count(1)?;
    let cites = (0..n)
        .map(|_| Some((r.text()?, r.texts()?)))
        .collect::<Option<Vec<_>>>()?;
    Some(Programme {
        span,
        plan,
        number,
        title,
        timeline,
        budget,
        carried_over,
        from,
        status,
        updates,
        note,
        lists: ProgrammeLists::new(fixed, cites),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn programmes_come_back_as_they_were_read() {
        // The shipped data: every kind of timeline, budgets, updates, citations.
        let loaded = crate::load::embedded::load();
        let programmes = &loaded.dataset.programmes;
        assert!(programmes.len() > 50);
        for file in 0..u32::try_from(loaded.sources.len()).unwrap_or(0) {
            let id = FileId(file);
            let of_file: Vec<Programme> = programmes
                .iter()
                .filter(|p| p.span.file == id)
                .cloned()
                .collect();
            let found: Vec<Diagnostic> = loaded
                .diagnostics
                .iter()
                .filter(|d| d.span.is_some_and(|s| s.file == id))
                .filter(|d| super::super::findings::keepable(d))
                .cloned()
                .collect();
            let allows: Vec<Allow> = loaded
                .allows
                .iter()
                .filter(|a| a.span.file == id)
                .cloned()
                .collect();
            let back = decode(&encode(&of_file, &[], &found, &allows), id, u32::MAX)
                .map(|c| (c.programmes, c.found, c.allows));
            let expected = Some((of_file, found, allows));
            assert_eq!(format!("{back:?}"), format!("{expected:?}"));
        }
    }

    #[test]
    fn odd_bytes_are_refused_not_trusted() {
        let loaded = crate::load::embedded::load();
        let programmes: Vec<Programme> =
            loaded.dataset.programmes.iter().take(5).cloned().collect();
        let bytes = encode(&programmes, &[], &loaded.diagnostics, &loaded.allows[..1]);
        // Every truncation, and a byte changed at every place, either decodes to something
        // well-formed or is refused; none panics.
        for cut in 0..bytes.len() {
            assert!(decode(&bytes[..cut], FileId(0), u32::MAX).is_none());
        }
        for at in 0..bytes.len() {
            let mut bad = bytes.clone();
            bad[at] ^= 0xA5;
            let _ = decode(&bad, FileId(0), u32::MAX);
        }
        assert!(decode(&[0xFF; 64], FileId(0), u32::MAX).is_none());
    }
}
