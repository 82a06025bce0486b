//! Hostile repositories, as a pull request from outside the Secretariat could make them: data
//! that tries to make CI read (and echo) files from elsewhere on the machine.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::{copy_dir, toml_string};

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A secret outside the repository, and a repository beside it.
struct Setup {
    _temp: tempfile::TempDir,
    repo: PathBuf,
    secret: PathBuf,
}

const SECRET: &str = "password = \"hunter2-do-not-echo\"\n";

fn setup(manifest: &str) -> Setup {
    let temp = tempfile::tempdir().unwrap();
    let secret = temp.path().join("secret.toml");
    std::fs::write(&secret, SECRET).unwrap();
    let repo = temp.path().join("repo");
    std::fs::create_dir_all(repo.join("data")).unwrap();
    std::fs::write(repo.join("accsm.toml"), manifest).unwrap();
    std::fs::write(
        repo.join("data/currencies.toml"),
        "[[currency]]\nid = \"USD\"\nname = \"US dollar\"\n",
    )
    .unwrap();
    Setup {
        _temp: temp,
        repo,
        secret,
    }
}

fn accsm_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_accsm"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn all_output(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[cfg(unix)]
#[test]
fn a_data_file_linked_to_a_file_outside_is_reported_and_not_read() {
    let s = setup("name = \"x\"\n");
    std::os::unix::fs::symlink(&s.secret, s.repo.join("data/linked.toml")).unwrap();
    for format in ["human", "json", "github", "sarif"] {
        let out = accsm_in(&s.repo, &["validate", "--format", format]);
        let text = all_output(&out);
        assert_eq!(out.status.code(), Some(1), "{format}: {text}");
        assert!(text.contains("outside-repository"), "{format}: {text}");
        assert!(text.contains("linked.toml"), "{format}: {text}");
        assert!(
            !text.contains("hunter2"),
            "{format} echoes the secret: {text}"
        );
    }
    // Reports run on what could be read, and say that the data has an error.
    let out = accsm_in(&s.repo, &["list", "--count"]);
    assert!(!all_output(&out).contains("hunter2"));
}

#[cfg(unix)]
#[test]
fn a_data_folder_linked_outside_is_reported_once_and_not_walked() {
    let s = setup("name = \"x\"\n");
    let outside = s.secret.parent().unwrap().join("elsewhere");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("a.toml"), SECRET).unwrap();
    std::fs::write(outside.join("b.toml"), SECRET).unwrap();
    std::os::unix::fs::symlink(&outside, s.repo.join("data/more")).unwrap();
    let out = accsm_in(&s.repo, &["validate"]);
    let text = all_output(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert_eq!(
        text.matches("error[outside-repository]").count(),
        1,
        "{text}"
    );
    assert!(!text.contains("hunter2"), "{text}");
}

#[cfg(unix)]
#[test]
fn a_link_that_stays_inside_the_repository_is_followed() {
    let s = setup("name = \"x\"\n");
    let shared = s.repo.join("shared");
    std::fs::create_dir_all(&shared).unwrap();
    std::fs::write(
        shared.join("bodies.toml"),
        "[[body]]\nid = \"ASEC\"\nname = \"ASEAN Secretariat\"\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(&shared, s.repo.join("data/shared")).unwrap();
    let out = accsm_in(&s.repo, &["validate"]);
    let text = all_output(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("in 2 files"), "{text}");
}

#[test]
fn manifest_folders_that_leave_the_repository_are_refused() {
    for (manifest, why) in [
        (
            "name = \"x\"\ndata = [\"../../..\"]\n",
            "leads out of the repository",
        ),
        (
            "name = \"x\"\ndata = \"..\"\n",
            "leads out of the repository",
        ),
        (
            "name = \"x\"\ndata = [\"data\", \"data/../../..\"]\n",
            "leads out of the repository",
        ),
        ("name = \"x\"\ndata = \"/etc\"\n", "is an absolute path"),
        (
            "name = \"x\"\nreturns = \"../returns\"\n",
            "leads out of the repository",
        ),
    ] {
        let s = setup(manifest);
        for args in [&["validate"][..], &["list", "--count"], &["trend"]] {
            let out = accsm_in(&s.repo, args);
            let text = all_output(&out);
            assert_eq!(out.status.code(), Some(2), "{manifest} {args:?}: {text}");
            assert!(text.contains(why), "{manifest} {args:?}: {text}");
            assert!(text.contains("accsm.toml"), "{manifest}: {text}");
            assert!(!text.contains("hunter2"), "{text}");
        }
    }
}

#[cfg(unix)]
#[test]
fn a_manifest_folder_that_is_a_link_outside_is_refused() {
    let s = setup("name = \"x\"\ndata = \"linked\"\n");
    std::os::unix::fs::symlink(s.secret.parent().unwrap(), s.repo.join("linked")).unwrap();
    let out = accsm_in(&s.repo, &["validate"]);
    let text = all_output(&out);
    assert_eq!(out.status.code(), Some(2), "{text}");
    assert!(text.contains("symbolic link"), "{text}");
    assert!(!text.contains("hunter2"), "{text}");
}

#[test]
fn the_illustrative_repository_may_layer_over_the_shipped_data_of_its_git_repository() {
    // examples/kpi-returns names `../../data`: outside its own folder, inside this git repository.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if !root.join(".git").exists() {
        return; // a source archive without git: the boundary is the example's own folder
    }
    let out = accsm_in(root, &["--root", "examples/kpi-returns", "validate"]);
    assert_eq!(out.status.code(), Some(0), "{}", all_output(&out));
}

/// A copy of the shipped data and the illustrative returns, with Indonesia's name and one
/// programme's every text field holding the hostile strings of `accsm::escape::HOSTILE`.
fn hostile_repository() -> (tempfile::TempDir, PathBuf) {
    let temp = tempfile::tempdir().unwrap();
    let repo = temp.path().to_path_buf();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&root.join("data"), &repo.join("data"));
    copy_dir(
        &root.join("examples/kpi-returns/returns"),
        &repo.join("returns"),
    );
    std::fs::write(
        repo.join("accsm.toml"),
        "name = \"hostile\"\ndata = [\"data\", \"returns\"]\n",
    )
    .unwrap();
    let parties = repo.join("data/reference/parties.toml");
    let text = std::fs::read_to_string(&parties).unwrap();
    let hostile_name = format!(
        "name = {}",
        toml_string(&format!("Indonesia{}", accsm::escape::HOSTILE.concat()))
    );
    assert!(text.contains("name = \"Indonesia\""));
    std::fs::write(
        &parties,
        text.replacen("name = \"Indonesia\"", &hostile_name, 1),
    )
    .unwrap();
    let list = |items: &[&str]| {
        let quoted: Vec<String> = items.iter().map(|s| toml_string(s)).collect();
        format!("[{}]", quoted.join(", "))
    };
    let all = accsm::escape::HOSTILE;
    let programme = format!(
        "[[programme]]\nplan = \"accsm-2021-2025\"\nnumber = 900\ntitle = {}\nactivities = {}\n\
         partner_organisations = {}\npartners = {}\ncoordinators = [\"IDN\"]\ntimeline = \"2023\"\n\
         budget = {{ text = {} }}\nnote = {}\n",
        toml_string(&all.concat()),
        list(all),
        list(all),
        list(all),
        toml_string(all[7]),
        toml_string(&all.join(" ")),
    );
    std::fs::write(repo.join("data/hostile.toml"), programme).unwrap();
    (temp, repo)
}

/// No character that a terminal obeys: C0 controls other than tab and line breaks, DEL, C1,
/// bidirectional controls.
fn assert_inert_on_a_terminal(what: &str, text: &str) {
    let bad: Vec<char> = text
        .chars()
        .filter(|&c| !matches!(c, '\n' | '\t') && accsm::escape::is_unsafe_char(c))
        .collect();
    assert!(bad.is_empty(), "{what} prints raw {bad:?}:\n{text}");
}

#[test]
fn every_output_of_every_command_is_inert_on_a_terminal() {
    let (_temp, repo) = hostile_repository();
    let mut runs: Vec<Vec<&str>> = Vec::new();
    for format in ["table", "csv", "json", "markdown"] {
        runs.push(vec!["list", "--search", "bell", "--format", format]);
        runs.push(vec!["list", "--coordinator", "IDN", "--format", format]);
        runs.push(vec![
            "list",
            "--group-by",
            "coordinator",
            "--format",
            format,
        ]);
        runs.push(vec!["trend", "--kpi", "A.1", "--format", format]);
        runs.push(vec!["returns", "--format", format]);
        // The hostile name of Indonesia: its ARC, and the chair after Cambodia.
        runs.push(vec!["arcs", "--format", format]);
        runs.push(vec!["chairs", "--next", "--format", format]);
    }
    runs.push(vec![
        "trend",
        "--kpi",
        "A.1",
        "--country",
        "IDN",
        "--explain",
    ]);
    runs.push(vec!["show", "accsm-2021-2025/900"]);
    runs.push(vec!["show", "accsm-2021-2025/900", "--format", "json"]);
    for format in ["human", "json", "github", "sarif"] {
        runs.push(vec!["validate", "--format", format]);
    }
    for args in &runs {
        let out = accsm_in(&repo, args);
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{args:?}: {}",
            all_output(&out)
        );
        let text = all_output(&out);
        assert_inert_on_a_terminal(&format!("{args:?}"), &text);
        assert!(
            text.contains("\\u{1b}") || text.contains("\\u001b") || args[0] == "returns",
            "{args:?}: the hostile text is not shown at all\n{text}"
        );
    }
}

#[test]
fn listings_neutralise_hostile_text_in_every_format() {
    let (_temp, repo) = hostile_repository();
    let run = |args: &[&str]| {
        let out = accsm_in(&repo, args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", all_output(&out));
        String::from_utf8(out.stdout).unwrap()
    };
    // CSV: no cell, and no piece of a cell a spreadsheet may split off (at `;`, `,`, a tab or
    // a line break), starts a formula, in any command's CSV.
    let csv = run(&["list", "--search", "bell", "--format", "csv"]);
    assert_no_formula("list", &csv);
    for args in [
        &["list", "--format", "csv"][..],
        &["trend", "--kpi", "A.1", "--format", "csv"],
        &["arcs", "--format", "csv"],
        &["chairs", "--format", "csv"],
        &["kpis", "--format", "csv"],
        &["returns", "--format", "csv"],
    ] {
        let out = accsm_in(&repo, args);
        assert_no_formula(&format!("{args:?}"), &String::from_utf8_lossy(&out.stdout));
    }
    let export = repo.join("export");
    let out = accsm_in(&repo, &["export", "--format", "csv", "--out", "export"]);
    assert_eq!(out.status.code(), Some(0), "{}", all_output(&out));
    for file in std::fs::read_dir(&export).unwrap().flatten() {
        let text = std::fs::read_to_string(file.path()).unwrap();
        assert_no_formula(&file.path().display().to_string(), &text);
    }
    // Markdown: no HTML, no link, no mention.
    let md = run(&["list", "--search", "bell", "--format", "markdown"]);
    assert!(
        !md.contains("<script") && !md.contains("<img") && !md.contains("<!--"),
        "{md}"
    );
    assert!(!md.replace("\\]", "").contains("]("), "a live link: {md}");
    assert!(!md.contains("@octocat"), "{md}");
    // JSON: the data comes back exact.
    let json = run(&["list", "--search", "bell", "--format", "json"]);
    let records: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        records[0]["title"].as_str(),
        Some(accsm::escape::HOSTILE.concat().as_str())
    );
}

/// No CSV cell, nor any piece of one after `;`, `,`, a tab or a line break, starts a formula.
fn assert_no_formula(what: &str, csv: &str) {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(csv.as_bytes());
    let mut cells = 0;
    for record in reader.records() {
        for cell in record.unwrap().iter() {
            cells += 1;
            for piece in cell.split([';', ',', '\t', '\n', '\r']) {
                let piece = piece.trim();
                let formula =
                    piece.starts_with(['=', '+', '-', '@']) && piece.parse::<f64>().is_err();
                assert!(
                    !formula,
                    "{what}: a formula in a CSV cell: {piece:?} of {cell:?}"
                );
            }
        }
    }
    assert!(cells > 0, "{what}: no CSV");
}

/// Runs accsm in `dir`, failing the test after a minute: a run that long is a hang, not a slow
/// run. (The output is read while the process runs, so a large one cannot block it.)
fn accsm_bounded(dir: &Path, args: &[&str]) -> Output {
    let child = Command::new(env!("CARGO_BIN_EXE_accsm"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let id = child.id();
    let (done, finished) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = done.send(child.wait_with_output());
    });
    match finished.recv_timeout(std::time::Duration::from_secs(60)) {
        Ok(output) => output.unwrap(),
        Err(_) => {
            let _ = Command::new("kill").arg("-9").arg(id.to_string()).status();
            panic!("accsm {args:?} ran for a minute");
        }
    }
}

#[test]
fn absurd_plan_years_are_findings_and_size_no_loop() {
    for (key, value) in [
        ("midterm_start", "-9223372036854775808"),
        ("midterm_start", "-10000000"),
        ("midterm_end", "9223372036854775807"),
        ("baseline_year", "-1"),
        ("target_year", "99999999"),
        ("end", "9223372036854775807"),
        ("start", "-9223372036854775808"),
    ] {
        let temp = tempfile::tempdir().unwrap();
        let repo = temp.path();
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("data"),
            &repo.join("data"),
        );
        std::fs::write(repo.join("accsm.toml"), "name = \"absurd\"\n").unwrap();
        let plan = repo.join("data/plans/accsm-2021-2025.toml");
        let text = std::fs::read_to_string(&plan).unwrap();
        let edited: Vec<String> = text
            .lines()
            .filter(|l| !l.starts_with(&format!("{key} =")))
            .map(|l| {
                if l == "[[plan]]" {
                    format!("[[plan]]\n{key} = {value}")
                } else {
                    l.to_string()
                }
            })
            .collect();
        std::fs::write(&plan, edited.join("\n")).unwrap();
        let out = accsm_bounded(repo, &["validate", "--format", "json"]);
        let text = all_output(&out);
        assert_eq!(out.status.code(), Some(1), "{key} = {value}: {text}");
        assert!(text.contains("\"bad-value\""), "{key} = {value}: {text}");
        for args in [
            &["returns"][..],
            &["trend"],
            &["list", "--year", "2023", "--count"],
            &["list", "--group-by", "year"],
            &["new", "return", "--country", "IDN", "--year", "2023"],
        ] {
            let out = accsm_bounded(repo, args);
            assert!(
                matches!(out.status.code(), Some(0 | 2)),
                "{key} = {value}, {args:?}: {}",
                all_output(&out)
            );
            assert!(
                out.stdout.len() < 1 << 20,
                "{key} = {value}, {args:?}: {} bytes",
                out.stdout.len()
            );
        }
    }
}

#[test]
fn output_grows_with_the_lines_at_fault_not_with_the_values_on_them() {
    let temp = tempfile::tempdir().unwrap();
    let repo = temp.path();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("data"),
        &repo.join("data"),
    );
    std::fs::write(repo.join("accsm.toml"), "name = \"long line\"\n").unwrap();
    let ids: Vec<String> = (0..10_000).map(|i| format!("\"X{i}\"")).collect();
    std::fs::write(
        repo.join("data/long.toml"),
        format!(
            "[[programme]]\nplan = \"accsm-2021-2025\"\nnumber = 901\ntitle = \"Long\"\n\
             coordinators = [\"IDN\"]\ntimeline = \"2023\"\nmeasures = [{}]\n",
            ids.join(", ")
        ),
    )
    .unwrap();
    let human = accsm_bounded(repo, &["validate"]);
    let text = String::from_utf8_lossy(&human.stdout);
    assert_eq!(human.status.code(), Some(1));
    assert!(text.len() < 200_000, "{} bytes of human output", text.len());
    assert!(text.contains("and 9,990 more `unknown-reference` findings on this line, not shown"));
    assert!(
        text.contains("10000 errors"),
        "the summary counts every finding"
    );
    let github = accsm_bounded(repo, &["validate", "--format", "github"]);
    assert!(
        github.stdout.len() < 200_000,
        "{} bytes",
        github.stdout.len()
    );
    let json = accsm_bounded(repo, &["validate", "--format", "json"]);
    assert!(
        json.stdout.len() < 20_000_000,
        "{} bytes of JSON",
        json.stdout.len()
    );
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let all = report["diagnostics"].as_array().unwrap();
    let unknown = all
        .iter()
        .filter(|d| d["code"] == "unknown-reference")
        .count();
    assert_eq!(unknown, 10_000, "JSON lists every finding");
    let longest = all
        .iter()
        .filter_map(|d| d["source_line"].as_str())
        .map(str::len)
        .max();
    assert!(
        longest.unwrap_or(0) < 2_000,
        "source lines are cut around the finding"
    );
}

#[cfg(unix)]
#[test]
fn a_git_tracked_folder_above_is_not_part_of_the_repository() {
    // A work-plan folder inside a home folder kept in git: links into the home folder are
    // links out of the repository, not read and never rewritten.
    let s = setup("name = \"x\"\n");
    let home = s.secret.parent().unwrap().to_path_buf();
    std::fs::create_dir_all(home.join(".git")).unwrap();
    std::os::unix::fs::symlink(&s.secret, s.repo.join("data/key.toml")).unwrap();
    let config = home.join(".config.toml");
    let untidy = "a   =    1\n";
    std::fs::write(&config, untidy).unwrap();
    std::os::unix::fs::symlink(&config, s.repo.join("data/config.toml")).unwrap();
    let out = accsm_in(&s.repo, &["validate"]);
    let text = all_output(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("outside-repository"), "{text}");
    assert!(
        !text.contains("hunter2"),
        "validate echoes the secret: {text}"
    );
    let out = accsm_in(&s.repo, &["fmt"]);
    assert_eq!(
        std::fs::read_to_string(&config).unwrap(),
        untidy,
        "{}",
        all_output(&out)
    );
    assert_eq!(std::fs::read_to_string(&s.secret).unwrap(), SECRET);
}

#[test]
fn a_parent_is_read_only_where_the_manifest_declares_a_work_plan_repository_above() {
    let s = setup("name = \"x\"\ndata = [\"../shared\", \"data\"]\n");
    let above = s.repo.parent().unwrap().to_path_buf();
    std::fs::create_dir_all(above.join("shared")).unwrap();
    std::fs::write(
        above.join("shared/currencies.toml"),
        "[[currency]]\nid = \"EUR\"\nname = \"Euro\"\n",
    )
    .unwrap();
    // Without `parent`, a folder above is outside.
    let out = accsm_in(&s.repo, &["validate"]);
    assert_eq!(out.status.code(), Some(2), "{}", all_output(&out));
    assert!(all_output(&out).contains("leads out of the repository"));
    // `parent` naming a folder that is no work-plan repository is refused.
    let manifest = "name = \"x\"\nparent = \"..\"\ndata = [\"../shared\", \"data\"]\n";
    std::fs::write(s.repo.join("accsm.toml"), manifest).unwrap();
    let out = accsm_in(&s.repo, &["validate"]);
    assert_eq!(out.status.code(), Some(2), "{}", all_output(&out));
    assert!(
        all_output(&out).contains("holds no accsm.toml"),
        "{}",
        all_output(&out)
    );
    // With a manifest above, the shared folder is read.
    std::fs::write(above.join("accsm.toml"), "name = \"above\"\n").unwrap();
    let out = accsm_in(&s.repo, &["validate"]);
    assert_eq!(out.status.code(), Some(0), "{}", all_output(&out));
    for bad in ["../../..", "../x", "/", "."] {
        let manifest = format!("name = \"x\"\nparent = \"{bad}\"\n");
        std::fs::write(s.repo.join("accsm.toml"), manifest).unwrap();
        let out = accsm_in(&s.repo, &["validate"]);
        assert_eq!(out.status.code(), Some(2), "{bad}: {}", all_output(&out));
    }
}
