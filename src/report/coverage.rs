//! Reporting completeness: which AMS returned which KPI answers for which year (`accsm returns`).
//! AMS in alphabetical order of their names, never ranked.

use serde::Serialize;

use super::Grid;
use crate::model::{Dataset, Kpi, Plan};
use crate::query::by_country_and_year;

/// One AMS and year: whether a return came in and which of the KPIs it leaves unanswered.
#[derive(Clone, Debug, Serialize)]
pub struct CoverageCell {
    pub country: String,
    #[serde(skip)]
    pub country_name: String,
    pub year: i64,
    pub returned: bool,
    pub missing: Vec<String>,
}

/// The completeness of a plan's returns for the given KPIs.
#[derive(Clone, Debug)]
pub struct Coverage {
    pub years: Vec<i64>,
    pub kpis: usize,
    /// AMS by name, then year.
    pub cells: Vec<CoverageCell>,
}

impl Coverage {
    pub fn new(data: &Dataset, plan: &Plan, kpis: &[&Kpi]) -> Coverage {
        let years: Vec<i64> = plan.reporting_years().collect();
        let by_country = by_country_and_year(data);
        let mut cells = Vec::new();
        for (id, name) in data.ams_by_name() {
            for &year in &years {
                let ret = by_country.get(id).and_then(|m| m.get(&year));
                cells.push(CoverageCell {
                    country: id.to_string(),
                    country_name: name.to_string(),
                    year,
                    returned: ret.is_some(),
                    missing: ret
                        .map(|r| {
                            kpis.iter()
                                .filter(|k| r.answer(&k.id.value).is_none())
                                .map(|k| k.id.value.to_string())
                                .collect()
                        })
                        .unwrap_or_default(),
                });
            }
        }
        Coverage {
            years,
            kpis: kpis.len(),
            cells,
        }
    }

    /// AMS × year: answers given out of the KPIs asked, `—` where no return came in.
    pub fn matrix(&self) -> Grid {
        let mut header = vec!["AMS".to_string()];
        header.extend(self.years.iter().map(i64::to_string));
        let rows = self
            .cells
            .chunks(self.years.len().max(1))
            .map(|of_country| {
                let mut row = vec![
                    of_country
                        .first()
                        .map(|c| c.country_name.clone())
                        .unwrap_or_default(),
                ];
                row.extend(of_country.iter().map(|c| match c.returned {
                    false => "—".to_string(),
                    true => format!("{}/{}", self.kpis - c.missing.len(), self.kpis),
                }));
                row
            })
            .collect();
        Grid { header, rows }
    }

    /// The returns that leave KPIs unanswered, and which.
    pub fn missing(&self) -> Grid {
        Grid {
            header: ["AMS", "Year", "KPIs not answered"]
                .map(String::from)
                .to_vec(),
            rows: self
                .cells
                .iter()
                .filter(|c| c.returned && !c.missing.is_empty())
                .map(|c| {
                    vec![
                        c.country_name.clone(),
                        c.year.to_string(),
                        c.missing.join(" "),
                    ]
                })
                .collect(),
        }
    }
}
