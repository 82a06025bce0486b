//! Tables of programmes, a row each: a plan's programmes, an area's, a country's, a framework
//! entry's; and a programme's progress updates. They are the site's largest tables (at 100,000
//! programmes a plan's page has 25,000 rows, and the programme pages 500,000 updates between
//! them), so a page holds only indices, and the rows are written straight from the data when
//! the page is rendered, through the report's own table markup: made as cells of text first,
//! such a table took longer to build and free than to write.

use std::fmt::Write as _;

use super::Ctx;
use crate::model::ProgressUpdate;
use crate::report::digits::push_integer;
use crate::report::meeting::html::Page as Writer;
use crate::report::meeting::programmes::{STATUS_KEYS, status_index};
use crate::report::show::update_details;

/// The columns of a table of programmes; a plan's page adds the partners after the
/// coordinators.
const COLUMNS: [&str; 4] = ["Programme", "Title", "Coordinators", "Status"];

/// A table of programmes, by index in the data, in the order given.
pub struct Programmes {
    pub caption: String,
    pub rows: Vec<u32>,
    /// With a column of the partners (a plan's page).
    pub partners: bool,
}

impl Programmes {
    pub fn new(caption: String, rows: impl IntoIterator<Item = usize>) -> Programmes {
        Programmes {
            caption,
            rows: rows
                .into_iter()
                .map(|i| u32::try_from(i).unwrap_or(u32::MAX))
                .collect(),
            partners: false,
        }
    }
}

/// Writes the table into the page at `path` (links are relative to it): each programme's id
/// linked to its page, its title, coordinators, (partners,) and reported status.
pub fn write(ctx: &Ctx<'_>, w: &mut Writer, path: &str, t: &Programmes) {
    let columns = COLUMNS.iter().enumerate().flat_map(|(i, c)| {
        let partners = (t.partners && i == 3).then_some("Partners");
        partners.into_iter().chain([*c])
    });
    w.table_start(&t.caption, columns);
    // Every link goes up to the top folder first: one prefix for all; the two buffers are
    // reused row after row.
    let up = super::paths::rel(path, "");
    let (mut label, mut href) = (String::new(), String::new());
    for &i in &t.rows {
        let Some(p) = ctx.data.programmes.get(i as usize) else {
            continue;
        };
        w.row_start(false);
        w.cell_start(None, true);
        label.clear();
        label.push_str(&p.plan.value);
        label.push('/');
        push_integer(&mut label, p.number.value);
        match ctx.paths.programme(i as usize) {
            Some(to) => {
                href.clear();
                href.push_str(&up);
                href.push_str(to);
                w.link(&label, &href);
            }
            None => w.text(&label),
        }
        w.cell_end(true);
        w.cell_start(None, false);
        w.text(&p.title.value);
        w.cell_end(false);
        list(w, p.coordinators());
        if t.partners {
            list(w, p.partners());
        }
        w.cell_start(None, false);
        w.text(STATUS_KEYS[status_index(p)].label);
        w.cell_end(false);
        w.row_end();
    }
    w.table_end();
}

/// A cell of names, separated by commas.
fn list(w: &mut Writer, names: &[crate::model::Text]) {
    w.cell_start(None, false);
    for (k, name) in names.iter().enumerate() {
        if k > 0 {
            w.out.push_str(", ");
        }
        w.text(&name.value);
    }
    w.cell_end(false);
}

/// The columns of a table of progress updates.
const PROGRESS_COLUMNS: [&str; 6] = [
    "Date",
    "Status",
    "Reported to",
    "What was done",
    "Also recorded",
    "Read from",
];

/// Writes the progress updates of the programme at `index`, oldest first (as [`Ctx::progress`]
/// holds them), each with the file and line it was read from.
pub fn write_progress(ctx: &Ctx<'_>, w: &mut Writer, _path: &str, index: u32) {
    let history = ctx.progress.of(index as usize);
    let mut caption = String::new();
    let _ = write!(
        caption,
        "Progress updates, oldest first ({})",
        history.len()
    );
    w.table_start(&caption, PROGRESS_COLUMNS.into_iter());
    let (mut buf, mut value) = (String::new(), String::new());
    for u in history.iter() {
        w.row_start(false);
        w.cell_start(None, true);
        buf.clear();
        let _ = write!(buf, "{}", u.date.value);
        w.text(&buf);
        w.cell_end(true);
        for text in [u.status.value.as_str(), &u.meeting.value] {
            w.cell_start(None, false);
            w.text(text);
            w.cell_end(false);
        }
        w.cell_start(None, false);
        w.text(u.text.as_ref().map_or("", |t| t.value.as_str()));
        w.cell_end(false);
        w.cell_start(None, false);
        buf.clear();
        also_recorded(&u, &mut buf, &mut value);
        w.text(&buf);
        w.cell_end(false);
        w.cell_start(None, false);
        buf.clear();
        ctx.input.locator.locate_into(u.span, &mut buf);
        w.text(&buf);
        w.cell_end(false);
        w.row_end();
    }
    w.table_end();
}

/// What else a progress update records, labelled as `accsm show` labels it: "participants: 36;
/// AMS taking part: VNM" (what was done has a column of its own).
fn also_recorded(u: &ProgressUpdate, out: &mut String, value: &mut String) {
    update_details(u, value, |label, value| {
        if !out.is_empty() {
            out.push_str("; ");
        }
        out.push_str(label);
        out.push_str(": ");
        out.push_str(value);
    });
}
