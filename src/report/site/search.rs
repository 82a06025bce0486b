//! The search index: one entry per page worth finding (programme, country, KPI, entry of the
//! frame of reference, ARC), written as a script that defines the data, since a page opened from
//! the file system may not fetch a file but may load a script beside it. Every string is written
//! by serde_json, so no text from the data can end the array or run as code.

use std::io::Write;

use super::Ctx;
use super::paths::FRAME_KINDS;
use crate::model::RefKind;
use crate::report::digits::push_integer;
use crate::report::export::ExportError;
use crate::report::name_of;

/// The search page's script.
pub const SCRIPT: &str = include_str!("search.js");

/// One entry: kind, id, title, who takes part, the page (from the site's top folder).
type Entry<'e> = [&'e str; 5];

pub fn write_index(ctx: &Ctx<'_>, out: &super::Output) -> Result<(), ExportError> {
    // Written as it is made: at 100,000 programmes the index is 25 MB.
    out.write_with("assets/search-index.js", |js| {
        let mut js = std::io::BufWriter::with_capacity(1 << 16, js);
        entries(ctx, &mut js).and_then(|()| js.flush())
    })
}

fn entries(ctx: &Ctx<'_>, js: &mut dyn Write) -> std::io::Result<()> {
    js.write_all(b"window.ACCSM_SEARCH = [\n")?;
    let mut failed = None;
    let mut push = |e: Entry<'_>| {
        // Arrays of strings serialise without fail; a failed write is kept and the rest skipped.
        if let (None, Ok(line)) = (&failed, serde_json::to_string(&e)) {
            let written = js
                .write_all(crate::escape::json(line).as_bytes())
                .and_then(|()| js.write_all(b",\n"));
            failed = written.err();
        }
    };
    // The id and the names of each programme, made in two buffers handed from one to the next.
    let (mut id, mut who) = (String::new(), String::new());
    for (i, p) in ctx.data.programmes.iter().enumerate() {
        let Some(path) = ctx.paths.programme(i) else {
            continue;
        };
        id.clear();
        id.push_str(&p.plan.value);
        id.push('/');
        push_integer(&mut id, p.number.value);
        who.clear();
        let names = (p.coordinators().iter().chain(p.partners()))
            .map(|c| name_of(&ctx.catalog, &c.value))
            .chain(p.partner_organisations().iter().map(|o| o.value.as_str()));
        for (k, name) in names.enumerate() {
            if k > 0 {
                who.push_str(", ");
            }
            who.push_str(name);
        }
        push(["programme", &id, &p.title.value, &who, path]);
    }
    for c in ctx.data.references_of(RefKind::Country) {
        if let Some(path) = ctx.paths.country(&c.id.value) {
            push(["country", &c.id.value, c.display_name(), "", path]);
        }
    }
    for k in &ctx.data.kpis {
        if let Some(path) = ctx.paths.kpi(&k.plan.value, &k.id.value) {
            push(["KPI", &k.id.value, &k.title.value, "", path]);
        }
    }
    for kind in FRAME_KINDS {
        for e in ctx.data.references_of(kind) {
            if let Some(path) = ctx.paths.reference(kind, &e.id.value) {
                push([kind.table(), &e.id.value, e.display_name(), "", path]);
            }
        }
    }
    for e in ctx.data.references_of(RefKind::FrameworkEntry) {
        let Some((framework, level)) = e.framework_level() else {
            continue;
        };
        if let Some(path) = ctx.paths.entry(framework, &e.id.value) {
            let level = ctx
                .data
                .framework(framework)
                .and_then(|f| f.level(level))
                .map_or(level, |l| l.name.value.as_str());
            push([level, &e.id.value, e.display_name(), "", path]);
        }
    }
    for (a, path) in ctx.data.arcs.iter().zip(&ctx.paths.arcs) {
        let host = name_of(&ctx.catalog, &a.country.value);
        push(["ARC", &a.country.value, &a.name.value, host, path]);
    }
    if let Some(e) = failed {
        return Err(e);
    }
    js.write_all(b"];\n")
}
