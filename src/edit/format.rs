//! `accsm fmt`: one canonical layout for every kind of data file, so that a diff shows only
//! real changes. The file is parsed with `toml_edit`, which keeps every comment, blank line and
//! value as written, and printed again by the rules below; every value is copied from the file
//! byte for byte, and every comment is kept.
//!
//! - Keys of a record in the order of the schema (`accsm::load::schema`, the README's order);
//!   keys accsm does not know follow, in their own order. A comment above a key moves with it.
//! - `key = value`, one space either side of `=`; no indentation; a table header as `[a.b]`.
//! - Lists on one line, `["a", "b"]`; inline tables as `{ a = 1, b = 2 }`, a record's keys in
//!   schema order. A list or inline table that holds comments is kept as written.
//! - A nested record written as a table of its own (`[programme.budget]`) becomes an inline
//!   table in its record (`budget = { … }`) when nothing in it is commented; comments above
//!   its header go above the `budget` line.
//! - Blank lines: runs become one; none at the start of the file, at the start of a table or at
//!   the end; every top-level record (`[[programme]]`) has a blank line above it or its
//!   comments. Trailing spaces go; the space before a comment at the end of a line stays.
//! - A byte-order mark and the line endings (`\r\n` when the first line ends so) are kept.

use toml_edit::{Array, Document, Item, Key, RawString, Table, Value};

use super::shape::{
    Header, Shape, array_has_comments, collect, inline_has_comments, raw_has_comment, raw_text,
    value_has_comments,
};
use super::verify;
use crate::load::Schema;

/// Why a file was left as it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormatError {
    /// The file is not valid TOML: `accsm validate` says where.
    NotToml(String),
    /// The canonical text would have changed a value or lost a comment (a defect of accsm, never
    /// written): what differed.
    Unsafe(String),
    /// The file holds what accsm's parser reads but TOML 1.0 does not allow (a second
    /// byte-order mark, an inline table over several lines): what and where.
    NotToml10(String),
}

impl std::fmt::Display for FormatError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FormatError::NotToml(why) => write!(f, "is not valid TOML {why}; it is left as it is"),
            FormatError::NotToml10(why) => write!(
                f,
                "{why}; other TOML readers refuse this, so it is left as it is"
            ),
            FormatError::Unsafe(why) => write!(
                f,
                "cannot be formatted without changing it ({why}); it is left as it is"
            ),
        }
    }
}

/// The file's text in the canonical layout (the same text when it is in it already). The result
/// is checked before it is returned: it parses, holds the same values and the same comments.
pub fn format_toml(text: &str, schema: &Schema) -> Result<String, FormatError> {
    let (bom, body) = match text.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
        None => ("", text),
    };
    let doc = Document::parse(body).map_err(|e| FormatError::NotToml(where_and_why(body, &e)))?;
    if let Some(why) = super::strict::not_toml_1_0(body, &doc) {
        return Err(FormatError::NotToml10(why));
    }
    let nl = match body.find('\n') {
        Some(i) if body[..i].ends_with('\r') => "\r\n",
        _ => "\n",
    };
    let mut printer = Printer {
        input: body,
        schema,
        nl,
        out: String::with_capacity(text.len() + 64),
        inlined: Vec::new(),
    };
    printer.out.push_str(bom);
    printer.document(&doc);
    let out = printer.out;
    if out != text {
        verify::same_as_parsed(&doc, &out[bom.len()..]).map_err(FormatError::Unsafe)?;
    }
    Ok(out)
}

/// "at line 5, column 12: invalid basic string" (the column counts characters).
fn where_and_why(text: &str, e: &toml_edit::TomlError) -> String {
    let message = e.message().trim();
    let why = message.lines().next().unwrap_or(message);
    let Some(at) = e.span().map(|s| s.start) else {
        return why.to_string();
    };
    let (line, column) = super::strict::line_column(text, at);
    format!("at line {line}, column {column}: {why}")
}

/// One `key = value` line of a table body.
enum Line<'a> {
    Value(Vec<&'a Key>, &'a Value),
    /// A nested record written as a table of its own, printed inline here.
    Inlined(&'a Key, &'a Table),
}

/// Items longer than this, in characters as written, put each item of their list on a line of
/// its own.
const LONG_ITEM: usize = 80;

/// Where a line starts in the file.
fn written_at(line: &Line<'_>) -> usize {
    let span = match line {
        Line::Value(path, value) => path
            .first()
            .and_then(|k| k.as_repr())
            .and_then(|r| r.span())
            .or_else(|| value.span()),
        Line::Inlined(_, table) => table.span(),
    };
    span.map_or(usize::MAX, |s| s.start)
}

/// How the blank lines before a block of comments are treated.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Lead {
    /// None: the start of the file or of a table.
    Strip,
    /// As written, runs made one.
    Keep,
    /// At least one: above a top-level record.
    Separate,
}

struct Printer<'a, 's> {
    input: &'a str,
    schema: &'s Schema,
    nl: &'static str,
    out: String,
    /// Header spans of the tables printed inline in their parent (`[programme.budget]`).
    inlined: Vec<usize>,
}

impl<'a, 's> Printer<'a, 's> {
    fn document(&mut self, doc: &'a Document<&'a str>) {
        let root = doc.as_table();
        if let Some(prefix) = root.decor().prefix() {
            self.comments(prefix, Lead::Strip);
        }
        let mut headers = Vec::new();
        let mut last_position = 0;
        collect(
            self.schema,
            root,
            &mut Vec::new(),
            false,
            Shape::Root,
            &mut last_position,
            &mut headers,
        );
        // The order `toml_edit` prints tables in: the root's keys, then by position.
        headers.sort_by_key(|h| (!h.path.is_empty(), h.position));
        for header in &headers {
            self.table(header);
        }
        let lead = if self.at_start() {
            Lead::Strip
        } else {
            Lead::Keep
        };
        self.trailing_comments(doc.trailing(), lead);
    }

    /// Whether nothing but a byte-order mark has been written.
    fn at_start(&self) -> bool {
        self.out.is_empty() || self.out == "\u{feff}"
    }

    fn raw(&self, raw: &'a RawString) -> &'a str {
        raw_text(self.input, raw)
    }

    fn table(&mut self, header: &Header<'a, 's>) {
        let table = header.table;
        if table
            .span()
            .is_some_and(|s| self.inlined.contains(&s.start))
        {
            return;
        }
        let lines = self.lines(table, header.shape);
        let visible = !(table.is_implicit() && lines.is_empty());
        if !header.path.is_empty() && (header.is_array || visible) {
            let lead = if self.at_start() {
                Lead::Strip
            } else if header.path.len() == 1 {
                Lead::Separate
            } else {
                Lead::Keep
            };
            if let Some(prefix) = table.decor().prefix() {
                self.comments(prefix, lead);
            } else if lead == Lead::Separate {
                self.out.push_str(self.nl);
            }
            let (open, close) = if header.is_array {
                ("[[", "]]")
            } else {
                ("[", "]")
            };
            self.out.push_str(open);
            self.key_path(&header.path);
            self.out.push_str(close);
            if let Some(suffix) = table.decor().suffix() {
                self.end_of_line_comment(suffix);
            }
            self.out.push_str(self.nl);
        }
        // Blank lines go at the top of the table, and from above the key that was at the top
        // (they set it off from the header) wherever that key goes.
        let top = !header.path.is_empty() || self.at_start();
        let was_first = (0..lines.len()).min_by_key(|&i| written_at(&lines[i]));
        for (i, line) in lines.iter().enumerate() {
            self.line(line, header.shape, (i == 0 && top) || Some(i) == was_first);
        }
    }

    /// The `key = value` lines of a table, in canonical order.
    fn lines(&mut self, table: &'a Table, shape: Shape<'s>) -> Vec<Line<'a>> {
        let mut lines: Vec<Line<'a>> = table
            .get_values()
            .into_iter()
            .map(|(path, value)| Line::Value(path, value))
            .collect();
        for (key, item) in table.iter() {
            let Item::Table(sub) = item else { continue };
            if shape.holds_one_record(key) && can_inline(self.input, sub) {
                if let (Some(span), Some(key)) = (sub.span(), table.key(key)) {
                    self.inlined.push(span.start);
                    lines.push(Line::Inlined(key, sub));
                }
            }
        }
        lines.sort_by_key(|line| match line {
            Line::Value(path, value) => path
                .first()
                .map_or(0, |k| shape.rank_of(k.get(), value.is_array())),
            Line::Inlined(key, _) => shape.rank(key.get()),
        });
        lines
    }

    fn line(&mut self, line: &Line<'a>, shape: Shape<'s>, first: bool) {
        let lead = if first { Lead::Strip } else { Lead::Keep };
        match line {
            Line::Value(path, value) => {
                if let Some(prefix) = path.last().and_then(|k| k.leaf_decor().prefix()) {
                    self.comments(prefix, lead);
                }
                self.key_path(path);
                self.out.push_str(" = ");
                let inner = path
                    .iter()
                    .fold(shape, |s, k| s.child(self.schema, k.get()));
                self.value(value, inner, 0);
                if let Some(suffix) = value.decor().suffix() {
                    self.end_of_line_comment(suffix);
                }
            }
            Line::Inlined(key, table) => {
                if let Some(prefix) = table.decor().prefix() {
                    self.comments(prefix, lead);
                }
                self.key_path(&[key]);
                self.out.push_str(" = ");
                let inner = shape.child(self.schema, key.get());
                let entries: Vec<(Vec<&'a Key>, &'a Value)> = table.get_values();
                self.inline_entries(entries, inner, 1);
            }
        }
        self.out.push_str(self.nl);
    }

    fn key_path(&mut self, path: &[&'a Key]) {
        for (i, key) in path.iter().enumerate() {
            if i > 0 {
                self.out.push('.');
            }
            let repr = key.as_repr().and_then(|r| r.span());
            match repr.and_then(|span| self.input.get(span)) {
                Some(raw) => self.out.push_str(raw),
                None => self.out.push_str(&key.display_repr()),
            }
        }
    }

    fn value(&mut self, value: &'a Value, shape: Shape<'s>, depth: usize) {
        match value {
            Value::Array(array) if !array_has_comments(self.input, array) => {
                self.array(array, shape, depth);
            }
            Value::InlineTable(table) if !inline_has_comments(self.input, table) => {
                self.inline_entries(table.get_values(), shape, depth);
            }
            _ => match value.span().and_then(|span| self.input.get(span)) {
                Some(raw) => self.out.push_str(raw),
                None => {
                    let mut bare = value.clone();
                    bare.decor_mut().clear();
                    self.out.push_str(bare.to_string().trim());
                }
            },
        }
    }

    /// A list on one line; a list of a key whose items include a long one (a sentence, such as
    /// a KPI question) with each item on a line of its own.
    fn array(&mut self, array: &'a Array, shape: Shape<'s>, depth: usize) {
        if array.is_empty() {
            self.out.push_str("[]");
            return;
        }
        let one_per_line = depth == 0
            && array.iter().any(|item| {
                item.span()
                    .and_then(|span| self.input.get(span))
                    .is_some_and(|raw| raw.chars().count() > LONG_ITEM)
            });
        self.out.push('[');
        for (i, item) in array.iter().enumerate() {
            if one_per_line {
                self.out.push_str(self.nl);
                self.out.push_str("  ");
            } else if i > 0 {
                self.out.push_str(", ");
            }
            self.value(item, shape, depth + 1);
            if one_per_line {
                self.out.push(',');
            }
        }
        if one_per_line {
            self.out.push_str(self.nl);
        }
        self.out.push(']');
    }

    fn inline_entries(
        &mut self,
        mut entries: Vec<(Vec<&'a Key>, &'a Value)>,
        shape: Shape<'s>,
        depth: usize,
    ) {
        if entries.is_empty() {
            self.out.push_str("{}");
            return;
        }
        entries.sort_by_key(|(path, value)| {
            path.first()
                .map_or(0, |k| shape.rank_of(k.get(), value.is_array()))
        });
        self.out.push_str("{ ");
        for (i, (path, value)) in entries.iter().enumerate() {
            if i > 0 {
                self.out.push_str(", ");
            }
            self.key_path(path);
            self.out.push_str(" = ");
            let inner = path
                .iter()
                .fold(shape, |s, k| s.child(self.schema, k.get()));
            self.value(value, inner, depth + 1);
        }
        self.out.push_str(" }");
    }

    /// The comment lines and blank lines above a key or header.
    fn comments(&mut self, raw: &'a RawString, lead: Lead) {
        let text = self.raw(raw);
        let pieces = pieces(text);
        let mut blank_pending = lead == Lead::Separate && !pieces.contains(&Piece::Blank);
        let mut written_any = false;
        for piece in pieces {
            match piece {
                Piece::Blank => blank_pending = true,
                Piece::Comment(comment) => {
                    self.blank_line(&mut blank_pending, written_any, lead);
                    self.out.push_str(comment);
                    self.out.push_str(self.nl);
                    written_any = true;
                }
            }
        }
        self.blank_line(&mut blank_pending, written_any, lead);
    }

    fn blank_line(&mut self, pending: &mut bool, written_any: bool, lead: Lead) {
        if std::mem::take(pending) && (written_any || lead != Lead::Strip) && !self.at_start() {
            self.out.push_str(self.nl);
        }
    }

    /// Comments after the last table: blank lines at the very end go.
    fn trailing_comments(&mut self, raw: &'a RawString, lead: Lead) {
        let text = self.raw(raw);
        let mut pending = false;
        let mut written_any = false;
        for piece in pieces(text) {
            match piece {
                Piece::Blank => pending = true,
                Piece::Comment(comment) => {
                    self.blank_line(&mut pending, written_any, lead);
                    self.out.push_str(comment);
                    self.out.push_str(self.nl);
                    written_any = true;
                }
            }
        }
    }

    /// A comment at the end of a line, after the whitespace written before it; trailing spaces
    /// without a comment go.
    fn end_of_line_comment(&mut self, raw: &'a RawString) {
        let text = self.raw(raw);
        if let Some(at) = text.find('#') {
            let space = &text[..at];
            self.out
                .push_str(if space.is_empty() { " " } else { space });
            self.out.push_str(text[at..].trim_end());
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Piece<'a> {
    Blank,
    Comment(&'a str),
}

/// The lines of whitespace and comments between two items: each blank or one comment.
fn pieces(text: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut lines = text.split('\n').peekable();
    while let Some(line) = lines.next() {
        let last = lines.peek().is_none();
        let trimmed = line.trim();
        if trimmed.is_empty() {
            if !last {
                out.push(Piece::Blank);
            }
        } else {
            out.push(Piece::Comment(trimmed));
        }
    }
    out
}

/// Whether a nested record written as its own table can be written inline without losing
/// anything: no comments or tables inside it, nothing after its header.
fn can_inline(input: &str, table: &Table) -> bool {
    let has = |raw: Option<&RawString>| raw_has_comment(input, raw);
    if has(table.decor().suffix()) || table.is_dotted() || table.is_implicit() {
        return false;
    }
    table.iter().all(|(key, item)| {
        let Item::Value(value) = item else {
            return false;
        };
        let key_comment = table.key(key).is_some_and(|k| has(k.leaf_decor().prefix()));
        !key_comment && !has(value.decor().suffix()) && !value_has_comments(input, value)
    })
}
