//! `accsm export` checked by what it writes: the tables hold what the files say, the same data
//! gives the same bytes from any folder, numbers stay numbers and no text runs as a formula,
//! nothing is overwritten or left half-written, the workbook is a real workbook, and the data
//! package passes `frictionless validate` (where Python's frictionless is installed; `.ci/run`
//! installs it and sets `ACCSM_REQUIRE_FRICTIONLESS`, so CI cannot skip it). The messages and a
//! small export, file by file, are pinned in `tests/cmd/export.trycmd`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stderr)]

use crate::common;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{accsm_in, copy_dir, root, stderr, temp_dir};

const FORMATS: &[&str] = &["csv", "json", "jsonl", "datapackage", "xlsx"];

fn examples() -> PathBuf {
    root().join("examples/kpi-returns")
}

/// Exports `repo` in `format` to `out`, from `cwd`; the run must succeed.
fn export(cwd: &Path, extra: &[&str], format: &str, out: &Path) -> Output {
    let mut args = extra.to_vec();
    let out_arg = out.to_str().unwrap();
    args.extend(["export", "--format", format, "--out", out_arg]);
    let o = accsm_in(cwd, &args);
    assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
    o
}

/// Every file under `path` (or the file itself) with its bytes, by path relative to `path`.
fn files(path: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    if path.is_file() {
        out.insert(String::new(), std::fs::read(path).unwrap());
        return out;
    }
    for entry in std::fs::read_dir(path).unwrap() {
        let p = entry.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        out.insert(name, std::fs::read(&p).unwrap_or_default());
    }
    out
}

/// The rows of a CSV table as maps from column to cell.
fn table(dir: &Path, name: &str) -> Vec<BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_path(dir.join(format!("{name}.csv"))).unwrap();
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    reader
        .records()
        .map(|r| {
            header
                .iter()
                .cloned()
                .zip(r.unwrap().iter().map(String::from))
                .collect()
        })
        .collect()
}

fn line_of(file: &Path, needle: &str) -> usize {
    let text = std::fs::read_to_string(file).unwrap();
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

#[test]
fn the_same_data_gives_the_same_bytes_from_any_folder() {
    let temp = temp_dir("accsm-export-");
    for format in FORMATS {
        let name = |i: u8| {
            let ext = if matches!(*format, "jsonl" | "xlsx") {
                format
            } else {
                "d"
            };
            temp.path().join(format!("{format}-{i}.{ext}"))
        };
        // From the repository root with --root, and from inside the repository without it.
        export(
            &root(),
            &["--root", "examples/kpi-returns"],
            format,
            &name(1),
        );
        export(&examples(), &[], format, &name(2));
        let (a, b) = (files(&name(1)), files(&name(2)));
        assert!(!a.is_empty(), "{format}: nothing written");
        assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
        for (file, bytes) in &a {
            assert!(
                bytes == &b[file],
                "{format}: {file} differs between two runs"
            );
        }
    }
}

#[test]
fn the_tables_say_what_the_files_say() {
    let temp = temp_dir("accsm-export-");
    let out = temp.path().join("tables");
    export(&examples(), &[], "csv", &out);

    let programmes = table(&out, "programme");
    assert_eq!(programmes.len(), 70, "39 + 31 published programmes");
    let keys: Vec<(String, u32)> = programmes
        .iter()
        .map(|p| (p["plan"].clone(), p["number"].parse().unwrap()))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted, "by plan, then published number");
    let first = &programmes[0];
    assert_eq!(
        (first["amount"].as_str(), first["currency"].as_str()),
        ("5000", "USD"),
        "amount and currency in their own columns: {first:?}"
    );
    assert_eq!(first["source"], "../../data/plans/accsm-2021-2025.toml:45");

    // Indonesia coordinates 14 ACCSM and 6 ACCSM+3 programmes (tests/list.rs).
    let idn: Vec<_> = table(&out, "programme_coordinator")
        .into_iter()
        .filter(|r| r["coordinator"] == "IDN")
        .collect();
    assert_eq!(idn.len(), 20);
    assert!(idn.iter().all(|r| r["coordinator_name"] == "Indonesia"));

    // Returns: by AMS name (never ranked), then year: ten AMS over five years, less the five the
    // illustrative set leaves out (Myanmar 2021, Lao PDR 2022-2025).
    let returns = table(&out, "return");
    assert_eq!(returns.len(), 45);
    let mut names: Vec<&str> = returns.iter().map(|r| r["country_name"].as_str()).collect();
    names.dedup();
    assert_eq!(
        names,
        [
            "Brunei Darussalam",
            "Cambodia",
            "Indonesia",
            "Lao PDR",
            "Malaysia",
            "Myanmar",
            "Philippines",
            "Singapore",
            "Thailand",
            "Viet Nam"
        ]
    );

    // One row per figure, with its unit and the line it was read from.
    let file = examples().join("returns/IDN/2023.toml");
    let answers = table(&out, "return_answer");
    let figure = |kpi: &str, field: &str, part: &str| -> &BTreeMap<String, String> {
        answers
            .iter()
            .find(|r| {
                r["country"] == "IDN"
                    && r["year"] == "2023"
                    && r["kpi"] == kpi
                    && r["field"] == field
                    && r["part"] == part
            })
            .unwrap_or_else(|| panic!("no {kpi} {field} {part}"))
    };
    let national = figure("B.2", "levels", "national");
    assert_eq!(
        (national["value"].as_str(), national["unit"].as_str()),
        ("4", "count")
    );
    assert_eq!(
        national["source"],
        format!("returns/IDN/2023.toml:{}", line_of(&file, "levels ="))
    );
    assert_eq!(figure("B.2", "levels", "provincial")["value"], "14");
    assert_eq!(figure("E.2.1", "count", "")["value"], "45");
    assert_eq!(figure("E.2.1", "count", "")["unit"], "count");
    let yes = figure("A.1", "yes", "");
    assert_eq!(
        (yes["value"].as_str(), yes["question"].as_str()),
        ("0", "1")
    );
    let rating = figure("D.1.1", "ratings", "2023-2025");
    assert_eq!(
        (rating["value"].as_str(), rating["unit"].as_str()),
        ("5", "rating-1-5")
    );
    let total = figure("D.2.1", "projects.total", "");
    assert_eq!(
        (total["value"].as_str(), total["project"].as_str()),
        ("28", "1")
    );
    assert_eq!(
        total["source"],
        format!("returns/IDN/2023.toml:{}", line_of(&file, "total = 28"))
    );
    assert_eq!(figure("D.2.1", "projects.by_country", "IDN")["value"], "10");
    assert_eq!(figure("D.2", "per_year", "2023")["value"], "7");
    // A later return's correction of an earlier year is a figure of its own, not that year's.
    let revision = answers
        .iter()
        .find(|r| r["country"] == "THA" && r["year"] == "2024" && r["field"] == "revises")
        .expect("THA 2024 revises D.2 for 2023");
    assert_eq!(
        (
            revision["kpi"].as_str(),
            revision["part"].as_str(),
            revision["value"].as_str()
        ),
        ("D.2", "2023", "8")
    );
    assert_eq!(figure("E.3", "internal.rate", "")["value"], "75");

    // Reference lists in the order of the files.
    let countries: Vec<String> = table(&out, "country")
        .into_iter()
        .map(|r| r["id"].clone())
        .collect();
    assert_eq!(&countries[..3], ["BRN", "KHM", "IDN"]);
    assert_eq!(table(&out, "kpi").len(), 17);
}

#[test]
fn every_format_holds_the_same_rows() {
    let temp = temp_dir("accsm-export-");
    let csv = temp.path().join("csv");
    let json = temp.path().join("json");
    let jsonl = temp.path().join("all.jsonl");
    export(&examples(), &[], "csv", &csv);
    export(&examples(), &[], "json", &json);
    export(&examples(), &[], "jsonl", &jsonl);
    let mut per_table: BTreeMap<String, usize> = BTreeMap::new();
    for line in std::fs::read_to_string(&jsonl).unwrap().lines() {
        let record: serde_json::Value = serde_json::from_str(line).unwrap();
        *per_table
            .entry(record["table"].as_str().unwrap().to_string())
            .or_default() += 1;
    }
    for (name, _) in files(&csv) {
        let table_name = name.trim_end_matches(".csv");
        let rows = table(&csv, table_name).len();
        let from_json: Vec<serde_json::Value> = serde_json::from_slice(
            &std::fs::read(json.join(format!("{table_name}.json"))).unwrap(),
        )
        .unwrap();
        assert_eq!(rows, from_json.len(), "{table_name}");
        assert_eq!(
            rows,
            per_table.get(table_name).copied().unwrap_or(0),
            "{table_name}"
        );
    }
    assert!(per_table["return_answer"] > 500, "{per_table:?}");
}

/// A copy of the shipped data and the illustrative returns with a programme whose every text
/// holds the hostile strings of `accsm::escape::HOSTILE`, and a number that looks like a formula.
fn hostile_repository() -> tempfile::TempDir {
    let temp = temp_dir("accsm-export-hostile-");
    let repo = temp.path();
    copy_dir(&root().join("data"), &repo.join("data"));
    copy_dir(&examples().join("returns"), &repo.join("returns"));
    std::fs::write(
        repo.join("accsm.toml"),
        "name = \"hostile\"\ndata = [\"data\", \"returns\"]\n",
    )
    .unwrap();
    let quote = |s: &str| toml_edit::Value::from(s).to_string();
    let list = |items: &[&str]| {
        let quoted: Vec<String> = items.iter().map(|s| quote(s)).collect();
        format!("[{}]", quoted.join(", "))
    };
    let all = accsm::escape::HOSTILE;
    std::fs::write(
        repo.join("data/hostile.toml"),
        format!(
            "[[programme]]\nplan = \"accsm-2021-2025\"\nnumber = 900\ntitle = {}\nactivities = {}\n\
             partner_organisations = {}\ncoordinators = [\"IDN\"]\ntimeline = \"2023\"\n\
             budget = {{ text = {}, amount = -25.5, currency = \"USD\" }}\nnote = {}\n",
            quote(&all.concat()),
            list(all),
            list(all),
            quote(all[7]),
            quote(&all.join(" ")),
        ),
    )
    .unwrap();
    temp
}

#[test]
fn numbers_stay_numbers_and_no_text_runs_as_a_formula() {
    let repo = hostile_repository();
    let out = repo.path().join("out");
    export(repo.path(), &[], "datapackage", &out);
    let descriptor: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("datapackage.json")).unwrap()).unwrap();
    for resource in descriptor["resources"].as_array().unwrap() {
        let name = resource["name"].as_str().unwrap();
        let types: BTreeMap<String, String> = resource["schema"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["name"].as_str().unwrap().into(),
                    f["type"].as_str().unwrap().into(),
                )
            })
            .collect();
        for row in table(&out, name) {
            for (column, cell) in &row {
                match types[column].as_str() {
                    "integer" | "number" if !cell.is_empty() => {
                        assert!(cell.parse::<f64>().is_ok(), "{name}.{column}: {cell:?}");
                    }
                    _ => {
                        for element in cell.split(';') {
                            let formula = element.starts_with(['=', '+', '-', '@', '\t', '\r'])
                                && element.parse::<f64>().is_err();
                            assert!(!formula, "{name}.{column}: a formula in {cell:?}");
                            assert!(
                                !element
                                    .chars()
                                    .any(|c| c != '\n' && accsm::escape::is_unsafe_char(c)),
                                "{name}.{column}: a raw control character in {cell:?}"
                            );
                        }
                    }
                }
            }
        }
    }
    let hostile = table(&out, "programme")
        .into_iter()
        .find(|p| p["number"] == "900")
        .unwrap();
    assert_eq!(
        hostile["amount"], "-25.5",
        "a negative amount is a number, not a formula"
    );
    assert_eq!(hostile["budget"], "'=cmd|' /C calc'!A0");

    // JSON keeps the text exact.
    let json = repo.path().join("json");
    export(repo.path(), &[], "json", &json);
    let records: Vec<serde_json::Value> =
        serde_json::from_slice(&std::fs::read(json.join("programme.json")).unwrap()).unwrap();
    let record = records.iter().find(|r| r["number"] == 900).unwrap();
    assert_eq!(
        record["title"].as_str(),
        Some(accsm::escape::HOSTILE.concat().as_str())
    );
    assert_eq!(record["amount"].as_f64(), Some(-25.5));
    let text = std::fs::read_to_string(json.join("programme_activity.json")).unwrap();
    assert!(
        !text
            .chars()
            .any(|c| c != '\n' && accsm::escape::is_unsafe_char(c))
    );
}

/// The parts of a workbook as text, by name in the archive.
fn workbook_parts(path: &Path) -> BTreeMap<String, String> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut parts = BTreeMap::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let mut text = String::new();
        file.read_to_string(&mut text).unwrap();
        parts.insert(file.name().to_string(), text);
    }
    parts
}

#[test]
fn the_workbook_has_a_sheet_a_table_a_frozen_header_numbers_and_dates() {
    let repo = hostile_repository();
    let book = repo.path().join("accsm.xlsx");
    export(repo.path(), &[], "xlsx", &book);
    let parts = workbook_parts(&book);
    let workbook = &parts["xl/workbook.xml"];
    let tables = accsm::report::export::tables();
    let mut at = 0;
    for t in &tables {
        let found = workbook[at..]
            .find(&format!("<sheet name=\"{}\"", t.name))
            .unwrap_or_else(|| panic!("no sheet {} in order", t.name));
        at += found;
    }
    // Sheet 1 is `programme`: header frozen, number 1 as a number, text as text.
    let sheet = &parts["xl/worksheets/sheet1.xml"];
    assert!(
        sheet.contains("ySplit=\"1\"") && sheet.contains("state=\"frozen\""),
        "{}",
        &sheet[..600]
    );
    // (A row or a cell after another says nothing of where it is: it is the next one.)
    assert!(
        sheet.contains(concat!(
            "</row><row><c t=\"inlineStr\"><is><t>accsm-2021-2025</t></is></c>",
            "<c><v>1</v></c>"
        )),
        "the plan is text, number 1 a number"
    );
    // `plan` has the adoption date as a date: a serial number with a date format.
    let plan_sheet = tables.iter().position(|t| t.name == "plan").unwrap() + 1;
    let plan = &parts[&format!("xl/worksheets/sheet{plan_sheet}.xml")];
    assert!(
        plan.contains("<v>44153</v>"),
        "2020-11-18 is day 44153: {plan}"
    );
    assert!(parts["xl/styles.xml"].contains("yyyy-mm-dd"));
    assert!(parts["docProps/core.xml"].contains("1980-01-01T00:00:00Z"));
    // The text is kept, as text; nothing a terminal or a spreadsheet would act on reaches a cell.
    let hostile = sheet.find(">900<").map(|i| &sheet[i..]).unwrap_or_default();
    assert!(
        hostile.contains("<t>=cmd|' /C calc'!A0"),
        "the title, as text"
    );
    for (name, part) in &parts {
        assert!(
            !part
                .chars()
                .any(|c| c != '\n' && accsm::escape::is_unsafe_char(c)),
            "{name}: a raw control character"
        );
        assert!(!part.contains("<f>"), "{name}: a formula");
    }
}

#[test]
fn nothing_is_overwritten_unless_asked_and_nothing_is_left_half_written() {
    let temp = temp_dir("accsm-export-");
    let dir = temp.path();
    let book = dir.join("accsm.xlsx");
    std::fs::write(&book, "mine").unwrap();
    let refused = accsm_in(
        &examples(),
        &[
            "export",
            "--format",
            "xlsx",
            "--out",
            book.to_str().unwrap(),
        ],
    );
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    assert!(stderr(&refused).contains("exists"), "{}", stderr(&refused));
    assert_eq!(std::fs::read(&book).unwrap(), b"mine");
    export(&examples(), &[], "csv", &dir.join("tables"));
    let forced = accsm_in(
        &examples(),
        &[
            "export",
            "--format",
            "xlsx",
            "--out",
            book.to_str().unwrap(),
            "--force",
        ],
    );
    // A file of the user's own is not an earlier export: even --force leaves it.
    assert_eq!(forced.status.code(), Some(2), "{}", stderr(&forced));
    assert!(
        stderr(&forced).contains("is not an earlier export"),
        "{}",
        stderr(&forced)
    );
    assert_eq!(std::fs::read(&book).unwrap(), b"mine");
    std::fs::remove_file(&book).unwrap();
    export(&examples(), &[], "xlsx", &book);
    let first = std::fs::read(&book).unwrap();
    let again = accsm_in(
        &examples(),
        &[
            "export",
            "--format",
            "xlsx",
            "--out",
            book.to_str().unwrap(),
            "--force",
        ],
    );
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    assert_eq!(
        std::fs::read(&book).unwrap(),
        first,
        "an earlier export is replaced"
    );

    // A folder that is not there: refused before anything is written.
    let missing = dir.join("no/such/folder");
    let o = accsm_in(
        &examples(),
        &[
            "export",
            "--format",
            "csv",
            "--out",
            missing.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    let mut left: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(
        left,
        ["accsm.xlsx", "tables"],
        "no temporary file or folder is left"
    );
}

/// Every file under a folder, at any depth, with its bytes.
fn all_files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for (name, bytes) in files(dir) {
        let path = dir.join(&name);
        if path.is_dir() {
            for (inner, bytes) in all_files(&path) {
                out.insert(format!("{name}/{inner}"), bytes);
            }
        } else {
            out.insert(name, bytes);
        }
    }
    out
}

/// `--force` replaces an earlier export and nothing else: not the manifest, not a data file,
/// not a folder of data, not the root.
#[test]
fn force_never_replaces_what_is_not_an_earlier_export() {
    let temp = temp_dir("accsm-export-force-");
    let repo = temp.path().join("repo");
    copy_dir(&root().join("tests/cmd/export.in"), &repo);
    let before = all_files(&repo.join("data"));
    let manifest = std::fs::read(repo.join("accsm.toml")).unwrap();
    let data_file = before
        .keys()
        .find(|k| k.ends_with(".toml"))
        .unwrap()
        .clone();
    for (format, out) in [
        ("jsonl", "accsm.toml".to_string()),
        ("jsonl", format!("data/{data_file}")),
        ("xlsx", "accsm.toml".to_string()),
        ("xlsx", format!("data/{data_file}")),
        ("csv", "data".to_string()),
        ("json", "/".to_string()),
        ("csv", ".".to_string()),
        ("csv", "data/..".to_string()),
    ] {
        let o = accsm_in(
            &repo,
            &["export", "--format", format, "--out", &out, "--force"],
        );
        assert_eq!(o.status.code(), Some(2), "{format} {out}: {}", stderr(&o));
    }
    assert_eq!(std::fs::read(repo.join("accsm.toml")).unwrap(), manifest);
    assert_eq!(all_files(&repo.join("data")), before);
    // An earlier export in the same format is replaced.
    let lines = repo.join("all.jsonl");
    export(&repo, &[], "jsonl", &lines);
    let first = std::fs::read(&lines).unwrap();
    let o = accsm_in(
        &repo,
        &[
            "export",
            "--format",
            "jsonl",
            "--out",
            "all.jsonl",
            "--force",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(std::fs::read(&lines).unwrap(), first);
}

#[test]
fn excel_csv_starts_with_a_byte_order_mark_on_request_or_by_default() {
    let temp = temp_dir("accsm-export-");
    let plain = temp.path().join("plain");
    let excel = temp.path().join("excel");
    export(&examples(), &[], "csv", &plain);
    let o = accsm_in(
        &examples(),
        &[
            "export",
            "--format",
            "csv",
            "--excel",
            "--out",
            excel.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // The mark, and text a spreadsheet would turn into a date or a number written as a text
    // formula (`="January 2022"`, tests/spreadsheet_csv.rs opens it in LibreOffice); nothing else
    // differs.
    let cells = |bytes: &[u8]| -> Vec<Vec<String>> {
        csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(bytes)
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect()
    };
    for (name, bytes) in files(&excel) {
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "{name}");
        let (ours, theirs) = (cells(&bytes[3..]), cells(&files(&plain)[&name]));
        assert_eq!(ours.len(), theirs.len(), "{name}");
        for (a, b) in ours.iter().flatten().zip(theirs.iter().flatten()) {
            let text = a
                .strip_prefix("=\"")
                .and_then(|t| t.strip_suffix('"'))
                .map(|t| t.replace("\"\"", "\""));
            match text {
                Some(t) => assert!(t == *b || format!("'{t}") == *b, "{name}: {a} for {b}"),
                None => assert_eq!(a, b, "{name}"),
            }
        }
    }
    // `excel = true` under [defaults] in the manifest does the same.
    let repo = temp.path().join("repo");
    copy_dir(&root().join("data"), &repo.join("data"));
    std::fs::write(
        repo.join("accsm.toml"),
        "name = \"x\"\ndata = \"data\"\n\n[defaults]\nexcel = true\n",
    )
    .unwrap();
    let by_default = temp.path().join("by-default");
    export(&repo, &[], "csv", &by_default);
    assert!(
        files(&by_default)
            .values()
            .all(|b| b.starts_with(b"\xEF\xBB\xBF"))
    );
    // and leaves JSON alone.
    let json = temp.path().join("json");
    export(&repo, &[], "json", &json);
    assert!(files(&json).values().all(|b| b.starts_with(b"[")));
}

#[test]
fn json_lines_into_a_closed_pipe_end_quietly() {
    common::assert_quiet_on_closed_pipe(&["export", "--format", "jsonl", "--out", "-"]);
}

/// The `frictionless` program: `ACCSM_FRICTIONLESS`, or `frictionless` on the PATH.
fn frictionless() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("ACCSM_FRICTIONLESS") {
        return Some(PathBuf::from(p));
    }
    let found = Command::new("frictionless").arg("--version").output();
    found
        .is_ok_and(|o| o.status.success())
        .then(|| PathBuf::from("frictionless"))
}

#[test]
fn frictionless_validate_accepts_the_data_package() {
    let Some(program) = frictionless() else {
        assert!(
            std::env::var_os("ACCSM_REQUIRE_FRICTIONLESS").is_none(),
            "ACCSM_REQUIRE_FRICTIONLESS is set, but frictionless is not installed"
        );
        eprintln!("skipped: Python's frictionless is not installed (pip install frictionless)");
        return;
    };
    let temp = temp_dir("accsm-export-");
    for (name, extra) in [("plain", &[][..]), ("excel", &["--excel"][..])] {
        let out = temp.path().join(name);
        let mut args = vec![
            "export",
            "--format",
            "datapackage",
            "--out",
            out.to_str().unwrap(),
        ];
        args.extend(extra);
        let o = accsm_in(&examples(), &args);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let checked = Command::new(&program)
            .args(["validate", "datapackage.json"])
            .current_dir(&out)
            .output()
            .unwrap();
        let report = String::from_utf8_lossy(&checked.stdout);
        assert!(
            checked.status.success(),
            "{name}: frictionless validate says:\n{report}"
        );
        assert!(!report.contains("INVALID"), "{report}");
    }
}
