//! A programme's indicative budget.

use super::Text;
use crate::source::{Span, Spanned};

/// An indicative budget: the published wording plus what can be read from it.
#[derive(Clone, Debug, Default)]
pub struct Budget {
    pub span: Option<Span>,
    pub text: Option<Text>,
    pub amount: Option<Spanned<f64>>,
    pub currency: Option<Text>,
    pub local_amount: Option<Spanned<f64>>,
    pub local_currency: Option<Text>,
    pub sources: Box<[Text]>,
    pub funded_by: Option<Text>,
    pub tbc: bool,
}
