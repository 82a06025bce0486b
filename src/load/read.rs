//! Reading records out of a parsed TOML table while checking their shape. Every problem is pushed
//! as a finding and reading goes on, so one run reports all of them (unlike serde, which stops at
//! the first).

use toml::de::{DeTable, DeValue};

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
}

impl Ctx<'_> {
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

/// One record (a `[[programme]]`, an inline `budget = { … }`) being read.
pub struct Record<'a, 'i> {
    table: &'a DeTable<'i>,
    /// The record's header or inline table, for findings about missing keys.
    pub span: Span,
    /// What the record is called in messages ("programme", "budget").
    pub kind: &'static str,
}

impl<'a, 'i> Record<'a, 'i> {
    /// Opens a value as a record of `kind`, reporting a wrong type and every key not in `allowed`.
    pub fn open(
        ctx: &mut Ctx<'_>,
        value: &'a Value<'i>,
        kind: &'static str,
        allowed: &[&'static str],
    ) -> Option<Self> {
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
        for (key, _) in table.iter() {
            let name = key.get_ref().as_ref();
            if !allowed.contains(&name) {
                let mut d = Diagnostic::new(
                    Code::UnknownKey,
                    ctx.span(key.span()),
                    format!("a {kind} has no key `{name}`"),
                );
                d = match did_you_mean(name, allowed.iter().copied()) {
                    Some(s) => d.with_help(format!("did you mean `{s}`?")),
                    None => {
                        d.with_help(format!("the keys of a {kind} are: {}", allowed.join(", ")))
                    }
                };
                ctx.push(d);
            }
        }
        Some(Record { table, span, kind })
    }

    fn get(&self, key: &str) -> Option<&'a Value<'i>> {
        self.table.get(key)
    }

    /// The raw value of a key, for shapes the typed readers below do not cover.
    pub fn get_value(&self, key: &str) -> Option<&'a Value<'i>> {
        self.get(key)
    }

    /// A list of true/false values; a missing key is an empty list.
    pub fn bool_list(&self, ctx: &mut Ctx<'_>, key: &str) -> Vec<Spanned<bool>> {
        let Some(v) = self.get(key) else {
            return Vec::new();
        };
        let DeValue::Array(items) = v.get_ref() else {
            self.wrong_type(ctx, key, v, "a list of true/false", "[true, false]");
            return Vec::new();
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

    /// Reports `key` as missing unless present; returns whether it is present.
    pub fn require(&self, ctx: &mut Ctx<'_>, key: &str, example: &str) -> bool {
        let present = self.get(key).is_some();
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

    pub fn opt_str(&self, ctx: &mut Ctx<'_>, key: &str) -> Option<Spanned<Str>> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::String(s) => Some(ctx.text(s, v.span())),
            _ => {
                self.wrong_type(ctx, key, v, "text", "\"…\"");
                None
            }
        }
    }

    pub fn req_str(&self, ctx: &mut Ctx<'_>, key: &str) -> Option<Spanned<Str>> {
        if self.get(key).is_none() {
            self.missing(ctx, key, "\"…\"");
            return None;
        }
        self.opt_str(ctx, key)
    }

    pub fn opt_int(&self, ctx: &mut Ctx<'_>, key: &str) -> Option<Spanned<i64>> {
        let v = self.get(key)?;
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

    pub fn req_int(&self, ctx: &mut Ctx<'_>, key: &str) -> Option<Spanned<i64>> {
        if self.get(key).is_none() {
            self.missing(ctx, key, "1");
            return None;
        }
        self.opt_int(ctx, key)
    }

    /// A number; whole numbers are accepted where decimals are expected.
    pub fn opt_number(&self, ctx: &mut Ctx<'_>, key: &str) -> Option<Spanned<f64>> {
        let v = self.get(key)?;
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

    pub fn opt_bool(&self, ctx: &mut Ctx<'_>, key: &str) -> Option<Spanned<bool>> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::Boolean(b) => Some(Spanned::new(*b, ctx.span(v.span()))),
            _ => {
                self.wrong_type(ctx, key, v, "true or false", "true");
                None
            }
        }
    }

    /// A list of texts; a missing key is an empty list. (Boxed: lists do not grow after
    /// loading, and a boxed slice is a third smaller than a `Vec` in every record.)
    pub fn str_list(&self, ctx: &mut Ctx<'_>, key: &str) -> Box<[Spanned<Str>]> {
        let Some(v) = self.get(key) else {
            return Box::default();
        };
        let DeValue::Array(items) = v.get_ref() else {
            let example = match v.get_ref() {
                DeValue::String(s) => format!("[\"{s}\"]"),
                _ => "[\"…\", \"…\"]".to_string(),
            };
            self.wrong_type(ctx, key, v, "a list of texts", &example);
            return Box::default();
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
        out.into_boxed_slice()
    }

    /// A list of whole numbers; a missing key is an empty list.
    pub fn int_list(&self, ctx: &mut Ctx<'_>, key: &str) -> Vec<Spanned<i64>> {
        let Some(v) = self.get(key) else {
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

    /// A value of a closed set, written as its name (`status = "ongoing"`).
    pub fn opt_enum<E: ClosedSet>(&self, ctx: &mut Ctx<'_>, key: &str) -> Option<Spanned<E>> {
        let s = self.opt_str(ctx, key)?;
        enum_of(ctx, key, &s)
    }

    pub fn req_enum<E: ClosedSet>(&self, ctx: &mut Ctx<'_>, key: &str) -> Option<Spanned<E>> {
        if self.get(key).is_none() {
            let first = E::NAMES.first().copied().unwrap_or("…");
            self.missing(ctx, key, &format!("\"{first}\""));
            return None;
        }
        self.opt_enum(ctx, key)
    }

    /// A list of values of a closed set; a missing key is an empty list.
    pub fn enum_list<E: ClosedSet>(&self, ctx: &mut Ctx<'_>, key: &str) -> Box<[Spanned<E>]> {
        let texts = self.str_list(ctx, key);
        texts.iter().filter_map(|s| enum_of(ctx, key, s)).collect()
    }

    /// A nested table (`budget = { … }` or `[programme.budget]`).
    pub fn sub(
        &self,
        ctx: &mut Ctx<'_>,
        key: &str,
        kind: &'static str,
        allowed: &[&'static str],
    ) -> Option<Record<'a, 'i>> {
        let v = self.get(key)?;
        Record::open(ctx, v, kind, allowed)
    }

    /// A list of nested tables (`[[programme.update]]` or `updates = [{ … }]`).
    pub fn sub_list(
        &self,
        ctx: &mut Ctx<'_>,
        key: &str,
        kind: &'static str,
        allowed: &[&'static str],
    ) -> Vec<Record<'a, 'i>> {
        let Some(v) = self.get(key) else {
            return Vec::new();
        };
        match v.get_ref() {
            DeValue::Array(items) => items
                .iter()
                .filter_map(|item| Record::open(ctx, item, kind, allowed))
                .collect(),
            _ => Record::open(ctx, v, kind, allowed).into_iter().collect(),
        }
    }

    /// A TOML date (`2022-03-01`) or a text date; returned as `YYYY-MM-DD` text.
    pub fn opt_date(&self, ctx: &mut Ctx<'_>, key: &str) -> Option<Spanned<Str>> {
        let v = self.get(key)?;
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
