//! A programme's page: its record as `accsm show` gives it, who takes part (each AMS and Plus
//! Three country linked to its page), what it serves (each entry linked to its page), its
//! progress, and the same programme in other plans. The page is the list [`SECTIONS`]: a
//! section for a new kind of record (progress updates, a results framework) is one more entry.

use super::Ctx;
use super::page::{Page, Part, Rows};
use super::paths::rel;
use super::table;
use crate::model::{Programme, ProgrammeList, RefKind, Text};
use crate::report::history::{cited_framework, push_description};
use crate::report::meeting::doc::{Block, Cell, Para, Row, Table};
use crate::report::meeting::html::Page as Writer;
use crate::report::meeting::programmes::{STATUS_KEYS, status_index};
use crate::report::show::{facts, references};

/// The lists of a programme the site indexes ("who cites this id").
pub const LISTS: [ProgrammeList; 5] = [
    ProgrammeList::Areas,
    ProgrammeList::Coordinators,
    ProgrammeList::Partners,
    ProgrammeList::ApscLines,
    ProgrammeList::Declarations,
];

/// What a section of a programme page is made from.
pub struct Of<'c, 'a> {
    pub ctx: &'c Ctx<'a>,
    pub page: &'c Page,
    pub programme: &'a Programme,
    /// Its index in the data.
    pub index: u32,
}

type Builder = fn(&Of<'_, '_>) -> Vec<Part>;

/// The sections of a programme page, in order: (anchor, heading, builder).
pub const SECTIONS: [(&str, &str, Builder); 5] = [
    ("record", "The record", |of| rows(write_record, of)),
    ("who", "Who takes part", |of| rows(write_who, of)),
    ("serves", "What it serves", |of| rows(write_serves, of)),
    ("progress", "Progress", |of| {
        rows(write_progress_section, of)
    }),
    ("plans", "In other plans", |of| blocks(other_plans(of))),
];

/// A section written from the data as the page is rendered, by `write`.
fn rows(write: fn(&Ctx<'_>, &mut Writer, &str, u32), of: &Of<'_, '_>) -> Vec<Part> {
    vec![Part::Rows(Rows {
        write,
        of: of.index,
    })]
}

fn blocks(blocks: Vec<Block>) -> Vec<Part> {
    blocks.into_iter().map(Part::Block).collect()
}

/// The page of the programme at `index`, or none when its plan is not loaded. Its `file:line`
/// names the file from the repository's folder, as the data-quality page and the downloads do.
pub fn page(ctx: &Ctx<'_>, index: usize) -> Option<Page> {
    let p = &ctx.data.programmes[index];
    let path = ctx.paths.programme(index)?;
    let plan_path = ctx.paths.plan(&p.plan.value)?;
    let plan_title = ctx
        .data
        .plan(&p.plan.value)
        .map_or_else(|| p.plan.value.to_string(), |pl| pl.title.value.to_string());
    let mut page = Page::new(
        path,
        format!("{}/{} {}", p.plan.value, p.number.value, p.title.value),
    )
    .under("Plans", "plans/index.html")
    .under(plan_title, plan_path);
    let of = Of {
        ctx,
        page: &page,
        programme: p,
        index: u32::try_from(index).unwrap_or(u32::MAX),
    };
    let sections: Vec<_> = SECTIONS
        .iter()
        .map(|(id, title, build)| (*id, *title, build(&of)))
        .collect();
    for (id, title, blocks) in sections {
        page.section(id, title, blocks);
    }
    Some(page)
}

/// The programme's record as `accsm show` gives it, a row a fact, written as the page is
/// rendered (a table made of cells first cost more to make and free than to write). Its
/// `file:line` names the file from the repository's folder.
fn write_record(ctx: &Ctx<'_>, w: &mut Writer, _path: &str, index: u32) {
    let Some(p) = ctx.data.programmes.get(index as usize) else {
        return;
    };
    let plan = ctx.data.plan(&p.plan.value);
    let mut read_from = String::new();
    ctx.input.locator.locate_into(p.span, &mut read_from);
    let caption = format!(
        "Programme {} of {}, as the work plan gives it",
        p.number.value, p.plan.value
    );
    w.table_start(&caption, ["Field", "Value"].into_iter());
    let mut buffer = String::new();
    facts(
        ctx.data,
        &ctx.catalog,
        &read_from,
        plan,
        p,
        &mut buffer,
        |label, value| {
            if value.is_empty() {
                return;
            }
            w.row_start(false);
            w.cell_start(None, true);
            w.text(label);
            w.cell_end(true);
            w.cell_start(None, false);
            w.text(value);
            w.cell_end(false);
            w.row_end();
        },
    );
    w.table_end();
}

/// A party (country, body, group) by name, linked to its page when it has one.
pub fn party(ctx: &Ctx<'_>, page: &Page, id: &str) -> Cell {
    let (text, to) = party_name(ctx, id);
    match to {
        Some(to) => Cell::link(text, page.link(to)),
        None => Cell::text(text),
    }
}

/// A party's name and id ("Viet Nam (VNM)", or the id alone where the lists lack it), and its
/// page from the site's top folder, if it has one.
fn party_name<'c>(ctx: &'c Ctx<'_>, id: &str) -> (String, Option<&'c str>) {
    let name = crate::report::name_of(&ctx.catalog, id);
    let text = if name == id {
        id.to_string()
    } else {
        format!("{name} ({id})")
    };
    (text, ctx.paths.country(id))
}

/// A paragraph listing parties, each linked to its page when it has one.
pub fn parties_para(ctx: &Ctx<'_>, page: &Page, lead: &str, ids: &[Text]) -> Para {
    let mut para = Para::text(lead);
    party_list(ctx, ids, |text, to| {
        let piece = std::mem::take(&mut para);
        para = match to {
            Some(to) => piece.link(text, page.link(to)),
            None => piece.then(text),
        };
    });
    para
}

/// The pieces of a list of parties after its lead, in order, each with the page it links to
/// from the site's top folder: each party's name (see [`party_name`]), `, ` between them, then
/// `.`, or `none named.` for none. [`parties_para`] makes a paragraph of them, and a
/// programme's page writes them as it is rendered.
fn party_list(ctx: &Ctx<'_>, ids: &[Text], mut piece: impl FnMut(&str, Option<&str>)) {
    for (i, id) in ids.iter().enumerate() {
        if i > 0 {
            piece(", ", None);
        }
        let (text, to) = party_name(ctx, &id.value);
        piece(&text, to);
    }
    piece(if ids.is_empty() { "none named." } else { "." }, None);
}

/// Who takes part in the programme at `index`: the coordinators and the partners as
/// [`parties_para`] gives them, then the partner organisations, written as the page is rendered
/// (100,000 pages of them, made as paragraphs of parts first, cost more to make and free than
/// to write).
fn write_who(ctx: &Ctx<'_>, w: &mut Writer, path: &str, index: u32) {
    let Some(p) = ctx.data.programmes.get(index as usize) else {
        return;
    };
    let up = rel(path, "");
    let mut href = String::new();
    for (lead, ids) in [
        ("Coordinated by ", p.coordinators()),
        ("Partners: ", p.partners()),
    ] {
        w.out.push_str("<p>");
        w.text(lead);
        party_list(ctx, ids, |text, to| match to {
            Some(to) => {
                href.clear();
                href.push_str(&up);
                href.push_str(to);
                w.link(text, &href);
            }
            None => w.text(text),
        });
        w.out.push_str("</p>\n");
    }
    w.out.push_str("<p>");
    w.text("Partner organisations: ");
    let orgs = p.partner_organisations();
    for (i, o) in orgs.iter().enumerate() {
        if i > 0 {
            w.text("; ");
        }
        w.text(&o.value);
    }
    w.text(if orgs.is_empty() { "none named." } else { "." });
    w.out.push_str("</p>\n");
}

/// What the programme at `index` cites, a row each: the id (linked to its page), what it is, its
/// text. First the entries of results frameworks, each read in the framework `show` reads it in;
/// then the areas, action lines and declarations.
fn write_serves(ctx: &Ctx<'_>, w: &mut Writer, path: &str, index: u32) {
    let Some(p) = ctx.data.programmes.get(index as usize) else {
        return;
    };
    let data = ctx.data;
    let plan = data.plan(&p.plan.value);
    let own = plan.and_then(|pl| data.framework_of(pl));
    let references = references(&ctx.catalog, plan, p);
    let cites = p.citations().map(|(_, ids)| ids.len()).sum::<usize>()
        + references
            .iter()
            .map(|(_, ids, _)| ids.len())
            .sum::<usize>();
    if cites == 0 {
        w.para(&Para::text(
            "The programme cites no area, entry of a results framework, APSC action line or \
             declaration.",
        ));
        return;
    }
    w.table_start(
        "The areas, results framework entries, action lines and declarations the programme \
         cites",
        ["Id", "Kind", "Text"].into_iter(),
    );
    // Links go up to the top folder first: one prefix for every row.
    let up = rel(path, "");
    let (mut href, mut text) = (String::new(), String::new());
    let mut row = |w: &mut Writer, id: &str, to: Option<&str>, what: &str, text: &str| {
        w.row_start(false);
        w.cell_start(None, true);
        match to {
            Some(to) => {
                href.clear();
                href.push_str(&up);
                href.push_str(to);
                w.link(id, &href);
            }
            None => w.text(id),
        }
        w.cell_end(true);
        for t in [what, text] {
            w.cell_start(None, false);
            w.text(t);
            w.cell_end(false);
        }
        w.row_end();
    };
    for (key, ids) in p.citations() {
        let framework = cited_framework(data, own, &key.value, ids);
        let level = framework.and_then(|f| f.level_for_key(&key.value));
        let what = match (framework, level) {
            (Some(f), Some(l)) => format!("{} ({})", capitalised(&l.name.value), f.title.value),
            _ => format!("`{}`", key.value),
        };
        for id in ids {
            let entry = framework.and_then(|f| ctx.catalog.entry(&f.id.value, &id.value));
            let page = framework.and_then(|f| ctx.paths.entry(&f.id.value, &id.value));
            text.clear();
            match (entry, framework) {
                (Some(e), _) => push_description(&mut text, e),
                (None, Some(_)) => {
                    text.push_str("not in the framework's entries (accsm validate says more)");
                }
                (None, None) => text.push_str("no results framework cites with this key"),
            }
            row(w, &id.value, entry.and(page), &what, &text);
        }
    }
    for (what, ids, kinds) in references {
        for id in ids {
            let found = kinds
                .iter()
                .find_map(|k| ctx.catalog.get(*k, &id.value).map(|e| (*k, e)));
            text.clear();
            let to = match found {
                Some((kind, entry)) => {
                    push_description(&mut text, entry);
                    ctx.paths.reference(kind, &id.value)
                }
                None => {
                    text.push_str("not in the reference lists (accsm validate says more)");
                    None
                }
            };
            row(w, &id.value, to, what, &text);
        }
    }
    w.table_end();
}

/// The programme's status and where it was read, its progress updates (oldest first, see
/// [`table::write_progress`]) and the updates the work plan records, written as the page is
/// rendered.
fn write_progress_section(ctx: &Ctx<'_>, w: &mut Writer, path: &str, index: u32) {
    let Some(p) = ctx.data.programmes.get(index as usize) else {
        return;
    };
    // The history the status was taken from (`load::updates::apply_latest` reads it the same way).
    let history = ctx.progress.of(index as usize);
    w.out.push_str("<p>");
    w.text("Status: ");
    w.out.push_str("<strong>");
    w.text(STATUS_KEYS[status_index(p)].label);
    w.out.push_str("</strong>");
    match (history.last_date(), &p.status) {
        (Some(latest), _) => {
            w.text(", as the latest progress update (");
            w.text(&latest.to_string());
            w.text(") gives it.");
        }
        (None, Some(_)) => w.text("."),
        (None, None) => w.text(" (the work plan gives no status for this programme yet)."),
    }
    w.out.push_str("</p>\n");
    if !history.is_empty() {
        table::write_progress(ctx, w, path, index);
    }
    if !p.updates.is_empty() {
        w.table_start(
            "Updates as the work plan records them",
            ["Date", "Update"].into_iter(),
        );
        for u in &p.updates {
            w.row_start(false);
            w.cell_start(None, true);
            w.text(u.date.as_ref().map_or("undated", |d| d.value.as_str()));
            w.cell_end(true);
            w.cell_start(None, false);
            w.text(&u.text.value);
            w.cell_end(false);
            w.row_end();
        }
        w.table_end();
    }
    if history.is_empty() && p.updates.is_empty() {
        w.para(&Para::text("No progress update is recorded."));
    }
}

fn other_plans(of: &Of<'_, '_>) -> Vec<Block> {
    let p = of.programme;
    let mut blocks = Vec::new();
    if p.carried_over {
        blocks.push(Block::para(
            "The work plan marks it as carried over from the 2016-2020 work plan.",
        ));
    }
    let key = crate::check::title_key(&p.title.value);
    let others: Vec<Row> = of
        .ctx
        .titles
        .get(&key)
        .into_iter()
        .flatten()
        .map(|&i| (i as usize, &of.ctx.data.programmes[i as usize]))
        .filter(|(_, o)| o.plan.value != p.plan.value)
        .map(|(i, o)| {
            let label = format!("{}/{}", o.plan.value, o.number.value);
            let first = match of.ctx.paths.programme(i) {
                Some(to) => Cell::link(label, of.page.link(to)),
                None => Cell::text(label),
            };
            Row::of(vec![first, Cell::text(o.title.value.as_str())])
        })
        .collect();
    if others.is_empty() {
        if !p.carried_over {
            blocks.push(Block::para(
                "No programme of another plan in this repository has the same title.",
            ));
        }
    } else {
        blocks.push(Block::para(
            "Programmes of other plans with the same title (letters and digits alike): the same \
             activity continued, or two that only share a name; the plans say which.",
        ));
        blocks.push(Block::Table(Table {
            caption: "The same title in other plans".to_string(),
            header: vec!["Programme".to_string(), "Title".to_string()],
            rows: others,
        }));
    }
    blocks
}

/// The kinds of reference an id of a programme list may name, for a page of that kind.
pub fn list_of(kind: RefKind) -> Option<ProgrammeList> {
    match kind {
        RefKind::PriorityArea | RefKind::ThematicArea | RefKind::Enabler => {
            Some(ProgrammeList::Areas)
        }
        RefKind::ApscLine => Some(ProgrammeList::ApscLines),
        RefKind::Declaration => Some(ProgrammeList::Declarations),
        _ => None,
    }
}

/// A level's name with a capital first letter ("Key result area (KRA)").
pub fn capitalised(noun: &str) -> String {
    let noun = noun
        .strip_prefix("an ")
        .or_else(|| noun.strip_prefix("a "))
        .unwrap_or(noun);
    let mut chars = noun.chars();
    let mut out = String::with_capacity(noun.len() + 2);
    if let Some(first) = chars.next() {
        out.extend(first.to_uppercase());
        out.push_str(chars.as_str());
    }
    out
}
