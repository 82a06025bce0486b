//! What the tables and keys mean, in the words of the user guide: the descriptions editors
//! show on hover and completion.

use crate::load::schema::ValueType;

/// What each top-level table holds, shown by editors on hover.
pub(super) const TABLES: &[(&str, &str)] = &[
    (
        "country",
        "A country: an ASEAN Member State, a Plus Three country, a dialogue partner or an observer.",
    ),
    (
        "body",
        "A body that coordinates or partners in programmes (ASEAN Secretariat, ACCSM Chair…).",
    ),
    ("group", "A group of partners (AMS, Plus Three…)."),
    ("priority_area", "An ACCSM priority area, PA1-PA5."),
    ("enabler", "An enabler of the ACCSM Work Plan."),
    ("thematic_area", "An ACCSM+3 thematic area, TA1-TA7."),
    (
        "framework_entry",
        "An entry of a results framework (a KRA of the ASCC Blueprint 2025, a goal of the ASCC \
         Strategic Plan), at one of the levels its [[framework]] declares.",
    ),
    (
        "apsc_line",
        "An element or action line of the APSC Blueprint 2025.",
    ),
    (
        "declaration",
        "A declaration a programme corresponds to (I-V).",
    ),
    (
        "funding_source",
        "A source of funding (cost-sharing, partner…).",
    ),
    ("currency", "A currency, by its ISO 4217 code."),
    ("kpi_group", "A group of KPIs of the M&E framework (A-E)."),
    (
        "partner_organisation",
        "An organisation a programme names as a partner, under the name printed in the plan.",
    ),
    (
        "framework",
        "A results framework a plan's programmes cite, with its levels top to bottom.",
    ),
    ("arc", "An ASEAN Resource Centre: one per AMS."),
    ("chair", "An ACCSM chairmanship."),
    (
        "plan",
        "A work plan: its period, baseline and target year, and the measures it names as relevant.",
    ),
    (
        "programme",
        "One programme of a work plan, as published in its matrix.",
    ),
    (
        "kpi",
        "A key performance indicator of a plan's M&E framework.",
    ),
    (
        "return",
        "A KPI return: one AMS's answers to the data-collection template for one year.",
    ),
    (
        "update",
        "A progress update: where one programme stands, as told to one meeting (a file of its own).",
    ),
];

/// What the keys mean, in the words of the README, shown by editors on hover and completion.
/// Keys not listed here are described by their type (and the ids they take).
pub(super) const KEYS: &[(&str, &str, &str)] = &[
    ("programme", "plan", "The plan's id."),
    (
        "programme",
        "number",
        "The published number, unique within the plan.",
    ),
    ("programme", "title", "The title, as published."),
    (
        "programme",
        "activities",
        "Sub-activities (the bullets in the matrix).",
    ),
    (
        "programme",
        "areas",
        "Priority areas (ACCSM, PA1-PA5) or thematic areas (ACCSM+3, TA1-TA7).",
    ),
    (
        "programme",
        "timeline",
        "The published text: 2022, 2022-2023, Q4 2022, January 2022, Annual/Annually, \
         Biennially, TBC. Leave it out when the plan leaves it blank.",
    ),
    (
        "programme",
        "budget",
        "The indicative budget: its text as published, and the amounts and currencies where \
         given.",
    ),
    (
        "programme",
        "coordinators",
        "Ids of countries (ISO alpha-3: IDN, VNM…) or bodies (ASEC, ACCSM-CHAIR).",
    ),
    (
        "programme",
        "partners",
        "Ids of countries, groups (AMS, PLUS-THREE) or bodies.",
    ),
    (
        "programme",
        "partner_organisations",
        "Named organisations, as published.",
    ),
    (
        "programme",
        "apsc_lines",
        "APSC Blueprint action lines (A.2.2.iii…).",
    ),
    ("programme", "declarations", "Declarations I-V."),
    (
        "programme",
        "carried_over",
        "The asterisk of the plan: carried over from the 2016-2020 plan.",
    ),
    (
        "programme",
        "status",
        "planned, ongoing or completed. Leave it out when progress is not reported.",
    ),
    (
        "programme",
        "update",
        "Dated progress updates ([[programme.update]]), as many as needed.",
    ),
    (
        "budget",
        "text",
        "The budget as published: \"$5,000.00 USD (BND 6,600.00)\", \"Cost-sharing\", \"TBC\".",
    ),
    ("budget", "amount", "The amount, in `currency`."),
    ("budget", "currency", "The currency of `amount` (ISO 4217)."),
    ("budget", "local_amount", "The amount in local currency."),
    (
        "budget",
        "local_currency",
        "The currency of `local_amount`.",
    ),
    (
        "budget",
        "sources",
        "Funding sources (cost-sharing, partner…).",
    ),
    (
        "budget",
        "funded_by",
        "The country, group or body that funds it.",
    ),
    ("budget", "tbc", "The budget is to be confirmed."),
    (
        "progress update",
        "date",
        "The date of the update (YYYY-MM-DD).",
    ),
    ("progress update", "text", "What happened."),
    ("plan", "id", "The plan's id, which programmes name."),
    (
        "plan",
        "aliases",
        "Other names of the plan that `accsm list --plan` accepts (ACCSM Plus Three, APT).",
    ),
    (
        "group",
        "members",
        "The countries, bodies or groups in the group, where the sources list them. Leave it \
         out when they do not: accsm then says it cannot tell who is in the group.",
    ),
    (
        "partner_organisation",
        "name",
        "The name exactly as the plan prints it in `partner_organisations`.",
    ),
    (
        "partner_organisation",
        "country",
        "The country the organisation belongs to, where the print or the sources state it.",
    ),
    (
        "body",
        "country",
        "The country the body belongs to, where the sources state it (the Australian Public \
         Service Commission: AUS); `list --partner` finds the body's programmes by it.",
    ),
    (
        "partner_organisation",
        "kind",
        "What it is (government-agency, university, company, international-organisation, \
         other), where its name makes it evident.",
    ),
    (
        "plan",
        "area_kind",
        "Which areas its programmes are tagged with: priority (ACCSM) or thematic (ACCSM+3).",
    ),
    ("plan", "start", "The first year of the plan's period."),
    ("plan", "end", "The last year of the plan's period."),
    (
        "plan",
        "baseline_year",
        "The baseline year of the M&E framework.",
    ),
    (
        "plan",
        "target_year",
        "The target year of the M&E framework.",
    ),
    (
        "plan",
        "relevant_measures",
        "The entries of the lowest level of the plan's results framework that the plan names as \
         relevant (endnote 1 of the 2021-2025 plan).",
    ),
    (
        "plan",
        "relevant_apsc_lines",
        "The APSC action lines the plan names as relevant (endnote 2).",
    ),
    (
        "return",
        "plan",
        "The plan whose KPIs are answered (accsm-2021-2025).",
    ),
    ("return", "country", "The AMS reporting, by its id (IDN…)."),
    (
        "update",
        "plan",
        "The plan of the programme (accsm-2021-2025).",
    ),
    ("update", "number", "The programme's number in its plan."),
    (
        "update",
        "date",
        "The month (2024-08) or day (2024-08-20) of the update.",
    ),
    (
        "update",
        "status",
        "planned, ongoing, postponed, cancelled or completed.",
    ),
    (
        "update",
        "meeting",
        "The meeting or report it was given to (22nd ACCSM SOM).",
    ),
    ("update", "text", "What was done."),
    (
        "update",
        "note",
        "Why, when the status goes back (completed → ongoing).",
    ),
    ("update", "participants", "How many people took part."),
    ("update", "ams", "The AMS that took part, by id."),
    ("update", "links", "Links to outputs (reports, recordings)."),
    ("return", "year", "The reporting year."),
    ("return", "round", "baseline, mid-term, annual or target."),
    ("return", "submitted", "When the return was submitted."),
    (
        "return",
        "definitions",
        "National definitions of the terms used.",
    ),
    ("return", "narrative", "Qualitative information."),
    (
        "return",
        "answers",
        "One answer per KPI, under the KPI's id: [return.answers.\"A.1\"].",
    ),
    (
        "KPI answer",
        "yes",
        "Yes/no: true or false, or one per question where the KPI asks several (D.1).",
    ),
    ("KPI answer", "count", "A count."),
    (
        "KPI answer",
        "total",
        "The total the count is out of, where the KPI asks for it.",
    ),
    ("KPI answer", "names", "The names of what is counted."),
    (
        "KPI answer",
        "levels",
        "Counts by level: { national = 3, provincial = 12 }.",
    ),
    ("KPI answer", "percent", "A percentage, 0-100."),
    (
        "KPI answer",
        "ratings",
        "A rating per period: { \"2020-2022\" = 4, \"2023-2025\" = 5 }.",
    ),
    (
        "KPI answer",
        "impact_ratings",
        "An impact rating per period: { \"2020-2022\" = 4 }.",
    ),
    (
        "KPI answer",
        "per_year",
        "A count per year: { 2020 = 3, 2021 = 4 }.",
    ),
    (
        "KPI answer",
        "projects",
        "Participants of each project: total, female, male, by_country.",
    ),
    ("KPI answer", "internal", "The result of internal feedback."),
    (
        "KPI answer",
        "third_party",
        "The result of a third-party survey.",
    ),
    (
        "KPI answer",
        "narrative",
        "Qualitative information on this answer.",
    ),
    (
        "project",
        "by_country",
        "Participants by country: { BRN = 3, KHM = 3, … }.",
    ),
    ("survey result", "rate", "The satisfaction rate."),
    (
        "arc",
        "country",
        "The AMS that leads the ARC, by its id (BRN…).",
    ),
    (
        "arc",
        "as_of",
        "The year of the directory the entry is from.",
    ),
    (
        "chair",
        "meeting",
        "The ACCSM meeting number: 23 for the 23rd ACCSM.",
    ),
    ("chair", "country", "The AMS that chairs, by its id."),
    (
        "chair",
        "years",
        "The term, as the source gives it: 2021-2022.",
    ),
];

/// What `record`.`key` means, when it is described here.
pub(super) fn key_words(record: &str, key: &str) -> Option<&'static str> {
    KEYS.iter()
        .find(|(r, k, _)| *r == record && *k == key)
        .map(|(_, _, d)| *d)
}

/// What a top-level table holds.
pub(super) fn description_of_table(table: &str) -> Option<&'static str> {
    TABLES.iter().find(|(t, _)| *t == table).map(|(_, d)| *d)
}

/// What keys that many records share mean.
pub(super) fn common_key(key: &str) -> Option<&'static str> {
    Some(match key {
        "id" => "The id other records use to name this one.",
        "name" => "The name, as it is shown.",
        "title" => "The title, as published.",
        "aliases" => "Other names people type for it.",
        "description" => "What it is, in words.",
        "text" => "The text, as published.",
        "quoted" => "Whether the work plan quotes its text (false: cited only).",
        "url" => "A web address.",
        "source" => "Where the record comes from: the document, its publisher and date.",
        "note" => "A note, in words.",
        _ => return None,
    })
}

/// What a value of this type is, for a key described by nothing else.
pub(super) fn type_words(ty: ValueType) -> &'static str {
    match ty {
        ValueType::Text => "Text.",
        ValueType::OneOf(_) => "One of the listed values.",
        ValueType::WholeNumber => "A whole number.",
        ValueType::Number => "A number.",
        ValueType::Bool => "true or false.",
        ValueType::Date => "A date: YYYY-MM-DD, or YYYY-MM, or YYYY when only the year is known.",
        ValueType::TextList => "A list of texts.",
        ValueType::OneOfList(_) => "A list of the listed values.",
        ValueType::WholeNumberList => "A list of whole numbers.",
        ValueType::BoolOrBoolList => "true or false, or a list of them.",
        ValueType::WholeNumberTable => "Whole numbers under names of your own: { name = 3 }.",
        ValueType::Record(_) => "A table.",
        ValueType::Records(_) => "A table, or a list of them.",
        ValueType::RecordTable(_) => "Tables under names of your own.",
    }
}
