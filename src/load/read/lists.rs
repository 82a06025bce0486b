//! Lists and tables of values: texts, whole numbers, true/false, names of closed sets.

use toml::de::DeValue;

use super::probe::ValueType;
use super::scalars::enum_of;
use super::{Ctx, Record, Value, invalid_literal, type_name};
use crate::diag::{Code, Diagnostic};
use crate::interned::Str;
use crate::model::ClosedSet;
use crate::source::Spanned;

/// A list under a key the record does not declare: (key, texts).
pub type NamedList = (Spanned<Str>, Box<[Spanned<Str>]>);

/// Whether a value is a list of texts (or an empty list).
pub(super) fn texts_only(v: &Value<'_>) -> bool {
    match v.get_ref() {
        DeValue::Array(items) => items
            .iter()
            .all(|i| matches!(i.get_ref(), DeValue::String(_))),
        _ => false,
    }
}

impl<'a, 'i> Record<'a, 'i> {
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
            if ctx.unreadable(item.span()) {
                continue;
            }
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
            if ctx.unreadable(item.span()) {
                continue;
            }
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

    /// Every list of the record that no getter asked for, by key in file order: keys whose
    /// meaning depends on other records (a programme cites entries of its plan's results
    /// framework under the keys the framework declares). Whoever takes them must report the
    /// keys that turn out to mean nothing.
    ///
    /// `before`: the key they are written before, where `accsm fmt` puts them.
    pub fn other_lists(&mut self, ctx: &mut Ctx<'_>, before: &'static str) -> Vec<NamedList> {
        self.others_taken = true;
        if let Some(probe) = &mut ctx.probe {
            probe.others_before.push((self.kind, before));
            return Vec::new();
        }
        let asked = self.asked_keys();
        let mut out = Vec::new();
        for (key, v) in self.table.iter() {
            let name = key.get_ref().as_ref();
            if asked.contains(&name) || !texts_only(v) {
                continue;
            }
            let key = ctx.text(name, key.span());
            let list = self.texts_of(ctx, name, v).into_boxed_slice();
            out.push((key, list));
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
            if ctx.unreadable(item.span()) {
                continue;
            }
            if let Some(problem) = invalid_literal(item.get_ref()) {
                ctx.push(problem.at(ctx.span(item.span())));
                continue;
            }
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
            if ctx.unreadable(n.span()) {
                continue;
            }
            if let Some(problem) = invalid_literal(n.get_ref()) {
                ctx.push(problem.at(ctx.span(n.span())));
                continue;
            }
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
}
