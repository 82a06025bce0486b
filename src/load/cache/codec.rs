//! What one file gave (programmes, progress updates, findings, allow comments) in the cache's
//! binary form, and back. Written by hand rather than through serde: the model's `Serialize`
//! impls are its JSON output (a status as a word, no spans).
//!
//! Every struct is taken apart with a pattern that names each field, so a field added to
//! [`Programme`], [`Budget`], [`Update`], [`Timeline`], a progress update or a finding stops the
//! build until it is stored.
//! Decoding never trusts the bytes: every length is checked against what is left, every value
//! against its type, and anything odd gives `None` (the file is then parsed as if uncached).

use std::borrow::Cow;

use super::bytes::{Reader, Writer};
use crate::diag::{Allow, Diagnostic};
use crate::interned::Str;
use crate::model::timeline::{Timeline, When};
use crate::model::{
    Budget, Programme, ProgrammeList, ProgrammeLists, ProgressUpdate, Status, Text, Update,
    UpdateOutline,
};
use crate::source::{FileId, Spanned};

/// What one file gave: its programmes and progress updates (whole, or their outlines: `U` is
/// then [`UpdateOutline`]), the findings of reading it, its allow comments.
pub struct Contribution<U = ProgressUpdate> {
    pub programmes: Vec<Programme>,
    pub updates: Vec<U>,
    pub found: Vec<Diagnostic>,
    pub allows: Vec<Allow>,
}

/// The outlines of a file's records (`Programme::outline`, `ProgressUpdate::outline`) with its
/// findings and allow comments: what a warm `validate` reads of a file that did not change.
pub type Outlines = Contribution<UpdateOutline>;

/// A file's contribution, encoded (every finding [`super::findings::keepable`]).
pub fn encode(
    programmes: &[Programme],
    updates: &[ProgressUpdate],
    found: &[Diagnostic],
    allows: &[Allow],
) -> Vec<u8> {
    encode_with(
        programmes.iter().map(Cow::Borrowed),
        updates,
        super::updates::write_update,
        found,
        allows,
    )
}

/// [`encode`] with the records outlined.
pub fn encode_outlines(
    programmes: &[Programme],
    updates: &[ProgressUpdate],
    found: &[Diagnostic],
    allows: &[Allow],
) -> Vec<u8> {
    let outlines: Vec<UpdateOutline> = updates.iter().map(ProgressUpdate::outline).collect();
    encode_with(
        programmes.iter().map(|p| Cow::Owned(p.outline())),
        &outlines,
        super::updates::write_outline,
        found,
        allows,
    )
}

fn encode_with<'p, U>(
    programmes: impl ExactSizeIterator<Item = Cow<'p, Programme>>,
    updates: &[U],
    write_update: fn(&mut Writer, &U),
    found: &[Diagnostic],
    allows: &[Allow],
) -> Vec<u8> {
    let mut w = Writer::default();
    w.u32(u32::try_from(programmes.len()).unwrap_or(u32::MAX));
    for p in programmes {
        programme(&mut w, &p);
    }
    w.u32(u32::try_from(updates.len()).unwrap_or(u32::MAX));
    for u in updates {
        write_update(&mut w, u);
    }
    super::findings::write_findings(&mut w, found, allows);
    w.finish()
}

/// What [`encode`] wrote, every span in file `file` and at most `len` (the text's length);
/// `None` if the bytes are not exactly that.
pub fn decode(bytes: &[u8], file: FileId, len: u32) -> Option<Contribution> {
    decode_with(bytes, file, len, super::updates::read_update)
}

/// What [`encode_outlines`] wrote (as [`decode`]).
pub fn decode_outlines(bytes: &[u8], file: FileId, len: u32) -> Option<Outlines> {
    decode_with(bytes, file, len, super::updates::read_outline)
}

fn decode_with<U>(
    bytes: &[u8],
    file: FileId,
    len: u32,
    read_update: fn(&mut Reader<'_>) -> Option<U>,
) -> Option<Contribution<U>> {
    let mut r = Reader::of_file(bytes, file, len)?;
    let n = r.count(1)?;
    let programmes = (0..n)
        .map(|_| read_programme(&mut r))
        .collect::<Option<Vec<_>>>()?;
    let n = r.count(1)?;
    let updates = (0..n)
        .map(|_| read_update(&mut r))
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
