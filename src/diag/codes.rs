//! The catalogue of finding codes. Codes are part of accsm's interface (CI filters and the docs
//! refer to them), so a code, once published, keeps its name.

use super::Severity;

macro_rules! codes {
    ($( $variant:ident = $name:literal, $severity:ident, $description:literal; )*) => {
        /// A stable finding code.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $( $variant, )* }

        impl Code {
            pub const ALL: &'static [Code] = &[ $( Code::$variant, )* ];

            /// The stable name shown to users, e.g. `unknown-reference`.
            pub fn as_str(self) -> &'static str {
                match self { $( Code::$variant => $name, )* }
            }

            /// The severity a finding of this code has unless a rule says otherwise.
            pub fn severity(self) -> Severity {
                match self { $( Code::$variant => Severity::$severity, )* }
            }

            /// One sentence for the rule catalogue (`accsm rules`).
            pub fn description(self) -> &'static str {
                match self { $( Code::$variant => $description, )* }
            }
        }
    };
}

codes! {
    Io = "io-error", Error, "A file or folder could not be read.";
    NotUtf8 = "not-utf8", Error, "A file is not valid UTF-8 text.";
    NoData = "no-data", Error, "No TOML files were found where data was expected.";
    OutsideRepository = "outside-repository", Error, "A data file or folder that is a symbolic link to a place outside the repository; it is not read.";
    Syntax = "toml-syntax", Error, "The file is not valid TOML.";
    UnknownTable = "unknown-table", Error, "A top-level table that accsm does not know (e.g. `[[programe]]`).";
    UnknownKey = "unknown-key", Error, "A key that this kind of record does not have.";
    MissingField = "missing-field", Error, "A required key is missing.";
    WrongType = "wrong-type", Error, "A value has the wrong type (text where a number is expected, …).";
    BadValue = "bad-value", Error, "A value is not one of the allowed forms (a timeline, a date, an enum value).";
    DuplicateId = "duplicate-id", Error, "Two records share an id (programme number within a plan, KPI, reference id).";
    AmbiguousPlanAlias = "ambiguous-plan-alias", Error, "A plan's alias that also names another plan (its id, its label or one of its aliases, in any case), so `--plan` cannot tell which is meant.";
    UnknownReference = "unknown-reference", Error, "A reference to something that is not defined (area, KRA, measure, declaration, country…).";
    MisspelledReference = "misspelled-reference", Error, "A reference written in a near-miss form such as `A.2 v`, `A . 2`, `E.2.iv.` or `lii`.";
    MisplacedReference = "misplaced-reference", Error, "A reference of one kind in a field for another (an APSC line among KRAs, a priority area among declarations).";
    MeasureWithoutKra = "measure-without-kra", Error, "An entry of the plan's results framework whose parent the programme does not cite (a strategic measure whose KRA is not among the programme's KRAs).";
    KraWithoutMeasure = "kra-without-measure", Warning, "An entry of the plan's results framework that none of the entries the programme cites at the level below belongs to (a KRA none of its strategic measures belongs to).";
    CitesOtherFramework = "cites-other-framework", Warning, "A programme citing a results framework other than its plan's (a programme carried over from 2021-2025 that still cites the ASCC Blueprint 2025): map it to the plan's framework.";
    AreaKindMismatch = "area-kind-mismatch", Warning, "A programme tagged with priority areas in a plan that uses thematic areas, or the reverse.";
    MeasureNotRelevant = "measure-not-relevant", Warning, "An entry of the lowest level of the plan's results framework (a strategic measure) outside the plan's list of relevant ones.";
    TimelineOutsidePlan = "timeline-outside-plan", Error, "A timeline that lies wholly outside the plan's period.";
    TimelinePartlyOutsidePlan = "timeline-partly-outside-plan", Warning, "A timeline that starts before or ends after the plan's period.";
    NegativeAmount = "negative-amount", Error, "A budget amount below zero.";
    UnknownCurrency = "unknown-currency", Error, "A currency (of a budget or of an actual cost) that is not in the currency list.";
    DuplicateArc = "duplicate-arc", Error, "More than one ASEAN Resource Centre for one member state.";
    ArcNotAms = "arc-not-ams", Error, "An ASEAN Resource Centre whose country is not an ASEAN Member State.";
    SameProgrammeInPlans = "same-programme-in-plans", Note, "A programme with the same title in more than one plan.";
    NoTimeline = "no-timeline", Note, "A programme without a timeline; it matches no year.";
    ReturnNotAms = "return-not-ams", Error, "A KPI return whose country is not an ASEAN Member State.";
    DuplicateReturn = "duplicate-return", Error, "Two returns for one country and year.";
    ReturnOutsidePlan = "return-outside-plan", Error, "A return for a year outside the plan's reporting period.";
    AnswerKindMismatch = "answer-kind-mismatch", Error, "An answer in a form the KPI does not ask for (a count for a yes/no question, …).";
    EmptyAnswer = "empty-answer", Warning, "A KPI answer with keys but no value and no words (`narrative = \"\"`); an answer table with nothing in it is simply not answered.";
    UnansweredReturn = "unanswered-return", Warning, "A return that answers no KPI yet, or whose every answer is still the template's placeholder (0, false, empty).";
    AnswerYearOutOfRange = "answer-year-out-of-range", Error, "A year in an answer (a per-year count, a revision, a rated period, a survey's year) outside the plan's reporting years or after the return's own year.";
    UndeclaredRevision = "undeclared-revision", Error, "A later return that gives an earlier year's figure differently without declaring it a revision (`revises = { 2021 = 5 }`).";
    AnswerOutOfRange = "answer-out-of-range", Error, "A negative count, a percentage outside 0-100, a rating outside its scale, a count above its total.";
    PercentAsFraction = "percent-as-fraction", Warning, "A percentage (or a rate on 0-100) between 0 and 1, such as `percent = 0.45`: most often 45% written as a fraction, as a spreadsheet cell formatted as a percentage holds it.";
    PercentMismatch = "percent-mismatch", Warning, "A percentage that disagrees with the count and total given beside it by more than rounding (`count = 40, total = 100, percent = 45`).";
    NamesCountMismatch = "names-count-mismatch", Warning, "A count that differs from the number of names listed.";
    BreakdownMismatch = "breakdown-mismatch", Error, "Participants by gender or by country that do not add up to the total.";
    EmptyValue = "empty-value", Error, "A value that is empty: `title = \"\"`, `\"\"` in a list of ids.";
    DottedKey = "dotted-key", Error, "A name with a full stop written without quotes, which TOML reads as two names (`[return.answers.A.1]`).";
    MisplacedKey = "misplaced-key", Error, "A record's key written under a later table header, so TOML puts it in that table (a programme's `title` after `[[programme.update]]`).";
    DuplicateEntry = "duplicate-entry", Warning, "The same id twice in one list (`coordinators = [\"MYS\", \"MYS\"]`).";
    DuplicateTitle = "duplicate-title", Warning, "Two programmes of one plan with the same title (a copied programme whose title was not changed).";
    BudgetTextMismatch = "budget-text-mismatch", Warning, "A budget whose text gives an amount other than `amount` or `local_amount`.";
    UnlinkedProgramme = "unlinked-programme", Warning, "A programme that cites no entry of its plan's results framework, no APSC action line and no declaration: the M&E framework cannot trace it.";
    UnknownPartnerOrganisation = "unknown-partner-organisation", Warning, "A partner organisation a programme prints that is no name or alias in the partner-organisation list, so `list --partner` cannot find the programme by it. A warning, not an error: the programme may be printed right and only the list be behind; `--deny warnings` stops CI on it, and an allow comment can accept it with a reason.";
    PartnerIsAms = "partner-is-ams", Note, "An AMS named as a potential partner, though the matrix template defines potential partners as countries excluding AMS.";
    UpdateUnknownProgramme = "update-unknown-programme", Error, "A progress update for a programme number the plan does not have.";
    UpdateBeforePlan = "update-before-plan", Error, "A progress update dated before the first year of its plan.";
    UpdateInFuture = "update-in-future", Error, "A progress update dated after today (set ACCSM_TODAY to check as of another day).";
    CompletedBeforeStart = "completed-before-start", Error, "A programme reported completed before the first year of its timeline.";
    StatusGoesBack = "status-goes-back", Error, "A programme's status going back (completed → ongoing, cancelled → planned, ongoing → planned) without a `note` saying why.";
    ConflictingUpdates = "conflicting-updates", Error, "Two progress updates of one programme with the same date and different statuses, so that neither is the latest.";
    ProgrammeOverdue = "programme-overdue", Warning, "A programme whose timeline has passed and whose latest update still says planned.";
    InconsistentSpelling = "inconsistent-spelling", Note, "One meaning written in two forms in the data (timelines `Annual` and `Annually`).";
    NoArea = "no-area", Note, "A programme under no priority or thematic area; it matches no area.";
    NoBudget = "no-budget", Note, "A programme without an indicative budget.";
    UnusedAllow = "unused-allow", Warning, "An `# accsm: allow(code)` comment that accepts no finding.";
    BadAllow = "bad-allow", Warning, "An `# accsm: allow(code)` comment that cannot be used: no reason, an unknown code, or an error (errors cannot be accepted).";
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique_kebab_case_and_described() {
        let mut seen = HashSet::new();
        for code in Code::ALL {
            assert!(
                seen.insert(code.as_str()),
                "duplicate code {}",
                code.as_str()
            );
            assert!(
                code.as_str()
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{} is not kebab-case",
                code.as_str()
            );
            assert!(code.description().ends_with('.'));
        }
    }
}
