//! The report as a document: sections of headings, paragraphs, tables and charts, built once
//! from the data and rendered as HTML or Markdown. Every string in it is plain text; the
//! renderers escape all of it for their output kind, so a section never writes markup itself.

/// The whole report.
#[derive(Clone, Debug, Default)]
pub struct Document {
    pub title: String,
    /// Paragraphs under the title: what the report covers and what it rests on.
    pub intro: Vec<Para>,
    pub sections: Vec<Section>,
}

/// One numbered section, with an anchor for the contents.
#[derive(Clone, Debug)]
pub struct Section {
    pub id: &'static str,
    pub title: String,
    pub blocks: Vec<Block>,
}

#[derive(Clone, Debug)]
pub enum Block {
    /// A heading inside a section (a plan, a KPI).
    Heading(String),
    Para(Para),
    Table(Table),
    Chart(Chart),
    /// A chart with the table of its figures beside it (below it on a narrow page).
    ChartBeside(Chart, Table),
}

/// A paragraph: runs of text, some in bold, some a command to type.
#[derive(Clone, Debug, Default)]
pub struct Para(pub Vec<Inline>);

#[derive(Clone, Debug)]
pub enum Inline {
    Text(String),
    Strong(String),
    /// A command or key, always accsm's own words, never the data's.
    Code(&'static str),
    /// A link to another page of the site (`accsm site`), relative to the page it is on; the
    /// report has none, and Markdown shows its text only.
    Link {
        text: String,
        href: String,
    },
}

impl Para {
    pub fn text(s: impl Into<String>) -> Para {
        Para(vec![Inline::Text(s.into())])
    }

    pub fn then(mut self, s: impl Into<String>) -> Para {
        self.0.push(Inline::Text(s.into()));
        self
    }

    pub fn strong(mut self, s: impl Into<String>) -> Para {
        self.0.push(Inline::Strong(s.into()));
        self
    }

    pub fn code(mut self, s: &'static str) -> Para {
        self.0.push(Inline::Code(s));
        self
    }

    pub fn link(mut self, text: impl Into<String>, href: impl Into<String>) -> Para {
        self.0.push(Inline::Link {
            text: text.into(),
            href: href.into(),
        });
        self
    }
}

impl Block {
    pub fn para(s: impl Into<String>) -> Block {
        Block::Para(Para::text(s))
    }
}

/// A table with a caption and column headings; the first cell of each row heads its row.
#[derive(Clone, Debug, Default)]
pub struct Table {
    pub caption: String,
    pub header: Vec<String>,
    pub rows: Vec<Row>,
}

#[derive(Clone, Debug, Default)]
pub struct Row {
    pub cells: Vec<Cell>,
    /// A totals row, set apart from the rows above it.
    pub total: bool,
}

/// One cell: its text, a style class, and a small chart beside the text (HTML only; the text
/// says the same in words). On the site, the text may link to another page.
#[derive(Clone, Debug, Default)]
pub struct Cell {
    pub text: String,
    pub class: Option<&'static str>,
    pub chart: Option<Chart>,
    pub href: Option<String>,
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell {
            text: s.into(),
            ..Cell::default()
        }
    }

    /// A number, aligned to the right.
    pub fn number(n: impl ToString) -> Cell {
        Cell {
            text: n.to_string(),
            class: Some("n"),
            ..Cell::default()
        }
    }

    /// Text that links to another page of the site.
    pub fn link(text: impl Into<String>, href: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            href: Some(href.into()),
            ..Cell::default()
        }
    }

    pub fn class(mut self, class: &'static str) -> Cell {
        self.class = Some(class);
        self
    }
}

impl Row {
    pub fn of(cells: Vec<Cell>) -> Row {
        Row {
            cells,
            total: false,
        }
    }

    pub fn total(cells: Vec<Cell>) -> Row {
        Row { cells, total: true }
    }
}

/// A small chart. Its figures are always in a table too, and its text alternative says what it
/// shows in words.
#[derive(Clone, Debug)]
pub enum Chart {
    Bars(Bars),
    Line(Line),
    Step(Step),
}

impl Chart {
    pub fn title(&self) -> &str {
        match self {
            Chart::Bars(b) => &b.title,
            Chart::Line(l) => &l.title,
            Chart::Step(s) => &s.title,
        }
    }
}

/// A count over time that changes in steps (programmes completed), month by month.
#[derive(Clone, Debug)]
pub struct Step {
    pub title: String,
    pub desc: String,
    /// (year, month) and the count from then on, in order.
    pub points: Vec<((i64, u8), usize)>,
    /// The first month of the horizontal axis (the count is 0 before the first point).
    pub from: (i64, u8),
    /// The last month of the horizontal axis.
    pub to: (i64, u8),
}

/// Horizontal bars, one per row, each split into the parts of a legend (statuses), with the
/// row's total written after it. Rows keep the order given (alphabetical or the table's), and
/// every bar is drawn on the same scale.
#[derive(Clone, Debug)]
pub struct Bars {
    pub title: String,
    pub desc: String,
    pub legend: Vec<Key>,
    pub rows: Vec<BarRow>,
}

#[derive(Clone, Copy, Debug)]
pub struct Key {
    pub class: &'static str,
    pub label: &'static str,
}

#[derive(Clone, Debug)]
pub struct BarRow {
    pub label: String,
    /// One count per key of the legend.
    pub parts: Vec<usize>,
}

/// A sparkline of one AMS's readings of one KPI, on its own scale.
#[derive(Clone, Debug)]
pub struct Line {
    pub title: String,
    pub desc: String,
    /// Year and value, years ascending.
    pub points: Vec<(i64, f64)>,
    /// The first and last year of the horizontal axis.
    pub years: (i64, i64),
    /// The highest value the answer can take, when bounded (yes = 1, 100 %).
    pub max: Option<f64>,
    pub class: &'static str,
}
