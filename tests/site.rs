//! `accsm site`: the static website. What it writes and refuses, that it is the same for the same
//! data, that its links are relative and text from the data stays text; and, in headless
//! Chromium (tests/browser/check.cjs, one browser session for every page): axe-core at 0
//! violations, chart marks at 3:1, no sideways scrolling at 320 px, every internal link
//! resolving, no console error and no request outside the folder, for the site of the shipped
//! data, of examples/kpi-returns, of hostile data, and for the report.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stderr)]

use crate::common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{accsm, accsm_in, copy_dir, root, stderr};

/// Builds the site of `repo` (None: the shipped data) into `out`.
fn site(repo: Option<&Path>, out: &Path) {
    let out_s = out.to_str().unwrap();
    let o = match repo {
        Some(r) => accsm(&["--root", r.to_str().unwrap(), "site", "--out", out_s]),
        None => accsm(&["site", "--out", out_s]),
    };
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("pages"), "{}", stderr(&o));
}

/// Every file of a folder, by its path from the folder, with its bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).unwrap();
            out.insert(
                rel.to_string_lossy().replace('\\', "/"),
                std::fs::read(entry.path()).unwrap(),
            );
        }
    }
    out
}

#[test]
fn the_site_has_every_kind_of_page_and_the_same_data_gives_the_same_bytes() {
    let temp = common::temp_dir("accsm-site-");
    let kpi = root().join("examples/kpi-returns");
    let (a, b) = (temp.path().join("a"), temp.path().join("b"));
    site(Some(&kpi), &a);
    site(Some(&kpi), &b);
    // And on one thread: the pages and the downloads are made in whatever order the threads
    // take them, and none of it may show.
    let c = temp.path().join("c");
    let o = Command::new(env!("CARGO_BIN_EXE_accsm"))
        .args([
            "--root",
            kpi.to_str().unwrap(),
            "site",
            "--out",
            c.to_str().unwrap(),
        ])
        .env("ACCSM_THREADS", "1")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let (fa, fb, fc) = (files(&a), files(&b), files(&c));
    assert_eq!(fa.keys().collect::<Vec<_>>(), fb.keys().collect::<Vec<_>>());
    assert_eq!(fa.keys().collect::<Vec<_>>(), fc.keys().collect::<Vec<_>>());
    for (name, bytes) in &fa {
        assert!(fb[name] == *bytes, "{name} differs between two builds");
        assert!(fc[name] == *bytes, "{name} differs on one thread");
    }
    for page in [
        "index.html",
        "search.html",
        "quality.html",
        "downloads.html",
        "plans/index.html",
        "plans/accsm-2021-2025.html",
        "programmes/accsm-2021-2025/1.html",
        "countries/index.html",
        "countries/idn.html",
        "countries/jpn.html",
        "kpis/index.html",
        "kpis/accsm-2021-2025/a.1.html",
        "frame/index.html",
        "frame/ascc-blueprint-2025/a.1.html",
        "frame/ascc-blueprint-2025/a.1.i.html",
        "frame/ascc-blueprint-2025/a.html",
        "frame/declaration/i.html",
        "arcs/index.html",
        "assets/site.css",
        "assets/search.js",
        "assets/search-index.js",
        "downloads/accsm.xlsx",
        "downloads/data-package/datapackage.json",
        "downloads/returns/accsm-2021-2025/idn-2025.toml",
        "downloads/returns/accsm-2021-2025/idn-2025.xlsx",
        ".accsm-site",
    ] {
        assert!(fa.contains_key(page), "no {page}");
    }
    let text = |p: &str| String::from_utf8(fa[p].clone()).unwrap();
    // An AMS's page follows its own trends and links its return template; no other AMS is named.
    let idn = text("countries/idn.html");
    assert!(idn.contains("KPI trends against its own baseline"), "{idn}");
    assert!(idn.contains("../downloads/returns/accsm-2021-2025/idn-2025.toml"));
    assert!(!idn.contains("Malaysia") && !idn.contains("Thailand"));
    // A KPI's page: each AMS in alphabetical order, and the AMS as a whole with its chart and table.
    let kpi_page = text("kpis/accsm-2021-2025/a.1.html");
    let order: Vec<usize> = ["Brunei", "Cambodia", "Indonesia", "Viet Nam"]
        .iter()
        .map(|n| kpi_page.find(&format!(">{n}")).expect(n))
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
    assert!(kpi_page.contains("<svg class=\"chart bars\"") && kpi_page.contains("<table>"));
    // A programme's page links what it serves and who coordinates it.
    let p1 = text("programmes/accsm-2021-2025/1.html");
    assert!(p1.contains("href=\"../../frame/"), "{p1}");
    assert!(
        p1.contains("href=\"../../frame/ascc-blueprint-2025/"),
        "{p1}"
    );
    assert!(p1.contains("href=\"../../countries/"), "{p1}");
    // Its file is named from the repository's folder, as the data-quality page names it: the
    // site was built with an absolute --root, and a published page shows no builder's folder.
    // (examples/kpi-returns reads the shipped plans, two folders up.)
    assert!(
        p1.contains("<th scope=\"row\">Read from</th><td>../../data/plans/accsm-2021-2025.toml:"),
        "{p1}"
    );
    assert!(!p1.contains(root().to_str().unwrap()), "{p1}");
    // What nothing serves is said in words.
    assert!(text("frame/index.html").contains("What no programme serves"));
    // The framework entries are grouped by framework and level, named as the data names them.
    let frame = text("frame/index.html");
    assert!(
        frame.contains("ASCC Blueprint 2025: Key result areas (KRAs)"),
        "{frame}"
    );
    assert!(frame.contains("ASCC Blueprint 2025: Strategic measures"));
    // A framework whose entries the data does not hold yet is said so, not left out.
    assert!(frame.contains("The data holds no entries of the ASCC Strategic Plan yet"));
    let kra = text("frame/ascc-blueprint-2025/a.1.html");
    assert!(
        kra.contains("Key result area (KRA) A.1 of the ASCC Blueprint 2025"),
        "{kra}"
    );
    assert!(
        kra.contains("href=\"../../frame/ascc-blueprint-2025/a.1.i.html\""),
        "{kra}"
    );
}

/// A programme's page gives its progress updates, oldest first, each with the file it was read
/// from, and says which update its status comes from; a programme without any says so.
#[test]
fn a_programme_page_gives_its_progress_history() {
    let temp = common::temp_dir("accsm-site-");
    let out = temp.path().join("site");
    site(Some(&root().join("examples/progress")), &out);
    let read = |page: &str| std::fs::read_to_string(out.join(page)).unwrap();
    let page = read("programmes/accsm-2021-2025/3.html");
    assert!(
        page.contains(
            "<p>Status: <strong>completed</strong>, as the latest progress update (2024-11) \
             gives it.</p>"
        ),
        "{page}"
    );
    assert!(
        page.contains("Progress updates, oldest first (3)"),
        "{page}"
    );
    let rows: Vec<usize> = [
        "2022-11</th><td>planned",
        "2023-08</th><td>ongoing",
        "2024-11</th><td>completed",
    ]
    .iter()
    .map(|row| {
        page.find(row)
            .unwrap_or_else(|| panic!("no row {row}: {page}"))
    })
    .collect();
    assert!(
        rows.windows(2).all(|w| w[0] < w[1]),
        "oldest first: {rows:?}"
    );
    assert!(
        page.contains("<td>Completed later than planned.</td>"),
        "{page}"
    );
    assert!(
        page.contains("<td>updates/accsm-2021-2025/3/2024-11.toml:4</td>"),
        "{page}"
    );
    assert!(!page.contains("No progress update is recorded."), "{page}");
    // What else an update records, labelled as `accsm show` labels it.
    let more = read("programmes/accsm-2021-2025/39.html");
    assert!(
        more.contains(
            "<td>participants: 58; AMS taking part: BRN, IDN, MYS, PHL, SGP, THA, VNM; \
             actual cost: 9500 USD</td>"
        ),
        "{more}"
    );
    // Programme 26 has no update in the example.
    let none = read("programmes/accsm-2021-2025/26.html");
    assert!(none.contains("No progress update is recorded."), "{none}");
    assert!(!none.contains("latest progress update"), "{none}");
}

#[test]
fn every_link_is_relative_and_stays_in_the_folder() {
    let temp = common::temp_dir("accsm-site-links-");
    let out = temp.path().join("site");
    site(None, &out);
    let mut pages = 0;
    for (name, bytes) in files(&out) {
        if !name.ends_with(".html") {
            continue;
        }
        pages += 1;
        let html = String::from_utf8(bytes).unwrap();
        for attr in ["href=\"", "src=\"", "action=\""] {
            for (i, m) in html.match_indices(attr) {
                let value = &html[i + m.len()..];
                let value = &value[..value.find('"').unwrap()];
                assert!(
                    !value.starts_with('/') && !value.contains(':') && !value.starts_with("//"),
                    "{name}: {attr}{value}"
                );
                let file = value.split('#').next().unwrap();
                if !file.is_empty() {
                    let target = out.join(Path::new(&name).parent().unwrap()).join(file);
                    assert!(target.exists(), "{name}: {value} leads nowhere");
                }
            }
        }
    }
    assert!(pages > 100, "{pages} pages");
}

#[test]
fn only_a_new_or_empty_folder_or_an_earlier_site_with_force_is_written() {
    let temp = common::temp_dir("accsm-site-out-");
    let out = temp.path().join("site");
    let run = |extra: &[&str]| {
        let mut args = vec!["site", "--out", out.to_str().unwrap()];
        args.extend(extra);
        accsm(&args)
    };
    assert_eq!(run(&[]).status.code(), Some(0));
    let again = run(&[]);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        stderr(&again).contains("holds an earlier site"),
        "{}",
        stderr(&again)
    );
    assert!(stderr(&again).contains("--force"));
    assert_eq!(run(&["--force"]).status.code(), Some(0));
    // Someone's own folder is never replaced, with or without --force.
    std::fs::remove_file(out.join(".accsm-site")).unwrap();
    let theirs = run(&["--force"]);
    assert_eq!(theirs.status.code(), Some(2));
    assert!(stderr(&theirs).contains("not a site accsm wrote"));
    assert!(out.join("index.html").is_file());
    // Outside a repository there is no site to build, and the message says what to do.
    let elsewhere = common::temp_dir("accsm-site-none-");
    let o = accsm_in(elsewhere.path(), &["site", "--out", "s"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("accsm init"), "{}", stderr(&o));
}

/// The shipped data and the illustrative returns, with one programme, Indonesia's name and a
/// KPI's title made of the hostile strings of `accsm::escape::HOSTILE`.
fn hostile_repository() -> (tempfile::TempDir, PathBuf) {
    let temp = common::temp_dir("accsm-site-hostile-");
    let repo = temp.path().to_path_buf();
    copy_dir(&root().join("data"), &repo.join("data"));
    copy_dir(
        &root().join("examples/kpi-returns/returns"),
        &repo.join("returns"),
    );
    std::fs::write(
        repo.join("accsm.toml"),
        "name = \"hostile </title><script>alert(1)</script>\"\ndata = [\"data\", \"returns\"]\n",
    )
    .unwrap();
    let hostile = accsm::escape::HOSTILE.concat();
    let quoted = |s: &str| toml_edit::Value::from(s).to_string();
    let list: Vec<String> = accsm::escape::HOSTILE.iter().map(|s| quoted(s)).collect();
    let list = format!("[{}]", list.join(", "));
    let parties = repo.join("data/reference/parties.toml");
    let text = std::fs::read_to_string(&parties).unwrap();
    std::fs::write(
        &parties,
        text.replacen(
            "name = \"Indonesia\"",
            &format!("name = {}", quoted(&format!("Indonesia{hostile}"))),
            1,
        ),
    )
    .unwrap();
    std::fs::write(
        repo.join("data/hostile.toml"),
        format!(
            "[[programme]]\nplan = \"accsm-2021-2025\"\nnumber = 900\ntitle = {t}\n\
             activities = {l}\nareas = {l}\nkras = {l}\nmeasures = {l}\ncoordinators = {l}\n\
             partners = {l}\npartner_organisations = {l}\ntimeline = \"2022\"\nnote = {t}\n",
            t = quoted(&hostile),
            l = list,
        ),
    )
    .unwrap();
    // And a progress update of it: its page's history table holds the same text.
    std::fs::write(
        repo.join("data/hostile-update.toml"),
        format!(
            "[[update]]\nplan = \"accsm-2021-2025\"\nnumber = 900\ndate = \"2022-05\"\n\
             status = \"ongoing\"\nmeeting = {t}\ntext = {t}\nnote = {t}\nams = {l}\n\
             links = {l}\n",
            t = quoted(&hostile),
            l = list,
        ),
    )
    .unwrap();
    (temp, repo)
}

#[test]
fn text_from_the_data_stays_text_in_pages_and_in_the_search_index() {
    let (_temp, repo) = hostile_repository();
    let out = repo.join("site");
    site(Some(&repo), &out);
    let all = files(&out);
    for (name, bytes) in &all {
        if !name.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        let scripts = html.matches("<script").count();
        let expected = if name == "search.html" { 2 } else { 0 };
        assert_eq!(scripts, expected, "{name}");
        // The hostile strings appear escaped (`&lt;img src=x onerror=…`), never as markup.
        for live in [
            "<img",
            "href=\"javascript",
            "<!-- hidden",
            "\u{1b}[",
            "\u{202e}",
        ] {
            assert!(!html.contains(live), "{name}: {live}");
        }
    }
    let page = String::from_utf8_lossy(&all["programmes/accsm-2021-2025/900.html"]).into_owned();
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{page}"
    );
    let history = page
        .find("Progress updates, oldest first (1)")
        .map(|i| &page[i..])
        .unwrap_or_else(|| panic!("no progress table: {page}"));
    assert!(
        history.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{history}"
    );
    // The index is one JSON array a line: each parses, and the hostile title is in it as text.
    let index = String::from_utf8_lossy(&all["assets/search-index.js"]).into_owned();
    let mut found = false;
    for line in index.lines().skip(1).filter(|l| l.starts_with('[')) {
        let entry: Vec<String> = serde_json::from_str(line.trim_end_matches(',')).unwrap();
        found |=
            entry[1] == "accsm-2021-2025/900" && entry[2].contains("<script>alert(1)</script>");
    }
    assert!(found, "the hostile programme is not in the index");
    assert!(!index.contains('\u{1b}') && !index.contains('\u{202e}'));
}

/// Where tests/browser's packages are: `$ACCSM_BROWSER_MODULES`, or target/browser-node, where
/// `.ci/run` installs them.
fn browser_modules() -> Option<PathBuf> {
    let dir = std::env::var_os("ACCSM_BROWSER_MODULES")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target/browser-node/node_modules"));
    (dir.join("axe-core").is_dir() && dir.join("playwright-core").is_dir()).then_some(dir)
}

#[test]
fn in_chromium_every_page_is_accessible_fits_320_px_and_loads_nothing_from_outside() {
    let required = std::env::var_os("ACCSM_REQUIRE_CHROMIUM").is_some();
    let Some(modules) = browser_modules() else {
        assert!(
            !required,
            "ACCSM_REQUIRE_CHROMIUM is set but axe-core and playwright-core are not installed \
             (.ci/run installs them into target/browser-node)"
        );
        eprintln!(
            "SKIPPED the Chromium checks of the site: run `bash .ci/run`, or npm ci in \
             target/browser-node with tests/browser/package*.json"
        );
        return;
    };
    let temp = common::temp_dir("accsm-site-chromium-");
    let dir = temp.path();
    site(None, &dir.join("shipped"));
    site(
        Some(&root().join("examples/kpi-returns")),
        &dir.join("kpi-returns"),
    );
    // Progress updates: a programme's page has its history table.
    site(
        Some(&root().join("examples/progress")),
        &dir.join("progress"),
    );
    let (_hostile_temp, hostile) = hostile_repository();
    site(Some(&hostile), &dir.join("hostile"));
    for (name, args) in [
        ("report.html", vec!["report"]),
        (
            "report-returns.html",
            vec!["--root", "examples/kpi-returns", "report"],
        ),
    ] {
        let out = dir.join(name);
        let mut args = args.clone();
        args.extend(["--out", out.to_str().unwrap()]);
        assert_eq!(accsm(&args).status.code(), Some(0));
    }
    // A site made wrong on purpose, to show that each check can fail: a broken link, an image
    // from the network (without a text alternative), a chart mark too pale to see and an
    // element wider than a phone.
    let broken = dir.join("broken");
    copy_dir(&dir.join("kpi-returns"), &broken);
    let index = std::fs::read_to_string(broken.join("index.html")).unwrap();
    std::fs::write(
        broken.join("index.html"),
        index.replacen(
            "</main>",
            "<p><a href=\"nowhere.html\">x</a></p><img src=\"https://example.invalid/x.png\">\
             <svg class=\"chart\" width=\"900\" height=\"10\"><rect fill=\"#eeeeee\" width=\"9\" \
             height=\"9\"/></svg></main>",
            1,
        ),
    )
    .unwrap();
    let out = Command::new("node")
        .arg(root().join("tests/browser/check.cjs"))
        .args([
            "shipped",
            "kpi-returns",
            "progress",
            "hostile",
            "broken",
            "--page",
        ])
        .args(["report.html", "report-returns.html"])
        .current_dir(dir)
        .env("NODE_PATH", &modules)
        .output()
        .expect("run node");
    let said = String::from_utf8_lossy(&out.stdout).into_owned();
    let problems: Vec<&str> = said.lines().filter(|l| l.starts_with("PROBLEM")).collect();
    let (theirs, ours): (Vec<&str>, Vec<&str>) = problems
        .iter()
        .partition(|l| l.starts_with("PROBLEM broken/"));
    assert!(ours.is_empty(), "{}\n{}", ours.join("\n"), stderr(&out));
    for expected in [
        "a broken link: nowhere.html",
        "axe image-alt",
        "stands out at 1.16:1",
        "scrolls sideways",
        "example.invalid",
    ] {
        assert!(
            theirs.iter().any(|l| l.contains(expected)),
            "the check did not find \"{expected}\" in the broken site:\n{said}"
        );
    }
    let last = said.lines().last().unwrap_or("");
    assert!(last.starts_with("checked "), "{said}\n{}", stderr(&out));
}

/// A large repository is read file by file, its progress updates held packed (`check`'s
/// `by_file`): the site is, byte for byte, the one made with every file read at once
/// (`ACCSM_BY_FILE=off`). The illustrative updates of examples/progress, one file each, with
/// what makes the two ways differ if either is wrong: two updates of one programme in one file
/// beside a programme (a file read with the plans, not left for later), an update that goes back
/// with a note and participants, one of a programme no plan has, two of one date; then a file
/// that is not TOML, after which `validate` too must say the same both ways (it reported the
/// update of no programme file by file, and held it back at once, as the broken file may
/// define the programme).
#[test]
fn a_large_repository_read_file_by_file_gives_the_same_site() {
    let repo = common::scratch_repo();
    let updates = repo.path().join("data/updates");
    copy_dir(&root().join("examples/progress/updates"), &updates);
    let write = |name: &str, text: &str| std::fs::write(updates.join(name), text).unwrap();
    write(
        "mixed.toml",
        "[[programme]]\nplan = \"accsm-2021-2025\"\nnumber = 900\ntitle = \"Mixed file\"\n\
         coordinator = [\"IDN\"]\ntimeline = \"2024\"\n\n\
         [[update]]\nplan = \"accsm-2021-2025\"\nnumber = 900\ndate = \"2024-02\"\n\
         status = \"completed\"\nmeeting = \"SOM\"\n\n\
         [[update]]\nplan = \"accsm-2021-2025\"\nnumber = 900\ndate = \"2024-05\"\n\
         status = \"ongoing\"\nmeeting = \"SOM\"\nnote = \"Reopened.\"\nparticipants = 12\n",
    );
    write(
        "stray.toml",
        "[update]\nplan = \"accsm-2021-2025\"\nnumber = 9999\ndate = \"2024-02\"\n\
         status = \"ongoing\"\nmeeting = \"SOM\"\n",
    );
    write(
        "same-day.toml",
        "[update]\nplan = \"accsm-2021-2025\"\nnumber = 3\ndate = \"2024-11\"\n\
         status = \"ongoing\"\nmeeting = \"Same day\"\ntext = \"Read after the other.\"\n",
    );
    let temp = common::temp_dir("accsm-site-");
    let run = |args: &[&str], by_file: bool| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_accsm"));
        if !by_file {
            cmd.env("ACCSM_BY_FILE", "off");
        }
        cmd.arg("--root")
            .arg(repo.path())
            .args(args)
            .env("NO_COLOR", "1")
            .env("ACCSM_TODAY", "2026-12-06")
            .env("ACCSM_CACHE", "off")
            .output()
            .unwrap()
    };
    let build = |name: &str, by_file: bool| {
        let out = temp.path().join(name);
        let o = run(&["site", "--out", out.to_str().unwrap()], by_file);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let said = stderr(&o).replace(out.to_str().unwrap(), "OUT");
        (files(&out), said)
    };
    let same = |step: &str| {
        let (by_file, said_by_file) = build(&format!("{step}-by-file"), true);
        let (at_once, said_at_once) = build(&format!("{step}-at-once"), false);
        assert_eq!(said_by_file, said_at_once, "{step}");
        assert!(said_by_file.contains("error"), "{said_by_file}");
        assert_eq!(
            by_file.keys().collect::<Vec<_>>(),
            at_once.keys().collect::<Vec<_>>(),
            "{step}"
        );
        for (path, bytes) in &by_file {
            assert!(bytes == &at_once[path], "{step}: {path} differs");
        }
        let validate = ["validate", "--format", "json"];
        let (v_by_file, v_at_once) = (run(&validate, true), run(&validate, false));
        assert_eq!(v_by_file.status.code(), Some(1), "{step}");
        assert_eq!(v_by_file.stdout, v_at_once.stdout, "{step}");
        by_file
    };
    let by_file = same("whole");
    // The edits are in it: the programme of the mixed file, its history, the data package.
    let page = String::from_utf8_lossy(&by_file["programmes/accsm-2021-2025/900.html"]);
    assert!(
        page.contains("Progress updates, oldest first (2)"),
        "{page}"
    );
    assert!(page.contains("Reopened."), "{page}");
    let three = String::from_utf8_lossy(&by_file["programmes/accsm-2021-2025/3.html"]);
    assert!(three.contains("Read after the other."), "{three}");
    let csv = String::from_utf8_lossy(&by_file["downloads/data-package/update.csv"]);
    assert!(csv.contains("Reopened."), "{csv}");
    let quality = String::from_utf8_lossy(&by_file["quality.html"]);
    assert!(quality.contains("has no programme 9999"), "{quality}");

    write("broken.toml", "[update]\nplan = \"accsm-2021-2025\n");
    let by_file = same("broken");
    let quality = String::from_utf8_lossy(&by_file["quality.html"]);
    assert!(!quality.contains("has no programme 9999"), "{quality}");
    assert!(quality.contains("could not be read in full"), "{quality}");
}
