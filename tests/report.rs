//! `accsm report`: the monitoring and evaluation report the meetings read. Its sections on the
//! shipped data and on the illustrative returns, what it says when data is missing, budgets that
//! are never added across currencies, hostile text made inert in HTML and Markdown, and the page
//! rendered by headless Chromium (skipped, with a message, where no Chromium is installed; CI
//! installs it and sets `ACCSM_REQUIRE_CHROMIUM=1`, so there it cannot be skipped).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stderr)]

use crate::common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{TempRepo, accsm, accsm_in, assert_exit, copy_dir, root, stderr, stdout, toml_string};

/// The sections of the report, by their anchors, in the order they are shown.
const SECTIONS: [&str; 8] = [
    "progress",
    "coordinators",
    "coverage",
    "budget",
    "kpis",
    "completeness",
    "midterm",
    "quality",
];

fn report(args: &[&str]) -> String {
    let out = accsm(args);
    assert_exit(&out, 0);
    stdout(&out)
}

#[test]
fn the_shipped_data_gives_every_section_and_says_plainly_there_are_no_returns() {
    let out = accsm(&["report"]);
    assert_exit(&out, 0);
    let html = stdout(&out);
    assert!(html.starts_with("<!DOCTYPE html>"), "{}", &html[..200]);
    let mut at = 0;
    for id in SECTIONS {
        let found = html[at..]
            .find(&format!("<section id=\"{id}\""))
            .unwrap_or_else(|| panic!("section {id} missing or out of order"));
        at += found;
        assert!(
            html.contains(&format!("<a href=\"#{id}\">")),
            "{id} not in the contents"
        );
    }
    assert!(html.contains("There are no KPI returns for ACCSM Work Plan 2021-2025"));
    assert!(html.contains("accsm --root examples/kpi-returns report"));
    assert!(
        stderr(&out).contains("holds no KPI returns"),
        "{}",
        stderr(&out)
    );
    // No returns: no trend chart and no per-AMS trend table is drawn.
    assert!(!html.contains("class=\"chart spark\""));
    assert!(html.contains("0 of the 60 returns expected"));
    // validate's own summary line.
    let validate = stdout(&accsm(&["validate"]));
    let summary = validate.lines().last().unwrap();
    assert!(
        html.contains(&format!("<strong>{summary}</strong>")),
        "{summary}"
    );
}

#[test]
fn the_page_is_self_contained_and_made_of_known_elements_only() {
    let html = report(&["report"]);
    assert_only_known_markup(&html);
    assert!(html.contains("@media print"), "no print stylesheet");
    assert!(html.contains("Content-Security-Policy"));
}

#[test]
fn the_same_data_gives_the_same_report_byte_for_byte() {
    let args = ["--root", "examples/kpi-returns", "report"];
    assert_eq!(report(&args), report(&args));
}

#[test]
fn the_illustrative_returns_give_trends_charts_and_their_figures_in_tables() {
    let html = report(&["--root", "examples/kpi-returns", "report"]);
    assert_only_known_markup(&html);
    assert!(!html.contains("There are no KPI returns"));
    // A.1 as `accsm trend --kpi A.1` shows it: 5 of 10 AMS answering yes at the baseline
    // (Myanmar's from 2022, the closest year with data), 7 of 10 at the latest; Singapore
    // decreasing, in alphabetical order after the Philippines.
    let a1 = section_of(&html, "<h3>A.1 Number of AMS");
    assert!(
        a1.contains("5 of 10 reporting (of 10 AMS) at the baseline, 7 of 10 reporting (of 10 AMS) at the latest"),
        "{a1}"
    );
    let philippines = a1.find("<th scope=\"row\">Philippines</th>").unwrap();
    let singapore = a1.find("<th scope=\"row\">Singapore</th>").unwrap();
    assert!(philippines < singapore);
    assert!(a1[singapore..].contains("decreasing"));
    // A sparkline for every AMS with a reading, each with its text alternative.
    assert_eq!(a1.matches("class=\"chart spark\"").count(), 10, "{a1}");
    assert!(a1.contains("<desc id=\"") && a1.contains("Singapore: yes in 2021, no in 2025."));
    for chart in html.split("<svg ").skip(1) {
        assert!(chart.starts_with("class=\"chart"), "{chart}");
        assert!(chart.contains("role=\"img\" aria-labelledby=\""), "{chart}");
        assert!(
            chart.contains("<title id=") && chart.contains("<desc id="),
            "{chart}"
        );
    }
    // Every chart's id is used once.
    let mut ids = Vec::new();
    for (i, m) in html.match_indices("<title id=\"") {
        let rest = &html[i + m.len()..];
        ids.push(&rest[..rest.find('"').unwrap()]);
    }
    let all = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), all);
    // Completeness as `accsm returns` counts it.
    assert!(html.contains("45 of the 60 returns expected"));
    // The mid-term view's KPI figures run to the end of the review period.
    let midterm = section_of(&html, "<section id=\"midterm\"");
    assert!(midterm.contains("KPI trends at the mid-term, baseline 2021 to 2022"));
}

/// The text from `start` to the next heading of the same level or the end.
fn section_of<'a>(html: &'a str, start: &str) -> &'a str {
    let from = html.find(start).unwrap_or_else(|| panic!("no {start}"));
    let rest = &html[from + start.len()..];
    let close = if start.starts_with("<h3") {
        "<h3"
    } else {
        "</section>"
    };
    &html[from..from + start.len() + rest.find(close).unwrap_or(rest.len())]
}

#[test]
fn midterm_runs_the_kpi_trends_to_the_end_of_the_review_period_and_comes_first() {
    let html = report(&["--root", "examples/kpi-returns", "report", "--midterm"]);
    assert!(html.contains("<h1>ACCSM work plans: mid-term review report</h1>"));
    let first = html.find("<section id=").unwrap();
    assert!(html[first..].starts_with("<section id=\"midterm\""));
    let kpis = section_of(&html, "<section id=\"kpis\"");
    assert!(
        kpis.contains("from the baseline year 2021 to 2022"),
        "{kpis}"
    );
    assert!(!kpis.contains("2021 to 2025"));
}

#[test]
fn plan_takes_an_id_or_the_label_the_tables_print() {
    let md = report(&["report", "--plan", "ACCSM+3", "--format", "markdown"]);
    assert!(md.contains("This report covers 1 plan: ACCSM+3 Work Plan 2021-2025"));
    assert!(!md.contains("### ACCSM Work Plan 2021-2025"));
    assert!(md.contains("None of the plans in this report has a KPI framework."));
    let md = report(&[
        "report",
        "--plan",
        "accsm-2021-2025",
        "--format",
        "markdown",
    ]);
    assert!(md.contains("### ACCSM Work Plan 2021-2025 (2021-2025, 39 programmes)"));
    assert!(!md.contains("ACCSM+3 Work Plan"));
    let out = accsm(&["report", "--plan", "accsm-2012-2025"]);
    assert_exit(&out, 2);
    assert!(stderr(&out).contains("did you mean `accsm-2021-2025`?"));
    assert_eq!(stdout(&out), "");
}

#[test]
fn out_writes_the_file_and_a_file_that_cannot_be_written_is_an_io_error() {
    let dir = common::temp_dir("accsm-report-out-");
    let file = dir.path().join("report.html");
    let out = accsm(&["report", "--out", file.to_str().unwrap()]);
    assert_exit(&out, 0);
    assert_eq!(stdout(&out), "");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), report(&["report"]));
    let missing = dir.path().join("no-such-folder/report.html");
    let out = accsm(&["report", "--out", missing.to_str().unwrap()]);
    assert_exit(&out, 2);
    assert!(
        stderr(&out).contains("error: cannot open the folder of "),
        "{}",
        stderr(&out)
    );
}

/// A plan with budgets of every kind: amounts in two currencies, a local figure beside one, an
/// amount without a currency, sources of funds, TBC and none.
const BUDGETS: &str = r#"
[[programme]]
plan = "accsm-2021-2025"
number = 1
title = "One"
coordinators = ["BRN"]
timeline = "2022"
budget = { text = "$10.25 USD (BND 14.00)", amount = 10.25, currency = "USD", local_amount = 14.00, local_currency = "BND" }

[[programme]]
plan = "accsm-2021-2025"
number = 2
title = "Two"
coordinators = ["BRN"]
timeline = "2022-2023"
budget = { text = "USD 20", amount = 20.00, currency = "USD" }

[[programme]]
plan = "accsm-2021-2025"
number = 3
title = "Three"
coordinators = ["BRN"]
timeline = "2023"
budget = { text = "BND 7.5", amount = 7.5, currency = "BND" }

[[programme]]
plan = "accsm-2021-2025"
number = 4
title = "Four"
coordinators = ["IDN", "THA"]
timeline = "2023"
budget = { text = "Cost-sharing", sources = ["cost-sharing"] }

[[programme]]
plan = "accsm-2021-2025"
number = 5
title = "Five"
coordinators = ["THA"]
timeline = "TBC"
budget = { text = "TBC", tbc = true }

[[programme]]
plan = "accsm-2021-2025"
number = 6
title = "Six"
coordinators = ["THA"]
timeline = "2023"
"#;

#[test]
fn budgets_are_added_within_one_currency_only_and_the_rest_is_counted() {
    let repo = TempRepo::with_references("report-budgets");
    repo.write("data/programmes.toml", BUDGETS);
    let out = repo.run(&["report", "--format", "markdown"]);
    assert_exit(&out, 0);
    let md = stdout(&out);
    let budget = &md[md.find("## 4. Indicative budgets").unwrap()..md.find("## 5.").unwrap()];
    // Brunei: USD 10.25 + 20.00 and BND 7.50 apart; the BND beside the USD is not added again.
    assert!(
        budget.contains("| Brunei Darussalam | 3 | BND 7.50 (1); USD 30.25 (2) | — | 0 | 0 |"),
        "{budget}"
    );
    assert!(
        budget.contains("| Thailand | 2 | — | — | 1 | 1 |"),
        "{budget}"
    );
    assert!(
        budget.contains(
            "| Joint programmes (several coordinators) | 1 | — | Cost-sharing: 1 | 0 | 0 |"
        ),
        "{budget}"
    );
    assert!(
        budget.contains(
            "| All programmes | 6 | BND 7.50 (1); USD 30.25 (2) | Cost-sharing: 1 | 1 | 1 |"
        ),
        "{budget}"
    );
    // By year: a programme of two years is counted once, under both, never split.
    assert!(
        budget.contains("| 2022-2023 | 1 | USD 20.00 (1) |"),
        "{budget}"
    );
    assert!(budget.contains("| 2022 | 1 | USD 10.25 (1) |"), "{budget}");
    assert!(
        budget.contains("| no year (TBC or blank) | 1 | — | — | 1 | 0 |"),
        "{budget}"
    );
    assert!(budget.contains("Of the 6 programmes, 3 give an amount, 1 is funded otherwise"));
    assert!(budget.contains("never added across currencies"), "{budget}");
}

/// Budgets given as sources of funds are counted per source, whatever the combinations: a cell
/// grows with the sources in the reference lists, not with the programmes.
#[test]
fn sources_of_funds_are_counted_per_source_and_a_joint_funding_is_said() {
    let repo = TempRepo::with_references("report-sources");
    let mut programmes = String::new();
    // Many programmes, each funded by another combination of the same three sources.
    let combinations = [
        "[\"ams\"]",
        "[\"ams\", \"plus-three\"]",
        "[\"plus-three\", \"ams\"]",
        "[\"ams\", \"plus-three\", \"dialogue-partner\"]",
        "[\"dialogue-partner\"]",
    ];
    for n in 1..=200 {
        programmes.push_str(&format!(
            "[[programme]]\nplan = \"accsm-2021-2025\"\nnumber = {n}\ntitle = \"P{n}\"\n\
             coordinators = [\"THA\"]\ntimeline = \"2023\"\n\
             budget = {{ text = \"shared\", sources = {} }}\n",
            combinations[n % combinations.len()]
        ));
    }
    repo.write("data/programmes.toml", programmes);
    let out = repo.run(&["report", "--format", "markdown"]);
    assert_exit(&out, 0);
    let md = stdout(&out);
    let budget = &md[md.find("## 4. Indicative budgets").unwrap()..md.find("## 5.").unwrap()];
    let thailand = budget
        .lines()
        .find(|l| l.starts_with("| Thailand |"))
        .unwrap_or_else(|| panic!("{budget}"));
    assert_eq!(
        thailand,
        "| Thailand | 200 | — | 200 programmes; AMS: 160; Dialogue Partner: 80; Plus Three: 120 \
         (one with several sources counts under each) | 0 | 0 |"
    );
}

#[test]
fn statuses_when_reported_are_counted_by_area_and_the_gaps_are_said() {
    let repo = TempRepo::with_references("report-status");
    let with_status = BUDGETS
        .replace(
            "number = 1\ntitle = \"One\"",
            "number = 1\ntitle = \"One\"\nstatus = \"completed\"\nareas = [\"PA1\"]",
        )
        .replace(
            "number = 2\ntitle = \"Two\"",
            "number = 2\ntitle = \"Two\"\nstatus = \"ongoing\"\nareas = [\"PA1\", \"PA4\"]",
        );
    repo.write("data/programmes.toml", with_status);
    let md = stdout(&repo.run(&["report", "--format", "markdown"]));
    assert!(
        md.contains(
            "4 of 6 programmes have no reported status; progress is known for the other 2 only."
        ),
        "{md}"
    );
    assert!(md.contains("| PA1 "), "{md}");
    let pa1 = md.lines().find(|l| l.starts_with("| PA1 ")).unwrap();
    // planned, overdue, ongoing, postponed, cancelled, completed, not reported, programmes.
    assert!(pa1.ends_with("| 0 | 0 | 1 | 0 | 0 | 1 | 0 | 2 |"), "{pa1}");
    let all = md
        .lines()
        .find(|l| l.starts_with("| All programmes of the plan, each once"))
        .unwrap();
    assert!(all.ends_with("| 0 | 0 | 1 | 0 | 0 | 1 | 4 | 6 |"), "{all}");
}

#[test]
fn a_repository_without_plans_still_reports_and_says_so() {
    let repo = TempRepo::bare("report-empty");
    repo.write(
        "data/currencies.toml",
        "[[currency]]\nid = \"USD\"\nname = \"US dollar\"\n",
    );
    for format in ["html", "markdown"] {
        let out = repo.run(&["report", "--format", format]);
        assert_exit(&out, 0);
        assert!(stdout(&out).contains("No plan is loaded, so there is nothing to show."));
    }
}

/// A copy of the shipped data and the illustrative returns in which Indonesia's name, a KPI's
/// title, the plan's title and one programme's every text field (and its budget's currency)
/// hold the hostile strings of `accsm::escape::HOSTILE`.
fn hostile_repository() -> (tempfile::TempDir, PathBuf) {
    let temp = common::temp_dir("accsm-report-hostile-");
    let repo = temp.path().to_path_buf();
    copy_dir(&root().join("data"), &repo.join("data"));
    copy_dir(
        &root().join("examples/kpi-returns/returns"),
        &repo.join("returns"),
    );
    std::fs::write(
        repo.join("accsm.toml"),
        "name = \"hostile\"\ndata = [\"data\", \"returns\"]\n",
    )
    .unwrap();
    let hostile = accsm::escape::HOSTILE.concat();
    let replace = |file: &str, from: &str, to: &str| {
        let path = repo.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file}: {from}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    };
    replace(
        "data/reference/parties.toml",
        "name = \"Indonesia\"",
        &format!("name = {}", toml_string(&format!("Indonesia{hostile}"))),
    );
    replace(
        "data/kpis.toml",
        "title = \"Number of AMS with institutionalized competency-based approaches\"",
        &format!("title = {}", toml_string(&format!("A1{hostile}"))),
    );
    replace(
        "data/plans/accsm-2021-2025.toml",
        "title = \"ACCSM Work Plan 2021-2025\"",
        &format!("title = {}", toml_string(&format!("Plan{hostile}"))),
    );
    let list = |items: &[&str]| {
        let quoted: Vec<String> = items.iter().map(|s| toml_string(s)).collect();
        format!("[{}]", quoted.join(", "))
    };
    let all = accsm::escape::HOSTILE;
    let programme = format!(
        "[[programme]]\nplan = \"accsm-2021-2025\"\nnumber = 900\ntitle = {t}\nactivities = {l}\n\
         areas = {l}\nkras = {l}\ncoordinators = {l}\npartner_organisations = {l}\npartners = {l}\n\
         timeline = \"2022\"\nbudget = {{ text = {t}, amount = 5.0, currency = {t} }}\nnote = {t}\n\
         [[programme]]\nplan = \"accsm-2021-2025\"\nnumber = 901\ntitle = \"Sources\"\n\
         coordinators = [\"IDN\"]\ntimeline = \"2022\"\nbudget = {{ text = {t}, sources = {l}, funded_by = {t} }}\n",
        t = toml_string(&hostile),
        l = list(all),
    );
    std::fs::write(repo.join("data/hostile.toml"), programme).unwrap();
    (temp, repo)
}

#[test]
fn hostile_text_is_shown_and_inert_in_html_and_markdown() {
    let (_temp, repo) = hostile_repository();
    let run = |args: &[&str]| {
        let out = accsm_in(&repo, args);
        assert_exit(&out, 0);
        for (what, text) in [("stdout", stdout(&out)), ("stderr", stderr(&out))] {
            let raw: Vec<char> = text
                .chars()
                .filter(|&c| !matches!(c, '\n' | '\t') && accsm::escape::is_unsafe_char(c))
                .collect();
            assert!(raw.is_empty(), "{args:?} {what} holds raw {raw:?}");
        }
        stdout(&out)
    };
    let html = run(&["report"]);
    assert_only_known_markup(&html);
    // Shown, as text: in the headings, the tables, the charts' text alternatives.
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assert!(html.contains("&lt;!-- hidden"));
    assert!(html.contains("\\u{1b}[31mred"));
    assert!(html.contains("<h3>A.1 A1\\u{1b}[31mred"));
    assert!(
        html.contains("<desc id=\"") && html.contains("Indonesia\\u{1b}[31mred"),
        "the hostile AMS name is not in a chart's description"
    );
    // The hostile currency is a currency of its own, its total shown after its escaped code.
    assert!(
        html.contains("&amp;amp; &amp;lt; 5.00 (1)"),
        "no hostile currency"
    );
    let md = run(&["report", "--format", "markdown"]);
    assert!(
        !md.contains("<script") && !md.contains("<img") && !md.contains("<!--"),
        "raw HTML in the Markdown"
    );
    assert!(
        !md.replace("\\]", "").contains("]("),
        "a live link in the Markdown"
    );
    assert!(!md.contains("@octocat"), "a live mention in the Markdown");
    assert!(md.contains("&lt;script&gt;"));
}

/// Every tag is one the report writes itself, with no attribute that runs or loads anything,
/// and every link stays in the page: so no text from the data became markup.
fn assert_only_known_markup(html: &str) {
    const TAGS: &[&str] = &[
        "!DOCTYPE",
        "html",
        "head",
        "meta",
        "title",
        "style",
        "body",
        "header",
        "h1",
        "h2",
        "h3",
        "p",
        "strong",
        "code",
        "nav",
        "ol",
        "li",
        "a",
        "main",
        "section",
        "div",
        "figure",
        "figcaption",
        "svg",
        "desc",
        "rect",
        "text",
        "line",
        "polyline",
        "circle",
        "table",
        "caption",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "footer",
        "div",
    ];
    let style_start = html.find("<style>").expect("a stylesheet");
    let style_end = html.find("</style>").unwrap();
    let css = &html[style_start + 7..style_end];
    assert!(!css.contains('<'), "markup inside the stylesheet");
    assert_eq!(
        css.matches('@').count(),
        css.matches("@page").count() + css.matches("@media").count(),
        "an at-rule other than @page and @media (an @import would load a file)"
    );
    let mut tags = 0;
    for (i, _) in html.match_indices('<') {
        let rest = &html[i + 1..];
        let tag = &rest[..rest.find('>').expect("an unclosed tag")];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '!')
            .collect();
        assert!(TAGS.contains(&name.as_str()), "an unknown tag <{tag}>");
        let lower = tag.to_ascii_lowercase();
        for attribute in lower.split_whitespace().skip(1) {
            assert!(
                !attribute.starts_with("on")
                    && !attribute.starts_with("src=")
                    && !attribute.starts_with("style=")
                    && !attribute.contains("javascript:")
                    && !attribute.contains("url("),
                "a live attribute in <{tag}>"
            );
            if let Some(link) = attribute.strip_prefix("href=\"") {
                assert!(link.starts_with('#'), "a link out of the page: <{tag}>");
            }
        }
        tags += 1;
    }
    assert!(tags > 100, "only {tags} tags");
}

/// The Chromium binary to render with: `$CHROMIUM`, or the first of the usual names on the path.
fn chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| {
            ["chromium", "chromium-browser", "google-chrome"].map(|name| dir.join(name))
        })
        .find(|p| p.is_file())
}

/// Runs headless Chromium on a file with `extra` arguments; a fresh profile, no network of its
/// own, a two-minute limit.
fn run_chromium(bin: &Path, page: &Path, extra: &[&str]) -> Output {
    let profile = common::temp_dir("accsm-chromium-");
    let mut child = Command::new(bin)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start chromium");
    // Read both streams on threads, so a large DOM cannot block the browser.
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut out, &mut v).ok();
        v
    });
    let err_reader = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut err, &mut v).ok();
        v
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > Duration::from_secs(120) {
            child.kill().ok();
            panic!("chromium did not finish within two minutes");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    Output {
        status,
        stdout: reader.join().unwrap(),
        stderr: err_reader.join().unwrap(),
    }
}

/// The lines of Chromium's log that come from the page: console messages, uncaught errors and
/// what the content security policy blocked.
fn console_lines(log: &str) -> Vec<&str> {
    log.lines()
        .filter(|l| {
            l.contains("CONSOLE")
                || l.contains("Uncaught")
                || l.contains("Refused to")
                || l.contains("Content Security Policy")
        })
        .collect()
}

#[test]
fn chromium_loads_the_page_without_console_errors_and_shows_every_section() {
    let Some(bin) = chromium() else {
        assert!(
            std::env::var_os("ACCSM_REQUIRE_CHROMIUM").is_none(),
            "ACCSM_REQUIRE_CHROMIUM is set but no chromium was found (install Debian's chromium)"
        );
        eprintln!(
            "SKIPPED chromium_loads_the_page_without_console_errors_and_shows_every_section: no \
             chromium on PATH (apt-get install -y chromium, or set CHROMIUM=/path/to/chrome); \
             .ci/run installs it"
        );
        return;
    };
    let dir = common::temp_dir("accsm-report-chromium-");
    // First, that this way of reading the console sees an error at all: a page that logs one.
    let canary = dir.path().join("canary.html");
    std::fs::write(
        &canary,
        "<!DOCTYPE html><title>canary</title><script>console.error('canary'); nowhere();</script>",
    )
    .unwrap();
    let out = run_chromium(&bin, &canary, &["--dump-dom"]);
    let log = String::from_utf8_lossy(&out.stderr);
    let seen = console_lines(&log);
    assert!(
        seen.iter().any(|l| l.contains("canary")) && seen.iter().any(|l| l.contains("Uncaught")),
        "the console of a page that logs an error is not seen: {log}"
    );
    let (_hostile_temp, hostile) = hostile_repository();
    let cases: [(&str, &Path, &[&str]); 3] = [
        ("shipped", &root(), &["report"]),
        (
            "illustrative",
            &root(),
            &["--root", "examples/kpi-returns", "report"],
        ),
        ("hostile", &hostile, &["report"]),
    ];
    for (name, repo, args) in cases {
        let page = dir.path().join(format!("{name}.html"));
        let mut args: Vec<&str> = args.to_vec();
        let target = page.to_str().unwrap().to_string();
        args.extend(["--out", &target]);
        assert_exit(&accsm_in(repo, &args), 0);
        let out = run_chromium(&bin, &page, &["--dump-dom"]);
        let log = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{name}: chromium failed: {log}");
        let console = console_lines(&log);
        assert!(
            console.is_empty(),
            "{name}: the console shows:\n{}",
            console.join("\n")
        );
        let dom = String::from_utf8_lossy(&out.stdout);
        for id in SECTIONS {
            assert!(
                dom.contains(&format!("<section id=\"{id}\"")),
                "{name}: the rendered page has no section {id}"
            );
        }
        assert!(dom.contains("<h1>ACCSM work plans"), "{name}");
        // The browser built no element from the data: no script, no image, no comment.
        for tag in ["<script", "<img", "<!--", "<iframe"] {
            assert!(!dom.contains(tag), "{name}: the DOM holds {tag}");
        }
        if name == "hostile" {
            assert!(dom.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        }
    }
}

/// axe-core's script: `$ACCSM_AXE`, or the copy `.ci/run` installs with npm under
/// target/browser-node (the versions pinned in tests/browser/package-lock.json).
fn axe_script() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("ACCSM_AXE") {
        return Some(PathBuf::from(path));
    }
    let installed = root().join("target/browser-node/node_modules/axe-core/axe.min.js");
    installed.is_file().then_some(installed)
}

#[test]
fn axe_finds_no_accessibility_violation_in_the_progress_section() {
    let (Some(bin), Some(axe)) = (chromium(), axe_script()) else {
        assert!(
            std::env::var_os("ACCSM_REQUIRE_AXE").is_none(),
            "ACCSM_REQUIRE_AXE is set but chromium or axe-core is missing (.ci/run installs both)"
        );
        eprintln!(
            "SKIPPED axe_finds_no_accessibility_violation_in_the_progress_section: needs chromium \
             and axe-core (.ci/run installs it into target/browser-node)"
        );
        return;
    };
    let dir = common::temp_dir("accsm-report-axe-");
    let page = dir.path().join("progress.html");
    let target = page.to_str().unwrap().to_string();
    assert_exit(
        &accsm(&["--root", "examples/progress", "report", "--out", &target]),
        0,
    );
    let html = std::fs::read_to_string(&page).unwrap();
    // The report forbids scripts (its content security policy); this copy lets axe in.
    let csp_start = html
        .find("<meta http-equiv=\"Content-Security-Policy\"")
        .unwrap();
    let csp_end = csp_start + html[csp_start..].find('>').unwrap() + 1;
    let script = std::fs::read_to_string(&axe).unwrap();
    let run = r#"<script>
axe.run(document.querySelector('#progress'), { resultTypes: ['violations'] }).then(function (r) {
  var out = document.createElement('pre');
  out.id = 'axe-result';
  out.textContent = JSON.stringify({
    passes: r.passes.length,
    violations: r.violations.map(function (v) {
      return { id: v.id, impact: v.impact, help: v.help,
               nodes: v.nodes.map(function (n) { return n.target.join(' '); }) };
    })
  });
  document.body.appendChild(out);
}, function (e) {
  var out = document.createElement('pre');
  out.id = 'axe-result';
  out.textContent = 'axe failed: ' + e;
  document.body.appendChild(out);
});
</script>"#;
    let checked = format!("{}{}", &html[..csp_start], &html[csp_end..]);
    // First, that this way of running axe sees a violation at all: an image with no text.
    let canary = "<!DOCTYPE html><html lang=\"en\"><head><title>canary</title></head><body>\
                  <main><section id=\"progress\"><img src=\"data:,\"></section></main></body></html>";
    let seen = run_axe(&bin, dir.path(), "canary", canary, &script, run);
    assert!(
        seen["violations"]
            .as_array()
            .unwrap()
            .iter()
            .any(|v| v["id"] == "image-alt"),
        "axe does not see a missing alt text: {seen}"
    );
    let json = run_axe(&bin, dir.path(), "progress", &checked, &script, run);
    assert!(
        json["passes"].as_u64().unwrap() > 5,
        "axe checked nothing: {json}"
    );
    assert_eq!(
        json["violations"].as_array().unwrap().len(),
        0,
        "axe violations in the progress section: {json:#}"
    );
}

/// Runs axe-core (`script`, then `run`) in Chromium on `page` and returns what it reported.
fn run_axe(
    bin: &Path,
    dir: &Path,
    name: &str,
    page: &str,
    script: &str,
    run: &str,
) -> serde_json::Value {
    let with_axe = dir.join(format!("{name}-axe.html"));
    let page = page.replace("</body>", &format!("<script>{script}</script>{run}</body>"));
    std::fs::write(&with_axe, page).unwrap();
    let out = run_chromium(
        bin,
        &with_axe,
        &["--dump-dom", "--virtual-time-budget=60000"],
    );
    let dom = String::from_utf8_lossy(&out.stdout);
    let start = dom.find("<pre id=\"axe-result\">").unwrap_or_else(|| {
        panic!(
            "axe did not report: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    }) + "<pre id=\"axe-result\">".len();
    let result = &dom[start..start + dom[start..].find("</pre>").unwrap()];
    let result = result
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    serde_json::from_str(&result).unwrap_or_else(|e| panic!("{e}: {result}"))
}

/// The relative luminance of `#rrggbb` (WCAG 2).
fn luminance(hex: &str) -> f64 {
    let channel = |i: usize| {
        let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
        if c <= 0.039_28 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
}

#[test]
fn every_status_fill_and_the_completion_line_reach_three_to_one_against_the_page() {
    let css = std::fs::read_to_string(root().join("src/report/meeting/style.css")).unwrap();
    let mut checked = 0;
    for class in [
        ".st-planned",
        ".st-overdue",
        ".st-ongoing",
        ".st-postponed",
        ".st-cancelled",
        ".st-completed",
        ".st-none",
        "svg .step",
        "svg .step-dot",
    ] {
        let rule = &css[css
            .find(&format!("{class} {{"))
            .unwrap_or_else(|| panic!("{class}"))..];
        let rule = &rule[..rule.find('}').unwrap()];
        // White inside a dark edge for "not reported": the edge is what meets the page.
        let property = if class == ".st-none" || class == "svg .step" {
            "stroke: #"
        } else {
            "fill: #"
        };
        let at = rule
            .find(property)
            .unwrap_or_else(|| panic!("{class}: {rule}"))
            + property.len()
            - 1;
        let colour = &rule[at..at + 7];
        let ratio = 1.05 / (luminance(colour) + 0.05);
        assert!(ratio >= 3.0, "{class} {colour}: {ratio:.2}:1 against white");
        checked += 1;
    }
    assert_eq!(checked, 9);
}

/// The end-term report of 2021-2025, after the next plan carried programmes over, renders in
/// Chromium with its own section first, the carried-over table, and no console error.
#[test]
fn chromium_renders_the_end_term_report() {
    let Some(bin) = chromium() else {
        assert!(
            std::env::var_os("ACCSM_REQUIRE_CHROMIUM").is_none(),
            "ACCSM_REQUIRE_CHROMIUM is set but no chromium was found (install Debian's chromium)"
        );
        eprintln!("SKIPPED chromium_renders_the_end_term_report: no chromium on PATH");
        return;
    };
    let dir = common::temp_dir("accsm-end-term-");
    let repo = dir.path();
    copy_dir(&root().join("data"), &repo.join("data"));
    copy_dir(
        &root().join("examples/kpi-returns/returns"),
        &repo.join("returns"),
    );
    std::fs::write(
        repo.join("accsm.toml"),
        "name = \"test\"\ndata = [\"data\", \"returns\"]\nreturns = \"returns\"\n",
    )
    .unwrap();
    let args = [
        "new",
        "plan",
        "accsm-2026-2030",
        "--from",
        "accsm-2021-2025",
        "--carry-over",
    ];
    assert_exit(&accsm_in(repo, &args), 0);
    let page = repo.join("end-term.html");
    let target = page.to_str().unwrap().to_string();
    let report = [
        "report",
        "--end-term",
        "--plan",
        "accsm-2021-2025",
        "--out",
        &target,
    ];
    assert_exit(&accsm_in(repo, &report), 0);
    let html = std::fs::read_to_string(&page).unwrap();
    assert_only_known_markup(&html);
    let out = run_chromium(&bin, &page, &["--dump-dom"]);
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "chromium failed: {log}");
    let console = console_lines(&log);
    assert!(
        console.is_empty(),
        "the console shows:\n{}",
        console.join("\n")
    );
    let dom = String::from_utf8_lossy(&out.stdout);
    assert!(
        dom.contains("<h1>ACCSM work plans: end-term report</h1>"),
        "{dom}"
    );
    let end_term = dom
        .find("<section id=\"endterm\"")
        .expect("no end-term section");
    let progress = dom
        .find("<section id=\"progress\"")
        .expect("no progress section");
    assert!(end_term < progress, "the end-term view is not first");
    assert!(dom.contains("ACCSM Work Plan 2021-2025: what was carried over"));
    assert!(dom.contains("accsm-2026-2030/17"));
    assert!(dom.contains("at the end of the plan"));
    // The shipped data has no progress update: each programme says so, none is called completed.
    assert!(dom.contains("ACCSM Work Plan 2021-2025: each programme's final status"));
    assert!(dom.contains("no progress update on record"));
}
