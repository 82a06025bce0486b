//! `accsm trend`: each KPI for each AMS, baseline against latest, and AMS as a whole.

use std::path::Path;
use std::process::ExitCode;

use accsm::check::references::Catalog;
use accsm::escape::{terminal_safe, terminal_safe_lines};
use accsm::model::{Kpi, Plan};
use accsm::query::{kpi_plan, select_countries, select_kpis};
use accsm::report::Grid;
use accsm::trend::{self, Regional, Trend, Window};

use crate::cli::{ListFormat, TrendArgs};
use crate::error::Error;
use crate::output;

pub fn run(root: Option<&Path>, args: TrendArgs) -> Result<ExitCode, Error> {
    let loaded = super::load_kpi_repository(root)?;
    let data = &loaded.dataset;
    let catalog = Catalog::new(data);
    let plan = kpi_plan(data, args.plan.as_deref())?;
    let kpis = select_kpis(data, plan, &args.kpi)?;
    let countries = select_countries(&catalog, &args.country)?;
    let window = window(plan, &args)?;
    let rows = trend::trends(data, &loaded.sources, &kpis, &countries, window);
    let regional = as_a_whole(&kpis, &rows);
    if data.returns.is_empty() {
        output::note(
            "this repository holds no KPI returns (they are not public); `accsm new return` \
             writes one, and `accsm --root examples trend` shows the illustrative set",
        );
    }
    let text = match (args.explain, args.format) {
        (true, _) => explain(&rows),
        (false, ListFormat::Json) => json(plan, window, &rows, &regional)?,
        (false, format) => {
            let title = title(plan, window, args.midterm);
            tables(format, &title, &rows, &regional)?
        }
    };
    output::print(&text)?;
    output::skip_freeing(loaded);
    Ok(ExitCode::SUCCESS)
}

/// The years compared: the plan's (or its mid-term review's), moved by --from and --to.
fn window(plan: &Plan, args: &TrendArgs) -> Result<Window, Error> {
    let mut window = if args.midterm {
        Window::midterm(plan)
    } else {
        Window::of_plan(plan)
    };
    window.from = args.from.unwrap_or(window.from);
    window.to = args.to.unwrap_or(window.to);
    if window.from >= window.to {
        return Err(Error::usage(format!(
            "--from {} must come before --to {}",
            window.from, window.to
        )));
    }
    Ok(window)
}

/// Each KPI for the AMS as a whole, from the rows of its AMS.
fn as_a_whole(kpis: &[&Kpi], rows: &[Trend]) -> Vec<Regional> {
    kpis.iter()
        .map(|k| {
            let of_kpi: Vec<&Trend> = rows
                .iter()
                .filter(|r| r.kpi == k.id.value.as_str())
                .collect();
            trend::regional(k, &of_kpi)
        })
        .collect()
}

fn json(
    plan: &Plan,
    window: Window,
    rows: &[Trend],
    regional: &[Regional],
) -> Result<String, Error> {
    #[derive(serde::Serialize)]
    struct Report<'a> {
        plan: &'a str,
        from: i64,
        to: i64,
        trends: &'a [Trend],
        ams_as_a_whole: &'a [Regional],
    }
    output::json(&Report {
        plan: &plan.id.value,
        from: window.from,
        to: window.to,
        trends: rows,
        ams_as_a_whole: regional,
    })
}

/// "accsm-2021-2025: baseline 2021 to 2025", escaped for the terminal.
fn title(plan: &Plan, window: Window, midterm: bool) -> String {
    let what = if midterm {
        "Mid-term review view of "
    } else {
        ""
    };
    format!(
        "{what}{}: baseline {} to {}\n",
        terminal_safe(&plan.id.value),
        window.from,
        window.to
    )
}

/// The trends per AMS, then (except in CSV, which holds one table) the AMS as a whole.
fn tables(
    format: ListFormat,
    title: &str,
    rows: &[Trend],
    regional: &[Regional],
) -> Result<String, Error> {
    let render = |g: &Grid| -> Result<String, Error> {
        Ok(match format {
            ListFormat::Csv => g.to_csv()?,
            ListFormat::Markdown => g.to_markdown(),
            _ => g.to_table(super::table_width()),
        })
    };
    let per_ams = render(&trend_grid(rows))?;
    Ok(match format {
        ListFormat::Csv => per_ams,
        _ => format!(
            "{title}{per_ams}\nAMS as a whole\n{}",
            render(&regional_grid(regional))?
        ),
    })
}

fn trend_grid(rows: &[Trend]) -> Grid {
    let show = |r: &Option<accsm::trend::Reading>| {
        r.as_ref()
            .map(|x| format!("{} ({})", x.text, x.year))
            .unwrap_or_else(|| "—".to_string())
    };
    Grid {
        header: [
            "KPI", "AMS", "Baseline", "Latest", "Change", "Status", "Why",
        ]
        .map(String::from)
        .to_vec(),
        rows: rows
            .iter()
            .map(|r| {
                let mut why = r.reason.clone();
                if !r.series.is_empty() {
                    let series: Vec<String> =
                        r.series.iter().map(|(y, n)| format!("{y}: {n}")).collect();
                    why = format!("{why}; series {}", series.join(", "));
                }
                vec![
                    r.kpi.clone(),
                    r.country_name.clone(),
                    show(&r.baseline),
                    show(&r.latest),
                    r.change.clone().unwrap_or_default(),
                    r.status.label().to_string(),
                    why,
                ]
            })
            .collect(),
    }
}

fn regional_grid(regional: &[Regional]) -> Grid {
    let mut header = vec![
        "KPI".to_string(),
        "Measure".to_string(),
        "Baseline".to_string(),
        "Latest".to_string(),
    ];
    header.extend(
        trend::TrendStatus::ALL
            .iter()
            .map(|s| s.label().to_string()),
    );
    Grid {
        header,
        rows: regional
            .iter()
            .map(|r| {
                let mut row = vec![
                    r.kpi.clone(),
                    r.measure.clone(),
                    r.baseline.clone().unwrap_or_default(),
                    r.latest.clone().unwrap_or_default(),
                ];
                row.extend(
                    trend::TrendStatus::ALL
                        .iter()
                        .map(|s| r.counts.get(s).copied().unwrap_or(0).to_string()),
                );
                row
            })
            .collect(),
    }
}

/// Every input of every status, where it was read, the rule and the result, escaped for the
/// terminal.
fn explain(rows: &[Trend]) -> String {
    let mut out = String::new();
    for r in rows {
        out.push_str(&format!(
            "{} — {} ({}): {}\n",
            r.kpi,
            r.country_name,
            r.country,
            r.status.label()
        ));
        for (label, reading) in [("baseline", &r.baseline), ("latest", &r.latest)] {
            match reading {
                Some(x) => out.push_str(&format!(
                    "  {label:<9} {} = {}   [{}]\n",
                    x.year, x.text, x.source
                )),
                None => out.push_str(&format!("  {label:<9} none\n")),
            }
        }
        if !r.series.is_empty() {
            let series: Vec<String> = r.series.iter().map(|(y, n)| format!("{y}: {n}")).collect();
            out.push_str(&format!("  series    {}\n", series.join(", ")));
        }
        out.push_str(&format!("  rule      {}\n", r.rule));
        out.push_str(&format!(
            "  result    {} — {}\n\n",
            r.status.label(),
            r.reason
        ));
    }
    terminal_safe_lines(&out).into_owned()
}
