//! The document's top-level collections (see `layout`), looked up once.

use throughline_core::model::EntityKind;
use yrs::{Doc, MapRef};

use crate::layout;

#[derive(Debug, Clone)]
pub struct Roots {
    pub map: MapRef,
    pub teams: MapRef,
    pub people: MapRef,
    pub stages: MapRef,
    pub transitions: MapRef,
    pub terms: MapRef,
    pub waivers: MapRef,
    pub severities: MapRef,
}

impl Roots {
    pub fn of(doc: &Doc) -> Roots {
        let kind = |k| doc.get_or_insert_map(layout::collection(k));
        Roots {
            map: doc.get_or_insert_map(layout::MAP),
            teams: kind(EntityKind::Team),
            people: kind(EntityKind::Person),
            stages: kind(EntityKind::Stage),
            transitions: kind(EntityKind::Transition),
            terms: kind(EntityKind::Term),
            waivers: doc.get_or_insert_map(layout::WAIVERS),
            severities: doc.get_or_insert_map(layout::SEVERITIES),
        }
    }

    pub fn collection(&self, kind: EntityKind) -> MapRef {
        match kind {
            EntityKind::Team => self.teams.clone(),
            EntityKind::Person => self.people.clone(),
            EntityKind::Stage => self.stages.clone(),
            EntityKind::Transition => self.transitions.clone(),
            EntityKind::Term => self.terms.clone(),
        }
    }
}
