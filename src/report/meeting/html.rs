//! The report as one self-contained HTML page: inline CSS and SVG, no script, no request to the
//! network (a content security policy forbids both), a print stylesheet for the meeting's paper
//! copies, and every string from the data through [`html`].

use std::fmt::Write as _;

use super::doc::{Block, Cell, Chart, Document, Inline, Para, Table};
use super::svg;
use crate::escape::html;
use crate::report::digits::push_unsigned;

/// The report's stylesheet; the site's starts with it.
pub(crate) const STYLE: &str = include_str!("style.css");

/// The document as an HTML page.
pub fn render(doc: &Document) -> String {
    let mut page = Page::new(String::with_capacity(256 * 1024));
    page.document(doc);
    page.out
}

/// A page being written. `accsm site` writes its pages' blocks through the same code.
pub(crate) struct Page<'a> {
    pub(crate) out: String,
    /// Charts drawn so far, for ids unique in the page.
    pub(crate) charts: usize,
    /// Tables written so far, likewise.
    pub(crate) tables: usize,
    /// Where the page goes, when it is written as it is made (see [`Page::spilling`]).
    to: Option<&'a mut dyn std::io::Write>,
    /// The first failure to write there.
    failed: Option<std::io::Error>,
}

/// How much of a page [`Page::spilling`] holds before it writes it out.
const SPILL_AT: usize = 64 * 1024;

impl<'a> Page<'a> {
    pub(crate) fn new(out: String) -> Page<'a> {
        Page {
            out,
            charts: 0,
            tables: 0,
            to: None,
            failed: None,
        }
    }

    /// A page written to `to` as it is made, 64 KB at a time, between table rows: a page of a
    /// large repository's site runs to megabytes (a KRA's lists every programme that cites it),
    /// and is never held whole. It is made in `buffer` (emptied first), which [`Page::finish`]
    /// writes out and hands back for the next page: a site makes 100,000 pages.
    pub(crate) fn spilling(to: &'a mut dyn std::io::Write, mut buffer: String) -> Page<'a> {
        buffer.clear();
        buffer.reserve(SPILL_AT + 8 * 1024);
        Page {
            to: Some(to),
            ..Page::new(buffer)
        }
    }

    /// Writes out what the page holds, if it was given somewhere to go and holds enough.
    pub(crate) fn spill_if_full(&mut self) {
        if self.out.len() >= SPILL_AT {
            self.spill();
        }
    }

    fn spill(&mut self) {
        if let Some(to) = &mut self.to {
            if self.failed.is_none() {
                self.failed = to.write_all(self.out.as_bytes()).err();
            }
            self.out.clear();
        }
    }

    /// Writes out the rest of a [`Page::spilling`] page: whether every part was written, and
    /// the buffer, empty.
    pub(crate) fn finish(mut self) -> (std::io::Result<()>, String) {
        self.spill();
        (self.failed.map_or(Ok(()), Err), self.out)
    }

    fn document(&mut self, doc: &Document) {
        let _ = write!(
            self.out,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
             style-src 'unsafe-inline'\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n<header>\n<h1>{}</h1>\n",
            html(&doc.title),
            html(&doc.title)
        );
        for p in &doc.intro {
            self.para(p);
        }
        self.out.push_str(
            "</header>\n<nav class=\"toc\" aria-labelledby=\"toc-h\">\n\
             <h2 id=\"toc-h\">Contents</h2>\n<ol>\n",
        );
        for s in &doc.sections {
            let _ = writeln!(
                self.out,
                "<li><a href=\"#{}\">{}</a></li>",
                s.id,
                html(&s.title)
            );
        }
        self.out.push_str("</ol>\n</nav>\n<main>\n");
        for (i, s) in doc.sections.iter().enumerate() {
            let _ = writeln!(
                self.out,
                "<section id=\"{id}\" aria-labelledby=\"{id}-h\">\n<h2 id=\"{id}-h\">{}. {}</h2>",
                i + 1,
                html(&s.title),
                id = s.id,
            );
            for b in &s.blocks {
                self.block(b);
            }
            self.out.push_str("</section>\n");
        }
        let _ = write!(
            self.out,
            "</main>\n<footer>\n<p>Made by accsm {} from the work-plan repository. Member \
             states are listed in alphabetical order and never ranked.</p>\n</footer>\n\
             </body>\n</html>\n",
            env!("CARGO_PKG_VERSION")
        );
    }

    pub(crate) fn block(&mut self, b: &Block) {
        match b {
            Block::Heading(h) => {
                let _ = writeln!(self.out, "<h3>{}</h3>", html(h));
            }
            Block::Para(p) => self.para(p),
            Block::Table(t) => self.table(t),
            Block::Chart(c) => self.figure(c),
            Block::ChartBeside(c, t) => {
                self.out.push_str("<div class=\"beside\">\n");
                self.figure(c);
                self.table(t);
                self.out.push_str("</div>\n");
            }
        }
    }

    fn figure(&mut self, c: &Chart) {
        self.out.push_str("<figure>\n");
        self.chart(c);
        let _ = writeln!(
            self.out,
            "\n<figcaption>{}</figcaption>\n</figure>",
            html(c.title())
        );
    }

    pub(crate) fn para(&mut self, p: &Para) {
        self.out.push_str("<p>");
        for run in &p.0 {
            match run {
                Inline::Text(s) => self.text(s),
                Inline::Strong(s) => {
                    self.out.push_str("<strong>");
                    self.text(s);
                    self.out.push_str("</strong>");
                }
                Inline::Code(s) => {
                    self.out.push_str("<code>");
                    self.text(s);
                    self.out.push_str("</code>");
                }
                Inline::Link { text, href } => self.link(text, href),
            }
        }
        self.out.push_str("</p>\n");
    }

    fn chart(&mut self, c: &Chart) {
        self.charts += 1;
        let id = format!("c{}", self.charts);
        match c {
            Chart::Bars(b) => svg::bars(&mut self.out, &id, b),
            Chart::Line(l) => svg::line(&mut self.out, &id, l),
            Chart::Step(s) => svg::step(&mut self.out, &id, s),
        }
    }

    /// A table in a box of its own that scrolls sideways on a narrow screen, so that the page
    /// itself never does; the box takes the keyboard focus so that it can be scrolled without a
    /// mouse, and is named by the caption.
    fn table(&mut self, t: &Table) {
        self.table_start(&t.caption, t.header.iter().map(String::as_str));
        for row in &t.rows {
            self.row_start(row.total);
            for (i, cell) in row.cells.iter().enumerate() {
                self.cell(cell, i == 0);
            }
            self.row_end();
        }
        self.table_end();
    }

    /// The start of a [`Table`](Self::table), up to its first row: the site writes its largest
    /// tables row by row from the data, through these.
    pub(crate) fn table_start<'h>(&mut self, caption: &str, header: impl Iterator<Item = &'h str>) {
        self.tables += 1;
        let out = &mut self.out;
        out.push_str("<div class=\"wide\" role=\"region\" tabindex=\"0\" aria-labelledby=\"t");
        push_unsigned(out, self.tables as u64);
        out.push_str("\"><table>\n<caption id=\"t");
        push_unsigned(out, self.tables as u64);
        out.push_str("\">");
        out.push_str(&html(caption));
        out.push_str("</caption>\n<thead><tr>");
        for h in header {
            self.out.push_str("<th scope=\"col\">");
            self.out.push_str(&html(h));
            self.out.push_str("</th>");
        }
        self.out.push_str("</tr></thead>\n<tbody>\n");
    }

    pub(crate) fn row_start(&mut self, total: bool) {
        self.spill_if_full();
        self.out.push_str(if total {
            "<tr class=\"total\">"
        } else {
            "<tr>"
        });
    }

    pub(crate) fn row_end(&mut self) {
        self.out.push_str("</tr>\n");
    }

    pub(crate) fn table_end(&mut self) {
        self.out.push_str("</tbody>\n</table></div>\n");
    }

    /// A cell of a table, written piece by piece: the site writes millions.
    fn cell(&mut self, cell: &Cell, heads_row: bool) {
        self.cell_start(cell.class, heads_row);
        if let Some(chart) = &cell.chart {
            self.chart(chart);
            self.out.push(' ');
        }
        match &cell.href {
            Some(href) => self.link(&cell.text, href),
            None => self.text(&cell.text),
        }
        self.cell_end(heads_row);
    }

    /// The start of a cell; the first of a row heads it.
    pub(crate) fn cell_start(&mut self, class: Option<&str>, heads_row: bool) {
        let out = &mut self.out;
        out.push_str(if heads_row {
            "<th scope=\"row\""
        } else {
            "<td"
        });
        if let Some(class) = class {
            out.push_str(" class=\"");
            out.push_str(class);
            out.push('"');
        }
        out.push('>');
    }

    pub(crate) fn cell_end(&mut self, heads_row: bool) {
        self.out.push_str(if heads_row { "</th>" } else { "</td>" });
    }

    /// Text from the data, escaped.
    pub(crate) fn text(&mut self, text: &str) {
        self.out.push_str(&html(text));
    }

    /// A link: `href` is relative to the page, made by accsm; both are escaped all the same.
    pub(crate) fn link(&mut self, text: &str, href: &str) {
        let out = &mut self.out;
        out.push_str("<a href=\"");
        out.push_str(&html(href));
        out.push_str("\">");
        out.push_str(&html(text));
        out.push_str("</a>");
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn table(page: &mut Page<'_>, rows: usize) -> usize {
        let mut held = 0;
        page.table_start("Rows", ["Row"].into_iter());
        for i in 0..rows {
            page.row_start(false);
            page.cell_start(None, true);
            page.text(&format!("row {i} <of> {rows}"));
            page.cell_end(true);
            page.row_end();
            held = held.max(page.out.len());
        }
        page.table_end();
        held
    }

    #[test]
    fn a_page_written_as_it_is_made_is_the_page_made_whole() {
        let mut whole = Page::new(String::new());
        table(&mut whole, 20_000);
        let mut file = Vec::new();
        let mut spilling = Page::spilling(&mut file, String::new());
        let held = table(&mut spilling, 20_000);
        spilling.finish().0.unwrap();
        assert!(whole.out.len() > 10 * SPILL_AT);
        assert_eq!(String::from_utf8(file).unwrap(), whole.out);
        assert!(held < SPILL_AT + 1024, "held {held} bytes");
    }

    /// A writer that takes one write and then fails, as a full disk does.
    struct Full(usize);

    impl std::io::Write for Full {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0 += 1;
            if self.0 > 1 {
                return Err(std::io::Error::other("no space left"));
            }
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_failed_write_is_reported_when_the_page_ends() {
        let mut to = Full(0);
        let mut page = Page::spilling(&mut to, String::new());
        table(&mut page, 20_000);
        let failed = page.finish().0.unwrap_err();
        assert_eq!(failed.to_string(), "no space left");
        assert_eq!(to.0, 2, "nothing is written after a failure");
    }
}
