//! A progress update in the cache's binary form (see [`super::codec`]).

use super::bytes::{Reader, Writer};
use crate::dates::PartialDate;
use crate::interned::Str;
use crate::model::{Cost, ProgressUpdate, Status, UpdateMore, UpdateOutline};
use crate::source::Spanned;

pub fn write_update(w: &mut Writer, u: &ProgressUpdate) {
    let ProgressUpdate {
        span,
        plan,
        number,
        date,
        status,
        meeting,
        text,
        more: _,
    } = u;
    w.span(*span);
    w.text(plan);
    write_number_and_date(w, number, date);
    write_status(w, status);
    w.text(meeting);
    w.opt_text(text.as_ref());
    w.opt_text(u.note());
    match u.participants() {
        None => w.u8(0),
        Some(n) => {
            w.u8(1);
            w.span(n.span);
            w.i64(n.value);
        }
    }
    w.texts(u.ams());
    match u.cost() {
        None => w.u8(0),
        Some(Cost {
            span,
            amount,
            currency,
        }) => {
            w.u8(1);
            w.span(*span);
            w.opt_f64(amount.as_ref());
            w.opt_text(currency.as_ref());
        }
    }
    w.texts(u.links());
}

pub fn read_update(r: &mut Reader<'_>) -> Option<ProgressUpdate> {
    let span = r.span()?;
    let plan = r.text()?;
    let number = read_number(r)?;
    let date = read_date(r)?;
    let status = read_status(r)?;
    Some(ProgressUpdate {
        span,
        plan,
        number,
        date,
        status,
        meeting: r.text()?,
        text: r.opt(Reader::text)?,
        more: UpdateMore {
            note: r.opt(Reader::text)?,
            participants: r.opt(|r| {
                let span = r.span()?;
                Some(Spanned::new(r.i64()?, span))
            })?,
            ams: r.texts()?,
            cost: r.opt(|r| {
                Some(Cost {
                    span: r.span()?,
                    amount: r.opt_f64()?,
                    currency: r.opt(Reader::text)?,
                })
            })?,
            links: r.texts()?,
        }
        .boxed(),
    })
}

/// An update's outline (see `UpdateOutline`): the status by its place in [`Status::ALL`].
pub fn write_outline(w: &mut Writer, u: &UpdateOutline) {
    let UpdateOutline {
        plan,
        number,
        date,
        status,
        has_note,
    } = u;
    w.str(plan);
    write_number_and_date(w, number, date);
    write_status(w, status);
    w.u8(u8::from(*has_note));
}

pub fn read_outline(r: &mut Reader<'_>) -> Option<UpdateOutline> {
    let plan = r.str()?;
    let number = read_number(r)?;
    let date = read_date(r)?;
    let status = read_status(r)?;
    Some(UpdateOutline {
        plan,
        number,
        date,
        status,
        has_note: r.bool()?,
    })
}

/// A status by its place in [`Status::ALL`].
fn write_status(w: &mut Writer, status: &Spanned<Status>) {
    w.span(status.span);
    let at = Status::ALL.iter().position(|s| *s == status.value);
    w.u8(at.and_then(|i| u8::try_from(i).ok()).unwrap_or(u8::MAX));
}

fn read_status(r: &mut Reader<'_>) -> Option<Spanned<Status>> {
    let span = r.span()?;
    let status = *Status::ALL.get(usize::from(r.u8()?))?;
    Some(Spanned::new(status, span))
}

fn write_number_and_date(w: &mut Writer, number: &Spanned<i64>, date: &Spanned<PartialDate>) {
    w.span(number.span);
    w.i64(number.value);
    w.span(date.span);
    let PartialDate { year, month, day } = date.value;
    w.i64(year);
    w.u8(month);
    w.u8(day);
}

fn read_number(r: &mut Reader<'_>) -> Option<Spanned<i64>> {
    let span = r.span()?;
    Some(Spanned::new(r.i64()?, span))
}

fn read_date(r: &mut Reader<'_>) -> Option<Spanned<PartialDate>> {
    let span = r.span()?;
    // Other code counts on these ranges (a month names one of twelve).
    let date = PartialDate {
        year: r.i64()?,
        month: r.u8().filter(|m| *m <= 12)?,
        day: r.u8().filter(|d| *d <= 31)?,
    };
    Some(Spanned::new(date, span))
}

/// The programme an update is of (plan and number) and its date, the rest of it not read: what
/// ordering the histories needs.
pub fn read_key(r: &mut Reader<'_>) -> Option<(Str, i64, PartialDate)> {
    r.span()?;
    let plan = r.text()?.value;
    let number = read_number(r)?.value;
    Some((plan, number, read_date(r)?.value))
}
