//! Reading records out of a parsed TOML table while checking their shape. Every problem is pushed
//! as a finding and reading goes on, so one run reports all of them (unlike serde, which stops at
//! the first).
//!
//! A key is declared once, where it is read: each getter of [`Record`] notes the key it is asked
//! for, and [`Record::read`] reports, once the reader is done, every key of the table that no
//! getter asked for as `unknown-key`. Run over an empty record in probe mode, the same getters
//! tell the schema (see [`super::schema`]).

use toml::de::{DeTable, DeValue};

use super::schema::{Probe, ValueType};
use crate::diag::{Code, Diagnostic};
use crate::model::ClosedSet;
use crate::source::{FileId, Span, Spanned};
use crate::strings::{Interner, Str};
use crate::text::did_you_mean;

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

    fn text_of(&self, ctx: &mut Ctx<'_>, key: &str, v: &Value<'_>) -> Option<Spanned<Str>> {
        match v.get_ref() {
            DeValue::String(s) => Some(ctx.text(s, v.span())),
            _ => {
                self.wrong_type(ctx, key, v, "text", "\"…\"");
                None
            }
        }
    }

    pub fn opt_str(&mut self, ctx: &mut Ctx<'_>, key: &'static str) -> Option<Spanned<Str>> {
        let v = self.ask(ctx, key, Some(ValueType::Text), false)?;
        self.text_of(ctx, key, v)
    }

    pub fn req_str(&mut self, ctx: &mut Ctx<'_>, key: &'static str) -> Option<Spanned<Str>> {
        let Some(v) = self.ask(ctx, key, Some(ValueType::Text), true) else {
            self.missing(ctx, key, "\"…\"");
            return None;
        };
        self.text_of(ctx, key, v)
    }

    fn int_of(&self, ctx: &mut Ctx<'_>, key: &str, v: &Value<'_>) -> Option<Spanned<i64>> {
        match v.get_ref() {
            DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
                Ok(n) => Some(Spanned::new(n, ctx.span(v.span()))),
                Err(_) => {
                    ctx.push(Diagnostic::new(
                        Code::BadValue,
                        ctx.span(v.span()),
                        format!("`{key}` is too large a number"),
                    ));
                    None
                }
            },
            _ => {
                self.wrong_type(ctx, key, v, "a whole number", "2023");
                None
            }
        }
    }

    pub fn opt_int(&mut self, ctx: &mut Ctx<'_>, key: &'static str) -> Option<Spanned<i64>> {
        let v = self.ask(ctx, key, Some(ValueType::WholeNumber), false)?;
        self.int_of(ctx, key, v)
    }

    pub fn req_int(&mut self, ctx: &mut Ctx<'_>, key: &'static str) -> Option<Spanned<i64>> {
        let Some(v) = self.ask(ctx, key, Some(ValueType::WholeNumber), true) else {
            self.missing(ctx, key, "1");
            return None;
        };
        self.int_of(ctx, key, v)
    }

    /// A number; whole numbers are accepted where decimals are expected.
    pub fn opt_number(&mut self, ctx: &mut Ctx<'_>, key: &'static str) -> Option<Spanned<f64>> {
        let v = self.ask(ctx, key, Some(ValueType::Number), false)?;
        let parsed = match v.get_ref() {
            DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix())
                .ok()
                .map(|n| n as f64),
            DeValue::Float(f) => f.as_str().replace('_', "").parse::<f64>().ok(),
            _ => {
                self.wrong_type(ctx, key, v, "a number", "5000.00");
                return None;
            }
        };
        match parsed {
            Some(n) if n.is_finite() => Some(Spanned::new(n, ctx.span(v.span()))),
            _ => {
                ctx.push(Diagnostic::new(
                    Code::BadValue,
                    ctx.span(v.span()),
                    format!("`{key}` must be a finite number"),
                ));
                None
            }
        }
    }

    fn bool_of(&self, ctx: &mut Ctx<'_>, key: &str, v: &Value<'_>) -> Option<Spanned<bool>> {
        match v.get_ref() {
            DeValue::Boolean(b) => Some(Spanned::new(*b, ctx.span(v.span()))),
            _ => {
                self.wrong_type(ctx, key, v, "true or false", "true");
                None
            }
        }
    }

    pub fn opt_bool(&mut self, ctx: &mut Ctx<'_>, key: &'static str) -> Option<Spanned<bool>> {
        let v = self.ask(ctx, key, Some(ValueType::Bool), false)?;
        self.bool_of(ctx, key, v)
    }

    /// One true/false, or a list of them (one per question); a missing key is an empty list.
    pub fn bools(&mut self, ctx: &mut Ctx<'_>, key: &'static str) -> Vec<Spanned<bool>> {
        let Some(v) = self.ask(ctx, key, Some(ValueType::BoolOrBoolList), false) else {
            return Vec::new();
        };
        let DeValue::Array(items) = v.get_ref() else {
            return self.bool_of(ctx, key, v).into_iter().collect();
        };
        let mut out = Vec::with_capacity(items.len());
        for item in items.iter() {
            match item.get_ref() {
                DeValue::Boolean(b) => out.push(Spanned::new(*b, ctx.span(item.span()))),
                other => ctx.push(Diagnostic::new(
                    Code::WrongType,
                    ctx.span(item.span()),
                    format!(
                        "each entry of `{key}` should be true or false, found {}",
                        type_name(other)
                    ),
                )),
            }
        }
        out
    }

    /// A list of texts; a missing key is an empty list. (Boxed: lists do not grow after
    /// loading, and a boxed slice is a third smaller than a `Vec` in every record.)
    pub fn str_list(&mut self, ctx: &mut Ctx<'_>, key: &'static str) -> Box<[Spanned<Str>]> {
        let Some(v) = self.ask(ctx, key, Some(ValueType::TextList), false) else {
            return Box::default();
        };
        self.texts_of(ctx, key, v).into_boxed_slice()
    }

    fn texts_of(&self, ctx: &mut Ctx<'_>, key: &str, v: &Value<'_>) -> Vec<Spanned<Str>> {
        let DeValue::Array(items) = v.get_ref() else {
            let example = match v.get_ref() {
                DeValue::String(s) => format!("[\"{s}\"]"),
                _ => "[\"…\", \"…\"]".to_string(),
            };
            self.wrong_type(ctx, key, v, "a list of texts", &example);
            return Vec::new();
        };
        let mut out = Vec::with_capacity(items.len());
        for item in items.iter() {
            match item.get_ref() {
                DeValue::String(s) => out.push(ctx.text(s, item.span())),
                other => ctx.push(
                    Diagnostic::new(
                        Code::WrongType,
                        ctx.span(item.span()),
                        format!(
                            "each entry of `{key}` should be text, found {}",
                            type_name(other)
                        ),
                    )
                    .with_help("put the value in double quotes"),
                ),
            }
        }
        out
    }

    /// A list of whole numbers; a missing key is an empty list.
    pub fn int_list(&mut self, ctx: &mut Ctx<'_>, key: &'static str) -> Vec<Spanned<i64>> {
        let Some(v) = self.ask(ctx, key, Some(ValueType::WholeNumberList), false) else {
            return Vec::new();
        };
        let DeValue::Array(items) = v.get_ref() else {
            self.wrong_type(ctx, key, v, "a list of whole numbers", "[2021, 2022]");
            return Vec::new();
        };
        let mut out = Vec::with_capacity(items.len());
        for item in items.iter() {
            let n = match item.get_ref() {
                DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix()).ok(),
                _ => None,
            };
            match n {
                Some(n) => out.push(Spanned::new(n, ctx.span(item.span()))),
                None => ctx.push(Diagnostic::new(
                    Code::WrongType,
                    ctx.span(item.span()),
                    format!(
                        "each entry of `{key}` should be a whole number, found {}",
                        type_name(item.get_ref())
                    ),
                )),
            }
        }
        out
    }

    /// A `{ name = whole number }` table (levels, periods, years, countries), as ordered pairs;
    /// `what` says what it holds ("levels and counts").
    pub fn int_table(
        &mut self,
        ctx: &mut Ctx<'_>,
        key: &'static str,
        what: &str,
    ) -> Vec<(Spanned<Str>, Spanned<i64>)> {
        let Some(v) = self.ask(ctx, key, Some(ValueType::WholeNumberTable), false) else {
            return Vec::new();
        };
        let DeValue::Table(t) = v.get_ref() else {
            ctx.push(
                Diagnostic::new(
                    Code::WrongType,
                    ctx.span(v.span()),
                    format!("`{key}` should be a table of {what}"),
                )
                .with_help(format!("write it like `{key} = {{ \"2020-2022\" = 4 }}`")),
            );
            return Vec::new();
        };
        let mut out = Vec::with_capacity(t.len());
        for (k, n) in t.iter() {
            let parsed = match n.get_ref() {
                DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix()).ok(),
                _ => None,
            };
            match parsed {
                Some(value) => out.push((
                    ctx.text(k.get_ref(), k.span()),
                    Spanned::new(value, ctx.span(n.span())),
                )),
                None => ctx.push(Diagnostic::new(
                    Code::WrongType,
                    ctx.span(n.span()),
                    format!(
                        "each entry of `{key}` should be a whole number, found {}",
                        type_name(n.get_ref())
                    ),
                )),
            }
        }
        out
    }

    /// A value of a closed set, written as its name (`status = "ongoing"`).
    pub fn opt_enum<E: ClosedSet>(
        &mut self,
        ctx: &mut Ctx<'_>,
        key: &'static str,
    ) -> Option<Spanned<E>> {
        let v = self.ask(ctx, key, Some(ValueType::OneOf(E::NAMES)), false)?;
        let s = self.text_of(ctx, key, v)?;
        enum_of(ctx, key, &s)
    }

    pub fn req_enum<E: ClosedSet>(
        &mut self,
        ctx: &mut Ctx<'_>,
        key: &'static str,
    ) -> Option<Spanned<E>> {
        let Some(v) = self.ask(ctx, key, Some(ValueType::OneOf(E::NAMES)), true) else {
            let first = E::NAMES.first().copied().unwrap_or("…");
            self.missing(ctx, key, &format!("\"{first}\""));
            return None;
        };
        let s = self.text_of(ctx, key, v)?;
        enum_of(ctx, key, &s)
    }

    /// A list of values of a closed set; a missing key is an empty list.
    pub fn enum_list<E: ClosedSet>(
        &mut self,
        ctx: &mut Ctx<'_>,
        key: &'static str,
    ) -> Box<[Spanned<E>]> {
        let Some(v) = self.ask(ctx, key, Some(ValueType::OneOfList(E::NAMES)), false) else {
            return Box::default();
        };
        let texts = self.texts_of(ctx, key, v);
        texts.iter().filter_map(|s| enum_of(ctx, key, s)).collect()
    }

    /// A TOML date (`2022-03-01`) or a text date; returned as `YYYY-MM-DD` text.
    pub fn opt_date(&mut self, ctx: &mut Ctx<'_>, key: &'static str) -> Option<Spanned<Str>> {
        let v = self.ask(ctx, key, Some(ValueType::Date), false)?;
        let span = ctx.span(v.span());
        let text = match v.get_ref() {
            DeValue::Datetime(dt) => dt.to_string(),
            DeValue::String(s) => s.to_string(),
            _ => {
                self.wrong_type(ctx, key, v, "a date", "2022-03-01");
                return None;
            }
        };
        if crate::dates::is_partial_date(&text) {
            Some(Spanned::new(Str::from(text), span))
        } else {
            ctx.push(
                Diagnostic::new(Code::BadValue, span, format!("`{text}` is not a date")).with_help(
                    "write a date as YYYY-MM-DD (or YYYY-MM, or YYYY when only the year is known)",
                ),
            );
            None
        }
    }

    /// A nested record of `kind` (`budget = { … }` or `[programme.budget]`), read with `read`.
    pub fn sub<'c, T>(
        &mut self,
        ctx: &mut Ctx<'c>,
        key: &'static str,
        kind: &'static str,
        read: impl for<'b> FnOnce(&mut Ctx<'c>, &mut Record<'b, 'i>) -> Option<T>,
    ) -> Option<T> {
        match self.ask(ctx, key, Some(ValueType::Record(kind)), false) {
            Some(v) => Record::read(ctx, v, kind, read),
            None => {
                probe_empty(ctx, kind, read);
                None
            }
        }
    }

    /// A list of nested records of `kind` (`[[programme.update]]` or `updates = [{ … }]`); one
    /// table is read as a list of one.
    pub fn sub_list<'c, T>(
        &mut self,
        ctx: &mut Ctx<'c>,
        key: &'static str,
        kind: &'static str,
        mut read: impl for<'b> FnMut(&mut Ctx<'c>, &mut Record<'b, 'i>) -> Option<T>,
    ) -> Vec<T> {
        let Some(v) = self.ask(ctx, key, Some(ValueType::Records(kind)), false) else {
            probe_empty(ctx, kind, read);
            return Vec::new();
        };
        match v.get_ref() {
            DeValue::Array(items) => items
                .iter()
                .filter_map(|item| Record::read(ctx, item, kind, &mut read))
                .collect(),
            _ => Record::read(ctx, v, kind, read).into_iter().collect(),
        }
    }

    /// A table of nested records of `kind` under names of the user's (`[return.answers."A.1"]`),
    /// each read with `read` together with its name. `help` says how to write one.
    pub fn sub_table<'c, T>(
        &mut self,
        ctx: &mut Ctx<'c>,
        key: &'static str,
        kind: &'static str,
        help: &str,
        mut read: impl for<'b> FnMut(&mut Ctx<'c>, Spanned<Str>, &mut Record<'b, 'i>) -> Option<T>,
    ) -> Vec<T> {
        let Some(v) = self.ask(ctx, key, Some(ValueType::RecordTable(kind)), false) else {
            if ctx.probe.is_some() {
                let name = Spanned::new(Str::default(), self.span);
                probe_empty(ctx, kind, |ctx, r| read(ctx, name, r));
            }
            return Vec::new();
        };
        let DeValue::Table(t) = v.get_ref() else {
            ctx.push(
                Diagnostic::new(
                    Code::WrongType,
                    ctx.span(v.span()),
                    format!(
                        "`{key}` should be a table of {kind}s, found {}",
                        type_name(v.get_ref())
                    ),
                )
                .with_help(help),
            );
            return Vec::new();
        };
        let mut out = Vec::with_capacity(t.len());
        for (name, item) in t.iter() {
            let name = ctx.text(name.get_ref(), name.span());
            out.extend(Record::read(ctx, item, kind, |ctx, r| read(ctx, name, r)));
        }
        out
    }
}

/// In probe mode, runs a nested record's reader over an empty record, so its keys are known
/// even where no data has one.
fn probe_empty<'c, 'i, T>(
    ctx: &mut Ctx<'c>,
    kind: &'static str,
    read: impl for<'b> FnOnce(&mut Ctx<'c>, &mut Record<'b, 'i>) -> Option<T>,
) {
    if ctx.probe.is_some() {
        let empty: Value<'i> = toml::Spanned::new(0..0, DeValue::Table(DeTable::new()));
        Record::read(ctx, &empty, kind, read);
    }
}

/// The value of a closed set that `s` names, or a `bad-value` finding with the allowed names.
fn enum_of<E: ClosedSet>(ctx: &mut Ctx<'_>, key: &str, s: &Spanned<Str>) -> Option<Spanned<E>> {
    if let Some(found) = E::from_name(&s.value) {
        return Some(Spanned::new(found, s.span));
    }
    let mut d = Diagnostic::new(
        Code::BadValue,
        s.span,
        format!("`{}` is not a valid `{key}`", s.value),
    );
    d = match did_you_mean(&s.value, E::NAMES.iter().copied()) {
        Some(m) => d.with_help(format!(
            "did you mean `{m}`? (one of: {})",
            E::NAMES.join(", ")
        )),
        None => d.with_help(format!("use one of: {}", E::NAMES.join(", "))),
    };
    ctx.push(d);
    None
}
