//! The M&E framework: key performance indicators and how each is answered.

use super::Text;
use crate::source::{Span, Spanned};

/// How a KPI is answered on the data-collection template.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AnswerKind {
    YesNo,
    Count,
    Percentage,
    Rating,
    CountPerYear,
    Participants,
    Survey,
}

impl AnswerKind {
    pub const NAMES: &'static [&'static str] = &[
        "yes-no",
        "count",
        "percentage",
        "rating",
        "count-per-year",
        "participants",
        "survey",
    ];

    pub fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "yes-no" => AnswerKind::YesNo,
            "count" => AnswerKind::Count,
            "percentage" => AnswerKind::Percentage,
            "rating" => AnswerKind::Rating,
            "count-per-year" => AnswerKind::CountPerYear,
            "participants" => AnswerKind::Participants,
            "survey" => AnswerKind::Survey,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            AnswerKind::YesNo => "yes-no",
            AnswerKind::Count => "count",
            AnswerKind::Percentage => "percentage",
            AnswerKind::Rating => "rating",
            AnswerKind::CountPerYear => "count-per-year",
            AnswerKind::Participants => "participants",
            AnswerKind::Survey => "survey",
        }
    }
}

/// A key performance indicator of a plan's M&E framework.
#[derive(Clone, Debug)]
pub struct Kpi {
    pub span: Span,
    pub id: Text,
    pub plan: Text,
    pub group: Text,
    pub parent: Option<Text>,
    pub title: Text,
    pub answer: Spanned<AnswerKind>,
    pub questions: Box<[Text]>,
    pub asks_names: bool,
    pub asks_total: bool,
    pub levels: Box<[Text]>,
    pub periods: Box<[Text]>,
    pub forms: Box<[Text]>,
    pub scale: Vec<Spanned<i64>>,
    pub scale_labels: Box<[Text]>,
    pub years: Vec<Spanned<i64>>,
    pub sources: Box<[Text]>,
    pub rollup: Option<Text>,
    pub rollup_text: Option<Text>,
    pub definition: Option<Text>,
    pub note: Option<Text>,
}
