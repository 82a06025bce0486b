//! The report as GitHub-flavoured Markdown: the same sections, paragraphs and tables as the HTML
//! page, without the charts (their figures are in the tables). Every string from the data goes
//! through [`markdown`], tables through [`Grid::to_markdown`].

use super::doc::{Block, Document, Inline, Para, Table};
use crate::escape::markdown;
use crate::report::Grid;

pub fn render(doc: &Document) -> String {
    let mut out = format!("# {}\n\n", markdown(&doc.title));
    for p in &doc.intro {
        out.push_str(&para(p));
    }
    out.push_str(
        "The charts are in the HTML form of this report (`accsm report --format html`); every \
         figure they show is in the tables here.\n\n",
    );
    for (i, s) in doc.sections.iter().enumerate() {
        out.push_str(&format!("## {}. {}\n\n", i + 1, markdown(&s.title)));
        for b in &s.blocks {
            match b {
                Block::Heading(h) => out.push_str(&format!("### {}\n\n", markdown(h))),
                Block::Para(p) => out.push_str(&para(p)),
                Block::Table(t) => out.push_str(&table(t)),
                Block::Chart(_) => {}
                Block::ChartBeside(_, t) => out.push_str(&table(t)),
            }
        }
    }
    out
}

fn para(p: &Para) -> String {
    let mut out = String::new();
    for run in &p.0 {
        match run {
            Inline::Text(s) => out.push_str(&markdown(s)),
            Inline::Strong(s) => out.push_str(&format!("**{}**", markdown(s))),
            // accsm's own words, never the data's: nothing in them ends a code span.
            Inline::Code(s) => out.push_str(&format!("`{s}`")),
            Inline::Link { text, .. } => out.push_str(&markdown(text)),
        }
    }
    out.push_str("\n\n");
    out
}

fn table(t: &Table) -> String {
    let grid = Grid {
        header: t.header.clone(),
        rows: t
            .rows
            .iter()
            .map(|r| r.cells.iter().map(|c| c.text.clone()).collect())
            .collect(),
    };
    format!("*{}*\n\n{}\n", markdown(&t.caption), grid.to_markdown())
}
