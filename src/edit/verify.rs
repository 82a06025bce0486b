//! The check every rewrite passes before it is written: the new text parses again, holds the
//! same values as the old (compared as TOML means them, whatever way they are written), and the
//! same comments (found by the TOML lexer, not by the code that rewrote the file). A rewrite that
//! fails it is never written.

use toml_edit::{Document, Item, TableLike, Value};
use toml_parser::lexer::TokenKind;

/// Whether `after` holds exactly the values and the comments of `before` (comments may have
/// moved with their keys). The error says what differs.
pub fn same_document(before: &str, after: &str) -> Result<(), String> {
    let old = Document::parse(before).map_err(|e| format!("the file: {e}"))?;
    same_as_parsed(&old, after)
}

/// [`same_document`] for a file parsed already.
pub(super) fn same_as_parsed(before: &Document<&str>, after: &str) -> Result<(), String> {
    let new = Document::parse(after).map_err(|e| format!("the new text does not parse: {e}"))?;
    if !same_table(before.as_table(), new.as_table()) {
        return Err("a value would change".to_string());
    }
    let mut old_comments = comments(before.raw());
    let mut new_comments = comments(after);
    old_comments.sort_unstable();
    new_comments.sort_unstable();
    if old_comments != new_comments {
        return Err("a comment would be lost".to_string());
    }
    Ok(())
}

/// Whether `after` keeps every comment of `before`, in the same order.
pub fn same_comments_in_order(before: &str, after: &str) -> bool {
    comments(before) == comments(after)
}

/// Every comment of a TOML text, as written (without the spaces that end its line).
pub fn comments(text: &str) -> Vec<&str> {
    toml_parser::Source::new(text)
        .lex()
        .filter(|token| token.kind() == TokenKind::Comment)
        .filter_map(|token| text.get(token.span().start()..token.span().end()))
        .map(str::trim_end)
        .collect()
}

/// Tables compared as TOML means them: the same keys with the same values, in any order and
/// whatever way they are written (a `[table]`, an inline table, dotted keys).
fn same_table(a: &dyn TableLike, b: &dyn TableLike) -> bool {
    let mut count = 0;
    for (key, item) in a.iter() {
        if item.is_none() {
            continue;
        }
        count += 1;
        if !b.get(key).is_some_and(|other| same_item(item, other)) {
            return false;
        }
    }
    count == b.iter().filter(|(_, item)| !item.is_none()).count()
}

fn same_item(a: &Item, b: &Item) -> bool {
    if let (Some(x), Some(y)) = (a.as_table_like(), b.as_table_like()) {
        return same_table(x, y);
    }
    match (elements(a), elements(b)) {
        (Some(x), Some(y)) => x.len() == y.len() && x.iter().zip(&y).all(|(x, y)| x.same(y)),
        (None, None) => match (a, b) {
            (Item::Value(x), Item::Value(y)) => same_value(x, y),
            _ => false,
        },
        _ => false,
    }
}

/// An item of a list: a value, or a table of an array of tables.
enum Element<'a> {
    Value(&'a Value),
    Table(&'a toml_edit::Table),
}

impl<'a> Element<'a> {
    fn table(&self) -> Option<&'a dyn TableLike> {
        match *self {
            Element::Table(t) => Some(t),
            Element::Value(Value::InlineTable(t)) => Some(t),
            Element::Value(_) => None,
        }
    }

    fn same(&self, other: &Element<'_>) -> bool {
        match (self.table(), other.table(), self, other) {
            (Some(x), Some(y), _, _) => same_table(x, y),
            (None, None, Element::Value(x), Element::Value(y)) => same_value(x, y),
            _ => false,
        }
    }
}

fn elements(item: &Item) -> Option<Vec<Element<'_>>> {
    match item {
        Item::ArrayOfTables(tables) => Some(tables.iter().map(Element::Table).collect()),
        Item::Value(Value::Array(array)) => Some(array.iter().map(Element::Value).collect()),
        _ => None,
    }
}

/// Values compared as TOML means them: floats bit for bit (so that `nan` is itself).
fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::String(x), Value::String(y)) => x.value() == y.value(),
        (Value::Integer(x), Value::Integer(y)) => x.value() == y.value(),
        (Value::Float(x), Value::Float(y)) => x.value().to_bits() == y.value().to_bits(),
        (Value::Boolean(x), Value::Boolean(y)) => x.value() == y.value(),
        (Value::Datetime(x), Value::Datetime(y)) => x.value() == y.value(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(x, y)| same_value(x, y))
        }
        (Value::InlineTable(x), Value::InlineTable(y)) => same_table(x, y),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_and_comments_are_compared() {
        let before = "# a\nx = 1.0 # b\ny = [\"#not\"]\n";
        assert_eq!(comments(before), ["# a", "# b"]);
        assert!(same_document(before, "y = [\"#not\"]\n# a\nx = 1.0 # b\n").is_ok());
        assert!(same_document(before, "# a\nx = 1.5 # b\ny = [\"#not\"]\n").is_err());
        assert!(same_document(before, "x = 1.0 # b\ny = [\"#not\"]\n").is_err());
        assert!(same_document(before, "x = [").is_err());
        assert!(same_document("n = nan\n", "n   =   nan\n").is_ok());
        assert!(same_document("[t]\na = 1\n", "t = { a = 1 }\n").is_ok());
        assert!(same_document("[[t]]\na = 1\n", "t = [{ a = 1 }]\n").is_ok());
        assert!(same_document("t.a = 1\n", "t = { a = 1, b = 2 }\n").is_err());
        assert!(same_document("a = 1\n", "a = 1.0\n").is_err());
        assert!(same_document("a = [1, 2]\n", "a = [2, 1]\n").is_err());
        assert!(same_document("a = 'x'\n", "a = \"x\"\n").is_ok());
    }
}
