//! Reporting completeness: which AMS returned which KPI answers for which year (`accsm returns`).
//! AMS in alphabetical order of their names, never ranked.

use serde::Serialize;

use super::Grid;
use std::collections::BTreeMap;

use crate::model::{Dataset, Kpi, Plan, Return};

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
        // The plan's returns only: another plan's are not answers to these KPIs.
        let mut by_country: BTreeMap<&str, BTreeMap<i64, &Return>> = BTreeMap::new();
        for r in data
            .returns
            .iter()
            .filter(|r| r.plan.value == plan.id.value)
        {
            by_country
                .entry(r.country.value.as_str())
                .or_default()
                .insert(r.year.value, r);
        }
        let mut cells = Vec::new();
        for (id, name) in data.ams_of(plan) {
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

    /// One row per AMS and year, for a spreadsheet: whether a return came in, and the KPIs
    /// answered and asked as plain numbers in columns of their own (a cell "1/1" would be read
    /// as a date).
    pub fn long(&self) -> Grid {
        Grid {
            header: [
                "AMS",
                "Year",
                "Return",
                "KPIs answered",
                "KPIs asked",
                "KPIs not answered",
            ]
            .map(String::from)
            .to_vec(),
            rows: self
                .cells
                .iter()
                .map(|c| {
                    let (answered, asked) = match c.returned {
                        true => (
                            (self.kpis - c.missing.len()).to_string(),
                            self.kpis.to_string(),
                        ),
                        false => (String::new(), String::new()),
                    };
                    vec![
                        c.country_name.clone(),
                        c.year.to_string(),
                        if c.returned { "yes" } else { "no" }.to_string(),
                        answered,
                        asked,
                        c.missing.join(" "),
                    ]
                })
                .collect(),
        }
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
