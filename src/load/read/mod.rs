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

use crate::diag::{Code, Diagnostic};
use crate::source::{FileId, Span, Spanned};
use crate::strings::{Interner, Str};
use crate::text::did_you_mean;
use probe::{Probe, ValueType};

pub type Value<'i> = toml::Spanned<DeValue<'i>>;

/// Where findings go while one file is read.
pub struct Ctx<'d> {
    pub file: FileId,
    pub diagnostics: &'d mut Vec<Diagnostic>,
    /// One copy of each text of the file (see [`Interner`]).
    pub strings: Interner,
    /// Set while the readers run over empty records to tell the schema.
    pub(super) probe: Option<Probe>,
}

impl<'d> Ctx<'d> {
    pub fn new(file: FileId, diagnostics: &'d mut Vec<Diagnostic>) -> Self {
        Ctx {
            file,
            diagnostics,
            strings: Interner::default(),
            probe: None,
        }
    }

    pub fn span(&self, range: std::ops::Range<usize>) -> Span {
        Span::new(self.file, range)
    }

    /// A text of the file, at the span of the TOML value.
    pub fn text(&mut self, text: &str, range: std::ops::Range<usize>) -> Spanned<Str> {
        Spanned::new(self.strings.intern(text), self.span(range))
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.diagnostics.push(d);
    }
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
        let mut record = Record::open(ctx, value, kind)?;
        if let Some(probe) = &mut ctx.probe {
            probe.record(kind);
        }
        let out = read(ctx, &mut record);
        record.report_unknown_keys(ctx);
        if let Some(probe) = &mut ctx.probe {
            probe.most_asks = probe.most_asks.max(record.asked_len);
        }
        out
    }

    fn open(ctx: &mut Ctx<'_>, value: &'a Value<'i>, kind: &'static str) -> Option<Self> {
        let span = ctx.span(value.span());
        let DeValue::Table(table) = value.get_ref() else {
            ctx.push(
                Diagnostic::new(
                    Code::WrongType,
                    span,
                    format!(
                        "a {kind} should be a table, found {}",
                        type_name(value.get_ref())
                    ),
                )
                .with_help(format!(
                    "write it as `[[{kind}]]` followed by `key = value` lines"
                )),
            );
            return None;
        };
        Some(Record {
            table,
            span,
            kind,
            asked: [""; MAX_KEYS],
            asked_len: 0,
        })
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
        self.table.get(key)
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

    fn report_unknown_keys(&self, ctx: &mut Ctx<'_>) {
        let Some(asked) = self.asked.get(..self.asked_len) else {
            return;
        };
        for (key, _) in self.table.iter() {
            let name = key.get_ref().as_ref();
            if asked.contains(&name) {
                continue;
            }
            let mut d = Diagnostic::new(
                Code::UnknownKey,
                ctx.span(key.span()),
                format!("a {} has no key `{name}`", self.kind),
            );
            let keys = self.asked_keys();
            d = match did_you_mean(name, keys.iter().copied()) {
                Some(s) => d.with_help(format!("did you mean `{s}`?")),
                None => d.with_help(format!(
                    "the keys of a {} are: {}",
                    self.kind,
                    keys.join(", ")
                )),
            };
            ctx.push(d);
        }
    }

    /// Reports `key` as missing unless present; returns whether it is present.
    pub fn require(&mut self, ctx: &mut Ctx<'_>, key: &'static str, example: &str) -> bool {
        let present = self.ask(ctx, key, None, true).is_some();
        if !present {
            self.missing(ctx, key, example);
        }
        present
    }

    fn missing(&self, ctx: &mut Ctx<'_>, key: &str, example: &str) {
        ctx.push(
            Diagnostic::new(
                Code::MissingField,
                self.span,
                format!("this {} has no `{key}`", self.kind),
            )
            .with_label(format!("`{key}` is required"))
            .with_help(format!("add a line `{key} = {example}`")),
        );
    }

    fn wrong_type(
        &self,
        ctx: &mut Ctx<'_>,
        key: &str,
        v: &Value<'_>,
        expected: &str,
        example: &str,
    ) {
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
