//! What `show` says of a programme across plans: what it cites of its plan's results framework
//! (and of another framework, until the Secretariat re-maps it), the programme of an earlier plan
//! it continues (`from`), and the programmes of later plans that continue it.

use crate::escape::terminal_safe;
use crate::model::{Dataset, Framework, Plan, Programme, Text};

/// The framework a programme's `ids` under `key` are entries of: its plan's (`own`) where they
/// are, else the one that has them (a programme carried over still citing the old framework),
/// else the one whose level the key names.
pub fn cited_framework<'a>(
    data: &'a Dataset,
    own: Option<&'a Framework>,
    key: &str,
    ids: &[Text],
) -> Option<&'a Framework> {
    let has = |f: &&Framework| {
        ids.iter()
            .any(|id| data.framework_entry(&f.id.value, &id.value).is_some())
    };
    let declares = |f: &&Framework| f.level_for_key(key).is_some();
    own.filter(|f| declares(f) && has(f))
        .or_else(|| data.frameworks.iter().find(|f| declares(f) && has(f)))
        .or_else(|| own.filter(declares))
        .or_else(|| data.frameworks.iter().find(declares))
}

/// The citation sections: one per key, titled with the framework's own level names.
pub fn citations(data: &Dataset, plan: Option<&Plan>, p: &Programme) -> String {
    let own = plan.and_then(|pl| data.framework_of(pl));
    let mut out = String::new();
    for (key, ids) in p.citations() {
        if ids.is_empty() {
            continue;
        }
        let declared = cited_framework(data, own, &key.value, ids);
        out.push_str(&format!("\n  {}\n", title(declared, own, &key.value)));
        for id in ids {
            let entry = declared.and_then(|f| data.framework_entry(&f.id.value, &id.value));
            let text = match (entry, declared) {
                (Some(e), _) => describe(e),
                (None, Some(_)) => {
                    "(not in the framework's entries: run accsm validate)".to_string()
                }
                (None, None) => "(no results framework cites with this key)".to_string(),
            };
            out.push_str(&format!(
                "    {:<10} {}\n",
                terminal_safe(&id.value),
                terminal_safe(&text)
            ));
        }
    }
    out
}

fn title(declared: Option<&Framework>, own: Option<&Framework>, key: &str) -> String {
    let Some(fw) = declared else {
        return format!(
            "`{}` (not a key of any results framework)",
            terminal_safe(key)
        );
    };
    let level = fw
        .level_for_key(key)
        .map_or("entries".to_string(), |l| l.plural());
    let name = format!(
        "{}: {}",
        terminal_safe(&fw.title.value),
        terminal_safe(&level)
    );
    match own {
        Some(o) if o.id.value != fw.id.value => format!(
            "{name} — cites the {}; map it to the plan's framework, the {}",
            terminal_safe(&fw.title.value),
            terminal_safe(&o.title.value)
        ),
        _ => name,
    }
}

/// Where the programme came from and where it went.
pub fn history(data: &Dataset, p: &Programme) -> String {
    let mut lines = Vec::new();
    if let Some(from) = &p.from {
        let text = match data.programme_by_ref(&from.value) {
            Some(q) => format!("Continues {}: {}", from.value, q.title.value),
            None => format!("Continues {} (not in this repository)", from.value),
        };
        lines.push(text);
    }
    for q in data.continued_in(p) {
        lines.push(format!("Continued in {}: {}", q.reference(), q.title.value));
    }
    if lines.is_empty() {
        return String::new();
    }
    let mut out = "\n  History\n".to_string();
    for l in lines {
        out.push_str(&format!("    {}\n", terminal_safe(&l)));
    }
    out
}

/// The text of a reference entry, with what is known of its origin.
pub(crate) fn describe(e: &crate::model::RefEntry) -> String {
    let mut text = String::new();
    push_description(&mut text, e);
    text
}

/// [`describe`] written at the end of `out`: the site writes one for every entry a programme
/// cites.
pub(crate) fn push_description(out: &mut String, e: &crate::model::RefEntry) {
    match e.name.as_ref().or(e.text.as_ref()) {
        Some(t) => out.push_str(&t.value),
        None => out.push_str("(cited by the plan; its text is not quoted in the work plan)"),
    }
    if let Some(adopted) = &e.adopted {
        out.push_str(" (adopted ");
        out.push_str(&adopted.value);
        out.push(')');
    }
}
