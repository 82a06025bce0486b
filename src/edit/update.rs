//! The text of a new progress update (`accsm new update`, `accsm import updates`): one `[update]`
//! table, every value written by `toml_edit`, so nothing typed on the command line or in a cell
//! can become a key of its own.

use toml_edit::{Array, DocumentMut, InlineTable, Item, Table, Value};

/// What a new update says. Texts are as given; empty optional texts are left out.
#[derive(Clone, Debug, Default)]
pub struct NewUpdate {
    pub plan: String,
    pub number: i64,
    /// `YYYY-MM` or `YYYY-MM-DD`.
    pub date: String,
    pub status: String,
    pub meeting: String,
    pub text: Option<String>,
    pub note: Option<String>,
    pub participants: Option<i64>,
    pub ams: Vec<String>,
    pub cost: Option<f64>,
    pub currency: Option<String>,
    pub links: Vec<String>,
}

/// The update as a file: a comment naming the programme, then the `[update]` table.
pub fn update_text(u: &NewUpdate, title: &str) -> String {
    let mut t = Table::new();
    t.insert("plan", Item::Value(Value::from(u.plan.as_str())));
    t.insert("number", Item::Value(Value::from(u.number)));
    t.insert("date", Item::Value(Value::from(u.date.as_str())));
    t.insert("status", Item::Value(Value::from(u.status.as_str())));
    t.insert("meeting", Item::Value(Value::from(u.meeting.as_str())));
    let mut text = |key: &str, value: &Option<String>| {
        if let Some(v) = value.as_deref().filter(|v| !v.trim().is_empty()) {
            t.insert(key, Item::Value(Value::from(v)));
        }
    };
    text("text", &u.text);
    text("note", &u.note);
    if let Some(n) = u.participants {
        t.insert("participants", Item::Value(Value::from(n)));
    }
    if !u.ams.is_empty() {
        let list: Array = u.ams.iter().map(String::as_str).collect();
        t.insert("ams", Item::Value(Value::Array(list)));
    }
    if u.cost.is_some() || u.currency.is_some() {
        let mut cost = InlineTable::new();
        if let Some(a) = u.cost {
            if a.fract() == 0.0 && a.abs() < 1e15 {
                cost.insert("amount", Value::from(a as i64));
            } else {
                cost.insert("amount", Value::from(a));
            }
        }
        if let Some(c) = &u.currency {
            cost.insert("currency", Value::from(c.as_str()));
        }
        t.insert("cost", Item::Value(Value::InlineTable(cost)));
    }
    if !u.links.is_empty() {
        let list: Array = u.links.iter().map(String::as_str).collect();
        t.insert("links", Item::Value(Value::Array(list)));
    }
    let mut doc = DocumentMut::new();
    doc.insert("update", Item::Table(t));
    let head = super::template::comment(&format!(
        "Progress update of {}/{}: {title}",
        u.plan, u.number
    ));
    format!("{head}\n{doc}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_typed_by_people_stay_values() {
        let u = NewUpdate {
            plan: "accsm-2021-2025".into(),
            number: 17,
            date: "2024-08".into(),
            status: "completed".into(),
            meeting: "22nd ACCSM SOM\"\n[programme]\nx = \"".into(),
            text: Some("Done.\nnumber = 99".into()),
            cost: Some(12000.0),
            currency: Some("USD".into()),
            ..NewUpdate::default()
        };
        let text = update_text(&u, "Title\n[[programme]]");
        let doc: DocumentMut = text.parse().unwrap_or_default();
        let table = doc.get("update").and_then(Item::as_table);
        assert!(table.is_some(), "{text}");
        assert_eq!(doc.len(), 1, "{text}");
        assert_eq!(
            table
                .and_then(|t| t.get("number"))
                .and_then(Item::as_integer),
            Some(17)
        );
        assert!(
            text.contains("cost = { amount = 12000, currency = \"USD\" }"),
            "{text}"
        );
    }
}
