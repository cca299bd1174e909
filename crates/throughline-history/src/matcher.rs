//! Which stage a log's value is: by system value, name or id, within the record's kind.

use rustc_hash::FxHashMap;
use throughline_core::Map;

/// What a value in the log is, once looked up.
#[derive(Debug, Clone)]
pub(crate) enum Match {
    Stage(u32),
    Ambiguous(Vec<u32>),
    None,
}

/// Case folded, white space collapsed: how names are compared.
fn normal(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// One record of a kind, in a sentence: "a deal", "an opportunity".
pub fn one_record(kind: &str) -> String {
    let kind = kind_key(kind);
    let article = if kind.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
    format!("{article} {kind}")
}

/// A record kind as maps and logs name it, compared: case folded, singular (`Deals`, `deal`).
pub fn kind_key(kind: &str) -> String {
    let k = kind.trim().to_lowercase();
    if let Some(stem) = k.strip_suffix("ies") {
        format!("{stem}y")
    } else if k.ends_with('s') && !k.ends_with("ss") {
        k[..k.len() - 1].to_owned()
    } else {
        k
    }
}

/// Looks values up: a stage's system value, then its name, then its id. When the map's
/// stages name the record kind they track (`system.object`), a record of one kind only
/// matches stages of that kind, or else stages that name no kind.
pub(crate) struct Matcher {
    system: FxHashMap<String, Vec<u32>>,
    name: FxHashMap<String, Vec<u32>>,
    id: FxHashMap<String, u32>,
    /// Each stage's record kind (`kind_key`), when the map names one.
    kind: Vec<Option<String>>,
}

impl Matcher {
    pub(crate) fn new(map: &Map) -> Self {
        let mut system: FxHashMap<String, Vec<u32>> = FxHashMap::default();
        let mut name: FxHashMap<String, Vec<u32>> = FxHashMap::default();
        let mut id = FxHashMap::default();
        for (i, s) in map.stages.iter().enumerate() {
            let i = i as u32;
            if let Some(value) = s.system.as_ref().and_then(|x| x.value.as_ref()) {
                system.entry(value.clone()).or_default().push(i);
            }
            name.entry(normal(&s.name)).or_default().push(i);
            id.entry(s.id.clone()).or_insert(i);
        }
        let kind = map.stages.iter().map(stage_kind).collect();
        Matcher { system, name, id, kind }
    }

    /// Whether the map says which kind of record any stage tracks.
    pub(crate) fn knows_kinds(&self) -> bool {
        self.kind.iter().any(Option::is_some)
    }

    pub(crate) fn find(&self, kind: Option<&str>, value: &str) -> Match {
        let wanted = kind.filter(|_| self.knows_kinds()).map(kind_key);
        // Stages of the record's kind, else stages that name no kind (a custom step such as
        // a legal review, which any record may pass).
        let of_kind = |stages: &[u32]| -> Vec<u32> {
            let Some(k) = &wanted else { return stages.to_vec() };
            let with = |kind: Option<&String>| -> Vec<u32> {
                stages.iter().copied().filter(|&i| self.kind[i as usize].as_ref() == kind).collect()
            };
            let same = with(Some(k));
            if same.is_empty() { with(None) } else { same }
        };
        let tiers = [
            self.system.get(value).map(|f| of_kind(f)),
            self.name.get(&normal(value)).map(|f| of_kind(f)),
            self.id.get(value).map(|&i| of_kind(&[i])),
        ];
        match tiers.into_iter().flatten().find(|found| !found.is_empty()).as_deref() {
            None => Match::None,
            Some([i]) => Match::Stage(*i),
            Some(many) => Match::Ambiguous(many.to_vec()),
        }
    }
}

/// The record kind a stage tracks, when the map says (`system.object`).
pub(crate) fn stage_kind(stage: &throughline_core::model::Stage) -> Option<String> {
    stage.system.as_ref().and_then(|s| s.object.as_deref()).map(kind_key)
}
