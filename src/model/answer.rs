//! KPI returns: one member state's answers to the data-collection template for one reporting year
//! (e.g. `returns/IDN/2021.toml`).

use serde::Serialize;

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

impl Survey {
    /// Every field still at the template's placeholder (0 or empty).
    pub fn is_placeholder(&self) -> bool {
        self.rate.as_ref().is_none_or(|r| r.value == 0.0)
            && !has_words(&self.title)
            && self.year.as_ref().is_none_or(|y| y.value == 0)
            && self.indicators.iter().all(|i| i.value.trim().is_empty())
            && !has_words(&self.scale)
    }
}

/// The scale a survey rates on, written `"LOW-HIGH"` (`"0-100"`, `"1-5"`, `"1-10"`): the rate
/// lies between the two, and rates on different scales are not compared.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Scale {
    pub low: f64,
    pub high: f64,
}

impl Scale {
    /// `"0-100"`, `"1 - 5"` or `"0–10"` (an en dash); `None` for anything else, or a scale
    /// whose low end is not below its high end.
    pub fn parse(text: &str) -> Option<Scale> {
        let (low, high) = text.split_once(['-', '\u{2013}'])?;
        let number = |s: &str| {
            let s = s.trim();
            let plain = !s.is_empty() && s.chars().all(|c| c.is_ascii_digit() || c == '.');
            plain
                .then(|| s.parse::<f64>().ok())
                .flatten()
                .filter(|n| n.is_finite())
        };
        let (low, high) = (number(low)?, number(high)?);
        (low < high).then_some(Scale { low, high })
    }

    pub fn contains(&self, value: f64) -> bool {
        (self.low..=self.high).contains(&value)
    }
}

impl std::fmt::Display for Scale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{}", self.low, self.high)
    }
}

/// The forms of scale [`Scale::parse`] reads, for messages.
pub const SCALE_FORMS: &str = "\"LOW-HIGH\", e.g. \"0-100\" or \"1-5\"";

/// Whether an optional text has more than blanks in it.
fn has_words(text: &Option<Text>) -> bool {
    text.as_ref().is_some_and(|t| !t.value.trim().is_empty())
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

impl Project {
    /// Every field still at the template's placeholder (0 or empty).
    pub fn is_placeholder(&self) -> bool {
        let zero = |n: &Spanned<i64>| n.value == 0;
        !has_words(&self.title)
            && self.total.as_ref().is_none_or(zero)
            && self.female.as_ref().is_none_or(zero)
            && self.male.as_ref().is_none_or(zero)
            && self.by_country.iter().all(|(_, n)| zero(n))
    }
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
    /// Figures of earlier years this return corrects (`revises = { 2021 = 5 }`): a later return
    /// changes an earlier year's figure only this way.
    pub revises: Vec<(Spanned<i64>, Spanned<i64>)>,
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
        if !self.per_year.is_empty() || !self.revises.is_empty() {
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

    /// Whether the answer says anything: a figure in some form, or a narrative with words in it.
    /// An answer table with nothing in it (as the template leaves it) is not an answer.
    pub fn is_answered(&self) -> bool {
        !self.forms().is_empty() || has_words(&self.narrative)
    }

    /// Whether every figure of the answer is still the template's placeholder (0, false or
    /// empty) and it has no words: the sign of a template uncommented but not filled in.
    pub fn is_placeholder(&self) -> bool {
        let zero = |n: &Spanned<i64>| n.value == 0;
        let zeros = |v: &[(Text, Spanned<i64>)]| v.iter().all(|(_, n)| zero(n));
        let zero_years = |v: &[(Spanned<i64>, Spanned<i64>)]| v.iter().all(|(_, n)| zero(n));
        self.is_answered()
            && !has_words(&self.narrative)
            && self.yes.iter().all(|b| !b.value)
            && self.count.as_ref().is_none_or(zero)
            && self.total.as_ref().is_none_or(zero)
            && self.names.iter().all(|n| n.value.trim().is_empty())
            && zeros(&self.levels)
            && self.percent.as_ref().is_none_or(|p| p.value == 0.0)
            && zeros(&self.ratings)
            && zeros(&self.impact_ratings)
            && zero_years(&self.per_year)
            && zero_years(&self.revises)
            && self.projects.iter().all(Project::is_placeholder)
            && [&self.internal, &self.third_party]
                .into_iter()
                .flatten()
                .all(Survey::is_placeholder)
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
    /// The answer to `kpi`, if the return answers it (see [`Answer::is_answered`]).
    pub fn answer(&self, kpi: &str) -> Option<&Answer> {
        self.answers
            .iter()
            .find(|a| a.kpi.value == kpi && a.is_answered())
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

    #[test]
    fn scales_are_low_to_high() {
        let s = |t: &str| Scale::parse(t).map(|s| (s.low, s.high));
        assert_eq!(s("0-100"), Some((0.0, 100.0)));
        assert_eq!(s(" 1 - 5 "), Some((1.0, 5.0)));
        assert_eq!(s("0\u{2013}10"), Some((0.0, 10.0)));
        assert_eq!(s("0.5-4.5"), Some((0.5, 4.5)));
        for bad in [
            "", "0-100%", "100-0", "5-5", "-1-5", "1 to 5", "percent", "1-", "NaN-1", "1e3-1e4",
        ] {
            assert_eq!(s(bad), None, "{bad}");
        }
        assert_eq!(
            Scale::parse("0-100").map(|s| s.to_string()).as_deref(),
            Some("0-100")
        );
    }
}
