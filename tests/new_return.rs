//! `accsm new return`: the template is built as TOML, not pasted together, so nothing in the
//! KPI framework can add a live key to it; untouched, it answers nothing (and validation says
//! so); each block filled in, one at a time, validates and lands in its KPI's table; and the
//! guide (docs/returns.md) quotes it as it is.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::{accsm_in, root, scratch_repo, stderr, stdout, temp_dir};
use tempfile::TempDir;

/// A scratch copy of the repository's manifest and data.
struct Scratch(TempDir);

impl Scratch {
    fn new() -> Scratch {
        Scratch(scratch_repo())
    }

    fn path(&self) -> &Path {
        self.0.path()
    }

    fn run(&self, args: &[&str]) -> Output {
        accsm_in(self.path(), args)
    }

    /// Writes the template of IDN for `year` and returns its path and text.
    fn new_return(&self, year: i64) -> (PathBuf, String) {
        let year_text = year.to_string();
        let out = self.run(&["new", "return", "--country", "IDN", "--year", &year_text]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let path = self.path().join(format!("data/returns/IDN/{year}.toml"));
        let text = std::fs::read_to_string(&path).unwrap();
        (path, text)
    }
}

/// The keys of a table, sorted (`toml::Table` keeps them sorted).
fn keys(t: &toml::Table) -> Vec<&str> {
    t.keys().map(String::as_str).collect()
}

#[test]
fn a_kpi_title_or_question_cannot_add_a_live_key() {
    let repo = Scratch::new();
    let kpis = repo.path().join("data/kpis.toml");
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

    let (_, template) = repo.new_return(2023);
    assert!(
        template.contains("# [A.1] t\"\n# [return]\n# x = 1\\u{1b}[2J\n# Q: t\"\n# [return]\n"),
        "{template}"
    );
    let parsed: toml::Table = toml::from_str(&template).expect("the template is TOML");
    assert_eq!(keys(&parsed), ["return"]);
    let ret = parsed["return"].as_table().unwrap();
    assert_eq!(keys(ret), ["answers", "country", "plan", "round", "year"]);
    // Every answer table is empty: nothing is answered until a line is uncommented.
    let answers = ret["answers"].as_table().unwrap();
    assert_eq!(answers.len(), 17);
    assert!(answers.values().all(|a| a.as_table().unwrap().is_empty()));
}

/// The old template's answers were live placeholders (0, false): an untouched template made every
/// KPI "decreasing" once a real return came before it.
#[test]
fn the_untouched_template_answers_nothing_and_validation_says_so() {
    let repo = Scratch::new();
    let (_, template) = repo.new_return(2023);
    assert!(template.starts_with(&format!(
        "# KPI return of IDN for 2023, accsm-2021-2025.\n{}\n\
         [return]\nplan = \"accsm-2021-2025\"\ncountry = \"IDN\"\nyear = 2023\n\
         round = \"annual\"  # baseline, mid-term, annual or target\n# submitted = 2023-12-31\n",
        accsm::edit::HOW_TO_FILL_IN
    )));
    let out = repo.run(&["validate"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let report = stdout(&out);
    assert!(
        report.contains(
            "warning[unanswered-return]: the 2023 return of IDN answers no KPI yet\n  --> data/returns/IDN/2023.toml:"
        ),
        "{report}"
    );
    assert_eq!(report.matches("returns/IDN").count(), 1, "{report}");
    let out = repo.run(&["trend", "--format", "json"]);
    assert!(!stdout(&out).contains("\"status\": \"decreasing\""));
}

/// An answer line of the template filled in as a focal point would: the placeholder replaced by
/// a figure that fits the rules.
fn fill(line: &str, year: i64) -> String {
    let (key, value) = line.split_once(" = ").unwrap_or((line, ""));
    let value = value.split("  # ").next().unwrap_or(value);
    let replaced = match key {
        "yes" if value.starts_with('[') => value.replacen("false", "true", 1),
        "yes" => "true".to_string(),
        "count" => "3".to_string(),
        "total" => "10".to_string(),
        "percent" => "30.0".to_string(),
        "names" => "[\"a\", \"b\", \"c\"]".to_string(),
        "levels" => value.replacen("= 0", "= 2", 1).replacen("= 0", "= 1", 1),
        "ratings" | "impact_ratings" => value.replace("= 0", "= 4"),
        "per_year" => value.replace("= 0", "= 2"),
        "revises" => value.replace("= 0", "= 3"),
        "narrative" => "\"Filled in.\"".to_string(),
        "title" => "\"Regional course\"".to_string(),
        "female" => "6".to_string(),
        "male" => "4".to_string(),
        // Ten AMS, one participant each: the total of 10.
        "by_country" => value.replace("= 0", "= 1"),
        "internal" | "third_party" => value
            .replace("rate = 0.0", "rate = 75.5")
            .replace("title = \"\"", "title = \"Survey\"")
            .replace("year = 0", &format!("year = {year}"))
            .replace("indicators = []", "indicators = [\"timeliness\"]")
            .replace("scale = \"\"", "scale = \"0-100\""),
        _ => return line.to_string(),
    };
    format!("{key} = {replaced}")
}

/// The template with the answer block of `kpi` uncommented and filled in, every other line as
/// it was.
fn fill_block(template: &str, kpi: &str, year: i64) -> String {
    let header = format!("[return.answers.\"{kpi}\"]");
    let mut out = String::new();
    let mut inside = false;
    for line in template.lines() {
        if line.starts_with("[return.answers.") {
            inside = line == header;
            out.push_str(line);
        } else if inside && line.is_empty() {
            inside = false;
        } else if inside && line == "#" {
            // The blank line between D.2.1's own keys and its first project.
        } else if let Some(answer) = line.strip_prefix("# ").filter(|_| inside) {
            out.push_str(&if answer.starts_with("[[") {
                answer.split("  # ").next().unwrap_or(answer).to_string()
            } else {
                fill(answer, year)
            });
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

/// Each block of a generated template, filled in alone, validates without a finding and is the
/// answer of its own KPI, with its narrative (D.2.1's narrative was its last project's).
#[test]
fn every_block_filled_in_one_at_a_time_validates_and_lands_in_its_table() {
    let repo = Scratch::new();
    for year in [2021, 2023] {
        let (path, template) = repo.new_return(year);
        let kpis: Vec<String> = template
            .lines()
            .filter_map(|l| l.strip_prefix("[return.answers.\"")?.strip_suffix("\"]"))
            .map(String::from)
            .collect();
        assert_eq!(kpis.len(), 17);
        for kpi in &kpis {
            let filled = fill_block(&template, kpi, year);
            assert_ne!(filled, template, "{kpi}");
            std::fs::write(&path, &filled).unwrap();
            let loaded = accsm::check::check_paths(&[repo.path().join("data")]);
            let here: Vec<String> = loaded
                .diagnostics
                .iter()
                .filter(|d| {
                    d.span.is_some_and(|s| {
                        loaded
                            .sources
                            .path(s.file)
                            .ends_with(format!("IDN/{year}.toml"))
                    })
                })
                .map(|d| format!("{}: {}", d.code.as_str(), d.message))
                .collect();
            assert!(here.is_empty(), "{year} {kpi}: {here:?}\n{filled}");
            let ret = loaded
                .dataset
                .returns
                .iter()
                .find(|r| r.year.value == year)
                .unwrap();
            let answered: Vec<&str> = ret
                .answers
                .iter()
                .filter(|a| a.is_answered())
                .map(|a| a.kpi.value.as_str())
                .collect();
            assert_eq!(answered, [kpi.as_str()], "{year}");
            let answer = ret.answer(kpi).unwrap();
            assert_eq!(
                answer.narrative.as_ref().map(|n| n.value.as_str()),
                Some("Filled in."),
                "{kpi}"
            );
            assert!(!answer.is_placeholder(), "{kpi}");
        }
        std::fs::remove_file(&path).unwrap();
    }
}

#[test]
fn the_template_asks_only_what_the_year_can_answer() {
    let repo = Scratch::new();
    let (_, baseline) = repo.new_return(2021);
    assert!(
        baseline.contains("\n# per_year = { 2020 = 0, 2021 = 0 }  # the count for each year\n")
    );
    assert!(
        baseline.contains("\n# ratings = { 2020-2022 = 0 }  #"),
        "{baseline}"
    );
    let (_, later) = repo.new_return(2023);
    assert!(
        later.contains(
            "\n# per_year = { 2023 = 0 }  # the count for 2023\n# revises = { 2022 = 0 }"
        )
    );
    assert!(later.contains("\n# ratings = { 2020-2022 = 0, 2023-2025 = 0 }  #"));
    // A plan whose returns start with its period asks for no year before it (its 2021 return
    // offered 2020, which then failed validation).
    let plan = repo.path().join("data/plans/accsm-2021-2025.toml");
    let text = std::fs::read_to_string(&plan).unwrap();
    std::fs::write(&plan, text.replacen("midterm_start = 2020\n", "", 1)).unwrap();
    std::fs::remove_file(repo.path().join("data/returns/IDN/2021.toml")).unwrap();
    let (_, own_period) = repo.new_return(2021);
    assert!(own_period.contains("\n# per_year = { 2021 = 0 }  # the count for 2021\n"));
    // One form per KPI: E.2.1 asks for the number; A.1.1 allows a percentage instead.
    let block = |kpi: &str| {
        let start = later.find(&format!("[return.answers.\"{kpi}\"]")).unwrap();
        later[start..].split("\n\n").next().unwrap().to_string()
    };
    assert!(!block("E.2.1").contains("percent"));
    assert!(block("E.2.1").contains("# count = 0"));
    assert!(block("A.1.1").contains("# percent = 0.0"));
}

/// The return example of docs/returns.md (once the README's) is the template's text: every line it quotes from a block is in
/// a generated template, byte for byte.
#[test]
fn the_readme_quotes_the_template_as_it_is() {
    let repo = Scratch::new();
    let (_, template) = repo.new_return(2021);
    let readme = std::fs::read_to_string(root().join("docs/returns.md")).unwrap();
    let start = readme
        .find("<!-- template: accsm new return --country IDN --year 2021 -->")
        .unwrap();
    let quoted = readme[start..].split("```toml\n").nth(1).unwrap();
    let quoted = quoted.split("```").next().unwrap();
    for part in quoted.split("# …\n") {
        assert!(template.contains(part), "not in the template:\n{part}");
    }
}

#[test]
fn refusals_say_what_to_do() {
    let repo = Scratch::new();
    let out = repo.run(&["new", "return", "--country", "IDN", "--year", "2031"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: 2031 lies outside the reporting years of `accsm-2021-2025` (2020-2025)\n  \
         help: choose a year from 2020 to 2025\n"
    );
    repo.new_return(2023);
    let out = repo.run(&["new", "return", "--country", "IDN", "--year", "2023"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.ends_with(
            "2023.toml already exists; accsm does not overwrite returns\n  \
             help: fill in the file that is there, or name another with --out FILE\n"
        ),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn new_return_does_not_follow_a_symlink_out_of_the_repository() {
    let repo = Scratch::new();
    let outside = temp_dir("accsm-outside-");
    std::fs::create_dir_all(repo.path().join("data/returns")).unwrap();
    std::os::unix::fs::symlink(outside.path(), repo.path().join("data/returns/IDN")).unwrap();
    let out = repo.run(&["new", "return", "--country", "IDN", "--year", "2023"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("outside the repository"),
        "{}",
        stderr(&out)
    );
    assert!(std::fs::read_dir(outside.path()).unwrap().next().is_none());
}
