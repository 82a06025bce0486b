//! Reading records out of a parsed TOML table while checking their shape. Every problem is pushed
//! as a finding and reading goes on, so one run reports all of them (unlike serde, which stops at
//! the first).
//!
//! A key is declared once, where it is read: each getter of [`Record`] notes the key it is asked
//! for, and [`Record::read`] reports, once the reader is done, every key of the table that no
//! getter asked for as `unknown-key`. Run over an empty record in probe mode, the same getters
//! tell the schema (see [`super::schema`]).
//!
//! Here: the record and its check of keys; [`scalars`] reads single values, [`lists`] lists
//! and tables of values, [`nested`] records inside records.

mod lists;
mod nested;
pub(in crate::load) mod probe;
mod scalars;

use toml::de::{DeTable, DeValue};

use crate::diag::{Allow, Code, Diagnostic};
use crate::interned::{Interner, Str};
use crate::source::{FileId, Span, Spanned};
use crate::spelling::did_you_mean;
use probe::{Probe, ValueType};

pub type Value<'i> = toml::Spanned<DeValue<'i>>;

/// Where findings go while one file is read.
pub struct Ctx<'d> {
    pub file: FileId,
    pub diagnostics: &'d mut Vec<Diagnostic>,
    /// The file's text as read (empty while probing): the readers look at it to tell a table
    /// header from an inline table.
    pub source: &'d str,
    /// One copy of each text of the file (see [`Interner`]).
    pub strings: Interner,
    /// Set while the readers run over empty records to tell the schema.
    pub(super) probe: Option<Probe>,
    /// The `# accsm: allow(…)` comments of the file.
    pub allows: Vec<Allow>,
    /// What of the file could not be read (see [`Unread`]).
    pub unread: Vec<Unread>,
    /// Whether the file is read from a mended copy of its text (see `syntax`).
    pub mended: bool,
    /// Where the file has a value that is not valid TOML (sorted byte offsets): the syntax
    /// finding is enough, so the getters pass over such a value without a word, as if absent,
    /// and a required key there is not reported missing.
    pub unreadable: Vec<usize>,
}

impl<'d> Ctx<'d> {
    pub fn new(file: FileId, diagnostics: &'d mut Vec<Diagnostic>) -> Self {
        Ctx {
            file,
            diagnostics,
            source: "",
            strings: Interner::default(),
            probe: None,
            allows: Vec::new(),
            unread: Vec::new(),
            unreadable: Vec::new(),
            mended: false,
        }
    }

    /// Whether a syntax error lies in the value at `range` (see [`Ctx::unreadable`]).
    pub fn unreadable(&self, range: std::ops::Range<usize>) -> bool {
        if self.unreadable.is_empty() {
            return false;
        }
        let i = self.unreadable.partition_point(|&at| at < range.start);
        self.unreadable.get(i).is_some_and(|&at| at <= range.end)
    }

    pub fn span(&self, range: std::ops::Range<usize>) -> Span {
        if !self.mended {
            return Span::new(self.file, range);
        }
        // Read from a mended copy (see `syntax`): a span there may begin or end inside a
        // character of the file as written, which the copy has as spaces or a straight quote.
        let text = self.source;
        let mut start = range.start.min(text.len());
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = range.end.clamp(start, text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        Span::new(self.file, start..end)
    }

    /// A text of the file, at the span of the TOML value.
    pub fn text(&mut self, text: &str, range: std::ops::Range<usize>) -> Spanned<Str> {
        Spanned::new(self.strings.intern(text), self.span(range))
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.diagnostics.push(d);
    }
}

/// A part of the data that could not be read, so that checks elsewhere do not blame other files
/// for what it may have defined.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unread {
    /// A whole file (not text, not readable): it may have defined anything.
    File,
    /// A table of a file, left out after a syntax error: it may have defined records of the
    /// named table (`country`, `plan`…); `None` for keys before the first table header.
    Table(Option<String>),
}

/// A name for a TOML value's type that a non-programmer understands.
pub fn type_name(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "text",
        DeValue::Integer(_) => "a whole number",
        DeValue::Float(_) => "a decimal number",
        DeValue::Boolean(_) => "true/false",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "a list",
        DeValue::Table(_) => "a table",
    }
}

/// The most keys a reader asks one record for (the KPI has 20). Beyond it, every key counts as
/// asked, so no key is wrongly reported; `schema::tests` keeps every reader below it.
pub(super) const MAX_KEYS: usize = 32;

/// One record (a `[[programme]]`, an inline `budget = { … }`) being read.
pub struct Record<'a, 'i> {
    table: &'a DeTable<'i>,
    /// The record's header or inline table, for findings about missing keys.
    pub span: Span,
    /// What the record is called in messages ("programme", "budget").
    pub kind: &'static str,
    /// The keys the getters were asked for, in order (a key may appear twice). Kept inline: this
    /// runs for every record of a 100,000-programme data set.
    asked: [&'static str; MAX_KEYS],
    asked_len: usize,
    /// Findings about missing keys, held until the record is read: a key may turn up under a
    /// later table header (see [`Stray`]).
    missing: Vec<(&'static str, Diagnostic)>,
    /// Keys of nested records written under their own header that those records do not have.
    strays: Vec<Stray>,
    /// Whether this is a nested record written under its own header (`[[programme.update]]`):
    /// its unknown keys are then handed to the record above, whose keys they may be.
    under_header: bool,
    /// Whether the lists no getter asked for were taken by [`Record::other_lists`]: they are
    /// then not unknown here (a later check knows which keys they may be).
    others_taken: bool,
}

/// A key under the header of a nested record (`[[programme.update]]`) that the nested record
/// does not have. Every key after a header belongs to that header's table, so a programme's
/// `title` written below `[[programme.update]]` lands in the update: the record above says so
/// instead of reporting its `title` missing.
pub(super) struct Stray {
    key: String,
    /// Whether its value is a list of texts, which a record that takes other lists may own.
    texts: bool,
    span: Span,
    /// The header the key fell under, and the kind and keys of the record it heads.
    header: Span,
    kind: &'static str,
    keys: Vec<&'static str>,
}

impl<'a, 'i> Record<'a, 'i> {
    /// Reads `value` as a record of `kind` with `read`, then reports every key of the table
    /// `read` did not ask for. A value that is not a table is reported and `read` is not run.
    ///
    /// `read` should ask for every key before it gives up on the record (read all, then `?`),
    /// so that the keys it did not reach are not taken for unknown ones.
    pub fn read<'c, T>(
        ctx: &mut Ctx<'c>,
        value: &'a Value<'i>,
        kind: &'static str,
        read: impl FnOnce(&mut Ctx<'c>, &mut Record<'a, 'i>) -> Option<T>,
    ) -> Option<T> {
        Record::read_as(ctx, value, kind, None, read).0
    }

    /// [`Record::read`] for a nested record; `form` says how one is written (for a value of the
    /// wrong type). Returns the keys that fell under its header and are not its own.
    pub(super) fn read_as<'c, T>(
        ctx: &mut Ctx<'c>,
        value: &'a Value<'i>,
        kind: &'static str,
        form: Option<&str>,
        read: impl FnOnce(&mut Ctx<'c>, &mut Record<'a, 'i>) -> Option<T>,
    ) -> (Option<T>, Vec<Stray>) {
        let Some(mut record) = Record::open(ctx, value, kind, form) else {
            return (None, Vec::new());
        };
        record.under_header =
            form.is_some() && ctx.source.as_bytes().get(value.span().start) == Some(&b'[');
        if let Some(probe) = &mut ctx.probe {
            probe.record(kind);
        }
        let out = read(ctx, &mut record);
        if let Some(probe) = &mut ctx.probe {
            probe.most_asks = probe.most_asks.max(record.asked_len);
        }
        let (strays, misplaced) = record.finish(ctx);
        // A record whose own keys fell under a later header is not read: what it lacks would
        // only cause findings that follow from the misplaced keys.
        (if misplaced { None } else { out }, strays)
    }

    fn open(
        ctx: &mut Ctx<'_>,
        value: &'a Value<'i>,
        kind: &'static str,
        form: Option<&str>,
    ) -> Option<Self> {
        let span = ctx.span(value.span());
        let DeValue::Table(table) = value.get_ref() else {
            if let Some(problem) = invalid_literal(value.get_ref()) {
                ctx.push(problem.at(span));
                return None;
            }
            let help = match form {
                Some(form) => form.to_string(),
                None => format!("write it as `[[{kind}]]` followed by `key = value` lines"),
            };
            ctx.push(
                Diagnostic::new(
                    Code::WrongType,
                    span,
                    format!(
                        "a {kind} should be a table, found {}",
                        type_name(value.get_ref())
                    ),
                )
                .with_help(help),
            );
            return None;
        };
        Some(Record {
            table,
            span,
            kind,
            asked: [""; MAX_KEYS],
            asked_len: 0,
            missing: Vec::new(),
            strays: Vec::new(),
            under_header: false,
            others_taken: false,
        })
    }

    /// Settles what was held while the record was read: keys that fell under a nested record's
    /// header, missing keys, keys nobody asked for. Returns this record's unknown keys when it
    /// is a nested record under its own header (the record above settles them).
    fn finish(mut self, ctx: &mut Ctx<'_>) -> (Vec<Stray>, bool) {
        let mut any_misplaced = false;
        for stray in std::mem::take(&mut self.strays) {
            if self.has_asked(&stray.key) || (self.others_taken && stray.texts) {
                self.missing.retain(|(key, _)| *key != stray.key);
                ctx.push(misplaced(self.kind, &stray, ctx.source));
                any_misplaced = true;
            } else {
                ctx.push(unknown_key(stray.kind, &stray.key, stray.span, &stray.keys));
            }
        }
        for (_, d) in std::mem::take(&mut self.missing) {
            ctx.push(d);
        }
        if self.under_header {
            return (self.unknown_keys(ctx), any_misplaced);
        }
        let unknown = self.unknown_keys(ctx);
        if !unknown.is_empty() {
            let keys = self.asked_keys();
            for stray in unknown {
                ctx.push(unknown_key(self.kind, &stray.key, stray.span, &keys));
            }
        }
        (Vec::new(), any_misplaced)
    }

    /// Whether the record has `key` (whatever its value).
    pub fn has(&self, key: &str) -> bool {
        self.table.contains_key(key)
    }

    /// Whether `key` is left out or an empty list (`[]`): nothing given, and nothing that
    /// another finding is already about.
    pub fn left_empty(&self, key: &str) -> bool {
        match self.table.get(key).map(|v| v.get_ref()) {
            None => true,
            Some(DeValue::Array(items)) => items.is_empty(),
            Some(_) => false,
        }
    }

    fn has_asked(&self, key: &str) -> bool {
        self.asked
            .iter()
            .take(self.asked_len.min(MAX_KEYS))
            .any(|k| *k == key)
            || self.asked_len > MAX_KEYS
    }

    /// Notes that `key` is read as `ty` (`None`: only its presence is checked) and returns its
    /// value, if the record has it.
    fn ask(
        &mut self,
        ctx: &mut Ctx<'_>,
        key: &'static str,
        ty: Option<ValueType>,
        required: bool,
    ) -> Option<&'a Value<'i>> {
        if let Some(slot) = self.asked.get_mut(self.asked_len) {
            *slot = key;
        }
        self.asked_len += 1;
        if let Some(probe) = &mut ctx.probe {
            probe.key(self.kind, key, ty, required);
        }
        let value = self.table.get(key)?;
        let scalar = !matches!(value.get_ref(), DeValue::Table(_) | DeValue::Array(_));
        if scalar && ctx.unreadable(value.span()) {
            return None;
        }
        Some(value)
    }

    /// The keys asked for, each once, in the order first asked.
    fn asked_keys(&self) -> Vec<&'static str> {
        let mut keys: Vec<&'static str> = Vec::with_capacity(self.asked_len);
        for key in self.asked.iter().take(self.asked_len) {
            if !keys.contains(key) {
                keys.push(key);
            }
        }
        keys
    }

    /// The keys of the table that no getter asked for.
    fn unknown_keys(&self, ctx: &Ctx<'_>) -> Vec<Stray> {
        let Some(asked) = self.asked.get(..self.asked_len) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (key, value) in self.table.iter() {
            let name = key.get_ref().as_ref();
            if asked.contains(&name) {
                continue;
            }
            if self.others_taken && lists::texts_only(value) {
                continue;
            }
            out.push(Stray {
                texts: lists::texts_only(value),
                key: name.to_string(),
                span: ctx.span(key.span()),
                header: self.span,
                kind: self.kind,
                keys: if self.under_header {
                    self.asked_keys()
                } else {
                    Vec::new()
                },
            });
        }
        out
    }

    /// Reports `key` as missing unless present; returns whether it is present.
    pub fn require(&mut self, ctx: &mut Ctx<'_>, key: &'static str, example: &str) -> bool {
        let present = self.ask(ctx, key, None, true).is_some();
        if !present {
            self.missing(ctx, key, example);
        }
        present
    }

    fn missing(&mut self, _ctx: &mut Ctx<'_>, key: &'static str, example: &str) {
        if self.table.contains_key(key) {
            // There, but not valid TOML: its syntax finding says so.
            return;
        }
        let d = Diagnostic::new(
            Code::MissingField,
            self.span,
            format!("this {} has no `{key}`", self.kind),
        )
        .with_label(format!("`{key}` is required"))
        .with_help(format!("add a line `{key} = {example}`"));
        self.missing.push((key, d));
    }

    fn wrong_type(
        &self,
        ctx: &mut Ctx<'_>,
        key: &str,
        v: &Value<'_>,
        expected: &str,
        example: &str,
    ) {
        if let Some(problem) = invalid_literal(v.get_ref()) {
            ctx.push(problem.at(ctx.span(v.span())));
            return;
        }
        ctx.push(
            Diagnostic::new(
                Code::WrongType,
                ctx.span(v.span()),
                format!(
                    "`{key}` of a {} should be {expected}, found {}",
                    self.kind,
                    type_name(v.get_ref())
                ),
            )
            .with_help(format!("write it like `{key} = {example}`")),
        );
    }
}

fn unknown_key(kind: &str, name: &str, span: Span, keys: &[&'static str]) -> Diagnostic {
    let d = Diagnostic::new(
        Code::UnknownKey,
        span,
        format!("a {kind} has no key `{name}`"),
    );
    match did_you_mean(name, keys.iter().copied()) {
        Some(s) => d.with_help(format!("did you mean `{s}`?")),
        None => d.with_help(format!("the keys of a {kind} are: {}", keys.join(", "))),
    }
}

/// The finding for a record's key written under a nested record's header.
fn misplaced(kind: &str, stray: &Stray, text: &str) -> Diagnostic {
    let header = text
        .get(stray.header.range())
        .filter(|h| h.starts_with('['))
        .unwrap_or("its header");
    Diagnostic::new(
        Code::MisplacedKey,
        stray.span,
        format!(
            "`{}` comes after `{header}`, so TOML puts it in the {}, not in the {kind}",
            stray.key, stray.kind
        ),
    )
    .with_label(format!("this key belongs to the {kind}"))
    .with_related(stray.header, format!("the {} starts here", stray.kind))
    .with_help(format!(
        "move `{}` above `{header}`: every key after a table header belongs to that table. \
         Until then accsm does not read this {kind}",
        stray.key
    ))
}

/// A value that the TOML parser accepts but the TOML grammar does not, and how to say so.
pub(super) struct InvalidLiteral(String);

impl InvalidLiteral {
    pub(super) fn at(self, span: Span) -> Diagnostic {
        Diagnostic::new(Code::Syntax, span, self.0)
            .with_label("the TOML grammar does not allow this")
            .with_help(
                "write the number in digits, e.g. `12`, or `0x1F` with its hexadecimal digits",
            )
    }
}

/// `0x`, `0o` or `0b` with no digits after it: the parser reads it as a number, though the TOML
/// grammar wants at least one digit.
pub(super) fn invalid_literal(v: &DeValue<'_>) -> Option<InvalidLiteral> {
    match v {
        DeValue::Integer(i) if i.as_str().is_empty() => {
            let prefix = match i.radix() {
                16 => "0x",
                8 => "0o",
                2 => "0b",
                _ => return None,
            };
            Some(InvalidLiteral(format!(
                "not valid TOML: `{prefix}` has no digits after it"
            )))
        }
        _ => None,
    }
}
