//! Whole files with syntax errors, read as the loader reads them: one finding per cause, the
//! rest of the file read. (Tests of the syntax recovery in `load::syntax`, kept beside the
//! parser that runs it, so that `syntax` needs nothing of `parse`.)

use crate::diag::{Code, Diagnostic};
use crate::load::parse_file;
use crate::load::read::Ctx;
use crate::model::Dataset;
use crate::source::FileId;

/// The data read, and the syntax findings (the programmes below leave out what other notes
/// are about).
fn read(text: &str) -> (Dataset, Vec<Diagnostic>) {
    let mut found = Vec::new();
    let data = parse_file(&mut Ctx::new(FileId(0), &mut found), text);
    found.retain(|d| d.code == Code::Syntax);
    (data, found)
}

fn line(text: &str, d: &Diagnostic) -> usize {
    d.span
        .map_or(0, |s| text[..s.start as usize].matches('\n').count() + 1)
}

const PROGRAMME: &str = "[[programme]]\nplan = \"p\"\nnumber = NUMBER\ntitle = \"T\"\ntimeline = \"2022\"\ncoordinators = [\"IDN\"]\n";

fn programmes(n: usize) -> String {
    (1..=n)
        .map(|i| PROGRAMME.replace("NUMBER", &i.to_string()))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_missing_bracket_is_one_finding_at_the_line_it_opened_and_the_rest_is_read() {
    let text = programmes(3).replacen("coordinators = [\"IDN\"]", "coordinators = [\"IDN\"", 1);
    let (data, found) = read(&text);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].code, Code::Syntax);
    assert_eq!(line(&text, &found[0]), 6);
    assert!(
        found[0]
            .help
            .as_deref()
            .unwrap_or("")
            .contains("accsm does not read this programme (lines 1-7)"),
        "{found:?}"
    );
    let numbers: Vec<i64> = data.programmes.iter().map(|p| p.number.value).collect();
    assert_eq!(numbers, [2, 3]);
}

#[test]
fn a_single_bracket_table_beside_double_ones_is_left_out_alone() {
    let text = programmes(4).replacen(
        "[[programme]]\nplan = \"p\"\nnumber = 2",
        "[programme]\nplan = \"p\"\nnumber = 2",
        1,
    );
    let (data, found) = read(&text);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0]
            .message
            .contains("`[programme]` has one pair of brackets"),
        "{found:?}"
    );
    assert!(
        found[0]
            .help
            .as_deref()
            .unwrap_or("")
            .starts_with("write `[[programme]]` (two brackets): it starts each programme")
    );
    let numbers: Vec<i64> = data.programmes.iter().map(|p| p.number.value).collect();
    assert_eq!(numbers, [1, 3, 4]);
}

#[test]
fn a_stray_byte_order_mark_and_curly_quotes_are_mended_and_read() {
    let text = format!(
        "{}\n\u{feff}{}",
        programmes(1),
        programmes(1).replace("\"T\"", "“T”").replace("= 1", "= 2")
    );
    let (data, found) = read(&text);
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(data.programmes.len(), 2);
    assert_eq!(data.programmes[1].title.value.as_str(), "T");
}

#[test]
fn duplicate_keys_are_each_reported_and_the_table_is_read() {
    let text = format!("{}title = \"Again\"\n", programmes(1));
    let (data, found) = read(&text);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        found[0].message,
        "not valid TOML: `title` is given twice in one table"
    );
    assert_eq!(found[0].related.len(), 1);
    assert_eq!(data.programmes.len(), 1);
    assert_eq!(data.programmes[0].title.value.as_str(), "T");
}

#[test]
fn a_key_without_equals_does_not_end_the_file() {
    let text = programmes(3).replacen("number = 2", "number 2", 1);
    let (data, found) = read(&text);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        found[0]
            .help
            .as_deref()
            .map(|h| h.starts_with("write `number = 2`")),
        Some(true)
    );
    assert_eq!(data.programmes.len(), 2);
}
