//! KPI returns: one member state's answers to the data-collection template for one reporting year
//! (e.g. `returns/IDN/2021.toml`).

use super::{AnswerKind, Text, closed_set};
use crate::source::{Span, Spanned};

closed_set! {
    /// Who ran a survey (KPI E.3): the government itself, or a third party.
    pub enum SurveyKind {
        Internal = "internal",
        ThirdParty = "third-party",
    }
}

closed_set! {
    /// The round of data collection a return belongs to.
    pub enum Round {
        Baseline = "baseline",
        MidTerm = "mid-term",
        Annual = "annual",
        Target = "target",
    }
}

/// A survey result (KPI E.3).
#[derive(Clone, Debug)]
pub struct Survey {
    pub span: Span,
    pub rate: Option<Spanned<f64>>,
    pub title: Option<Text>,
    pub year: Option<Spanned<i64>>,
    pub indicators: Box<[Text]>,
    pub scale: Option<Text>,
}

/// Participants of one project (KPI D.2.1).
#[derive(Clone, Debug)]
pub struct Project {
    pub span: Span,
    pub title: Option<Text>,
    pub total: Option<Spanned<i64>>,
    pub female: Option<Spanned<i64>>,
    pub male: Option<Spanned<i64>>,
    pub by_country: Vec<(Text, Spanned<i64>)>,
}

/// The answer to one KPI. Which fields are filled says which form the answer takes; the rules
/// check that the form fits the KPI's answer kind.
#[derive(Clone, Debug)]
pub struct Answer {
    pub span: Span,
    pub kpi: Text,
    pub yes: Vec<Spanned<bool>>,
    pub count: Option<Spanned<i64>>,
    pub total: Option<Spanned<i64>>,
    pub names: Box<[Text]>,
    pub levels: Vec<(Text, Spanned<i64>)>,
    pub percent: Option<Spanned<f64>>,
    pub ratings: Vec<(Text, Spanned<i64>)>,
    pub impact_ratings: Vec<(Text, Spanned<i64>)>,
    pub per_year: Vec<(Spanned<i64>, Spanned<i64>)>,
    pub projects: Vec<Project>,
    pub internal: Option<Survey>,
    pub third_party: Option<Survey>,
    pub narrative: Option<Text>,
    pub note: Option<Text>,
}

impl Answer {
    /// The answer kinds whose fields this answer uses.
    pub fn forms(&self) -> Vec<AnswerKind> {
        let mut kinds = Vec::new();
        if !self.yes.is_empty() {
            kinds.push(AnswerKind::YesNo);
        }
        if self.count.is_some() || self.total.is_some() || !self.levels.is_empty() {
            kinds.push(AnswerKind::Count);
        }
        if self.percent.is_some() {
            kinds.push(AnswerKind::Percentage);
        }
        if !self.ratings.is_empty() || !self.impact_ratings.is_empty() {
            kinds.push(AnswerKind::Rating);
        }
        if !self.per_year.is_empty() {
            kinds.push(AnswerKind::CountPerYear);
        }
        if !self.projects.is_empty() {
            kinds.push(AnswerKind::Participants);
        }
        if self.internal.is_some() || self.third_party.is_some() {
            kinds.push(AnswerKind::Survey);
        }
        kinds
    }

    /// The survey of the given kind, if answered.
    pub fn survey(&self, kind: SurveyKind) -> Option<&Survey> {
        match kind {
            SurveyKind::Internal => self.internal.as_ref(),
            SurveyKind::ThirdParty => self.third_party.as_ref(),
        }
    }

    /// The count, summing the levels (national, provincial) when no overall count is given;
    /// `Err` when the levels add up beyond the whole numbers accsm works with.
    pub fn effective_count(&self) -> Result<Option<i64>, TooLarge> {
        match &self.count {
            Some(c) => Ok(Some(c.value)),
            None if self.levels.is_empty() => Ok(None),
            None => checked_sum(self.levels.iter().map(|(_, n)| n.value)).map(Some),
        }
    }
}

/// A sum of numbers from the files beyond the whole numbers accsm works with (±9223372036854775807).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TooLarge;

/// The sum of whole numbers from the files, or `Err` when it leaves the range accsm works with
/// (where unchecked arithmetic would stop the program or wrap round to a wrong number).
pub fn checked_sum(numbers: impl IntoIterator<Item = i64>) -> Result<i64, TooLarge> {
    numbers
        .into_iter()
        .try_fold(0i64, i64::checked_add)
        .ok_or(TooLarge)
}

/// One AMS's return for one year.
#[derive(Clone, Debug)]
pub struct Return {
    pub span: Span,
    pub plan: Text,
    pub country: Text,
    pub year: Spanned<i64>,
    pub round: Option<Spanned<Round>>,
    pub submitted: Option<Text>,
    pub focal_point: Option<Text>,
    pub data_source: Option<Text>,
    pub definitions: Option<Text>,
    pub narrative: Option<Text>,
    pub answers: Vec<Answer>,
    pub note: Option<Text>,
}

impl Return {
    pub fn answer(&self, kpi: &str) -> Option<&Answer> {
        self.answers.iter().find(|a| a.kpi.value == kpi)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_of_numbers_from_the_files_are_checked() {
        assert_eq!(checked_sum([1, 2, 3]), Ok(6));
        assert_eq!(checked_sum([]), Ok(0));
        assert_eq!(checked_sum([i64::MAX, 0]), Ok(i64::MAX));
        assert_eq!(checked_sum([i64::MAX, 1]), Err(TooLarge));
        assert_eq!(checked_sum([i64::MIN, -1]), Err(TooLarge));
        // Not a wrap-around: a large sum that comes back into range is still too large.
        assert_eq!(checked_sum([i64::MAX, 1, -2]), Err(TooLarge));
    }
}
