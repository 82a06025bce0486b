//! Writes a synthetic work-plan repository for benchmarks (issue 6):
//!
//! ```text
//! cargo run --release --example synth -- --programmes 100000 --out /tmp/accsm-100k
//! ```
//!
//! The repository has an `accsm.toml`, a copy of the shipped reference lists and KPI framework,
//! four `[[plan]]` tables (ACCSM and ACCSM+3, 2021-2025 and 2026-2030) and N programmes, 100 to a
//! file, 100 files to a folder: `data/programmes/<plan>/<folder>/<file>.toml`. The output is the
//! same for the same N (a small PRNG seeded from N), and every reference is one the shipped lists
//! define and the plans call relevant, so `accsm validate` reports no findings at all.
//!
//! Each programme has U progress updates (`--updates-per-programme`, default 5), written beside
//! its programmes file as `data/updates/<plan>/<folder>/updates-<file>.toml`.
//!
//! KPI returns for the ten AMS over the five years of the 2021-2025 plan go to
//! `data/returns/<AMS>/<year>.toml`: the illustrative returns of `examples/kpi-returns`, with the
//! two gaps that set leaves on purpose (Myanmar 2021, Lao PDR 2022-2025) filled from Brunei's
//! return of the same year. There are 50 whatever N is: the issue asks for that many.
//!
//! `--realistic` writes the same repository with a fixed rate of findings, as real data has: one
//! programme in [`DEFECT_EVERY`] carries one defect, the four kinds in turn (an AMS named as a
//! partner: a note; a misspelt measure: an error; a timeline that starts before the plan: a
//! warning; a partner organisation missing from the list: a warning). Everything else is drawn
//! as in the clean repository, so the two differ in those programmes only, and the findings are
//! N / 100 at every size (rounded down), a quarter of each kind.

#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

const USAGE: &str = "usage: synth --programmes N --out DIR [--per-file K] [--realistic] \
     [--updates-per-programme U]";

/// With `--realistic`, one programme in this many carries a defect (see the module documentation).
const DEFECT_EVERY: usize = 100;

/// The defect a programme of the realistic repository carries.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Defect {
    /// `partners` names Indonesia, an AMS (`partner-is-ams`, a note).
    AmsPartner,
    /// The first measure written `A.2 iii` (`misspelled-reference`, an error).
    MisspeltMeasure,
    /// The timeline starts the year before the plan (`timeline-partly-outside-plan`, a warning).
    EarlyTimeline,
    /// A partner organisation the list lacks (`unknown-partner-organisation`, a warning).
    UnlistedOrganisation,
}

impl Defect {
    /// The defect of the programme with this serial number, if any. The kinds take turns so
    /// that each meets every plan (a file's plan takes turns too, see `write_repository`).
    fn of(serial: usize, realistic: bool) -> Option<Defect> {
        if !realistic || serial % DEFECT_EVERY != DEFECT_EVERY - 1 {
            return None;
        }
        let turn = serial / DEFECT_EVERY;
        Some(
            [
                Defect::AmsPartner,
                Defect::MisspeltMeasure,
                Defect::EarlyTimeline,
                Defect::UnlistedOrganisation,
            ][(turn + turn / 4) % 4],
        )
    }
}

/// SplitMix64: tiny, fast, and good enough to vary test data.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    /// Between `min` and `max` distinct items, in the order of `items`.
    fn subset<'a, T>(&mut self, items: &'a [T], min: usize, max: usize) -> Vec<&'a T> {
        let max = max.min(items.len());
        let want = min + self.below(max - min + 1);
        let mut chosen = vec![false; items.len()];
        let mut count = 0;
        while count < want {
            let i = self.below(items.len());
            if !chosen[i] {
                chosen[i] = true;
                count += 1;
            }
        }
        items
            .iter()
            .zip(chosen)
            .filter_map(|(item, c)| c.then_some(item))
            .collect()
    }
}

struct PlanSpec {
    id: &'static str,
    title: &'static str,
    body: &'static str,
    thematic: bool,
    start: i64,
}

const PLANS: &[PlanSpec] = &[
    PlanSpec {
        id: "accsm-2021-2025",
        title: "ACCSM Work Plan 2021-2025",
        body: "ACCSM",
        thematic: false,
        start: 2021,
    },
    PlanSpec {
        id: "accsm-plus-three-2021-2025",
        title: "ACCSM+3 Work Plan 2021-2025",
        body: "ACCSM+3",
        thematic: true,
        start: 2021,
    },
    PlanSpec {
        id: "accsm-2026-2030",
        title: "ACCSM Work Plan 2026-2030",
        body: "ACCSM",
        thematic: false,
        start: 2026,
    },
    PlanSpec {
        id: "accsm-plus-three-2026-2030",
        title: "ACCSM+3 Work Plan 2026-2030",
        body: "ACCSM+3",
        thematic: true,
        start: 2026,
    },
];

/// The relevant measures of endnote 1, with their KRA, and the action lines of endnote 2.
const MEASURES: &[(&str, &str)] = &[
    ("A.2.iii", "A.2"),
    ("A.2.iv", "A.2"),
    ("A.2.v", "A.2"),
    ("A.2.vi", "A.2"),
    ("B.1.iii", "B.1"),
    ("B.2.i", "B.2"),
    ("B.2.ix", "B.2"),
    ("E.1.i", "E.1"),
    ("E.1.vii", "E.1"),
    ("E.1.x", "E.1"),
    ("E.2.i", "E.2"),
    ("E.2.iv", "E.2"),
    ("E.2.ix", "E.2"),
];
const APSC_LINES: &[&str] = &["A.2.2.i", "A.2.2.iii", "A.2.2.iv", "A.2.2.vi"];
const PRIORITY_AREAS: &[&str] = &["PA1", "PA2", "PA3", "PA4", "PA5"];
const THEMATIC_AREAS: &[&str] = &["TA1", "TA2", "TA3", "TA4", "TA5", "TA6", "TA7"];
const DECLARATIONS: &[&str] = &["I", "II", "III", "IV", "V"];
/// The ten AMS and their currencies.
const AMS: &[(&str, &str)] = &[
    ("BRN", "BND"),
    ("KHM", "KHR"),
    ("IDN", "IDR"),
    ("LAO", "LAK"),
    ("MYS", "MYR"),
    ("MMR", "MMK"),
    ("PHL", "PHP"),
    ("SGP", "SGD"),
    ("THA", "THB"),
    ("VNM", "VND"),
];
const PLUS_THREE: &[(&str, &str)] = &[("CHN", "CNY"), ("JPN", "JPY"), ("KOR", "KRW")];
/// The potential partners: none an AMS, nor the AMS as a group (`partner-is-ams`).
const PARTNERS: &[&str] = &[
    "PLUS-THREE",
    "DP",
    "ACCSM-PLUS-THREE",
    "INTL-ORG",
    "ASEAN-SB",
    "OTHER-STAKEHOLDERS",
    "ASEC",
    "AU-APSC",
    "AUS",
    "CAN",
    "IND",
    "CHN",
    "JPN",
    "KOR",
];
const FUNDING: &[(&str, &str)] = &[
    ("cost-sharing", "Cost-sharing"),
    ("ams", "AMS"),
    ("plus-three", "Plus Three"),
    ("dialogue-partner", "Dialogue Partner"),
    ("asean-funding", "ASEAN funding"),
    ("aptcf", "ASEAN+3 Cooperation Fund"),
    ("koica", "KOICA"),
    ("partner", "Partner funding"),
];
const FUNDERS: &[&str] = &["JPN", "KOR", "CHN", "AUS", "ASEC", "DP"];
const KINDS: &[&str] = &[
    "Workshop",
    "Regional Workshop",
    "Seminar",
    "Webinar",
    "Forum",
    "Study Visit",
    "Conference",
    "Training Programme",
    "Policy Dialogue",
    "Research Study",
    "Benchmarking Mission",
    "Peer Review",
];
const TOPICS: &[&str] = &[
    "Public Service Delivery",
    "Digital Government",
    "Leadership Foresight",
    "Civil Service Ethics",
    "Talent Management",
    "Performance Management",
    "Gender Mainstreaming in the Civil Service",
    "Data-Driven Policy Making",
    "Public Sector Innovation",
    "Competency-Based Recruitment",
    "Succession Planning",
    "Change Management",
    "Anti-Corruption and Integrity",
    "Agile Government",
    "Behavioural Insights",
    "Human Resource Management",
    "E-Government Services",
    "Citizen Engagement",
    "Regulatory Reform",
    "Crisis Management in the Public Sector",
];
const AUDIENCES: &[&str] = &[
    "Senior Officials",
    "Middle Managers",
    "Young Civil Servants",
    "HR Practitioners",
    "Policy Makers",
    "Local Government Officers",
    "ASEAN Resource Centres",
    "Trainers",
];
const ACTIVITIES: &[&str] = &[
    "Workshop",
    "Benchmark",
    "Sharing Session",
    "Study Visit",
    "Survey",
    "Publication",
    "Online course",
    "Expert meeting",
];
const ORGANISATIONS: &[&str] = &[
    "Civil Service College",
    "Public Service Department",
    "National Institute of Public Administration",
    "Ministry of Home Affairs",
    "Office of the Civil Service Commission",
    "Korea Institute of Public Administration",
    "National Personnel Authority",
    "United Nations Development Programme",
    "World Bank",
    "Asian Development Bank",
];

fn main() -> Result<()> {
    let mut programmes: Option<usize> = None;
    let mut out: Option<PathBuf> = None;
    let mut per_file = 100usize;
    let mut updates = 5usize;
    let mut realistic = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| {
            args.next()
                .with_context(|| format!("{name} needs a value\n{USAGE}"))
        };
        match arg.as_str() {
            "--programmes" | "-n" => {
                programmes = Some(value("--programmes")?.parse().context("--programmes")?);
            }
            "--out" | "-o" => out = Some(PathBuf::from(value("--out")?)),
            "--per-file" => per_file = value("--per-file")?.parse().context("--per-file")?,
            "--updates-per-programme" => {
                updates = value("--updates-per-programme")?
                    .parse()
                    .context("--updates-per-programme")?;
            }
            "--realistic" => realistic = true,
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            other => bail!("unknown argument `{other}`\n{USAGE}"),
        }
    }
    let (Some(n), Some(out)) = (programmes, out) else {
        bail!("{USAGE}");
    };
    if per_file == 0 {
        bail!("--per-file must be at least 1");
    }
    if updates > 28 {
        bail!("--updates-per-programme is at most 28 (one a day of a plan's first February)");
    }
    let stats = write_repository(&out, n, per_file, updates, realistic)?;
    println!(
        "wrote {n} programmes in {} files ({} bytes of TOML) to {}",
        stats.files,
        stats.bytes,
        out.display()
    );
    Ok(())
}

#[derive(Default)]
struct Stats {
    files: usize,
    bytes: usize,
}

impl Stats {
    fn write(&mut self, path: &Path, text: &str) -> Result<()> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        }
        std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))?;
        self.files += 1;
        self.bytes += text.len();
        Ok(())
    }
}

fn write_repository(
    out: &Path,
    n: usize,
    per_file: usize,
    updates: usize,
    realistic: bool,
) -> Result<Stats> {
    let data = out.join("data");
    // A rerun with a different N must not leave stale programme or update files behind.
    let programmes_dir = data.join("programmes");
    let updates_dir = data.join("updates");
    for dir in [&programmes_dir, &updates_dir] {
        if dir.exists() {
            std::fs::remove_dir_all(dir)
                .with_context(|| format!("cannot clear {}", dir.display()))?;
        }
    }
    let mut stats = Stats::default();
    stats.write(
        &out.join("accsm.toml"),
        &format!(
            "# Synthetic work-plan repository: {n} programmes (accsm example `synth`).\n\
             name = \"Synthetic ACCSM Work Plans ({n} programmes)\"\n\
             data = \"data\"\n"
        ),
    )?;

    // The shipped reference lists and KPI framework, as they are.
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let reference = shipped.join("reference");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&reference)
        .with_context(|| format!("cannot read {}", reference.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    names.sort();
    for path in names.iter().chain([&shipped.join("kpis.toml")]) {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let relative = path.strip_prefix(&shipped).unwrap_or(path);
        stats.write(&data.join(relative), &text)?;
    }

    // The organisations the programmes name (`ORGANISATIONS`, ", " and the coordinator, an AMS
    // or a Plus Three country), so that each one is in the list and resolves.
    let mut organisations =
        String::from("# Synthetic partner organisations, one per name and coordinating country.\n");
    for (country, _) in AMS.iter().chain(PLUS_THREE) {
        for (i, name) in ORGANISATIONS.iter().enumerate() {
            let _ = write!(
                organisations,
                "\n[[partner_organisation]]\nid = \"SYN-{country}-{i}\"\nname = \"{name}, {country}\"\ncountry = \"{country}\"\n"
            );
        }
    }
    stats.write(
        &data.join("reference/synthetic-organisations.toml"),
        &organisations,
    )?;
    stats.write(&data.join("plans.toml"), &plans_toml())?;
    write_returns(&data.join("returns"), &mut stats)?;

    let mut rng = Rng::new(n as u64);
    let mut numbers = vec![0i64; PLANS.len()];
    let files = n.div_ceil(per_file);
    let mut written = 0;
    for file in 0..files {
        let plan_index = file % PLANS.len();
        let plan = &PLANS[plan_index];
        let count = per_file.min(n - written);
        let mut text = String::with_capacity(count * 800);
        let mut progress = String::with_capacity(count * updates * 200);
        let _ = writeln!(
            text,
            "# Synthetic programmes of {} (file {file} of {files}).",
            plan.id
        );
        for _ in 0..count {
            numbers[plan_index] += 1;
            let defect = Defect::of(written, realistic);
            programme(
                &mut text,
                &mut rng,
                plan,
                numbers[plan_index],
                written,
                defect,
            );
            progress_updates(&mut progress, &mut rng, plan, numbers[plan_index], updates);
            written += 1;
        }
        // 100 files to a folder, as a large repository would be split.
        let index_in_plan = file / PLANS.len();
        let path = programmes_dir
            .join(plan.id)
            .join(format!("{:03}", index_in_plan / 100))
            .join(format!("programmes-{:05}.toml", index_in_plan));
        stats.write(&path, &text)?;
        if updates > 0 {
            // The updates of a file's programmes in one file beside it: the format takes any
            // layout, and half a million one-update files would measure the file system.
            let path = updates_dir
                .join(plan.id)
                .join(format!("{:03}", index_in_plan / 100))
                .join(format!("updates-{:05}.toml", index_in_plan));
            stats.write(&path, &progress)?;
        }
    }
    Ok(stats)
}

/// `count` progress updates of one programme, one a day of its plan's first February, in an
/// order no rule finds fault with: planned, then ongoing, postponed and ongoing again (never
/// completed, which its timeline might not allow yet, and never left planned, which is overdue
/// once the timeline has passed).
fn progress_updates(text: &mut String, rng: &mut Rng, plan: &PlanSpec, number: i64, count: usize) {
    const STEPS: [&str; 4] = ["ongoing", "postponed", "ongoing", "ongoing"];
    for i in 0..count {
        let status = if i == 0 {
            "planned"
        } else {
            STEPS[(i - 1) % 4]
        };
        let _ = write!(
            text,
            "\n[[update]]\nplan = \"{}\"\nnumber = {number}\ndate = \"{}-02-{:02}\"\n\
             status = \"{status}\"\nmeeting = \"Synthetic review {}\"\n\
             text = \"{} held with {} participants.\"\n",
            plan.id,
            plan.start,
            i + 1,
            i + 1,
            rng.pick(ACTIVITIES),
            10 + rng.below(90)
        );
        if rng.chance(30) {
            let ams = rng.subset(AMS, 1, 4);
            let ids: Vec<&str> = ams.iter().map(|a| a.0).collect();
            let _ = writeln!(
                text,
                "participants = {}\nams = {}\ncost = {{ amount = {}, currency = \"USD\" }}",
                10 + rng.below(90),
                quoted_list(&ids),
                (1 + rng.below(100)) * 250
            );
        }
    }
}

/// The KPI returns: ten AMS, 2021-2025 (see the module documentation).
fn write_returns(dir: &Path, stats: &mut Stats) -> Result<()> {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/kpi-returns/returns");
    for (country, _) in AMS {
        for year in 2021..=2025 {
            let own = examples.join(country).join(format!("{year}.toml"));
            let text = match std::fs::read_to_string(&own) {
                Ok(text) => text,
                Err(_) => {
                    let brunei = examples.join("BRN").join(format!("{year}.toml"));
                    std::fs::read_to_string(&brunei)
                        .with_context(|| format!("cannot read {}", brunei.display()))?
                        .replace("country = \"BRN\"", &format!("country = \"{country}\""))
                }
            };
            stats.write(&dir.join(country).join(format!("{year}.toml")), &text)?;
        }
    }
    Ok(())
}

fn plans_toml() -> String {
    let relevant_measures = MEASURES
        .iter()
        .map(|(m, _)| format!("\"{m}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let relevant_lines = APSC_LINES
        .iter()
        .map(|l| format!("\"{l}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let mut text = String::from("# The plans the synthetic programmes belong to.\n");
    for plan in PLANS {
        let (start, end) = (plan.start, plan.start + 4);
        let _ = write!(
            text,
            "\n[[plan]]\n\
             id = \"{id}\"\n\
             title = \"{title}\"\n\
             body = \"{body}\"\n\
             area_kind = \"{kind}\"\n\
             start = {start}\n\
             end = {end}\n\
             baseline_year = {start}\n\
             target_year = {end}\n\
             midterm_start = {mid_start}\n\
             midterm_end = {mid}\n\
             adopted = \"{adopted}-11-18\"\n\
             source = \"Synthetic data for benchmarks\"\n\
             relevant_measures = [{relevant_measures}]\n\
             relevant_apsc_lines = [{relevant_lines}]\n",
            id = plan.id,
            title = plan.title,
            body = plan.body,
            kind = if plan.thematic {
                "thematic"
            } else {
                "priority"
            },
            // As in the shipped plans: the mid-term review covers the year before the plan
            // (2020-2022), the first year KPI returns report on.
            mid_start = start - 1,
            mid = start + 2,
            adopted = start - 1,
        );
    }
    text
}

fn quoted_list<S: AsRef<str>>(items: &[S]) -> String {
    let mut out = String::from("[");
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push('"');
        out.push_str(item.as_ref());
        out.push('"');
    }
    out.push(']');
    out
}

/// Appends one `[[programme]]` whose references all resolve and agree with its plan, but for
/// `defect`. A defect changes what is written, never what is drawn.
fn programme(
    text: &mut String,
    rng: &mut Rng,
    plan: &PlanSpec,
    number: i64,
    serial: usize,
    defect: Option<Defect>,
) {
    let (start, end) = (plan.start, plan.start + 4);
    let _ = write!(
        text,
        "\n[[programme]]\nplan = \"{}\"\nnumber = {number}\n",
        plan.id
    );
    // The serial number keeps titles distinct across plans (else: same-programme-in-plans).
    let _ = writeln!(
        text,
        "title = \"{} on {} for {} (series {serial})\"",
        rng.pick(KINDS),
        rng.pick(TOPICS),
        rng.pick(AUDIENCES)
    );
    if rng.chance(40) {
        let acts = rng.subset(ACTIVITIES, 1, 3);
        let _ = writeln!(text, "activities = {}", quoted_list(&acts));
    }
    let areas = if plan.thematic {
        rng.subset(THEMATIC_AREAS, 1, 4)
    } else {
        rng.subset(PRIORITY_AREAS, 1, 4)
    };
    let _ = writeln!(text, "areas = {}", quoted_list(&areas));
    let timeline = match rng.below(10) {
        0..=3 => format!("{}", start + rng.below(5) as i64),
        4 | 5 => {
            let a = start + rng.below(4) as i64;
            let b = a + 1 + rng.below((end - a) as usize) as i64;
            format!("{a}-{b}")
        }
        6 => format!("Q{} {}", 1 + rng.below(4), start + rng.below(5) as i64),
        7 => format!(
            "{} {}",
            rng.pick(&accsm::model::timeline::MONTHS),
            start + rng.below(5) as i64
        ),
        8 => ["Annually", "Biennially"][rng.below(2)].to_string(),
        _ => "TBC".to_string(),
    };
    let timeline = if defect == Some(Defect::EarlyTimeline) {
        format!("{}-{}", start - 1, start + 1)
    } else {
        timeline
    };
    let _ = writeln!(text, "timeline = \"{timeline}\"");

    let coordinator = if plan.thematic && rng.chance(40) {
        *rng.pick(PLUS_THREE)
    } else {
        *rng.pick(AMS)
    };
    match rng.below(4) {
        0 | 1 => {
            let usd = (1 + rng.below(200)) * 500;
            let rate = 1 + rng.below(20);
            let _ = writeln!(
                text,
                "budget = {{ text = \"${usd}.00 USD ({} {}.00)\", amount = {usd}.00, \
                 currency = \"USD\", local_amount = {}.00, local_currency = \"{}\" }}",
                coordinator.1,
                usd * rate,
                usd * rate,
                coordinator.1
            );
        }
        2 => {
            let sources = rng.subset(FUNDING, 1, 3);
            let words: Vec<&str> = sources.iter().map(|(_, w)| *w).collect();
            let ids: Vec<&str> = sources.iter().map(|(id, _)| *id).collect();
            let _ = write!(
                text,
                "budget = {{ text = \"{}\", sources = {}",
                words.join(" / "),
                quoted_list(&ids)
            );
            if rng.chance(30) {
                let _ = write!(text, ", funded_by = \"{}\"", rng.pick(FUNDERS));
            }
            text.push_str(" }\n");
        }
        _ => text.push_str("budget = { text = \"TBC\", tbc = true }\n"),
    }
    let mut coordinators = vec![coordinator.0];
    if rng.chance(15) {
        let other = rng.pick(AMS).0;
        if other != coordinator.0 {
            coordinators.push(other);
        }
    } else if rng.chance(5) {
        coordinators.push("ACCSM-CHAIR");
    }
    let _ = writeln!(text, "coordinators = {}", quoted_list(&coordinators));
    let mut partners = if rng.chance(60) {
        rng.subset(PARTNERS, 1, 3)
    } else {
        Vec::new()
    };
    if defect == Some(Defect::AmsPartner) {
        partners.push(&"IDN");
    }
    if !partners.is_empty() {
        let _ = writeln!(text, "partners = {}", quoted_list(&partners));
    }
    let country = coordinator.0;
    let mut named: Vec<String> = if rng.chance(30) {
        let orgs = rng.subset(ORGANISATIONS, 1, 3);
        orgs.iter().map(|o| format!("{o}, {country}")).collect()
    } else {
        Vec::new()
    };
    if defect == Some(Defect::UnlistedOrganisation) {
        named.push(format!("Institute Not In The List, {country}"));
    }
    if !named.is_empty() {
        let _ = writeln!(text, "partner_organisations = {}", quoted_list(&named));
    }
    // Measures from the plans' relevant list; the KRAs are exactly theirs.
    let measures = rng.subset(MEASURES, 1, 4);
    let mut kras: Vec<&str> = Vec::new();
    for (_, kra) in &measures {
        if !kras.contains(kra) {
            kras.push(kra);
        }
    }
    let mut measure_ids: Vec<String> = measures.iter().map(|(m, _)| m.to_string()).collect();
    if defect == Some(Defect::MisspeltMeasure) {
        // `A.2.iii` as `A.2 iii`: a near-miss form of a measure the plan calls relevant.
        if let Some(i) = measure_ids[0].rfind('.') {
            measure_ids[0].replace_range(i..=i, " ");
        }
    }
    let _ = writeln!(text, "kras = {}", quoted_list(&kras));
    let _ = writeln!(text, "measures = {}", quoted_list(&measure_ids));
    if rng.chance(25) {
        let lines = rng.subset(APSC_LINES, 1, 2);
        let _ = writeln!(text, "apsc_lines = {}", quoted_list(&lines));
    }
    if rng.chance(50) {
        let declarations = rng.subset(DECLARATIONS, 1, 4);
        let _ = writeln!(text, "declarations = {}", quoted_list(&declarations));
    }
    if rng.chance(10) {
        text.push_str("carried_over = true\n");
    }
    // `note` goes after `status`, in the order of the schema (`accsm fmt`), but is drawn first.
    let note = rng.chance(10);
    let status = rng.chance(30);
    if status {
        let status = ["planned", "ongoing", "completed"][rng.below(3)];
        let _ = writeln!(text, "status = \"{status}\"");
    }
    if note {
        text.push_str("note = \"Synthetic programme; the wording of the budget is invented.\"\n");
    }
    if status {
        for _ in 0..rng.below(3) {
            let _ = write!(
                text,
                "\n[[programme.update]]\ndate = {}-{:02}-{:02}\ntext = \"{} held with {} participants.\"\n",
                start + rng.below(5) as i64,
                1 + rng.below(12),
                1 + rng.below(28),
                rng.pick(ACTIVITIES),
                10 + rng.below(90)
            );
        }
    }
}
