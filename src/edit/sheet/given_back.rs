//! A workbook made from a return is read back, as `import return` would read it, before it is
//! given out: if any value of the return would not come back as it is written (a form the
//! template has no cell for, a key the template does not know, a value of another type), no
//! workbook is made, and the message names the first such value. This is the backstop behind
//! the limits checked before the workbook is written (`super::cannot_hold`).

use toml::Value;

use crate::escape::terminal_safe;
use crate::model::Dataset;

/// `Ok` when the workbook `bytes` gives back every value of `sent` (the return's text), else
/// the dotted path of the first value it would not, in words.
pub(super) fn gives_back(bytes: &[u8], data: &Dataset, sent: &str) -> Result<(), String> {
    let read = super::read_xlsx(bytes, "the workbook").map_err(|e| e.0)?;
    let built = super::build(&read.entries, data, &crate::load::schema());
    let parse = |text: &str| text.trim_start_matches('\u{feff}').parse::<toml::Table>();
    let (Ok(sent), Ok(back)) = (parse(sent), parse(&built.text)) else {
        return Err("the return could not be read back from the workbook".to_string());
    };
    let mut path = Vec::new();
    if !first_difference(&Value::Table(sent), &Value::Table(back), &mut path) {
        return Ok(());
    }
    Err(format!(
        "`{}` would not come back from the workbook as the return writes it (a form or key the \
         template has no cell for, or a value of another type)",
        terminal_safe(path.join(".").trim_start_matches("return."))
    ))
}

/// Whether `a` and `b` differ; `path` then holds where. A date and the same date as text
/// (`2025-03-31`, `"2025-03-31"`) are the same to accsm.
fn first_difference(a: &Value, b: &Value, path: &mut Vec<String>) -> bool {
    match (a, b) {
        (Value::Table(x), Value::Table(y)) => {
            for (k, v) in x {
                path.push(k.clone());
                match y.get(k) {
                    Some(w) if !first_difference(v, w, path) => {}
                    _ => return true,
                }
                path.pop();
            }
            if let Some(k) = y.keys().find(|k| !x.contains_key(*k)) {
                path.push(k.clone());
                return true;
            }
            false
        }
        (Value::Array(x), Value::Array(y)) => {
            for (i, (v, w)) in x.iter().zip(y).enumerate() {
                path.push((i + 1).to_string());
                if first_difference(v, w, path) {
                    return true;
                }
                path.pop();
            }
            x.len() != y.len()
        }
        (Value::Datetime(d), Value::String(s)) | (Value::String(s), Value::Datetime(d)) => {
            d.to_string() != *s
        }
        _ => a != b,
    }
}
