//! `accsm trend`: each KPI for each AMS, baseline against latest, and AMS as a whole.

use std::path::Path;
use std::process::ExitCode;

use accsm::check::references::Catalog;
use accsm::report::Grid;
use accsm::trend::{self, Trend, Window};

use crate::cli::{ListFormat, TrendArgs};
use crate::output;

pub fn run(root: Option<&Path>, args: TrendArgs) -> anyhow::Result<ExitCode> {
    let loaded = super::load_repository(root)?;
    let data = &loaded.dataset;
    let catalog = Catalog::new(data);
    let plan = accsm::query::kpi_plan(data, args.plan.as_deref())?;
    let kpis = accsm::query::select_kpis(data, plan, &args.kpi)?;
    let countries = accsm::query::select_countries(&catalog, &args.country)?;
    let mut window = if args.midterm {
        Window::midterm(plan)
    } else {
        Window::of_plan(plan)
    };
    if let Some(from) = args.from {
        window.from = from;
    }
    if let Some(to) = args.to {
        window.to = to;
    }
    if window.from >= window.to {
        anyhow::bail!("--from {} must come before --to {}", window.from, window.to);
    }
    let rows = trend::trends(data, &loaded.sources, &kpis, &countries, window);
    let regional: Vec<trend::Regional> = kpis
        .iter()
        .map(|k| {
            let of_kpi: Vec<&Trend> = rows
                .iter()
                .filter(|r| r.kpi == k.id.value.as_str())
                .collect();
            trend::regional(k, &of_kpi)
        })
        .collect();
    if data.returns.is_empty() {
        eprintln!(
            "note: this repository holds no KPI returns (they are not public); `accsm new return` \
             writes one, and `accsm --root examples trend` shows the illustrative set"
        );
    }
    let text = if args.explain {
        explain(&rows)
    } else {
        match args.format {
            ListFormat::Json => {
                #[derive(serde::Serialize)]
                struct Report<'a> {
                    plan: &'a str,
                    from: i64,
                    to: i64,
                    trends: &'a [Trend],
                    ams_as_a_whole: &'a [trend::Regional],
                }
                serde_json::to_string_pretty(&Report {
                    plan: &plan.id.value,
                    from: window.from,
                    to: window.to,
                    trends: &rows,
                    ams_as_a_whole: &regional,
                })? + "\n"
            }
            format => {
                let title = if args.midterm {
                    format!(
                        "Mid-term review view of {}: baseline {} to {}\n",
                        plan.id.value, window.from, window.to
                    )
                } else {
                    format!(
                        "{}: baseline {} to {}\n",
                        plan.id.value, window.from, window.to
                    )
                };
                let (a, b) = (trend_grid(&rows), regional_grid(&regional));
                let render = |g: &Grid| -> anyhow::Result<String> {
                    Ok(match format {
                        ListFormat::Csv => g.to_csv()?,
                        ListFormat::Markdown => g.to_markdown(),
                        _ => g.to_table(super::table_width()),
                    })
                };
                match format {
                    ListFormat::Csv => render(&a)?,
                    _ => format!("{title}{}\nAMS as a whole\n{}", render(&a)?, render(&b)?),
                }
            }
        }
    };
    output::print(&text)?;
    output::skip_freeing(loaded);
    Ok(ExitCode::SUCCESS)
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

fn regional_grid(regional: &[trend::Regional]) -> Grid {
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

/// Every input of every status, where it was read, the rule and the result.
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
    out
}
