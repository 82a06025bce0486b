//! A workbook is checked before calamine builds its grid: an absurd extent, cell reference or
//! string count is refused with a message naming the sheet, never a panic or an abort; and a
//! mutation fuzzer over the XML parts of the template keeps it so.
//!
//! The fuzzer runs a fixed, seeded set of cases in every `cargo test`; `.ci/run` runs it again
//! for a bounded time with a fresh seed (`ACCSM_FUZZ_SECONDS`, `ACCSM_FUZZ_SEED`). A failing case
//! is saved under target/ and its seed printed, so it can be replayed.

use crate::common;

use std::io::{Cursor, Read, Write};
use std::time::{Duration, Instant};

use accsm::edit::sheet;
use accsm::load::workspace::Workspace;

/// The template workbook of the illustrative returns (IDN 2024, filled from its return).
fn template() -> Vec<u8> {
    let root = common::root().join("examples/kpi-returns");
    let ws = Workspace::open(Some(&root)).unwrap_or_else(|e| panic!("{e}"));
    let (files, _) = ws.data_files();
    let data = accsm::load::load_files(&files).dataset;
    let plan = accsm::query::kpi_plan(&data, None).unwrap_or_else(|e| panic!("{e}"));
    let text = std::fs::read_to_string(root.join("returns/IDN/2024.toml")).unwrap_or_default();
    let doc: toml_edit::DocumentMut = text.parse().unwrap_or_else(|e| panic!("{e}"));
    sheet::return_workbook(&data, plan, "IDN", 2024, Some(&doc)).unwrap_or_else(|e| panic!("{e}"))
}

/// The parts of a workbook, in order.
fn parts(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap_or_else(|e| panic!("{e}"));
    (0..zip.len())
        .map(|i| {
            let mut part = zip.by_index(i).unwrap_or_else(|e| panic!("{e}"));
            let mut data = Vec::new();
            part.read_to_end(&mut data).unwrap_or_default();
            (part.name().to_string(), data)
        })
        .collect()
}

fn zipped(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut buf = Cursor::new(Vec::new());
    {
        let mut w = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, data) in parts {
            w.start_file(name.as_str(), opts)
                .unwrap_or_else(|e| panic!("{e}"));
            w.write_all(data).unwrap_or_else(|e| panic!("{e}"));
        }
        w.finish().unwrap_or_else(|e| panic!("{e}"));
    }
    buf.into_inner()
}

/// The template with `from` replaced by `to` in its part `name` (which must hold `from`).
fn edited(template: &[u8], name: &str, from: &str, to: &str) -> Vec<u8> {
    let mut parts = parts(template);
    let part = parts
        .iter_mut()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no part {name}"));
    let text = String::from_utf8_lossy(&part.1).into_owned();
    assert!(text.contains(from), "{name} holds no `{from}`");
    part.1 = text.replacen(from, to, 1).into_bytes();
    zipped(&parts)
}

const ANSWERS: &str = "xl/worksheets/sheet2.xml";

#[test]
fn absurd_extents_and_counts_are_refused_naming_the_sheet() {
    let template = template();
    assert!(sheet::read_xlsx(&template, "t.xlsx").is_ok());
    let first_cell = |to: &str| edited(&template, ANSWERS, "<c r=\"A1\"", to);
    let cases = [
        (
            edited(&template, ANSWERS, "ref=\"A1:G90\"", "ref=\"G90:A1\""),
            "sheet `Answers` declares its extent as `G90:A1`",
        ),
        (
            first_cell("<c r=\"AAAAAAAAAAAA2\""),
            "sheet `Answers` has a cell at `AAAAAAAAAAAA2`",
        ),
        (
            first_cell("<c r=\"A99999999999\""),
            "sheet `Answers` has a cell at `A99999999999`",
        ),
        (
            edited(
                &template,
                "xl/sharedStrings.xml",
                "uniqueCount=\"",
                "uniqueCount=\"18446744073709551615\" x=\"",
            ),
            "part `xl/sharedStrings.xml` declares `18446744073709551615` shared strings",
        ),
        (
            edited(
                &template,
                "xl/sharedStrings.xml",
                "uniqueCount=\"",
                "uniqueCount=\"100000000000\" x=\"",
            ),
            "declares `100000000000` shared strings",
        ),
        (
            edited(
                &template,
                ANSWERS,
                "</sheetData>",
                "<row r=\"90000\"><c r=\"XFD90000\" t=\"inlineStr\"><is><t>x</t></is></c></row>\
                 </sheetData>",
            ),
            "sheet `Answers` spans A1:XFD90000",
        ),
        (
            edited(
                &template,
                ANSWERS,
                "</sheetData>",
                "<row r=\"91\"><c r=\"A91\"><f t=\"shared\" si=\"99999999999\" ref=\"A91:A92\">1\
                 </f></c></row></sheetData>",
            ),
            "has a shared formula numbered `99999999999`",
        ),
        (
            edited(
                &template,
                ANSWERS,
                "</sheetData>",
                "<row r=\"91\"><c r=\"A91\"><f t=\"shared\" si=\"0\" ref=\"A1:XFD1048576\">1\
                 </f></c></row></sheetData>",
            ),
            "has formulas over more than",
        ),
        (
            edited(
                &template,
                ANSWERS,
                "</sheetData>",
                "</sheetData><mergeCells count=\"1\"><mergeCell ref=\"G90:A1\"/></mergeCells>",
            ),
            "sheet `Answers` merges the cells `G90:A1`",
        ),
    ];
    for (bytes, expected) in cases {
        match sheet::read_xlsx(&bytes, "t.xlsx") {
            Ok(_) => panic!("read without a word: {expected}"),
            Err(e) => assert!(e.0.contains(expected), "{expected}:\n{}", e.0),
        }
    }
}

#[test]
fn import_return_refuses_a_hostile_workbook_with_exit_2() {
    let template = template();
    let dir = common::temp_dir("limits");
    let path = dir.path().join("idn.xlsx");
    let bytes = edited(&template, ANSWERS, "<c r=\"A1\"", "<c r=\"A99999999999\"");
    std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("{e}"));
    let root = common::root().join("examples/kpi-returns");
    let out = common::accsm(&[
        "--root",
        &root.to_string_lossy(),
        "import",
        "return",
        &path.to_string_lossy(),
    ]);
    common::assert_exit(&out, 2);
    assert!(
        common::stderr(&out).contains("sheet `Answers` has a cell at `A99999999999`"),
        "{}",
        common::stderr(&out)
    );
}

/// A small, seedable generator (xorshift64*): the fuzzer's only source of chance.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// Values that have broken spreadsheet readers: inverted, huge and malformed references and
/// counts.
const VALUES: &[&str] = &[
    "G90:A1",
    "AAAAAAAAAAAA2",
    "A99999999999",
    "18446744073709551615",
    "18446744073709551616",
    "100000000000",
    "4294967295",
    "4294967296",
    "XFD90000",
    "XFD1048576",
    "XFE1",
    "A1:XFD1048576",
    "A0",
    "0",
    "-1",
    "",
    "A",
    "1:1",
    "A1:B2:C3",
    ":",
    "s",
    "inlineStr",
    "shared",
    "e",
    "d",
    "1e308",
    "NaN",
    "\u{0}",
];

/// Elements slipped into a sheet: a far cell, shared formulas, merged ranges, a row without a
/// number.
const SNIPPETS: &[&str] = &[
    "<c r=\"XFD90000\" t=\"inlineStr\"><is><t>x</t></is></c>",
    "<row r=\"1048576\"><c><v>1</v></c></row>",
    "<c><f t=\"shared\" si=\"99999999999\" ref=\"A1:XFD1048576\">1</f></c>",
    "<c r=\"B2\"><f t=\"shared\" si=\"0\">1</f></c>",
    "<mergeCell ref=\"G90:A1\"/>",
    "<row><c/><c/><c t=\"s\"><v>999999</v></c></row>",
    "<c t=\"d\"><v>99999-99-99</v></c>",
    "<c s=\"99999\"><v>1</v></c>",
    "<dimension ref=\"A1:XFD1048576\"/>",
    "<numFmt numFmtId=\"4294967295\" formatCode=\"0%\"/>",
];

/// One mutation of one XML part.
fn mutate(rng: &mut Rng, text: &mut Vec<u8>) {
    match rng.below(5) {
        // An attribute's value replaced by a hostile one.
        0 | 1 => {
            let quotes: Vec<usize> = text
                .windows(2)
                .enumerate()
                .filter(|(_, w)| w == b"=\"")
                .map(|(i, _)| i + 2)
                .collect();
            if quotes.is_empty() {
                return;
            }
            let start = quotes[rng.below(quotes.len())];
            let end = text[start..]
                .iter()
                .position(|&b| b == b'"')
                .map_or(text.len(), |p| start + p);
            let value = rng.pick(VALUES).as_bytes().to_vec();
            text.splice(start..end, value);
        }
        // An element slipped in after some `>`.
        2 => {
            let closes: Vec<usize> = text
                .iter()
                .enumerate()
                .filter(|(_, b)| **b == b'>')
                .map(|(i, _)| i + 1)
                .collect();
            if let Some(&at) = closes.get(rng.below(closes.len())) {
                let s = rng.pick(SNIPPETS).as_bytes().to_vec();
                text.splice(at..at, s);
            }
        }
        // A slice repeated (many cells, many rows).
        3 => {
            if text.is_empty() {
                return;
            }
            let a = rng.below(text.len());
            let b = (a + rng.below(400)).min(text.len());
            let copy = text[a..b].to_vec();
            for _ in 0..rng.below(20) {
                text.splice(b..b, copy.iter().copied());
            }
        }
        // Bytes flipped or cut.
        _ => {
            for _ in 0..=rng.below(4) {
                if text.is_empty() {
                    return;
                }
                let at = rng.below(text.len());
                match rng.below(3) {
                    0 => text[at] ^= 1 << rng.below(8),
                    1 => text[at] = b"<>\"=:/0 9AZ"[rng.below(11)],
                    _ => {
                        text.truncate(at);
                    }
                }
            }
        }
    }
}

/// Reads `bytes`; a panic is reported with the seed and saved for replay.
fn survives(bytes: &[u8], seed: u64) {
    let result = std::panic::catch_unwind(|| {
        let _ = sheet::read_xlsx(bytes, "fuzz.xlsx");
    });
    if result.is_err() {
        let dir = common::root().join("target/fuzz-failures");
        let _ = std::fs::create_dir_all(&dir);
        let path = dir.join(format!("case-{seed}.xlsx"));
        let _ = std::fs::write(&path, bytes);
        panic!(
            "reading a mutated workbook panicked (ACCSM_FUZZ_SEED={seed}); saved as {}",
            path.display()
        );
    }
}

#[test]
#[allow(clippy::print_stdout)] // the seed and the count of cases, for the CI log
fn mutated_workbooks_never_panic_or_abort() {
    let template = template();
    let seed_parts = parts(&template);
    let xml: Vec<usize> = (0..seed_parts.len())
        .filter(|&i| seed_parts[i].0.ends_with(".xml") || seed_parts[i].0.ends_with(".rels"))
        .collect();
    let env = |name: &str| std::env::var(name).ok().and_then(|v| v.parse::<u64>().ok());
    // `cargo test` runs the same 200 cases every time; CI adds a timed run with a new seed.
    let (seed, budget) = match env("ACCSM_FUZZ_SECONDS") {
        Some(secs) => (
            env("ACCSM_FUZZ_SEED").unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(1, |d| d.as_nanos() as u64)
            }),
            Some(Duration::from_secs(secs)),
        ),
        None => (env("ACCSM_FUZZ_SEED").unwrap_or(22), None),
    };
    println!("fuzzing with ACCSM_FUZZ_SEED={seed}");
    let started = Instant::now();
    let mut runs = 0u64;
    loop {
        let case_seed = seed.wrapping_add(runs) | 1;
        let mut rng = Rng(case_seed);
        let mut parts = seed_parts.clone();
        for _ in 0..=rng.below(3) {
            let i = xml[rng.below(xml.len())];
            mutate(&mut rng, &mut parts[i].1);
        }
        let mut bytes = zipped(&parts);
        if rng.below(50) == 0 {
            let cut = rng.below(bytes.len());
            bytes.truncate(cut);
        }
        survives(&bytes, case_seed);
        runs += 1;
        let done = match budget {
            Some(b) => started.elapsed() >= b,
            None => runs >= 200,
        };
        if done {
            break;
        }
    }
    println!("{runs} mutated workbooks read without a panic");
}

#[test]
fn a_value_longer_than_a_cell_holds_makes_no_workbook() {
    // 200,000 names do not fit in one cell: the workbook would cut them and an import would
    // write the cut list back, so no workbook is made and the message says why.
    let root = common::root().join("examples/kpi-returns");
    let ws = Workspace::open(Some(&root)).unwrap_or_else(|e| panic!("{e}"));
    let (files, _) = ws.data_files();
    let data = accsm::load::load_files(&files).dataset;
    let plan = accsm::query::kpi_plan(&data, None).unwrap_or_else(|e| panic!("{e}"));
    let text = std::fs::read_to_string(root.join("returns/IDN/2024.toml")).unwrap_or_default();
    let names: Vec<String> = (0..200_000).map(|i| format!("\"Agency {i}\"")).collect();
    let line = text
        .lines()
        .find(|l| l.starts_with("names = ["))
        .unwrap_or_else(|| panic!("no names"));
    let text = text.replacen(line, &format!("names = [{}]", names.join(", ")), 1);
    let doc: toml_edit::DocumentMut = text.parse().unwrap_or_else(|e| panic!("{e}"));
    let made = sheet::return_workbook(&data, plan, "IDN", 2024, Some(&doc));
    match made {
        Ok(_) => panic!("a workbook was made that cuts 200,000 names"),
        Err(why) => assert!(
            why.contains("more than the 32767 an Excel cell holds") && why.contains("names"),
            "{why}"
        ),
    }
}
