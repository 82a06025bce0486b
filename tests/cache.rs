//! The incremental cache (`.accsm-cache/`) never changes what accsm says: after every step of a
//! random sequence of edits to a repository (a field changed, a reference broken, files added,
//! removed or touched, a programme moved between files, an edit that keeps the file's time, a
//! reference list or plan changed, the cache deleted or damaged), `validate` in every format and
//! `show` print, byte for byte, what a run without the cache prints, with the same exit code.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime};

use proptest::prelude::*;

/// Programme files beside the shipped data's 12: enough for the cache to be used (32 files).
const FILES: usize = 24;
/// Files of progress updates, one update each.
const UPDATES: usize = 4;
const STATUSES: [&str; 3] = ["planned", "ongoing", "completed"];
const PLAN: &str = "accsm-2021-2025";

#[derive(Clone, Debug)]
struct Prog {
    number: i64,
    title: u8,
    coordinator: &'static str,
    timeline: &'static str,
    from: Option<i64>,
}

#[derive(Clone, Debug)]
struct File {
    programmes: Vec<Prog>,
    broken: bool,
}

struct Repo {
    dir: tempfile::TempDir,
    files: Vec<Option<File>>,
    /// Writes so far: spreads the times given to files (see [`Repo::write`]).
    writes: u64,
    plan_ends_early: bool,
    xyz_listed: bool,
    /// The date the runs take as today (`ACCSM_TODAY`): which updates lie in the future and
    /// which programmes are overdue depend on it.
    today: &'static str,
    /// Each update file's update: (programme number, status, day of month).
    updates: Vec<Option<(i64, usize, u8)>>,
}

const COORDINATORS: [&str; 3] = ["IDN", "MYS", "XYZ"];
/// Days the runs may take as today: after every date of the data, in the year of the updates
/// (2024-03), and before it.
const DAYS: [&str; 3] = ["2026-12-06", "2024-03-15", "2023-01-10"];
const TIMELINES: [&str; 3] = ["2023", "2025", "Q9 2024"];

fn render(file: &File) -> String {
    let mut text = String::from("# Programmes written by tests/cache.rs\n");
    for p in &file.programmes {
        text.push_str(&format!(
            "\n[[programme]]\nplan = \"{PLAN}\"\nnumber = {}\ntitle = \"Workshop number {:03}\"\n\
             areas = [\"PA1\"]\ntimeline = \"{}\"\ncoordinators = [\"{}\"]\nkras = [\"A.2\"]\n\
             measures = [\"A.2.v\"]\n",
            p.number, p.title, p.timeline, p.coordinator
        ));
        if let Some(from) = p.from {
            text.push_str(&format!("from = \"{PLAN}/{from}\"\n"));
        }
    }
    if file.broken {
        text.push_str("\n[[programme]\nplan = \n");
    }
    text
}

impl Repo {
    fn new(seed_files: Vec<File>) -> Repo {
        let dir = tempfile::tempdir().unwrap();
        let root = common::root();
        common::copy_dir(&root.join("data"), &dir.path().join("data"));
        std::fs::copy(root.join("accsm.toml"), dir.path().join("accsm.toml")).unwrap();
        std::fs::create_dir_all(dir.path().join("data/programmes")).unwrap();
        let mut repo = Repo {
            dir,
            files: vec![None; FILES],
            writes: 0,
            plan_ends_early: false,
            xyz_listed: false,
            today: DAYS[0],
            updates: vec![None; UPDATES],
        };
        std::fs::create_dir_all(repo.root().join("data/updates")).unwrap();
        for (i, number) in [200, 201, 200].into_iter().enumerate() {
            repo.updates[i] = Some((number, i, 3 + i as u8));
            repo.write_update(i);
        }
        for (i, f) in seed_files.into_iter().enumerate().take(FILES) {
            repo.files[i] = Some(f);
            repo.write(i, true);
        }
        repo
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn path(&self, i: usize) -> PathBuf {
        self.root().join(format!("data/programmes/p{i:02}.toml"))
    }

    /// Writes file `i` as the model has it. An `old` file is given a time well in the past (as
    /// files are between edits), so that in a run not [`run_racy`] its cache entry is trusted on
    /// its stamp alone; a new one keeps the present time, so its entry is checked against its
    /// text. (Its change time is the present either way: in a racy run, every entry is checked.)
    fn write(&mut self, i: usize, old: bool) {
        let path = self.path(i);
        match &self.files[i] {
            None => {
                let _ = std::fs::remove_file(&path);
            }
            Some(f) => {
                std::fs::write(&path, render(f)).unwrap();
                if old {
                    self.writes += 1;
                    let when = SystemTime::now() - Duration::from_secs(3600 + self.writes);
                    set_modified(&path, when);
                }
            }
        }
    }

    fn write_update(&self, i: usize) {
        let path = self.root().join(format!("data/updates/u{i}.toml"));
        match self.updates[i] {
            None => {
                let _ = std::fs::remove_file(&path);
            }
            Some((number, status, day)) => {
                let text = format!(
                    "[[update]]\nplan = \"{PLAN}\"\nnumber = {number}\ndate = \"2024-03-{day:02}\"\n\
                     status = \"{}\"\nmeeting = \"A meeting of the tests\"\n",
                    STATUSES[status]
                );
                std::fs::write(&path, text).unwrap();
            }
        }
    }

    fn edit_text(&self, relative: &str, edit: impl FnOnce(String) -> String) {
        let path = self.root().join(relative);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, edit(text)).unwrap();
    }

    fn cache_file(&self) -> PathBuf {
        self.root().join(".accsm-cache/files.bin")
    }

    /// Some programme number, for `show`.
    fn a_number(&self, pick: usize) -> i64 {
        let all: Vec<i64> = self
            .files
            .iter()
            .flatten()
            .flat_map(|f| f.programmes.iter().map(|p| p.number))
            .collect();
        all.get(pick % all.len().max(1)).copied().unwrap_or(1)
    }
}

fn set_modified(path: &Path, when: SystemTime) {
    let f = std::fs::File::options().write(true).open(path).unwrap();
    f.set_modified(when).unwrap();
}

#[derive(Clone, Debug)]
enum Edit {
    Title(usize, usize, u8),
    Coordinator(usize, usize, usize),
    Timeline(usize, usize, usize),
    Number(usize, usize, i64),
    From(usize, usize, Option<i64>),
    Add(usize, Vec<Prog>),
    Remove(usize),
    Move(usize, usize),
    Touch(usize),
    /// A title changed to one of the same length, the file's time put back as it was.
    KeepTime(usize, usize, u8),
    Break(usize, bool),
    PlanEnd,
    ListXyz,
    /// Another day taken as today.
    Today(usize),
    /// An update set (or removed) in one of the update files.
    Update(usize, Option<(i64, usize, u8)>),
    DeleteCache,
    DamageCache(usize, u8),
    TruncateCache(usize),
    LinkCache,
}

fn prog() -> impl Strategy<Value = Prog> {
    (
        200i64..240,
        0u8..200,
        0..COORDINATORS.len(),
        0..TIMELINES.len(),
        prop::option::weighted(0.2, 200i64..240),
    )
        .prop_map(|(number, title, c, t, from)| Prog {
            number,
            title,
            coordinator: COORDINATORS[c],
            timeline: TIMELINES[t],
            from,
        })
}

fn edit() -> impl Strategy<Value = Edit> {
    let f = 0..FILES;
    let p = 0usize..4;
    prop_oneof![
        (f.clone(), p.clone(), 0u8..200).prop_map(|(f, p, t)| Edit::Title(f, p, t)),
        (f.clone(), p.clone(), 0..COORDINATORS.len())
            .prop_map(|(f, p, c)| Edit::Coordinator(f, p, c)),
        (f.clone(), p.clone(), 0..TIMELINES.len()).prop_map(|(f, p, t)| Edit::Timeline(f, p, t)),
        (f.clone(), p.clone(), 200i64..240).prop_map(|(f, p, n)| Edit::Number(f, p, n)),
        (f.clone(), p.clone(), prop::option::of(200i64..240))
            .prop_map(|(f, p, n)| Edit::From(f, p, n)),
        (f.clone(), prop::collection::vec(prog(), 1..3)).prop_map(|(f, ps)| Edit::Add(f, ps)),
        f.clone().prop_map(Edit::Remove),
        (f.clone(), f.clone()).prop_map(|(a, b)| Edit::Move(a, b)),
        f.clone().prop_map(Edit::Touch),
        (f.clone(), p, 0u8..200).prop_map(|(f, p, t)| Edit::KeepTime(f, p, t)),
        (f.clone(), any::<bool>()).prop_map(|(f, b)| Edit::Break(f, b)),
        Just(Edit::PlanEnd),
        Just(Edit::ListXyz),
        (0..DAYS.len()).prop_map(Edit::Today),
        (
            0..UPDATES,
            prop::option::weighted(0.8, (200i64..240, 0..STATUSES.len(), 1u8..29))
        )
            .prop_map(|(f, u)| Edit::Update(f, u)),
        Just(Edit::DeleteCache),
        (any::<usize>(), any::<u8>()).prop_map(|(at, b)| Edit::DamageCache(at, b)),
        any::<usize>().prop_map(Edit::TruncateCache),
        Just(Edit::LinkCache),
    ]
}

/// Changes programme `p` of file `f` (if there is one) with `how`, and writes the file.
fn change(repo: &mut Repo, f: usize, p: usize, old: bool, how: impl FnOnce(&mut Prog)) {
    let Some(file) = repo.files[f].as_mut() else {
        return;
    };
    let n = file.programmes.len();
    if n == 0 {
        return;
    }
    how(&mut file.programmes[p % n]);
    repo.write(f, old);
}

fn apply(repo: &mut Repo, edit: &Edit) {
    match edit {
        Edit::Title(f, p, t) => change(repo, *f, *p, true, |x| x.title = *t),
        Edit::Coordinator(f, p, c) => {
            change(repo, *f, *p, true, |x| x.coordinator = COORDINATORS[*c])
        }
        Edit::Timeline(f, p, t) => change(repo, *f, *p, false, |x| x.timeline = TIMELINES[*t]),
        Edit::Number(f, p, n) => change(repo, *f, *p, true, |x| x.number = *n),
        Edit::From(f, p, n) => change(repo, *f, *p, true, |x| x.from = *n),
        Edit::Add(f, ps) => {
            repo.files[*f] = Some(File {
                programmes: ps.clone(),
                broken: false,
            });
            repo.write(*f, ps.len() == 1);
        }
        Edit::Remove(f) => {
            repo.files[*f] = None;
            repo.write(*f, true);
        }
        Edit::Move(a, b) => {
            let moved = repo.files[*a].as_mut().and_then(|f| f.programmes.pop());
            if let (Some(p), Some(to)) = (moved.clone(), repo.files[*b].as_mut()) {
                to.programmes.push(p);
                repo.write(*a, true);
                repo.write(*b, true);
            } else if let (Some(p), Some(from)) = (moved, repo.files[*a].as_mut()) {
                from.programmes.push(p);
            }
        }
        Edit::Touch(f) => {
            let path = repo.path(*f);
            if let Ok(text) = std::fs::read(&path) {
                std::fs::write(&path, text).unwrap();
            }
        }
        Edit::KeepTime(f, p, t) => {
            let path = repo.path(*f);
            let Ok(before) = std::fs::metadata(&path).and_then(|m| m.modified()) else {
                return;
            };
            change(repo, *f, *p, false, |x| x.title = 100 + t % 100);
            set_modified(&path, before);
        }
        Edit::Break(f, b) => {
            if let Some(file) = repo.files[*f].as_mut() {
                file.broken = *b;
                repo.write(*f, true);
            }
        }
        Edit::PlanEnd => {
            let early = !repo.plan_ends_early;
            repo.plan_ends_early = early;
            repo.edit_text("data/plans/accsm-2021-2025.toml", |t| {
                if early {
                    t.replacen("end = 2025", "end = 2024", 1)
                } else {
                    t.replacen("end = 2024", "end = 2025", 1)
                }
            });
        }
        Edit::ListXyz => {
            let listed = !repo.xyz_listed;
            repo.xyz_listed = listed;
            let entry = "\n[[body]]\nid = \"XYZ\"\nname = \"A body of the tests\"\n";
            repo.edit_text("data/reference/parties.toml", |t| {
                if listed {
                    t + entry
                } else {
                    t.replacen(entry, "", 1)
                }
            });
        }
        Edit::Today(d) => repo.today = DAYS[*d],
        Edit::Update(f, u) => {
            repo.updates[*f] = *u;
            repo.write_update(*f);
        }
        Edit::DeleteCache => {
            let _ = std::fs::remove_dir_all(repo.root().join(".accsm-cache"));
        }
        Edit::DamageCache(at, b) => {
            if let Ok(mut bytes) = std::fs::read(repo.cache_file()) {
                if !bytes.is_empty() {
                    let i = at % bytes.len();
                    bytes[i] ^= b | 1;
                    std::fs::write(repo.cache_file(), bytes).unwrap();
                }
            }
        }
        Edit::TruncateCache(at) => {
            if let Ok(bytes) = std::fs::read(repo.cache_file()) {
                let cut = at % (bytes.len() + 1);
                std::fs::write(repo.cache_file(), &bytes[..cut]).unwrap();
            }
        }
        Edit::LinkCache => {
            // The cache's file replaced by a link to a data file: never read, never written
            // through.
            let cache = repo.cache_file();
            if std::fs::remove_file(&cache).is_ok() {
                #[cfg(unix)]
                std::os::unix::fs::symlink(repo.path(0), &cache).unwrap();
            }
        }
    }
}

/// stdout, stderr and exit code of `accsm ARGS` in the repository.
fn run(repo: &Repo, args: &[&str], cache: bool) -> (String, String, Option<i32>) {
    run_racy(repo, args, cache, true)
}

/// As [`run`]; where not `racy`, only files changed during the run are hashed before their
/// entry is used (not those changed within the seconds before it, as the tests' files all are),
/// so that entries trusted on their stamp alone are tested too.
fn run_racy(repo: &Repo, args: &[&str], cache: bool, racy: bool) -> (String, String, Option<i32>) {
    run_with(repo, args, cache, racy, true)
}

/// As [`run_racy`]; where not `by_file`, a large repository is checked with every file read at
/// once (`ACCSM_BY_FILE=off`), as a small one is: what checking file by file must match.
fn run_with(
    repo: &Repo,
    args: &[&str],
    cache: bool,
    racy: bool,
    by_file: bool,
) -> (String, String, Option<i32>) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_accsm"));
    if !by_file {
        cmd.env("ACCSM_BY_FILE", "off");
    }
    cmd.current_dir(repo.root())
        .args(args)
        .env_remove("CI")
        .env("ACCSM_CACHE", if cache { "on" } else { "off" })
        .env("ACCSM_TODAY", repo.today)
        .env("NO_COLOR", "1");
    if !racy {
        cmd.env("ACCSM_CACHE_RACY_MS", "0");
    }
    if !cache {
        cmd.arg("--no-cache");
    }
    let out = cmd.output().unwrap();
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code(),
    )
}

fn same_as_cold(repo: &Repo, step: usize, pick: usize) -> Result<(), TestCaseError> {
    let formats = ["human", "json", "github"];
    let number = format!("{PLAN}/{}", repo.a_number(pick));
    let mut commands: Vec<Vec<String>> = (0..3)
        .map(|k| {
            let f = formats[(step + k) % 3];
            vec!["validate".into(), "--format".into(), f.into()]
        })
        .collect();
    commands.push(vec!["show".into(), number.clone()]);
    if step % 2 == 0 {
        commands.push(vec![
            "show".into(),
            number,
            "--format".into(),
            "json".into(),
        ]);
    } else {
        // One file named: checked against the whole repository, reported on alone.
        let file = format!("data/programmes/p{:02}.toml", pick % FILES);
        commands.push(vec!["validate".into(), file]);
    }
    for (k, args) in commands.iter().enumerate() {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let warm = run_racy(repo, &args, true, (step + k) % 2 == 0);
        let cold = run(repo, &args, false);
        // Without the cache, file by file and all at once: the same again.
        let at_once = run_with(repo, &args, false, true, false);
        for (name, other) in [("warm", &warm), ("cold, file by file", &cold)] {
            prop_assert!(
                *other == at_once,
                "accsm {} after step {step}, {name}, against every file read at once:\n{}",
                args.join(" "),
                first_difference(other, &at_once)
            );
        }
        if warm != cold {
            let first = |a: &str, b: &str| {
                a.lines()
                    .zip(b.lines())
                    .find(|(x, y)| x != y)
                    .map(|(x, y)| format!("warm: {x}\ncold: {y}"))
                    .unwrap_or_else(|| {
                        format!(
                            "warm {} lines, cold {}",
                            a.lines().count(),
                            b.lines().count()
                        )
                    })
            };
            prop_assert!(
                false,
                "accsm {} after step {step}: exit {:?} against {:?}\nstdout:\n{}\nstderr:\n{}",
                args.join(" "),
                warm.2,
                cold.2,
                first(&warm.0, &cold.0),
                first(&warm.1, &cold.1)
            );
        }
    }
    Ok(())
}

/// The first line of stdout or stderr where two runs differ, or their exit codes.
fn first_difference(
    a: &(String, String, Option<i32>),
    b: &(String, String, Option<i32>),
) -> String {
    for (x, y) in [(&a.0, &b.0), (&a.1, &b.1)] {
        if let Some((l, r)) = x.lines().zip(y.lines()).find(|(l, r)| l != r) {
            return format!("{l}\nagainst\n{r}");
        }
        if x.lines().count() != y.lines().count() {
            return format!("{} lines against {}", x.lines().count(), y.lines().count());
        }
    }
    format!("exit {:?} against {:?}", a.2, b.2)
}

fn seed() -> impl Strategy<Value = Vec<File>> {
    prop::collection::vec(prop::collection::vec(prog(), 1..4), FILES).prop_map(|files| {
        files
            .into_iter()
            .map(|programmes| File {
                programmes,
                broken: false,
            })
            .collect()
    })
}

proptest! {
    // Each case runs accsm about fifty times; ACCSM_CACHE_CASES=200 for a longer search.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("ACCSM_CACHE_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(4),
        max_shrink_iters: 64,
        ..ProptestConfig::default()
    })]

    #[test]
    fn a_warm_run_says_what_a_cold_run_says(
        files in seed(),
        edits in prop::collection::vec((edit(), any::<usize>()), 3..7),
    ) {
        let mut repo = Repo::new(files);
        same_as_cold(&repo, 0, 0)?;
        prop_assert!(repo.cache_file().is_file(), "the first run writes the cache");
        for (step, (e, pick)) in edits.iter().enumerate() {
            apply(&mut repo, e);
            same_as_cold(&repo, step + 1, *pick)?;
            // Nothing was written into the data, through a link in place of the cache or
            // otherwise.
            for (i, file) in repo.files.iter().enumerate() {
                if let Some(f) = file {
                    let text = std::fs::read_to_string(repo.path(i)).unwrap();
                    prop_assert_eq!(text, render(f), "file {} after step {}", i, step + 1);
                }
            }
        }
    }
}

/// A repository of FILES programme files with one programme each (numbers from 200), all titled
/// by `title` and coordinated by `coordinator`.
fn one_programme_a_file(title: u8, coordinator: &'static str) -> Repo {
    let files = (0..FILES)
        .map(|i| File {
            programmes: vec![Prog {
                number: 200 + i as i64,
                title,
                coordinator,
                timeline: "2023",
                from: None,
            }],
            broken: false,
        })
        .collect();
    Repo::new(files)
}

#[test]
fn the_cache_holds_its_own_gitignore_and_is_skipped_where_ci_runs() {
    let repo = one_programme_a_file(1, "IDN");
    // In CI (the CI variable set), no cache is read or written unless asked for.
    let out = Command::new(env!("CARGO_BIN_EXE_accsm"))
        .current_dir(repo.root())
        .args(["validate"])
        .env("CI", "true")
        .env_remove("ACCSM_CACHE")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(!repo.root().join(".accsm-cache").exists());
    let (_, _, code) = run(&repo, &["validate"], true);
    assert_eq!(code, Some(0));
    let ignore = std::fs::read_to_string(repo.root().join(".accsm-cache/.gitignore")).unwrap();
    assert!(ignore.lines().any(|l| l == "*"), "{ignore}");
    // A cache folder that cannot be written leaves the run as it was: same output, same code.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let dir = repo.root().join(".accsm-cache");
        std::fs::remove_file(repo.cache_file()).unwrap();
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o500)).unwrap();
        let warm = run(&repo, &["validate"], true);
        let cold = run(&repo, &["validate"], false);
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700)).unwrap();
        assert_eq!(warm, cold);
    }
}

#[test]
#[cfg(unix)]
fn a_link_in_place_of_the_cache_folder_is_neither_read_nor_written_through() {
    let repo = one_programme_a_file(2, "XYZ");
    let elsewhere = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), repo.root().join(".accsm-cache")).unwrap();
    let warm = run(&repo, &["validate"], true);
    let cold = run(&repo, &["validate"], false);
    assert_eq!(warm, cold);
    assert_eq!(warm.2, Some(1), "the unknown coordinators are errors");
    assert_eq!(std::fs::read_dir(elsewhere.path()).unwrap().count(), 0);
}

fn git(repo: &Repo, args: &[&str]) {
    let out = Command::new("git")
        .arg("-C")
        .arg(repo.root())
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.org"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn changed_lines_and_named_files_are_reported_as_without_the_cache() {
    let mut repo = one_programme_a_file(3, "IDN");
    git(&repo, &["init", "-q"]);
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-q", "-m", "start"]);
    // Cached, then two files edited: one newly wrong, one only retitled.
    assert_eq!(run(&repo, &["validate"], true).2, Some(0));
    apply(&mut repo, &Edit::Coordinator(3, 0, 2));
    apply(&mut repo, &Edit::Title(5, 0, 9));
    for args in [
        &["validate", "--changed-since", "HEAD"][..],
        &["validate", "--changed-since", "HEAD", "--format", "json"],
        &["validate", "data/programmes/p03.toml"],
        &["validate", "data/programmes/p05.toml", "--format", "github"],
        &["validate", "data/programmes"],
    ] {
        let warm = run(&repo, args, true);
        let cold = run(&repo, args, false);
        assert_eq!(warm, cold, "accsm {}", args.join(" "));
    }
    let named = run(&repo, &["validate", "data/programmes/p03.toml"], true);
    assert_eq!(named.2, Some(1), "{}", named.0);
    assert!(named.0.contains("XYZ"), "{}", named.0);
    assert_eq!(
        run(&repo, &["validate", "data/programmes/p05.toml"], true).2,
        Some(0)
    );
}

/// Another build of the same version, of the same size and time (as packaging that gives every
/// file one time makes), must not trust this build's cache: a copy of the executable with its
/// times kept stands for one.
#[test]
#[cfg(unix)]
fn a_copy_of_the_executable_with_its_times_kept_is_another_build() {
    use std::os::unix::fs::MetadataExt;
    let repo = one_programme_a_file(4, "IDN");
    let exe = Path::new(env!("CARGO_BIN_EXE_accsm"));
    let bin = tempfile::tempdir().unwrap();
    let copy = bin.path().join("accsm");
    std::fs::copy(exe, &copy).unwrap();
    set_modified(&copy, std::fs::metadata(exe).unwrap().modified().unwrap());
    let cold = run(&repo, &["validate"], false);
    let warm = run_racy(&repo, &["validate"], true, false);
    assert_eq!(warm, cold);
    let written = std::fs::metadata(repo.cache_file()).unwrap().ino();
    let out = Command::new(&copy)
        .current_dir(repo.root())
        .arg("validate")
        .env_remove("CI")
        .env("ACCSM_CACHE", "on")
        .env("ACCSM_CACHE_RACY_MS", "0")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), cold.0);
    // The other build wrote a cache of its own (a new file renamed over the old).
    let rewritten = std::fs::metadata(repo.cache_file()).unwrap().ino();
    assert_ne!(written, rewritten);
}

/// A run stopped while it wrote the cache (Ctrl-C) leaves its new file behind, as large as the
/// cache: the next run that writes removes it, once it is an hour old (a newer one may be
/// another run's, still being written).
#[test]
fn the_new_file_of_a_run_stopped_while_writing_is_removed_later() {
    let repo = one_programme_a_file(5, "IDN");
    let dir = repo.root().join(".accsm-cache");
    std::fs::create_dir(&dir).unwrap();
    let stale = dir.join("files.bin.4000001.tmp");
    let fresh = dir.join("files.bin.4000002.tmp");
    std::fs::write(&stale, "cut short").unwrap();
    std::fs::write(&fresh, "being written").unwrap();
    set_modified(&stale, SystemTime::now() - Duration::from_secs(7200));
    let warm = run(&repo, &["validate"], true);
    assert_eq!(warm, run(&repo, &["validate"], false));
    assert!(repo.cache_file().is_file());
    assert!(!stale.exists());
    assert!(fresh.exists());
}
