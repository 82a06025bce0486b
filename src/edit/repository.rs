//! `accsm init`: the files of a new work-plan repository. The manifest, an empty plan for the
//! period asked for, the reference lists and the KPI groups they name (copied from the shipped
//! data, [`crate::load::embedded`]), `.gitignore`, a GitHub Actions workflow and a pre-commit
//! configuration that run `accsm validate` and `accsm fmt --check`.
//!
//! Values from the command line go into TOML values only, written by `toml_edit`; the YAML files
//! hold nothing from the command line.

use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, value};

use crate::load::embedded;

/// The plan `init` starts the repository with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewPlan {
    pub id: String,
    pub plus_three: bool,
    pub start: i64,
    pub end: i64,
    /// Copy the KPIs of the shipped plan of the same body as the plan's own.
    pub kpis: bool,
}

impl NewPlan {
    pub fn title(&self) -> String {
        let body = if self.plus_three { "ACCSM+3" } else { "ACCSM" };
        format!("{body} Work Plan {}-{}", self.start, self.end)
    }
}

/// The files of a new repository: (path relative to its root, text), in the order to write them.
pub fn repository_files(name: &str, plan: &NewPlan) -> Vec<(String, String)> {
    let mut files = vec![
        ("accsm.toml".to_string(), manifest(name)),
        (format!("data/plans/{}.toml", plan.id), plan_file(plan)),
    ];
    let reference = embedded::files()
        .iter()
        .filter(|(path, _)| path.starts_with("data/reference/"));
    files.extend(reference.map(|(path, text)| (path.to_string(), text.to_string())));
    files.push(("data/kpi-groups.toml".to_string(), kpi_groups()));
    if plan.kpis {
        if let Some(kpis) = shipped_kpis(plan) {
            files.push((format!("data/kpis-{}.toml", plan.id), kpis));
        }
    }
    files.push((".gitignore".to_string(), GITIGNORE.to_string()));
    files.push((".github/workflows/accsm.yml".to_string(), workflow()));
    files.push((
        ".pre-commit-config.yaml".to_string(),
        PRE_COMMIT.to_string(),
    ));
    files.push((".taplo.toml".to_string(), TAPLO.to_string()));
    files.push((
        ".vscode/extensions.json".to_string(),
        VSCODE_EXTENSIONS.to_string(),
    ));
    files
}

/// Where the editor set-up expects the data's JSON Schema (`accsm schema`), which `init` writes
/// once the new repository's reference lists can be read.
pub const SCHEMA_FILE: &str = "accsm.schema.json";

/// taplo's configuration, read by Even Better TOML and by the `taplo` command: the data files
/// get the schema (completion and checking as you type), and `taplo fmt` keeps accsm's layout.
/// accsm puts a list on one line unless an item is over 80 characters; taplo would otherwise
/// wrap long lists and join short ones, and `accsm fmt --check` would then fail.
/// `tests/editors.rs` runs the real taplo over every shipped file and this configuration.
pub const TAPLO: &str = "\
# Even Better TOML (VS Code) and the taplo command read this file: data files get accsm's JSON
# Schema (keys and ids completed and checked as you type; `accsm schema > accsm.schema.json`
# after changing the reference lists), and `taplo fmt` keeps the layout `accsm fmt` writes.
include = [\"accsm.toml\", \"data/**/*.toml\"]

[formatting]
array_auto_expand = false
array_auto_collapse = false

[[rule]]
include = [\"data/**/*.toml\"]

[rule.schema]
path = \"accsm.schema.json\"
";

/// VS Code offers to install Even Better TOML, taplo's extension, when the folder is opened.
pub const VSCODE_EXTENSIONS: &str = "\
{
  \"recommendations\": [\"tamasfe.even-better-toml\"]
}
";

fn manifest(name: &str) -> String {
    let mut doc = DocumentMut::new();
    doc["name"] = value(name);
    doc["data"] = value("data");
    let mut defaults = Table::new();
    defaults["deny_warnings"] = value(false);
    doc["defaults"] = Item::Table(defaults);
    let body = doc.to_string();
    let body = body
        .replace(
            "data = \"data\"\n",
            "# The folder whose *.toml files hold the reference lists, the plans and the KPIs.\n\
             data = \"data\"\n",
        )
        .replace(
            "deny_warnings = false\n",
            "# Set to true to make CI fail on warnings as well as errors (`validate --deny warnings`).\n\
             deny_warnings = false\n",
        );
    format!(
        "# The manifest of this work-plan repository, made by `accsm init`: accsm finds it by \
         walking up\n# from the working directory, as git and cargo do.\n{body}"
    )
}

fn plan_file(plan: &NewPlan) -> String {
    let mut table = Table::new();
    table["id"] = value(plan.id.as_str());
    table["title"] = value(plan.title());
    table["body"] = value(if plan.plus_three { "ACCSM+3" } else { "ACCSM" });
    table["area_kind"] = value(if plan.plus_three {
        "thematic"
    } else {
        "priority"
    });
    if let Some(fw) = framework_for(plan) {
        table["framework"] = value(fw);
    }
    table["start"] = value(plan.start);
    table["end"] = value(plan.end);
    let mut plans = ArrayOfTables::new();
    plans.push(table);
    let mut doc = DocumentMut::new();
    doc["plan"] = Item::ArrayOfTables(plans);
    let (s, e) = (plan.start, plan.end);
    format!(
        "# {title}, made by `accsm init`. Fill in the rest as the plan is\n\
         # adopted (`accsm schema` describes every key); add programmes with\n\
         # `accsm new programme`.\n\n\
         {doc}\
         # baseline_year = {s}\n\
         # target_year = {e}\n\
         # midterm_start = {s}\n\
         # midterm_end = {mid}\n\
         # adopted = \"{s}-01-01\"\n\
         # source = \"\"\n\
         # relevant_measures = []          # entries of the lowest level of its framework\n\
         # relevant_apsc_lines = []        # the APSC action lines the plan cites\n\
         # note = \"\"\n",
        title = plan.title(),
        mid = s + (e - s) / 2,
    )
}

/// The results framework of a new plan, from the shipped data: that of a shipped plan whose
/// period overlaps it; else, after the shipped plans, the one framework none of them cites (the
/// ASCC Strategic Plan after the ASCC Blueprint 2025).
fn framework_for(plan: &NewPlan) -> Option<String> {
    let loaded = embedded::load();
    let data = &loaded.dataset;
    let overlapping = data
        .plans
        .iter()
        .filter(|p| p.start.value <= plan.end && p.end.value >= plan.start)
        .find_map(|p| data.framework_of(p));
    if let Some(f) = overlapping {
        return Some(f.id.value.to_string());
    }
    let cited: Vec<&str> = data
        .plans
        .iter()
        .filter_map(|p| data.framework_of(p))
        .map(|f| f.id.value.as_str())
        .collect();
    let fresh: Vec<&str> = data
        .frameworks
        .iter()
        .map(|f| f.id.value.as_str())
        .filter(|f| !cited.contains(f))
        .collect();
    match fresh.as_slice() {
        [one] => Some(one.to_string()),
        _ => None,
    }
}

/// The KPIs of the shipped plan of the same body (ACCSM or ACCSM+3) under the new plan's id,
/// their comments kept: a starting point until the new plan's M&E framework is adopted.
fn shipped_kpis(plan: &NewPlan) -> Option<String> {
    let loaded = embedded::load();
    let data = &loaded.dataset;
    let area = if plan.plus_three {
        "thematic"
    } else {
        "priority"
    };
    let old = data
        .plans
        .iter()
        .filter(|p| p.area_kind.value.as_str() == area)
        .find(|p| data.kpis.iter().any(|k| k.plan.value == p.id.value))?;
    let next = super::NextPlan {
        id: &plan.id,
        from: old,
        start: plan.start,
        end: plan.end,
        framework: None,
        carry: Vec::new(),
    };
    let text_of = |file: crate::source::FileId| {
        embedded::files()
            .get(file.0 as usize)
            .map(|(_, text)| text.to_string())
    };
    super::next_kpis_file(data, &next, &text_of).ok().flatten()
}

/// The KPI groups of the shipped M&E framework, which the priority areas of the reference lists
/// name; the KPIs themselves belong to the shipped plan and are not copied.
fn kpi_groups() -> String {
    let text = embedded::file("data/kpis.toml").unwrap_or_default();
    let groups = text
        .parse::<DocumentMut>()
        .ok()
        .and_then(|doc| {
            doc.get("kpi_group")
                .and_then(Item::as_array_of_tables)
                .cloned()
        })
        .unwrap_or_default();
    let mut clean = ArrayOfTables::new();
    for group in groups.iter() {
        let mut table = Table::new();
        for (key, item) in group.iter() {
            if let Some(v) = item.as_value() {
                let mut v = v.clone();
                v.decor_mut().clear();
                table[key] = Item::Value(v);
            }
        }
        clean.push(table);
    }
    let mut doc = DocumentMut::new();
    doc["kpi_group"] = Item::ArrayOfTables(clean);
    format!(
        "# The KPI groups [A]-[E] of the M&E framework of the ACCSM Work Plan 2021-2025 (section 4),\n\
         # copied from the data accsm ships with: the priority areas in reference/areas.toml name\n\
         # them. The KPIs of that framework belong to its plan and are not copied; add the new\n\
         # plan's KPIs as [[kpi]] tables when it sets them.\n\n{doc}"
    )
}

const GITIGNORE: &str = "\
# Copies accsm writes before it renames them over a file; one is left only if a run was cut off.
.*.accsm-*.tmp
.*.tmp-*
# Editors and systems
*~
*.swp
.DS_Store
Thumbs.db
";

/// `owner/name` of accsm's GitHub repository, from `repository` in Cargo.toml: its action is
/// `uses: owner/name@v1`.
pub fn action_repository() -> &'static str {
    let url = env!("CARGO_PKG_REPOSITORY");
    url.strip_prefix("https://github.com/").unwrap_or(url)
}

/// The workflow: accsm's own action downloads the release program of the version that made the
/// repository (whose layout `fmt --check` then expects), checks its checksum and runs it.
fn workflow() -> String {
    format!(
        r#"# Checks the work plans on every push and pull request: `accsm validate` reports every problem
# (on the pull request, next to the lines), and `accsm fmt --check` that every file is in accsm's
# layout (run `accsm fmt` to put it so).
#
# The accsm action downloads the accsm program of the release named by `version`, checks it
# against its published SHA-256 checksum and runs it: nothing is installed or compiled. To move
# to a newer accsm, change `version` (and run `accsm fmt` with that version).
name: accsm

on:
  push:
  pull_request:

permissions:
  contents: read

jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v5
      - uses: {action}@v1
        with:
          version: v{version}
          fmt-check: "true"

  # Publishes the website of the work plans (`accsm site`) to GitHub Pages on every push to
  # main, once the data passes the check above. Switch it on once: Settings > Pages > Build and
  # deployment > Source: "GitHub Actions". Pull requests build nothing here.
  site:
    if: github.event_name == 'push' && github.ref == 'refs/heads/main'
    needs: check
    runs-on: ubuntu-latest
    permissions:
      contents: read
      pages: write
      id-token: write
    environment:
      name: github-pages
      url: ${{{{ steps.deploy.outputs.page_url }}}}
    concurrency:
      group: pages
      cancel-in-progress: false
    steps:
      - uses: actions/checkout@v5
        with:
          # The home page lists the latest changes to the data, from git's history.
          fetch-depth: 0
      # The same action (validates again, and gives the program's path).
      - id: accsm
        uses: {action}@v1
        with:
          version: v{version}
      - name: Build the site
        run: '"${{{{ steps.accsm.outputs.accsm }}}}" site --out _site'
      - uses: actions/upload-pages-artifact@v4
        with:
          path: _site
      - id: deploy
        uses: actions/deploy-pages@v5
"#,
        action = action_repository(),
        version = env!("CARGO_PKG_VERSION"),
    )
}

const PRE_COMMIT: &str = "\
# pre-commit (https://pre-commit.com) runs these checks before each commit: install pre-commit,
# then run `pre-commit install` once in this repository. accsm must be on the PATH.
repos:
  - repo: local
    hooks:
      - id: accsm-validate
        name: accsm validate
        entry: accsm validate
        language: system
        files: \\.toml$
        pass_filenames: false
      - id: accsm-fmt
        name: accsm fmt --check
        entry: accsm fmt --check
        language: system
        files: \\.toml$
        pass_filenames: false
";
