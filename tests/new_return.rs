//! `accsm new return`: the template is built as TOML, not pasted together, so nothing in the
//! KPI framework can add a live key to it; it validates untouched; filled in, its answer blocks
//! have the shape the reader expects.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A scratch copy of the repository's manifest and data, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let dir = std::env::temp_dir().join(format!("accsm-new-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        copy_dir(&root.join("data"), &dir.join("data"));
        std::fs::copy(root.join("accsm.toml"), dir.join("accsm.toml")).unwrap();
        Scratch(dir)
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_accsm"))
            .args(args)
            .current_dir(&self.0)
            .env("NO_COLOR", "1")
            .output()
            .unwrap()
    }

    /// Writes the template of IDN for 2023 and returns its text.
    fn new_return(&self) -> String {
        let out = self.run(&["new", "return", "--country", "IDN", "--year", "2023"]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        std::fs::read_to_string(self.0.join("data/returns/IDN/2023.toml")).unwrap()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &to.join(entry.file_name()));
        } else {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The keys of a table, sorted (`toml::Table` keeps them sorted).
fn keys(t: &toml::Table) -> Vec<&str> {
    t.keys().map(String::as_str).collect()
}

#[test]
fn a_kpi_title_or_question_cannot_add_a_live_key() {
    let repo = Scratch::new("inject");
    let kpis = repo.0.join("data/kpis.toml");
    let framework = std::fs::read_to_string(&kpis).unwrap();
    // In the data file these are TOML escapes: the values hold a quote, line breaks and ESC.
    let hostile = r#"t\"\n[return]\nx = 1\u001b[2J"#;
    let framework = framework
        .replacen(
            "title = \"Number of AMS with institutionalized competency-based approaches\"",
            &format!("title = \"{hostile}\""),
            1,
        )
        .replacen(
            "\"Do public sector agencies in your country adopt institutionalised competency-based approach in their human resource management systems?\"",
            &format!("\"{hostile}\""),
            1,
        );
    std::fs::write(&kpis, framework).unwrap();

    let template = repo.new_return();
    assert!(
        template.contains("# [A.1] t\"\n# [return]\n# x = 1\\u{1b}[2J\n# Q: t\"\n# [return]\n"),
        "{template}"
    );
    let parsed: toml::Table = toml::from_str(&template).expect("the template is TOML");
    assert_eq!(keys(&parsed), ["return"]);
    let ret = parsed["return"].as_table().unwrap();
    assert_eq!(keys(ret), ["country", "plan", "round", "year"]);
}

#[test]
fn the_untouched_template_validates_clean() {
    let repo = Scratch::new("clean");
    let template = repo.new_return();
    assert!(template.starts_with(
        "# KPI return of IDN for 2023, accsm-2021-2025.\n\
         # Fill in the answers you have and delete the blocks you cannot answer; run `accsm validate`.\n\
         # The M&E framework tracks each AMS's own progress against its baseline; it does not compare AMS.\n\n\
         [return]\nplan = \"accsm-2021-2025\"\ncountry = \"IDN\"\nyear = 2023\n\
         round = \"annual\"  # baseline, mid-term, annual or target\n# submitted = 2023-12-31\n"
    ));
    let out = repo.run(&["validate"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    // The shipped data has warnings of its own; the template adds no finding at all.
    let report = text(&out.stdout);
    assert!(!report.contains("returns/IDN"), "{report}");
    assert!(report.contains("0 errors,"), "{report}");
}

/// Every answer block uncommented: a narrative is the answer's, not its last project's, and a
/// project counts participants for the ten AMS of the reference lists, in name order.
#[test]
fn filled_in_blocks_have_the_shape_the_reader_expects() {
    let repo = Scratch::new("filled");
    let template = repo.new_return();
    let filled: String = template
        .lines()
        .map(|l| l.strip_prefix("# ").unwrap_or(l))
        .map(|l| if l == "#" { "" } else { l })
        .filter(|l| !l.starts_with('[') || l.starts_with("[return") || l.starts_with("[[return"))
        .filter(|l| {
            !l.starts_with("Q: ") && !l.starts_with("KPI return") && !l.starts_with("Fill in")
        })
        .filter(|l| !l.starts_with("The M&E") && !l.starts_with("submitted"))
        .map(|l| format!("{l}\n"))
        .collect();
    let parsed: toml::Table = toml::from_str(&filled).unwrap_or_else(|e| panic!("{e}\n{filled}"));
    let answers = parsed["return"]["answers"].as_table().unwrap();
    assert!(answers.values().all(|a| a.get("narrative").is_some()));
    let participants = answers["D.2.1"].as_table().unwrap();
    let project = participants["projects"][0].as_table().unwrap();
    assert_eq!(
        keys(project),
        ["by_country", "female", "male", "title", "total"]
    );
    assert!(filled.contains(
        "by_country = { BRN = 0, KHM = 0, IDN = 0, LAO = 0, MYS = 0, MMR = 0, PHL = 0, SGP = 0, \
         THA = 0, VNM = 0 }\n"
    ));
    // The third-party survey stays commented out: it is optional.
    assert_eq!(
        keys(answers["E.3"].as_table().unwrap()),
        ["internal", "narrative"]
    );
}

#[test]
fn refusals_say_what_to_do() {
    let repo = Scratch::new("refusals");
    let out = repo.run(&["new", "return", "--country", "IDN", "--year", "2031"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "error: 2031 lies outside the reporting years of `accsm-2021-2025` (2020-2025)\n  \
         help: choose a year from 2020 to 2025\n"
    );
    repo.new_return();
    let out = repo.run(&["new", "return", "--country", "IDN", "--year", "2023"]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.ends_with(
            "2023.toml already exists; accsm does not overwrite returns\n  \
             help: fill in the file that is there, or name another with --out FILE\n"
        ),
        "{err}"
    );
}
