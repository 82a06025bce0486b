//! `accsm new programme`: a `[[programme]]` block with every key of the schema, the ones given
//! filled in and the others as comments that name their allowed values, appended to the file
//! where the plan's programmes live. Values are written by `toml_edit`; ids from the data that
//! go into comments are shown only when they are plain ids, so no text from a file can become a
//! live line of another.

use crate::escape::toml_string;

use crate::model::{AreaKind, Dataset, Plan, RefKind, Text};

/// What a new programme is given on the command line.
#[derive(Clone, Debug)]
pub struct NewProgramme<'a> {
    pub plan: &'a Plan,
    pub number: i64,
    pub title: &'a str,
    /// One or more, in the order given.
    pub coordinators: &'a [String],
    pub year: Option<i64>,
}

/// The block of a new programme, starting with its header; lines end with `nl`.
pub fn programme_block(data: &Dataset, new: &NewProgramme<'_>, nl: &str) -> String {
    let mut block = Block {
        out: String::new(),
        nl,
    };
    head(&mut block, data, new);
    references(&mut block, data, new.plan);
    let y = new.plan.start.value;
    block.line(
        "# carried_over = true",
        "carried over from the previous plan",
    );
    block.line(
        "# status = \"planned\"",
        "planned, ongoing or completed; leave out until reported",
    );
    block.line("# note = \"\"", "");
    block.line(
        "# [[programme.update]]",
        "a dated progress update; repeat for more",
    );
    block.line(&format!("# date = {y}-03-01"), "");
    block.line("# text = \"\"", "");
    block.out
}

/// Lines of a block, each with its hint as a comment at [`COMMENT_COLUMN`].
struct Block<'n> {
    out: String,
    nl: &'n str,
}

impl Block<'_> {
    fn line(&mut self, line: &str, hint: &str) {
        self.out.push_str(line);
        if !hint.is_empty() {
            let pad = COMMENT_COLUMN.saturating_sub(line.chars().count()).max(2);
            self.out.push_str(&" ".repeat(pad));
            self.out.push_str("# ");
            self.out.push_str(hint);
        }
        self.out.push_str(self.nl);
    }
}

/// The header and the keys up to the coordinators: the given ones filled in.
fn head(block: &mut Block<'_>, data: &Dataset, new: &NewProgramme<'_>) {
    let plan = new.plan;
    let (kind, areas) = match plan.area_kind.value {
        AreaKind::Thematic => (RefKind::ThematicArea, "thematic areas"),
        AreaKind::Priority => (RefKind::PriorityArea, "priority areas"),
    };
    block.line("[[programme]]", "");
    block.line(&format!("plan = {}", string(&plan.id.value)), "");
    block.line(&format!("number = {}", new.number), "");
    block.line(&format!("title = {}", string(new.title)), "");
    block.line(
        "# activities = []",
        "sub-activities, e.g. [\"Workshop\", \"Study Visit\"]",
    );
    block.line("# areas = []", &one_of(areas, &ids(data, &[kind])));
    let timeline = match new.year {
        Some(year) => format!("timeline = {}", string(&year.to_string())),
        None => "# timeline = \"\"".to_string(),
    };
    let y = plan.start.value;
    let forms = format!(
        "{y}, {y}-{}, Q4 {y}, January {y}, Annually, Biennially or TBC",
        y + 1
    );
    block.line(&timeline, &forms);
    block.line(
        "# budget = { text = \"\", amount = 0.00, currency = \"USD\" }",
        "or { text = \"TBC\", tbc = true }",
    );
    block.line(
        &format!(
            "coordinators = [{}]",
            new.coordinators
                .iter()
                .map(|c| string(c))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        "countries (ISO alpha-3) or bodies",
    );
}

/// The lists of references, each with the ids it may hold.
fn references(block: &mut Block<'_>, data: &Dataset, plan: &Plan) {
    let relevant = |list: &[Text], kind: RefKind| -> String {
        if list.is_empty() {
            ids(data, &[kind]).join(", ")
        } else {
            plain_ids(list.iter().map(|t| t.value.as_str())).join(", ")
        }
    };
    let parties = ids(data, &[RefKind::Group, RefKind::Body]);
    let mut lines = vec![
        (
            "partners".to_string(),
            one_of("countries (ISO alpha-3), groups or bodies", &parties),
        ),
        (
            "partner_organisations".to_string(),
            "named organisations, as written".to_string(),
        ),
    ];
    // The plan's framework says which keys cite it, and with which entries.
    if let Some(fw) = data.framework_of(plan) {
        let lowest = fw.lowest().map(|l| l.id.value.as_str());
        for level in fw.levels.iter() {
            let Some(key) = &level.key else { continue };
            let entries = plain_ids(
                data.entries_of(&fw.id.value, &level.id.value)
                    .map(|e| e.id.value.as_str()),
            );
            let hint = if Some(level.id.value.as_str()) == lowest
                && !plan.relevant_measures.is_empty()
            {
                format!(
                    "{} of the {}: {}",
                    level.plural(),
                    fw.title.value,
                    plain_ids(plan.relevant_measures.iter().map(|t| t.value.as_str())).join(", ")
                )
            } else if entries.is_empty() {
                format!(
                    "{} of the {} (none listed yet)",
                    level.plural(),
                    fw.title.value
                )
            } else {
                one_of(
                    &format!("{} of the {}", level.plural(), fw.title.value),
                    &entries,
                )
            };
            lines.push((key.value.to_string(), hint));
        }
    }
    lines.extend([
        (
            "apsc_lines".to_string(),
            format!(
                "APSC action lines: {}",
                relevant(&plan.relevant_apsc_lines, RefKind::ApscLine)
            ),
        ),
        (
            "declarations".to_string(),
            one_of("declarations", &ids(data, &[RefKind::Declaration])),
        ),
    ]);
    for (key, hint) in lines {
        block.line(&format!("# {key} = []"), hint.trim_end_matches([':', ' ']));
    }
}

/// The plain ids of the references of these kinds.
fn ids<'a>(data: &'a Dataset, kinds: &[RefKind]) -> Vec<&'a str> {
    plain_ids(
        data.references
            .iter()
            .filter(|r| kinds.contains(&r.kind))
            .map(|r| r.id.value.as_str()),
    )
}

/// Where the hints start, as in the README's example programme.
const COMMENT_COLUMN: usize = 34;

fn one_of(what: &str, ids: &[&str]) -> String {
    if ids.is_empty() {
        what.to_string()
    } else {
        format!("{what}: {}", ids.join(", "))
    }
}

/// A TOML string, quoted and escaped, on one line.
fn string(text: &str) -> String {
    toml_string(text)
}

/// The ids that are plain (letters, digits and `.-+_`), in order, each once: only these are
/// shown in a comment.
fn plain_ids<'a>(ids: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for id in ids {
        let plain = !id.is_empty()
            && id.len() <= 40
            && id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+' | '_'));
        if plain && !out.contains(&id) {
            out.push(id);
        }
    }
    out
}
