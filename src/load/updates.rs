//! Reading `[update]` records: one progress update of one programme (see
//! [`crate::model::ProgressUpdate`]).

use super::read::{Ctx, Record, Value};
use crate::dates::PartialDate;
use crate::diag::{Code, Diagnostic};
use crate::model::{Cost, ProgressUpdate, Status, UpdateMore};
use crate::source::Spanned;

/// Reads one `[update]` record.
pub(super) fn read_update(ctx: &mut Ctx<'_>, value: &Value<'_>) -> Option<ProgressUpdate> {
    Record::read(ctx, value, "update", |ctx, r| {
        let plan = r.req_str(ctx, "plan");
        let number = r.req_int(ctx, "number");
        let has_date = r.require(ctx, "date", "\"2024-08\"");
        let date = r.opt_date(ctx, "date").and_then(|d| month_at_least(ctx, d));
        let status = r.req_enum::<Status>(ctx, "status");
        let meeting = r.req_str(ctx, "meeting");
        let update = ProgressUpdate {
            span: r.span,
            text: r.opt_str(ctx, "text"),
            more: UpdateMore {
                note: r.opt_str(ctx, "note"),
                participants: r.opt_int(ctx, "participants"),
                ams: r.str_list(ctx, "ams"),
                cost: r.sub(ctx, "cost", "actual cost", |ctx, c| {
                    Some(Cost {
                        span: c.span,
                        amount: c.opt_number(ctx, "amount"),
                        currency: c.opt_str(ctx, "currency"),
                    })
                }),
                links: r.str_list(ctx, "links"),
            }
            .boxed(),
            plan: plan?,
            number: number?,
            date: date.filter(|_| has_date)?,
            status: status?,
            meeting: meeting?,
        };
        if update.meeting.value.trim().is_empty() {
            ctx.push(
                Diagnostic::new(Code::EmptyValue, update.meeting.span, "`meeting` is empty")
                    .with_help("name the meeting or report the update was given to, e.g. \"22nd ACCSM SOM\""),
            );
        }
        Some(update)
    })
}

/// An update's date: a month or a day (a year alone cannot be placed against a meeting).
fn month_at_least(
    ctx: &mut Ctx<'_>,
    text: Spanned<crate::interned::Str>,
) -> Option<Spanned<PartialDate>> {
    let date = PartialDate::parse(&text.value)?;
    if date.has_month() {
        return Some(Spanned::new(date, text.span));
    }
    ctx.push(
        Diagnostic::new(
            Code::BadValue,
            text.span,
            format!(
                "`{}` gives a year only; an update is dated to the month at least",
                text.value
            ),
        )
        .with_help(format!(
            "write the month of the meeting it was given to, e.g. `date = \"{}-08\"`",
            date.year
        )),
    );
    None
}

/// Gives each programme with updates its current status: that of its latest update. The file
/// is not touched; in memory, `status` is then what every view (list, show, export, report)
/// prints and filters on, and the programme's own `status` key stands only where no update
/// has been written.
pub(super) fn apply_latest(data: &mut crate::model::Dataset) {
    if data.updates.is_empty() {
        return;
    }
    let crate::model::Dataset {
        updates,
        programmes,
        ..
    } = data;
    apply_latest_of(programmes.iter_mut(), updates.iter());
}

/// [`apply_latest`] for programmes and updates held apart (by `check` file by file), the updates
/// whole or outlined, in the order of the data.
pub(crate) fn apply_latest_of<'p, 'u, U: crate::model::UpdateFacts + 'u>(
    programmes: impl IntoIterator<Item = &'p mut crate::model::Programme>,
    updates: impl IntoIterator<Item = &'u U>,
) {
    let histories = crate::model::Histories::new(updates);
    for p in programmes {
        if let Some(latest) = histories.of(&p.plan.value, p.number.value).last() {
            p.status = Some(latest.status().clone());
        }
    }
}
