//! Where each page of the site lives, and the links between them. Every link is relative, so the
//! folder works opened from the file system and served under any sub-path. File names come from
//! the data's ids made safe: lower case (so two ids that differ only in case cannot meet on a
//! file system that ignores case), only letters, digits, `.`, `-` and `_`, never a name Windows
//! reserves, and numbered when two ids still meet (in the order of the data, so the same data
//! gives the same names).

use std::borrow::Borrow;
use std::collections::HashSet;
use std::hash::Hash;

use crate::hash::FastMap;
use crate::model::{Dataset, RefKind};

/// The kinds of reference that have a page each ("what serves it"), besides the entries of the
/// results frameworks, which have a folder per framework.
pub const FRAME_KINDS: [RefKind; 4] = [
    RefKind::PriorityArea,
    RefKind::ThematicArea,
    RefKind::Enabler,
    RefKind::Declaration,
];

/// The longest file name made from an id, before `.html`.
const MAX_STEM: usize = 80;

/// A file name (without `.html`) for an id.
pub fn slug(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for c in id.chars() {
        match c {
            'a'..='z' | '0'..='9' | '-' | '_' => out.push(c),
            'A'..='Z' => out.push(c.to_ascii_lowercase()),
            // Words of a name ("ASEAN Resource Centre for…") are joined by one dash.
            c if c.is_whitespace() => {
                if !out.is_empty() && !out.ends_with('-') {
                    out.push('-');
                }
            }
            // A dot inside a name is kept ("a.2.iii"); at the start it would hide the file.
            '.' if !out.is_empty() => out.push('.'),
            _ => out.push_str(&format!("_{:x}", c as u32)),
        }
        if out.len() > MAX_STEM {
            break;
        }
    }
    if out.is_empty() {
        out.push('_');
    }
    let stem = out.split('.').next().unwrap_or("");
    const RESERVED: [&str; 4] = ["con", "prn", "aux", "nul"];
    let numbered = |p: &str| {
        stem.strip_prefix(p)
            .is_some_and(|n| n.len() == 1 && n.as_bytes()[0].is_ascii_digit())
    };
    if RESERVED.contains(&stem) || numbered("com") || numbered("lpt") {
        out.insert(0, '_');
    }
    out
}

/// Names given in one folder, each once.
#[derive(Default)]
struct Folder {
    taken: HashSet<String>,
}

impl Folder {
    fn name(&mut self, id: &str) -> String {
        let base = slug(id);
        let mut name = base.clone();
        let mut n = 1;
        while !self.taken.insert(name.clone()) {
            n += 1;
            name = format!("{base}-{n}");
        }
        name
    }
}

/// Pages by two keys (plan and KPI, kind and id, framework and entry), found without building a
/// key: the site looks up millions. The first page given for a pair stays.
struct ByPair<K>(FastMap<K, FastMap<String, String>>);

impl<K: Hash + Eq> ByPair<K> {
    fn get<Q: Hash + Eq + ?Sized>(&self, first: &Q, second: &str) -> Option<&str>
    where
        K: Borrow<Q>,
    {
        self.0.get(first)?.get(second).map(String::as_str)
    }

    /// Gives the pair the page `path` makes, unless it has one.
    fn add(&mut self, first: K, second: &str, path: impl FnOnce() -> String) {
        let pages = self.0.entry(first).or_default();
        if !pages.contains_key(second) {
            pages.insert(second.to_string(), path());
        }
    }
}

/// The path of every page, from the site's top folder, with `/` between folders.
pub struct Paths {
    /// By index in `Dataset::programmes`.
    pub programmes: Vec<String>,
    plans: FastMap<String, (String, String)>,
    countries: FastMap<String, String>,
    /// By (plan, KPI).
    kpis: ByPair<String>,
    /// By (kind, id).
    references: ByPair<RefKind>,
    /// The page of each framework entry, by (framework, id).
    entries: ByPair<String>,
    /// By index in `Dataset::arcs`.
    pub arcs: Vec<String>,
}

impl Paths {
    pub fn new(data: &Dataset) -> Paths {
        let mut plan_folders = Folder::default();
        let mut plans = FastMap::default();
        let mut programme_folders: FastMap<String, Folder> = FastMap::default();
        for p in &data.plans {
            if plans.contains_key(p.id.value.as_str()) {
                continue;
            }
            let name = plan_folders.name(&p.id.value);
            plans.insert(p.id.value.to_string(), (format!("plans/{name}.html"), name));
        }
        // Programmes of a plan that is not loaded get no page: the plan is unknown.
        let programmes = data
            .programmes
            .iter()
            .map(|p| match plans.get(p.plan.value.as_str()) {
                Some((_, folder)) => {
                    let file = programme_folders
                        .entry(folder.clone())
                        .or_default()
                        .name(&p.number.value.to_string());
                    format!("programmes/{folder}/{file}.html")
                }
                None => String::new(),
            })
            .collect();
        let mut country_folder = Folder::default();
        let countries = data
            .references_of(RefKind::Country)
            .filter(|c| has_page(c))
            .map(|c| {
                let path = format!("countries/{}.html", country_folder.name(&c.id.value));
                (c.id.value.to_string(), path)
            })
            .collect();
        let mut kpi_folders: FastMap<String, Folder> = FastMap::default();
        let mut kpis = ByPair(FastMap::default());
        for k in &data.kpis {
            let Some((_, folder)) = plans.get(k.plan.value.as_str()) else {
                continue;
            };
            kpis.add(k.plan.value.to_string(), &k.id.value, || {
                let file = kpi_folders
                    .entry(folder.clone())
                    .or_default()
                    .name(&k.id.value);
                format!("kpis/{folder}/{file}.html")
            });
        }
        let mut references = ByPair(FastMap::default());
        for kind in FRAME_KINDS {
            let mut folder = Folder::default();
            for r in data.references_of(kind) {
                references.add(kind, &r.id.value, || {
                    format!("frame/{}/{}.html", kind.table(), folder.name(&r.id.value))
                });
            }
        }
        // A folder per framework, never one of the folders of the kinds above.
        let mut framework_folders = Folder::default();
        for kind in FRAME_KINDS {
            framework_folders.taken.insert(kind.table().to_string());
        }
        framework_folders.taken.insert("index.html".to_string());
        let mut entries = ByPair(FastMap::default());
        let mut seen = HashSet::new();
        for f in &data.frameworks {
            let fw = f.id.value.to_string();
            // A duplicate framework id shares the first one's folder.
            if !seen.insert(fw.clone()) {
                continue;
            }
            let name = framework_folders.name(&f.id.value);
            let mut folder = Folder::default();
            for e in data.references_of(RefKind::FrameworkEntry) {
                if e.framework.as_ref().is_none_or(|g| g.value != f.id.value) {
                    continue;
                }
                entries.add(fw.clone(), &e.id.value, || {
                    format!("frame/{name}/{}.html", folder.name(&e.id.value))
                });
            }
        }
        let mut arc_folder = Folder::default();
        let arcs = data
            .arcs
            .iter()
            .map(|a| format!("arcs/{}.html", arc_folder.name(&a.name.value)))
            .collect();
        Paths {
            programmes,
            plans,
            countries,
            kpis,
            references,
            entries,
            arcs,
        }
    }

    /// The page listing a plan's programmes.
    pub fn plan(&self, id: &str) -> Option<&str> {
        self.plans.get(id).map(|(path, _)| path.as_str())
    }

    pub fn country(&self, id: &str) -> Option<&str> {
        self.countries.get(id).map(String::as_str)
    }

    pub fn kpi(&self, plan: &str, id: &str) -> Option<&str> {
        self.kpis.get(plan, id)
    }

    pub fn reference(&self, kind: RefKind, id: &str) -> Option<&str> {
        self.references.get(&kind, id)
    }

    /// The page of the entry `id` of the framework `framework`.
    pub fn entry(&self, framework: &str, id: &str) -> Option<&str> {
        self.entries.get(framework, id)
    }

    /// The page of a programme (none when its plan is not loaded).
    pub fn programme(&self, index: usize) -> Option<&str> {
        self.programmes
            .get(index)
            .map(String::as_str)
            .filter(|p| !p.is_empty())
    }
}

/// The countries with a page: the AMS and the Plus Three.
pub fn has_page(c: &crate::model::RefEntry) -> bool {
    use crate::model::CountryKind;
    matches!(
        c.category.as_ref().map(|k| k.value),
        Some(CountryKind::Ams | CountryKind::PlusThree)
    )
}

/// The link from the page at `from` to the page at `to`, both from the site's top folder.
pub fn rel(from: &str, to: &str) -> String {
    let depth = from.matches('/').count();
    let mut out = "../".repeat(depth);
    out.push_str(to);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slug_is_safe_on_every_file_system() {
        assert_eq!(slug("A.2.iii"), "a.2.iii");
        assert_eq!(slug("accsm-2021-2025"), "accsm-2021-2025");
        assert_eq!(slug("../x"), "_2e._2fx");
        assert_eq!(slug(".hidden"), "_2ehidden");
        assert_eq!(slug(""), "_");
        assert_eq!(slug("CON"), "_con");
        assert_eq!(slug("com1.x"), "_com1.x");
        assert_eq!(slug("ไทย"), "_e44_e17_e22");
        assert_eq!(slug("ASEAN Resource  Centre"), "asean-resource-centre");
        assert!(slug(&"x".repeat(10_000)).len() <= MAX_STEM + 1);
        assert!(
            slug("a/b\\c:d*e?f\"g<h>i|j\0")
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
        );
    }

    #[test]
    fn ids_that_meet_in_one_name_are_numbered_in_order() {
        let mut f = Folder::default();
        assert_eq!(f.name("IDN"), "idn");
        assert_eq!(f.name("idn"), "idn-2");
        assert_eq!(f.name("Idn"), "idn-3");
        assert_eq!(f.name("idn-2"), "idn-2-2");
    }

    #[test]
    fn links_climb_to_the_top_folder_first() {
        assert_eq!(rel("index.html", "plans/a.html"), "plans/a.html");
        assert_eq!(
            rel("programmes/a/1.html", "countries/idn.html"),
            "../../countries/idn.html"
        );
    }
}
