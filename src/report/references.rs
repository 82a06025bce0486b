//! The reference views: the ARC directory, the KPI framework and the ACCSM chairs, read back
//! from the data as grids (table, CSV, Markdown) and JSON records. Member states are listed by
//! name, never ranked; chairs in the order of their meetings.

use serde::Serialize;

use super::Grid;
use super::programmes::PartyJson;
use crate::model::{AnswerKind, Arc, Chair, Dataset, Kpi, RefKind, SurveyKind, Text};
use crate::source::{SourceMap, Span};

/// `path:line` where a record starts.
fn read_from(sources: &SourceMap, span: Span) -> String {
    let line = sources
        .get(span.file)
        .map(|f| f.location(span.start).line)
        .unwrap_or(0);
    format!("{}:{line}", sources.path(span.file).display())
}

pub(super) fn text(t: &Option<Text>) -> Option<String> {
    t.as_ref().map(|t| t.value.to_string())
}

pub(super) fn country_name(data: &Dataset, id: &str) -> String {
    data.reference(RefKind::Country, id)
        .map(|c| c.display_name().to_string())
        .unwrap_or_else(|| id.to_string())
}

fn party(data: &Dataset, id: &str) -> PartyJson {
    PartyJson {
        id: id.to_string(),
        name: country_name(data, id),
    }
}

// ---------------------------------------------------------------------------------------------
// ARCs

/// The ARCs in alphabetical order of their countries' names (the order of the published
/// directory, which lists the AMS alphabetically).
pub fn arcs_by_country(data: &Dataset) -> Vec<&Arc> {
    let mut arcs: Vec<&Arc> = data.arcs.iter().collect();
    arcs.sort_by_cached_key(|a| country_name(data, &a.country.value));
    arcs
}

pub fn arcs_grid(data: &Dataset) -> Grid {
    Grid {
        header: ["Country", "ASEAN Resource Centre", "As of", "Web site"]
            .map(String::from)
            .to_vec(),
        rows: arcs_by_country(data)
            .into_iter()
            .map(|a| {
                vec![
                    country_name(data, &a.country.value),
                    a.name.value.to_string(),
                    a.as_of
                        .as_ref()
                        .map(|y| y.value.to_string())
                        .unwrap_or_default(),
                    text(&a.url).unwrap_or_default(),
                ]
            })
            .collect(),
    }
}

/// One ARC as JSON.
#[derive(Serialize)]
pub struct ArcJson {
    pub country: PartyJson,
    pub name: String,
    pub as_of: Option<i64>,
    pub url: Option<String>,
    pub note: Option<String>,
    /// `file:line` the record was read from.
    pub source: String,
}

pub fn arcs_json(data: &Dataset, sources: &SourceMap) -> Vec<ArcJson> {
    arcs_by_country(data)
        .into_iter()
        .map(|a| ArcJson {
            country: party(data, &a.country.value),
            name: a.name.value.to_string(),
            as_of: a.as_of.as_ref().map(|y| y.value),
            url: text(&a.url),
            note: text(&a.note),
            source: read_from(sources, a.span),
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// KPIs

/// How a KPI is answered, in words: "yes/no, one answer per question (2 questions)".
pub fn answer_form(kpi: &Kpi) -> String {
    let list = |items: &[Text]| {
        items
            .iter()
            .map(|t| t.value.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut out = match kpi.answer.value {
        AnswerKind::YesNo if kpi.questions.len() > 1 => format!(
            "yes/no, one answer per question ({} questions)",
            kpi.questions.len()
        ),
        AnswerKind::YesNo => "yes/no".to_string(),
        AnswerKind::Count if !kpi.levels.is_empty() => {
            format!("a count for each level: {}", list(&kpi.levels))
        }
        AnswerKind::Count => "a count".to_string(),
        AnswerKind::Percentage => "a percentage (0-100)".to_string(),
        AnswerKind::Rating => {
            let scale = match kpi.scale.as_slice() {
                [low, high] => format!(" on the scale {}-{}", low.value, high.value),
                _ => String::new(),
            };
            let mut s = format!("a rating{scale}");
            if !kpi.periods.is_empty() {
                s.push_str(&format!(" for each period: {}", list(&kpi.periods)));
            }
            s
        }
        AnswerKind::CountPerYear => {
            let years: Vec<String> = kpi.years.iter().map(|y| y.value.to_string()).collect();
            if years.is_empty() {
                "a count for each year".to_string()
            } else {
                format!("a count for each year: {}", years.join(", "))
            }
        }
        AnswerKind::Participants => {
            "the participants of each project: the total, by gender and by country".to_string()
        }
        AnswerKind::Survey => {
            let kinds: Vec<&str> = kpi
                .sources
                .iter()
                .map(|s| match s.value {
                    SurveyKind::Internal => "internal feedback",
                    SurveyKind::ThirdParty => "a third-party survey",
                })
                .collect();
            if kinds.is_empty() {
                "a survey result: the rate, the survey's title, year and scale".to_string()
            } else {
                format!(
                    "a survey result from {}: the rate, the survey's title, year and scale",
                    kinds.join(" or ")
                )
            }
        }
    };
    let extras: Vec<&str> = [(kpi.asks_total, "the total"), (kpi.asks_names, "the names")]
        .into_iter()
        .filter_map(|(asked, what)| asked.then_some(what))
        .collect();
    if !extras.is_empty() {
        out.push_str(&format!(", with {}", extras.join(" and ")));
    }
    out
}

/// The overview: one row per KPI, in the framework's order (the group is the id's letter).
pub fn kpis_grid(kpis: &[&Kpi]) -> Grid {
    Grid {
        header: ["KPI", "Title", "Answer form"].map(String::from).to_vec(),
        rows: kpis
            .iter()
            .map(|k| {
                vec![
                    k.id.value.to_string(),
                    k.title.value.to_string(),
                    answer_form(k),
                ]
            })
            .collect(),
    }
}

fn group_label(data: &Dataset, k: &Kpi) -> String {
    match data.reference(RefKind::KpiGroup, &k.group.value) {
        Some(g) => format!("{} {}", g.id.value, g.display_name()),
        None => k.group.value.to_string(),
    }
}

/// What the data-collection template's Baseline and Target columns are, from the plan:
/// ("Baseline (2021)", "Target (2025)").
fn columns(data: &Dataset, k: &Kpi) -> (String, String) {
    let plan = data.plan(&k.plan.value);
    let year = |y: Option<i64>, what: &str| match y {
        Some(y) => format!("{what} ({y})"),
        None => format!("{what} (the plan gives no year)"),
    };
    (
        year(
            plan.and_then(|p| p.baseline_year.as_ref()).map(|y| y.value),
            "Baseline",
        ),
        year(
            plan.and_then(|p| p.target_year.as_ref()).map(|y| y.value),
            "Target",
        ),
    )
}

/// One KPI as a card of fields and values: its questions, how it is answered, the baseline and
/// target columns it is reported in, how the AMS are taken together, the explanatory notes.
pub fn kpi_card(data: &Dataset, k: &Kpi) -> Grid {
    let mut rows: Vec<[String; 2]> = vec![
        ["KPI".into(), k.id.value.to_string()],
        ["Title".into(), k.title.value.to_string()],
        ["Group".into(), group_label(data, k)],
        ["Plan".into(), k.plan.value.to_string()],
    ];
    if let Some(parent) = &k.parent {
        rows.push(["Part of".into(), parent.value.to_string()]);
    }
    let many = k.questions.len() > 1;
    for (i, q) in k.questions.iter().enumerate() {
        let label = if many {
            format!("Question {}", i + 1)
        } else {
            "Question".to_string()
        };
        rows.push([label, q.value.to_string()]);
    }
    rows.push(["Answer form".into(), answer_form(k)]);
    if !k.scale_labels.is_empty() {
        let labels: Vec<&str> = k.scale_labels.iter().map(|l| l.value.as_str()).collect();
        rows.push(["Scale".into(), labels.join("; ")]);
    }
    for form in &k.forms {
        rows.push(["Form".into(), form.value.to_string()]);
    }
    let (baseline, target) = columns(data, k);
    rows.push([
        "Reported in".into(),
        format!("the data-collection template's {baseline} and {target} columns"),
    ]);
    if let Some(r) = &k.rollup_text {
        rows.push(["AMS as a whole".into(), r.value.to_string()]);
    }
    // A paragraph per row: a line break inside a cell would not survive every format.
    for (label, value) in [("Explanatory notes", &k.definition), ("Note", &k.note)] {
        let paragraphs = value.iter().flat_map(|v| v.value.lines());
        for (i, paragraph) in paragraphs.filter(|p| !p.trim().is_empty()).enumerate() {
            let label = if i == 0 { label } else { "" };
            rows.push([label.into(), paragraph.to_string()]);
        }
    }
    Grid {
        header: vec!["Field".into(), "Value".into()],
        rows: rows.into_iter().map(Vec::from).collect(),
    }
}

/// Every field of every KPI, one row each, for a spreadsheet. Questions are joined by `;`.
pub fn kpis_csv_grid(data: &Dataset, kpis: &[&Kpi]) -> Grid {
    Grid {
        header: [
            "KPI",
            "Group",
            "Part of",
            "Title",
            "Questions",
            "Answer form",
            "Baseline",
            "Target",
            "AMS as a whole",
            "Explanatory notes",
        ]
        .map(String::from)
        .to_vec(),
        rows: kpis
            .iter()
            .map(|k| {
                let (baseline, target) = columns(data, k);
                vec![
                    k.id.value.to_string(),
                    group_label(data, k),
                    text(&k.parent).unwrap_or_default(),
                    k.title.value.to_string(),
                    crate::escape::csv_list(k.questions.iter().map(|q| q.value.as_str())),
                    answer_form(k),
                    baseline,
                    target,
                    text(&k.rollup_text).unwrap_or_default(),
                    text(&k.definition).unwrap_or_default(),
                ]
            })
            .collect(),
    }
}

/// One KPI as JSON: the fields of the framework as recorded, and the answer form in words.
#[derive(Serialize)]
pub struct KpiJson {
    pub id: String,
    pub plan: String,
    pub group: String,
    pub parent: Option<String>,
    pub title: String,
    pub questions: Vec<String>,
    /// The answer form as recorded: `yes-no`, `count`, `rating`…
    pub answer: &'static str,
    /// The answer form in words.
    pub answer_form: String,
    pub levels: Vec<String>,
    pub periods: Vec<String>,
    pub years: Vec<i64>,
    pub scale: Vec<i64>,
    pub scale_labels: Vec<String>,
    pub forms: Vec<String>,
    pub baseline_year: Option<i64>,
    pub target_year: Option<i64>,
    pub rollup: Option<&'static str>,
    pub rollup_text: Option<String>,
    pub definition: Option<String>,
    pub note: Option<String>,
    /// `file:line` the record was read from.
    pub source: String,
}

pub fn kpis_json(data: &Dataset, sources: &SourceMap, kpis: &[&Kpi]) -> Vec<KpiJson> {
    let texts = |items: &[Text]| items.iter().map(|t| t.value.to_string()).collect();
    kpis.iter()
        .map(|k| {
            let plan = data.plan(&k.plan.value);
            KpiJson {
                id: k.id.value.to_string(),
                plan: k.plan.value.to_string(),
                group: k.group.value.to_string(),
                parent: text(&k.parent),
                title: k.title.value.to_string(),
                questions: texts(&k.questions),
                answer: k.answer.value.as_str(),
                answer_form: answer_form(k),
                levels: texts(&k.levels),
                periods: texts(&k.periods),
                years: k.years.iter().map(|y| y.value).collect(),
                scale: k.scale.iter().map(|y| y.value).collect(),
                scale_labels: texts(&k.scale_labels),
                forms: texts(&k.forms),
                baseline_year: plan.and_then(|p| p.baseline_year.as_ref()).map(|y| y.value),
                target_year: plan.and_then(|p| p.target_year.as_ref()).map(|y| y.value),
                rollup: k.rollup.as_ref().map(|r| r.value.as_str()),
                rollup_text: text(&k.rollup_text),
                definition: text(&k.definition),
                note: text(&k.note),
                source: read_from(sources, k.span),
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Chairs

/// The rule of the Terms of Reference of the ACCSM, in its own words.
pub const ROTATION_RULE: &str = "Chairmanship of the ACCSM shall be rotated among ASEAN Member \
    States in alphabetical order with a term of two years. The Vice Chair shall be the incoming \
    Chair of the ACCSM.";

/// Where the rule is written.
pub const ROTATION_SOURCE: &str = "Terms of Reference of the ACCSM, paragraph 17, in ACCSM Work \
    Plan 2021-2025 and Related Documents (ASEAN Secretariat, June 2021), section 5.5";

/// The chairs in the order of their meetings.
pub fn chairs_in_order(data: &Dataset) -> Vec<&Chair> {
    let mut chairs: Vec<&Chair> = data.chairs.iter().collect();
    chairs.sort_by_key(|c| c.meeting.value);
    chairs
}

/// `17th`, `21st`, `22nd`, `23rd`, `111th`.
pub fn ordinal(n: i64) -> String {
    let suffix = match (n.rem_euclid(100), n.rem_euclid(10)) {
        (11..=13, _) => "th",
        (_, 1) => "st",
        (_, 2) => "nd",
        (_, 3) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

pub fn chairs_grid(data: &Dataset) -> Grid {
    Grid {
        header: ["ACCSM", "Chair", "Term", "Note"]
            .map(String::from)
            .to_vec(),
        rows: chairs_in_order(data)
            .into_iter()
            .map(|c| {
                vec![
                    ordinal(c.meeting.value),
                    country_name(data, &c.country.value),
                    text(&c.years).unwrap_or_default(),
                    text(&c.note).unwrap_or_default(),
                ]
            })
            .collect(),
    }
}

/// One chairmanship as JSON.
#[derive(Serialize)]
pub struct ChairJson {
    pub meeting: i64,
    pub country: PartyJson,
    pub years: Option<String>,
    pub note: Option<String>,
    /// `file:line` the record was read from.
    pub source: String,
}

pub fn chairs_json(data: &Dataset, sources: &SourceMap) -> Vec<ChairJson> {
    chairs_in_order(data)
        .into_iter()
        .map(|c| ChairJson {
            meeting: c.meeting.value,
            country: party(data, &c.country.value),
            years: text(&c.years),
            note: text(&c.note),
            source: read_from(sources, c.span),
        })
        .collect()
}

/// Who chairs next by the rotation rule, or why the rule cannot tell.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NextChair {
    /// The next chair by the rule; `None` when the data cannot tell.
    pub next: Option<NextByRule>,
    /// The terms asked for (`chairs --next --terms N`), the next one first; each by the
    /// membership of its first year.
    pub terms: Vec<NextByRule>,
    /// Why the rule cannot name the next chair (when `next` is `None`), in words.
    pub why_unknown: Option<String>,
    pub rule: &'static str,
    pub source: &'static str,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NextByRule {
    pub meeting: i64,
    pub country: String,
    pub name: String,
    /// The term of the latest chair recorded, after which the next one begins.
    pub after_meeting: i64,
    pub after_country: String,
    pub after_years: Option<String>,
    /// The years of this term, two after the term before, where those are known.
    pub years: Option<String>,
}

impl NextChair {
    pub(super) fn unknown(why: String) -> Self {
        NextChair {
            next: None,
            terms: Vec::new(),
            why_unknown: Some(why),
            rule: ROTATION_RULE,
            source: ROTATION_SOURCE,
        }
    }

    /// The answer as one or two sentences.
    pub fn sentence(&self) -> String {
        match (&self.next, &self.why_unknown) {
            (Some(n), _) => format!(
                "By the rotation rule, the chair after {} ({} ACCSM{}) is {} ({}), for the {} \
                 ACCSM. This is what the rule gives, not an announced appointment.",
                n.after_country,
                ordinal(n.after_meeting),
                n.after_years
                    .as_ref()
                    .map(|y| format!(", {y}"))
                    .unwrap_or_default(),
                n.name,
                n.country,
                ordinal(n.meeting)
            ),
            (None, Some(why)) => format!("accsm cannot tell who chairs next: {why}."),
            (None, None) => "accsm cannot tell who chairs next.".to_string(),
        }
    }

    pub fn grid(&self) -> Grid {
        Grid {
            header: ["ACCSM", "Years", "Chair", "After", "Basis"]
                .map(String::from)
                .to_vec(),
            rows: self
                .terms
                .iter()
                .map(|n| {
                    vec![
                        ordinal(n.meeting),
                        n.years.clone().unwrap_or_default(),
                        n.name.clone(),
                        format!(
                            "{}{}",
                            n.after_country,
                            n.after_years
                                .as_ref()
                                .map(|y| format!(" ({y})"))
                                .unwrap_or_default()
                        ),
                        "the rotation rule (not an announced appointment)".to_string(),
                    ]
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinals() {
        let got: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 24, 101, 111, 112]
            .into_iter()
            .map(ordinal)
            .collect();
        assert_eq!(
            got,
            [
                "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd", "24th",
                "101st", "111th", "112th"
            ]
        );
    }
}
