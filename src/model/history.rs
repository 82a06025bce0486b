//! Programmes across plans: a programme carried over to the next plan names the one it
//! continues with `from = "accsm-2021-2025/17"`.

use super::{Dataset, Programme};

impl Programme {
    /// `plan/number`, the form `from` links are written in.
    pub fn reference(&self) -> String {
        format!("{}/{}", self.plan.value, self.number.value)
    }
}

/// A `from` link read as (plan, number), if it has that form.
pub fn split_programme_ref(text: &str) -> Option<(&str, i64)> {
    let (plan, number) = text.rsplit_once('/')?;
    Some((plan.trim(), number.trim().parse().ok()?))
}

impl Dataset {
    /// The programme a `from` link names (`accsm-2021-2025/17`), if the repository has it.
    pub fn programme_by_ref(&self, text: &str) -> Option<&Programme> {
        let (plan, number) = split_programme_ref(text)?;
        self.programmes
            .iter()
            .find(|p| p.plan.value == plan && p.number.value == number)
    }

    /// The programmes whose `from` names `p`, in file order.
    pub fn continued_in(&self, p: &Programme) -> Vec<&Programme> {
        let me = p.reference();
        self.programmes
            .iter()
            .filter(|q| q.from.as_ref().is_some_and(|f| f.value.trim() == me))
            .collect()
    }
}
