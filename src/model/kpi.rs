//! The M&E framework: key performance indicators and how each is answered.

use super::{SurveyKind, Text, closed_set};
use crate::source::{Span, Spanned};

closed_set! {
    /// How a KPI is answered on the data-collection template.
    pub enum AnswerKind {
        YesNo = "yes-no",
        Count = "count",
        Percentage = "percentage",
        Rating = "rating",
        CountPerYear = "count-per-year",
        Participants = "participants",
        Survey = "survey",
    }
}

closed_set! {
    /// How the AMS's answers to a KPI are taken together for "AMS as a whole".
    pub enum Rollup {
        /// The number of AMS answering yes.
        CountYes = "count-yes",
        /// Each AMS against its own baseline, not aggregated.
        PerAms = "per-ams",
        /// The total of the numbers reported.
        Sum = "sum",
    }
}

impl Kpi {
    /// Whether an answer in `form` is an answer to this KPI: its own form, or the alternative
    /// the template allows.
    pub fn accepts(&self, form: AnswerKind) -> bool {
        form == self.answer.value
            || self
                .alternative_answer
                .as_ref()
                .is_some_and(|a| a.value == form)
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
    /// A second form the template allows ("Number/ Percentage": a percentage instead of the
    /// count). Two answers in different forms are not compared.
    pub alternative_answer: Option<Spanned<AnswerKind>>,
    pub questions: Box<[Text]>,
    pub asks_names: bool,
    pub asks_total: bool,
    pub levels: Box<[Text]>,
    pub periods: Box<[Text]>,
    pub forms: Box<[Text]>,
    pub scale: Vec<Spanned<i64>>,
    pub scale_labels: Box<[Text]>,
    pub years: Vec<Spanned<i64>>,
    /// For survey KPIs: the kinds of survey asked for.
    pub sources: Box<[Spanned<SurveyKind>]>,
    /// How the AMS are taken together; per AMS when not given.
    pub rollup: Option<Spanned<Rollup>>,
    pub rollup_text: Option<Text>,
    pub definition: Option<Text>,
    pub note: Option<Text>,
}
