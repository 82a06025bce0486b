//! Reading the code for `tests/architecture.rs`: every file of a `src/` folder parsed with
//! `syn`, and every path in it resolved to the absolute path it names in its crate.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use proc_macro2::{Span, TokenStream, TokenTree};
use syn::visit::Visit;

use super::BINARY;

/// A module path inside one crate: `["check", "ids"]`; the crate root is `[]`.
pub type ModPath = Vec<String>;

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub enum Crate {
    Library,
    Binary,
}

/// One path of the code, resolved: in `file` at `line`, module `from` names `to` (the module
/// path followed by the item, as far as it is known).
#[derive(Debug)]
pub struct Reference {
    pub file: String,
    pub line: usize,
    pub krate: Crate,
    pub from: ModPath,
    pub to: Vec<String>,
    pub written: String,
}

/// What the files declare: every module of each crate, the items each defines, the names each
/// re-exports (`pub use x::Y` in module M: `(M, "Y")` → the absolute path `x::Y` resolves to)
/// and the modules whose items it re-exports whole (`pub use x::*`).
#[derive(Default)]
pub struct Crates {
    modules: BTreeSet<(Crate, ModPath)>,
    items: BTreeSet<(Crate, ModPath, String)>,
    reexports: BTreeMap<(Crate, ModPath, String), Vec<String>>,
    globs: BTreeMap<(Crate, ModPath), Vec<Vec<String>>>,
}

pub fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The crate and module of a file: `src/check/ids.rs` → library `check::ids`,
/// `src/check/mod.rs` → `check`, `src/lib.rs` → the library's root, `src/main.rs` → the
/// binary's root, `src/commands/list.rs` → binary `commands::list`.
pub fn module_of(src: &Path, file: &Path) -> (Crate, ModPath) {
    let relative = file.strip_prefix(src).unwrap();
    let mut parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().unwrap();
    let stem = last.trim_end_matches(".rs").to_string();
    if !(parts.is_empty() && (stem == "lib" || stem == "main") || stem == "mod") {
        parts.push(stem.clone());
    }
    let top = parts.first().cloned().unwrap_or(stem);
    let krate = if BINARY.contains(&top.as_str()) {
        Crate::Binary
    } else {
        Crate::Library
    };
    (krate, parts)
}

fn line(span: Span) -> usize {
    span.start().line
}

/// The paths a `use` tree brings in, each as its segments (`use crate::{a::B, c::*}` →
/// `crate::a::B`, `crate::c`), with the name it is known by in the module, if any.
fn use_paths(
    tree: &syn::UseTree,
    prefix: &mut Vec<String>,
    out: &mut Vec<(Vec<String>, Option<String>)>,
) {
    match tree {
        syn::UseTree::Path(p) => {
            prefix.push(p.ident.to_string());
            use_paths(&p.tree, prefix, out);
            prefix.pop();
        }
        syn::UseTree::Name(n) if n.ident == "self" => {
            out.push((prefix.clone(), prefix.last().cloned()));
        }
        syn::UseTree::Name(n) => {
            let mut full = prefix.clone();
            full.push(n.ident.to_string());
            out.push((full, Some(n.ident.to_string())));
        }
        syn::UseTree::Rename(r) => {
            let mut full = prefix.clone();
            if r.ident != "self" {
                full.push(r.ident.to_string());
            }
            out.push((full, Some(r.rename.to_string())));
        }
        syn::UseTree::Glob(_) => out.push((prefix.clone(), None)),
        syn::UseTree::Group(g) => {
            for item in &g.items {
                use_paths(item, prefix, out);
            }
        }
    }
}

/// Every `a::b::c` chain in a token stream (the inside of a macro call), with its line.
fn token_paths(tokens: TokenStream, out: &mut Vec<(Vec<String>, usize)>) {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut i = 0;
    while i < trees.len() {
        match &trees[i] {
            TokenTree::Group(g) => {
                token_paths(g.stream(), out);
                i += 1;
            }
            TokenTree::Ident(first) => {
                let mut segments = vec![first.to_string()];
                let mut j = i + 1;
                // `::` is two `:` puncts, then an identifier.
                while j + 2 < trees.len() + 1 {
                    match (&trees.get(j), &trees.get(j + 1), &trees.get(j + 2)) {
                        (
                            Some(TokenTree::Punct(a)),
                            Some(TokenTree::Punct(b)),
                            Some(TokenTree::Ident(next)),
                        ) if a.as_char() == ':' && b.as_char() == ':' => {
                            segments.push(next.to_string());
                            j += 3;
                        }
                        _ => break,
                    }
                }
                if segments.len() > 1 {
                    out.push((segments, line(first.span())));
                }
                i = j;
            }
            _ => i += 1,
        }
    }
}

/// Walks one file, module by module (inline `mod x { … }` included), collecting the paths it
/// writes and the modules and re-exports it declares.
struct FileWalk<'a> {
    krate: Crate,
    module: ModPath,
    /// The child modules declared in each module of this file.
    children: BTreeMap<ModPath, BTreeSet<String>>,
    /// Paths as written, with the module they were written in: `(module, segments, line)`.
    paths: Vec<(ModPath, Vec<String>, usize)>,
    /// `pub use` items: `(module, name, segments)`; a glob has no name.
    reexports: Vec<(ModPath, Option<String>, Vec<String>)>,
    crates: &'a mut Crates,
}

impl<'ast> Visit<'ast> for FileWalk<'_> {
    fn visit_item(&mut self, item: &'ast syn::Item) {
        let name = match item {
            syn::Item::Const(i) => Some(&i.ident),
            syn::Item::Enum(i) => Some(&i.ident),
            syn::Item::Fn(i) => Some(&i.sig.ident),
            syn::Item::Macro(i) => i.ident.as_ref(),
            syn::Item::Static(i) => Some(&i.ident),
            syn::Item::Struct(i) => Some(&i.ident),
            syn::Item::Trait(i) => Some(&i.ident),
            syn::Item::Type(i) => Some(&i.ident),
            syn::Item::Union(i) => Some(&i.ident),
            _ => None,
        };
        if let Some(name) = name {
            self.crates
                .items
                .insert((self.krate, self.module.clone(), name.to_string()));
        }
        syn::visit::visit_item(self, item);
    }

    fn visit_item_mod(&mut self, item: &'ast syn::ItemMod) {
        let name = item.ident.to_string();
        self.children
            .entry(self.module.clone())
            .or_default()
            .insert(name.clone());
        let mut child = self.module.clone();
        child.push(name);
        self.crates.modules.insert((self.krate, child.clone()));
        if let Some((_, items)) = &item.content {
            let outer = std::mem::replace(&mut self.module, child);
            for attr in &item.attrs {
                self.visit_attribute(attr);
            }
            for inner in items {
                self.visit_item(inner);
            }
            self.module = outer;
        }
    }

    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        let mut found = Vec::new();
        let mut prefix = Vec::new();
        if item.leading_colon.is_some() {
            return; // `use ::other_crate::…`
        }
        use_paths(&item.tree, &mut prefix, &mut found);
        let at = line(item.use_token.span);
        let public = !matches!(item.vis, syn::Visibility::Inherited);
        for (segments, name) in found {
            if public {
                self.reexports
                    .push((self.module.clone(), name, segments.clone()));
            }
            self.paths.push((self.module.clone(), segments, at));
        }
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        if path.leading_colon.is_none() && path.segments.len() > 1 {
            let segments = path.segments.iter().map(|s| s.ident.to_string()).collect();
            let at = line(path.segments[0].ident.span());
            self.paths.push((self.module.clone(), segments, at));
        }
        syn::visit::visit_path(self, path);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        let mut found = Vec::new();
        token_paths(mac.tokens.clone(), &mut found);
        for (segments, at) in found {
            self.paths.push((self.module.clone(), segments, at));
        }
        syn::visit::visit_macro(self, mac);
    }

    fn visit_attribute(&mut self, attr: &'ast syn::Attribute) {
        if attr.path().is_ident("doc") {
            return; // doc comments name modules in prose and links, not as imports
        }
        // `#[serde(with = "crate::x")]`: a string that is a path is one.
        if let syn::Meta::List(list) = &attr.meta {
            let mut strings = Vec::new();
            literal_strings(list.tokens.clone(), &mut strings);
            for lit in strings {
                if let Ok(path) = syn::parse_str::<syn::Path>(&lit.value())
                    && path.segments.len() > 1
                {
                    let segments = path.segments.iter().map(|s| s.ident.to_string()).collect();
                    self.paths
                        .push((self.module.clone(), segments, line(lit.span())));
                }
            }
        }
        syn::visit::visit_attribute(self, attr);
    }
}

fn literal_strings(tokens: TokenStream, out: &mut Vec<syn::LitStr>) {
    for tree in tokens {
        match tree {
            TokenTree::Group(g) => literal_strings(g.stream(), out),
            TokenTree::Literal(l) => {
                if let Ok(s) = syn::parse_str::<syn::LitStr>(&l.to_string()) {
                    // Keep the literal's own place for the message.
                    out.push(syn::LitStr::new(&s.value(), l.span()));
                }
            }
            _ => {}
        }
    }
}

/// Resolves a path written in `module` to an absolute one in its crate, or `None` when it leads
/// elsewhere (another crate, the standard library, a local name).
fn absolute(
    module: &ModPath,
    segments: &[String],
    children: &BTreeMap<ModPath, BTreeSet<String>>,
    krate: Crate,
) -> Option<Vec<String>> {
    let first = segments.first()?;
    match first.as_str() {
        "crate" => Some(segments[1..].to_vec()),
        "self" | "super" => {
            let mut at = module.clone();
            let mut rest = segments;
            if rest[0] == "self" {
                rest = &rest[1..];
            }
            while rest.first().is_some_and(|s| s == "super") {
                at.pop()?;
                rest = &rest[1..];
            }
            at.extend(rest.iter().cloned());
            Some(at)
        }
        // The binary names the library as `accsm::`; it stands above all of it.
        "accsm" if krate == Crate::Binary => None,
        name if children.get(module).is_some_and(|c| c.contains(name)) => {
            let mut at = module.clone();
            at.extend(segments.iter().cloned());
            Some(at)
        }
        _ => None,
    }
}

/// Reads every file under `src`.
pub fn read(src: &Path) -> (Crates, Vec<Reference>, Vec<String>) {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    files.sort();
    let mut crates = Crates::default();
    let mut raw = Vec::new();
    let mut unparsable = Vec::new();
    for file in &files {
        let (krate, module) = module_of(src, file);
        crates.modules.insert((krate, module.clone()));
        let shown = file
            .strip_prefix(src.parent().unwrap())
            .unwrap()
            .display()
            .to_string();
        let text = std::fs::read_to_string(file).unwrap();
        let ast = match syn::parse_file(&text) {
            Ok(ast) => ast,
            Err(e) => {
                unparsable.push(format!("{shown}: not parsed ({e}), so not checked"));
                continue;
            }
        };
        let mut walk = FileWalk {
            krate,
            module: module.clone(),
            children: BTreeMap::new(),
            paths: Vec::new(),
            reexports: Vec::new(),
            crates: &mut crates,
        };
        walk.visit_file(&ast);
        let FileWalk {
            children,
            paths,
            reexports,
            ..
        } = walk;
        for (m, name, segments) in reexports {
            let Some(to) = absolute(&m, &segments, &children, krate) else {
                continue;
            };
            match name {
                Some(name) => {
                    crates.reexports.insert((krate, m, name), to);
                }
                None => crates.globs.entry((krate, m)).or_default().push(to),
            }
        }
        for (from, segments, at) in paths {
            if let Some(to) = absolute(&from, &segments, &children, krate) {
                raw.push(Reference {
                    file: shown.clone(),
                    line: at,
                    krate,
                    from,
                    to,
                    written: segments.join("::"),
                });
            }
        }
    }
    (crates, raw, unparsable)
}

impl Crates {
    /// Whether `module` defines or re-exports `name`, by name or through its globs.
    fn provides(&self, krate: Crate, module: &[String], name: &str, depth: usize) -> bool {
        let key = (krate, module.to_vec(), name.to_string());
        self.items.contains(&key)
            || self.reexports.contains_key(&key)
            || depth > 0
                && self
                    .globs
                    .get(&(krate, module.to_vec()))
                    .is_some_and(|gs| gs.iter().any(|g| self.provides(krate, g, name, depth - 1)))
    }

    /// The module a path names: its longest prefix that is a module, after following
    /// re-exports (`crate::Grid` → `report::grid::Grid` → module `report::grid`).
    pub fn target(&self, krate: Crate, path: &[String]) -> ModPath {
        let mut path = path.to_vec();
        for _ in 0..16 {
            let module_len = (0..=path.len())
                .rev()
                .find(|n| self.modules.contains(&(krate, path[..*n].to_vec())))
                .unwrap_or(0);
            let module = path[..module_len].to_vec();
            let Some(name) = path.get(module_len) else {
                return module;
            };
            let rest = &path[module_len + 1..];
            let named = self
                .reexports
                .get(&(krate, module.clone(), name.clone()))
                .cloned();
            // Through `pub use x::*`: the glob whose module defines or re-exports the name.
            let globbed = || {
                self.globs
                    .get(&(krate, module.clone()))?
                    .iter()
                    .find_map(|g| {
                        self.provides(krate, g, name, 8).then(|| {
                            let mut to = g.clone();
                            to.push(name.clone());
                            to
                        })
                    })
            };
            match named.or_else(globbed) {
                Some(to) if to.as_slice() != path.as_slice() => {
                    let mut next = to;
                    next.extend(rest.iter().cloned());
                    path = next;
                }
                _ => return module,
            }
        }
        path
    }
}
