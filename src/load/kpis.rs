//! Reading the KPI framework.

use super::read::{Ctx, Record, Value};
use crate::model::{AnswerKind, Kpi, Rollup, SurveyKind};

pub(super) fn read_kpi(ctx: &mut Ctx<'_>, value: &Value<'_>) -> Option<Kpi> {
    Record::read(ctx, value, "kpi", |ctx, r| {
        let id = r.req_str(ctx, "id");
        let plan = r.req_str(ctx, "plan");
        let group = r.req_str(ctx, "group");
        let parent = r.opt_str(ctx, "parent");
        let title = r.req_str(ctx, "title");
        let answer = r.req_enum::<AnswerKind>(ctx, "answer");
        let alternative_answer = r.opt_enum::<AnswerKind>(ctx, "alternative_answer");
        Some(Kpi {
            span: r.span,
            parent,
            alternative_answer,
            questions: r.str_list(ctx, "questions"),
            asks_names: r.opt_bool(ctx, "asks_names").is_some_and(|b| b.value),
            asks_total: r.opt_bool(ctx, "asks_total").is_some_and(|b| b.value),
            levels: r.str_list(ctx, "levels"),
            periods: r.str_list(ctx, "periods"),
            forms: r.str_list(ctx, "forms"),
            scale: r.int_list(ctx, "scale"),
            scale_labels: r.str_list(ctx, "scale_labels"),
            years: r.int_list(ctx, "years"),
            sources: r.enum_list::<SurveyKind>(ctx, "sources"),
            rollup: r.opt_enum::<Rollup>(ctx, "rollup"),
            rollup_text: r.opt_str(ctx, "rollup_text"),
            definition: r.opt_str(ctx, "definition"),
            note: r.opt_str(ctx, "note"),
            id: id?,
            plan: plan?,
            group: group?,
            title: title?,
            answer: answer?,
        })
    })
}
