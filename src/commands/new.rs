//! `accsm new return`: a return template with every KPI question as a comment. Written atomically
//! (a temporary file renamed into place), never over an existing file, never through a symbolic
//! link that leads out of the repository.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};

use accsm::check::references::Catalog;
use accsm::load::workspace::Workspace;
use accsm::model::{AnswerKind, Kpi};

use crate::cli::NewReturnArgs;
use crate::error::Error;
use crate::output;

pub fn run(root: Option<&Path>, args: NewReturnArgs) -> Result<ExitCode, Error> {
    let workspace = Workspace::open(root)?;
    let loaded = super::load_repository(root)?;
    let data = &loaded.dataset;
    let catalog = Catalog::new(data);
    let plan = accsm::query::kpi_plan(data, args.plan.as_deref())?;
    let country = accsm::query::select_countries(&catalog, std::slice::from_ref(&args.country))?
        .into_iter()
        .next()
        .context("no country")?;
    let years = plan.reporting_years();
    if !years.contains(&args.year) {
        return Err(Error::usage(format!(
            "{} lies outside the reporting years of `{}` ({}-{})",
            args.year,
            plan.id.value,
            years.start(),
            years.end()
        )));
    }
    let path = args.out.unwrap_or_else(|| {
        workspace
            .returns_dir()
            .join(&country)
            .join(format!("{}.toml", args.year))
    });
    let kpis: Vec<&Kpi> = data
        .kpis
        .iter()
        .filter(|k| k.plan.value == plan.id.value)
        .collect();
    let round = if Some(args.year) == plan.baseline_year.as_ref().map(|y| y.value) {
        "baseline"
    } else if Some(args.year) == plan.target_year.as_ref().map(|y| y.value) {
        "target"
    } else {
        "annual"
    };
    let text = template(&plan.id.value, &country, args.year, round, &kpis);
    write_new(&workspace.root, &path, &text)?;
    output::print(&format!(
        "wrote {}\n",
        accsm::load::display_path(&path).display()
    ))?;
    Ok(ExitCode::SUCCESS)
}

fn comment(out: &mut String, text: &str) {
    for line in text.lines() {
        out.push_str(&format!("# {line}\n").replace("# \n", "#\n"));
    }
}

/// The template: the return's header, then one commented answer block per KPI.
pub fn template(plan: &str, country: &str, year: i64, round: &str, kpis: &[&Kpi]) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "# KPI return of {country} for {year}, {plan}.\n\
         # Fill in the answers you have and delete the blocks you cannot answer; run `accsm validate`.\n\
         # The M&E framework tracks each AMS's own progress against its baseline; it does not compare AMS.\n\n\
         [return]\nplan = \"{plan}\"\ncountry = \"{country}\"\nyear = {year}\nround = \"{round}\"  # baseline, mid-term, annual or target\n\
         # submitted = {year}-12-31\n# focal_point = \"\"\n# data_source = \"\"\n# definitions = \"\"  # national definitions of the terms used\n\
         # narrative = \"\"  # qualitative information that complements the figures\n"
    ));
    for k in kpis {
        out.push_str(&format!("\n# [{}] {}\n", k.id.value, k.title.value));
        for q in &k.questions {
            comment(&mut out, &format!("Q: {}", q.value));
        }
        // Answer blocks stay commented out until filled in, so an untouched template is valid.
        out.push_str(&format!("# [return.answers.\"{}\"]\n", k.id.value));
        let lines: Vec<String> = match k.answer.value {
            AnswerKind::YesNo if k.questions.len() > 1 => {
                vec![format!("yes = [{}]  # one true/false per question", vec!["false"; k.questions.len()].join(", "))]
            }
            AnswerKind::YesNo => vec!["yes = false".into()],
            AnswerKind::Count | AnswerKind::Percentage => {
                let mut l = Vec::new();
                if k.levels.is_empty() {
                    l.push("count = 0".to_string());
                } else {
                    let levels: Vec<String> = k.levels.iter().map(|x| format!("{} = 0", x.value)).collect();
                    l.push(format!("levels = {{ {} }}", levels.join(", ")));
                }
                if k.asks_total {
                    l.push("total = 0  # the total, so a percentage can be derived".into());
                }
                if k.asks_names {
                    l.push("names = []  # the names of what is counted".into());
                }
                l
            }
            AnswerKind::Rating => {
                let periods: Vec<String> = k.periods.iter().map(|p| format!("\"{}\" = 0", p.value)).collect();
                vec![
                    format!("ratings = {{ {} }}  # level 1 evaluation, 1-5", periods.join(", ")),
                    format!("impact_ratings = {{ {} }}  # impact evaluation, 1-5", periods.join(", ")),
                ]
            }
            AnswerKind::CountPerYear => {
                let years: Vec<String> = k.years.iter().map(|y| format!("{} = 0", y.value)).collect();
                vec![format!("per_year = {{ {} }}", years.join(", "))]
            }
            AnswerKind::Participants => vec![
                format!("[[return.answers.\"{}\".projects]]", k.id.value),
                "title = \"\"".into(),
                "total = 0".into(),
                "female = 0".into(),
                "male = 0".into(),
                "by_country = { BRN = 0, KHM = 0, IDN = 0, LAO = 0, MYS = 0, MMR = 0, PHL = 0, SGP = 0, THA = 0, VNM = 0 }".into(),
            ],
            AnswerKind::Survey => vec![
                "internal = { rate = 0.0, title = \"\", year = 0, indicators = [], scale = \"\" }".into(),
                "# third_party = { rate = 0.0, title = \"\", year = 0, indicators = [], scale = \"\" }".into(),
            ],
        };
        for l in lines {
            out.push_str(&format!("# {l}\n"));
        }
        out.push_str("# narrative = \"\"\n");
    }
    out
}

/// Writes a new file atomically. Refuses to overwrite, and refuses a target whose folder resolves
/// (through symbolic links) outside the repository.
fn write_new(root: &Path, path: &Path, text: &str) -> anyhow::Result<()> {
    if path.exists() || path.is_symlink() {
        bail!(
            "{} already exists; accsm does not overwrite returns",
            path.display()
        );
    }
    let parent = path
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    std::fs::create_dir_all(&parent)
        .with_context(|| format!("cannot create {}", parent.display()))?;
    let real_parent = parent
        .canonicalize()
        .with_context(|| format!("cannot open {}", parent.display()))?;
    let real_root = root
        .canonicalize()
        .with_context(|| format!("cannot open {}", root.display()))?;
    if !real_parent.starts_with(&real_root) {
        bail!(
            "{} lies outside the repository {} (through a symbolic link?); accsm writes only inside it",
            path.display(),
            root.display()
        );
    }
    let file_name = path
        .file_name()
        .context("the output path has no file name")?;
    let temp = real_parent.join(format!(
        ".{}.tmp-{}",
        file_name.to_string_lossy(),
        std::process::id()
    ));
    let result = (|| -> anyhow::Result<()> {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        // Hard-link then remove: unlike rename, fails if the target appeared in the meantime.
        std::fs::hard_link(&temp, real_parent.join(file_name))?;
        Ok(())
    })();
    let _ = std::fs::remove_file(&temp);
    result.with_context(|| format!("cannot write {}", path.display()))
}
