//! One page of the site: the frame every page shares (the site's menu, where the page sits, the
//! footer) around sections of the meeting report's blocks, which are rendered by the report's own
//! HTML writer. A page is a list of sections, so that a new kind of record adds a section to the
//! pages it belongs to without touching the others.

use std::borrow::Cow;
use std::fmt::Write as _;

use super::Ctx;
use super::paths::rel;
use super::table::{self, Programmes};
use crate::escape::html;
use crate::report::meeting::doc::{Block, Para};
use crate::report::meeting::html::Page as Writer;

/// The site's name, in the title of every page.
pub const SITE: &str = "ACCSM monitoring and evaluation";

/// One section of a page: a heading with an anchor, and what it holds.
pub struct Section {
    /// Most pages' sections are named by accsm's own words: borrowed, not copied, for 100,000
    /// programme pages.
    pub id: Cow<'static, str>,
    pub title: Cow<'static, str>,
    pub parts: Vec<Part>,
}

/// What a section holds, in order: the report's blocks, and tables written from the data when
/// the page is rendered.
pub enum Part {
    Block(Block),
    Programmes(Programmes),
    Rows(Rows),
}

/// Rows written from the data when the page is rendered, by `write(ctx, writer, the page's
/// path, of)`: a programme page's tables, 100,000 pages of them at 100,000 programmes, are
/// never made as cells of text first.
pub struct Rows {
    pub write: fn(&Ctx<'_>, &mut Writer, &str, u32),
    /// What they are of (a programme's index in the data).
    pub of: u32,
}

impl From<Block> for Part {
    fn from(b: Block) -> Part {
        Part::Block(b)
    }
}

/// A page to make, on whichever thread of the pool is free: the site's pages are made and
/// written in parallel, each dropped once written.
pub type Job<'c> = Box<dyn FnOnce() -> Page + Send + 'c>;

/// A [`Job`] from a closure.
pub fn job<'c>(make: impl FnOnce() -> Page + Send + 'c) -> Job<'c> {
    Box::new(make)
}

/// A page before it is written.
pub struct Page {
    /// Where it lives, from the site's top folder (`programmes/accsm-2021-2025/17.html`).
    pub path: String,
    pub title: String,
    /// The pages above it, as (label, path): the last is its own folder's index.
    pub trail: Vec<(String, String)>,
    pub intro: Vec<Para>,
    pub sections: Vec<Section>,
    /// Whether the page runs the search script.
    pub search: bool,
}

impl Page {
    pub fn new(path: impl Into<String>, title: impl Into<String>) -> Page {
        Page {
            path: path.into(),
            title: title.into(),
            trail: Vec::new(),
            intro: Vec::new(),
            sections: Vec::new(),
            search: false,
        }
    }

    pub fn under(mut self, label: impl Into<String>, path: impl Into<String>) -> Page {
        self.trail.push((label.into(), path.into()));
        self
    }

    /// A link from this page to another, both from the site's top folder.
    pub fn link(&self, to: &str) -> String {
        rel(&self.path, to)
    }

    pub fn section<P: Into<Part>>(
        &mut self,
        id: impl Into<Cow<'static, str>>,
        title: impl Into<Cow<'static, str>>,
        parts: impl IntoIterator<Item = P>,
    ) {
        self.sections.push(Section {
            id: id.into(),
            title: title.into(),
            parts: parts.into_iter().map(Into::into).collect(),
        });
    }
}

/// The site's menu: (label, path).
const MENU: [(&str, &str); 9] = [
    ("Home", "index.html"),
    ("Plans", "plans/index.html"),
    ("Countries", "countries/index.html"),
    ("KPIs", "kpis/index.html"),
    ("Frame of reference", "frame/index.html"),
    ("ARCs", "arcs/index.html"),
    ("Data quality", "quality.html"),
    ("Downloads", "downloads.html"),
    ("Search", "search.html"),
];

/// The page as HTML, written to `to` as it is made. Everything from the data goes through
/// [`html`]; the only script is the site's own search, loaded from the folder on the search
/// page; a content security policy forbids any other script, and any request outside the folder.
pub fn render(ctx: &Ctx<'_>, page: &Page, to: &mut dyn std::io::Write) -> std::io::Result<()> {
    // Every link of the frame goes up to the top folder first: the same prefix for all.
    let prefix = rel(&page.path, "");
    let up = |out: &mut String, to: &str| {
        out.push_str(&prefix);
        out.push_str(to);
    };
    let mut w = Writer::spilling(to, BUFFER.take());
    let out = &mut w.out;
    out.push_str(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'self'; script-src 'self'; img-src 'self'; form-action 'self'\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
    );
    out.push_str(&html(&page.title));
    out.push_str(" · ");
    out.push_str(SITE);
    out.push_str("</title>\n<link rel=\"stylesheet\" href=\"");
    up(out, "assets/site.css");
    out.push_str(
        "\">\n</head>\n<body>\n<a class=\"skip\" href=\"#main\">Skip to the content</a>\n\
         <header class=\"site\">\n<p class=\"brand\"><a href=\"",
    );
    up(out, "index.html");
    out.push_str("\">");
    out.push_str(SITE);
    out.push_str("</a></p>\n<nav aria-label=\"Site\"><ul>");
    for (label, to) in MENU {
        out.push_str("<li><a href=\"");
        up(out, to);
        out.push('"');
        if to == page.path {
            out.push_str(" aria-current=\"page\"");
        }
        out.push('>');
        out.push_str(label);
        out.push_str("</a></li>");
    }
    out.push_str("</ul></nav>\n<form class=\"find\" role=\"search\" action=\"");
    up(out, "search.html");
    out.push_str(
        "\"><label for=\"q-top\">Search</label> <input id=\"q-top\" name=\"q\" type=\"search\">\
         <button type=\"submit\">Search</button></form>\n</header>\n",
    );
    if !page.trail.is_empty() {
        out.push_str("<nav class=\"trail\" aria-label=\"You are here\"><ol>");
        for (label, to) in &page.trail {
            out.push_str("<li><a href=\"");
            up(out, to);
            out.push_str("\">");
            out.push_str(&html(label));
            out.push_str("</a></li>");
        }
        out.push_str("<li aria-current=\"page\">");
        out.push_str(&html(&page.title));
        out.push_str("</li></ol></nav>\n");
    }
    w.out.push_str("<main id=\"main\">\n<h1>");
    w.out.push_str(&html(&page.title));
    w.out.push_str("</h1>\n");
    for p in &page.intro {
        w.para(p);
    }
    if page.search {
        w.out.push_str(
            "<p id=\"search-status\" role=\"status\">Type in the search box above and press \
             Search.</p>\n<ol id=\"search-results\"></ol>\n",
        );
    }
    if page.sections.len() > 2 {
        w.out
            .push_str("<nav class=\"toc\" aria-label=\"On this page\"><h2>On this page</h2><ol>");
        for s in &page.sections {
            let _ = write!(
                w.out,
                "<li><a href=\"#{}\">{}</a></li>",
                html(&s.id),
                html(&s.title)
            );
        }
        w.out.push_str("</ol></nav>\n");
    }
    for s in &page.sections {
        let id = html(&s.id);
        for piece in [
            "<section id=\"",
            &id,
            "\" aria-labelledby=\"",
            &id,
            "-h\">\n<h2 id=\"",
            &id,
            "-h\">",
            &html(&s.title),
            "</h2>\n",
        ] {
            w.out.push_str(piece);
        }
        for part in &s.parts {
            w.spill_if_full();
            match part {
                Part::Block(b) => w.block(b),
                Part::Programmes(t) => table::write(ctx, &mut w, &page.path, t),
                Part::Rows(r) => (r.write)(ctx, &mut w, &page.path, r.of),
            }
        }
        w.out.push_str("</section>\n");
    }
    w.out.push_str(concat!(
        "</main>\n<footer>\n<p>Made by accsm ",
        env!("CARGO_PKG_VERSION"),
        " from the work-plan repository. Member states are listed in alphabetical order and \
         never ranked; each is followed against its own baseline.</p>\n</footer>\n"
    ));
    if page.search {
        let _ = write!(
            w.out,
            "<script src=\"{prefix}assets/search-index.js\"></script>\n\
             <script src=\"{prefix}assets/search.js\"></script>\n"
        );
    }
    w.out.push_str("</body>\n</html>\n");
    let (written, buffer) = w.finish();
    BUFFER.set(buffer);
    written
}

thread_local! {
    /// The buffer each thread makes its pages in, handed from page to page.
    static BUFFER: std::cell::Cell<String> = const { std::cell::Cell::new(String::new()) };
}
