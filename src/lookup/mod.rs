//! The reference lists as lookup tables: a country, body, group, APSC line or framework entry
//! by id, a party by any of its names, the partner organisations as programmes print them.
//! Every layer above reads references through [`Catalog`]: the rules (`check`), the filters
//! (`query`), the reports and the commands. When a value does not resolve, [`Catalog::resolve`]
//! says why in plain words ([`explain`]).

mod explain;

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::hash::FastMap;
use crate::load::Unread;
use crate::model::{Dataset, RefEntry, RefKind};
use crate::source::FileId;

pub use explain::near_miss_forms;
pub(crate) use explain::write_instead;

/// Lookup tables over a data set's reference lists.
pub struct Catalog<'a> {
    by_id: FastMap<(RefKind, &'a str), &'a RefEntry>,
    /// The entries of the results frameworks by (framework, id).
    entries: FastMap<(&'a str, &'a str), &'a RefEntry>,
    /// Lower-cased id, name and aliases of countries, bodies and groups, to the entry.
    by_name: HashMap<String, &'a RefEntry>,
    ids: HashMap<RefKind, Vec<&'a str>>,
    /// Names and aliases of the partner organisations, exactly as programmes print them;
    /// sorted, so that suggestions are the same on every run.
    organisations: Vec<&'a str>,
    /// The tables some records of may be missing, because a file or a table could not be read.
    unsure: Unsure,
    /// References not found and not reported, for they may name what could not be read.
    withheld: AtomicUsize,
}

/// The tables (`country`, `plan`…) whose records may be missing from the data set because a
/// file, or a table of one, could not be read.
#[derive(Clone, Debug, Default)]
pub struct Unsure {
    /// Anything may be missing: a whole file could not be read.
    all: bool,
    tables: Vec<String>,
}

impl Unsure {
    pub fn of(unread: &[(FileId, Unread)]) -> Self {
        let mut unsure = Unsure::default();
        for (_, u) in unread {
            match u {
                Unread::File | Unread::Table(None) => unsure.all = true,
                Unread::Table(Some(name)) => unsure.tables.push(name.clone()),
            }
        }
        unsure
    }

    /// Whether records of this table may be missing.
    pub fn about(&self, table: &str) -> bool {
        self.all || self.tables.iter().any(|t| t == table)
    }
}

impl<'a> Catalog<'a> {
    pub fn new(data: &'a Dataset) -> Self {
        let mut by_id = FastMap::default();
        let mut entries = FastMap::default();
        let mut by_name = HashMap::new();
        let mut ids: HashMap<RefKind, Vec<&'a str>> = HashMap::new();
        let mut organisations = Vec::new();
        for r in &data.references {
            if r.kind == RefKind::PartnerOrganisation {
                let names = r.name.iter().chain(r.aliases.iter());
                organisations.extend(names.map(|n| n.value.as_str()));
            }
            by_id.entry((r.kind, r.id.value.as_str())).or_insert(r);
            if let Some(fw) = &r.framework {
                if r.kind == RefKind::FrameworkEntry {
                    entries
                        .entry((fw.value.as_str(), r.id.value.as_str()))
                        .or_insert(r);
                }
            }
            ids.entry(r.kind).or_default().push(r.id.value.as_str());
            if matches!(r.kind, RefKind::Country | RefKind::Body | RefKind::Group) {
                let names = std::iter::once(&r.id)
                    .chain(r.name.iter())
                    .chain(r.aliases.iter());
                for n in names {
                    by_name.entry(n.value.to_lowercase()).or_insert(r);
                }
            }
        }
        organisations.sort_unstable();
        organisations.dedup();
        Catalog {
            by_id,
            entries,
            by_name,
            ids,
            organisations,
            unsure: Unsure::default(),
            withheld: AtomicUsize::new(0),
        }
    }

    /// A catalogue that does not report a reference as unknown when what it names may be in
    /// what could not be read; [`Catalog::withheld`] counts those.
    pub fn with_unsure(mut self, unsure: Unsure) -> Self {
        self.unsure = unsure;
        self
    }

    /// Whether a reference to a record of `table` that is not found should be withheld (and
    /// counts it if so).
    pub fn withhold(&self, table: &str) -> bool {
        let withhold = self.unsure.about(table);
        if withhold {
            self.withheld.fetch_add(1, Ordering::Relaxed);
        }
        withhold
    }

    /// How many references were not reported as unknown (see [`Catalog::with_unsure`]).
    pub fn withheld(&self) -> usize {
        self.withheld.load(Ordering::Relaxed)
    }

    /// An entry of a results framework by id (ids are unique within a framework).
    pub fn entry(&self, framework: &str, id: &str) -> Option<&'a RefEntry> {
        self.entries.get(&(framework, id)).copied()
    }

    pub fn get(&self, kind: RefKind, id: &str) -> Option<&'a RefEntry> {
        self.by_id.get(&(kind, id)).copied()
    }

    /// Every id of the given kinds.
    pub fn ids(&self, kinds: &[RefKind]) -> Vec<&'a str> {
        kinds
            .iter()
            .flat_map(|k| self.ids.get(k).into_iter().flatten().copied())
            .collect()
    }

    /// A country, body or group by id, official name or common spelling, ignoring case.
    pub fn party_by_name(&self, name: &str) -> Option<&'a RefEntry> {
        self.by_name.get(&name.trim().to_lowercase()).copied()
    }

    /// Whether `printed` is the name or an alias of a partner organisation, character for
    /// character (as `list --partner` compares them).
    pub fn is_organisation(&self, printed: &str) -> bool {
        self.organisations.binary_search(&printed).is_ok()
    }

    /// The names and aliases of the partner organisations, sorted.
    pub fn organisation_names(&self) -> &[&'a str] {
        &self.organisations
    }

    /// Every name, alias and id of the countries, bodies or groups of `kinds`, with the id each
    /// stands for (for suggestions).
    pub fn party_names(&self, kinds: &[RefKind]) -> Vec<(String, String)> {
        let mut names: Vec<(String, String)> = self
            .by_id
            .values()
            .filter(|e| kinds.contains(&e.kind))
            .flat_map(|e| {
                std::iter::once(&e.id)
                    .chain(e.name.iter())
                    .chain(e.aliases.iter())
                    .map(|n| (n.value.to_string(), e.id.value.to_string()))
            })
            .collect();
        names.sort();
        names
    }

    /// The country whose ISO 3166 two-letter code `input` is (`PH` → the Philippines), if the
    /// country list has it.
    pub fn by_alpha2(&self, input: &str) -> Option<&'a RefEntry> {
        let code = input.trim();
        let (_, alpha3) = ALPHA2
            .iter()
            .find(|(two, _)| two.eq_ignore_ascii_case(code) && code.len() == 2)?;
        self.get(RefKind::Country, alpha3)
    }

    /// Why `input` does not name a party of `kinds`, when accsm can tell more than "unknown":
    /// a two-letter country code, or a party known as something else (a Plus Three country
    /// where an AMS is asked for, a group where a coordinator is asked for). `wanted` says what
    /// was asked for ("an ASEAN Member State"); `fits` says which parties would do.
    pub fn party_hint(
        &self,
        input: &str,
        wanted: &str,
        fits: impl Fn(&RefEntry) -> bool,
    ) -> Option<String> {
        if let Some(found) = self.by_alpha2(input) {
            let write = format!("`{}` ({})", found.id.value, found.display_name());
            return Some(if fits(found) {
                format!(
                    "`{input}` is a two-letter country code; accsm uses three-letter codes: write {write}"
                )
            } else {
                format!(
                    "`{input}` is the two-letter code of {}, which is not {wanted}",
                    found.display_name()
                )
            });
        }
        let found = self.party_by_name(input)?;
        if fits(found) {
            return None;
        }
        let what = match &found.category {
            Some(kind) => match kind.value {
                crate::model::CountryKind::Ams => "an ASEAN Member State".to_string(),
                crate::model::CountryKind::PlusThree => "a Plus Three country".to_string(),
                crate::model::CountryKind::DialoguePartner => "a dialogue partner".to_string(),
                crate::model::CountryKind::Observer => "an observer".to_string(),
            },
            None => found.kind.noun().to_string(),
        };
        Some(format!(
            "{} (`{}`) is {what}, not {wanted}",
            found.display_name(),
            found.id.value
        ))
    }
}

/// ISO 3166 two-letter codes of the countries the plans name, with their three-letter codes.
const ALPHA2: &[(&str, &str)] = &[
    ("BN", "BRN"),
    ("KH", "KHM"),
    ("ID", "IDN"),
    ("LA", "LAO"),
    ("MY", "MYS"),
    ("MM", "MMR"),
    ("PH", "PHL"),
    ("SG", "SGP"),
    ("TH", "THA"),
    ("VN", "VNM"),
    ("CN", "CHN"),
    ("JP", "JPN"),
    ("KR", "KOR"),
    ("AU", "AUS"),
    ("CA", "CAN"),
    ("IN", "IND"),
    ("TL", "TLS"),
    ("NZ", "NZL"),
    ("US", "USA"),
    ("RU", "RUS"),
    ("GB", "GBR"),
];
