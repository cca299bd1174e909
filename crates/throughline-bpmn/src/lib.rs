//! BPMN 2.0 both ways, for the process-excellence team's modelers (bpmn.io, Camunda,
//! Signavio, ARIS).
//!
//! [`to_bpmn`] writes a map as one pool with a lane per team, a task per stage (start events
//! for entries, end events for revenue and exits), a sequence flow per transition, and diagram
//! interchange laid out as the report draws the map. What BPMN has no place for goes into
//! `extensionElements` in [`NAMESPACE`], so our own files read back as the map written.
//!
//! [`from_bpmn`] reads any modeler's file: pools and leaf lanes become teams, activities and
//! events stages that keep their ids, sequence flows transitions (followed through gateways),
//! message flows between nodes handoffs, documentation criteria.

mod occupied;
mod read;
mod write;
mod xml;

pub use read::{BpmnError, from_bpmn, from_bpmn_noting};
pub use write::to_bpmn;

/// The BPMN 2.0 model namespace, whatever prefix a file gives it.
pub const MODEL: &str = "http://www.omg.org/spec/BPMN/20100524/MODEL";
/// Throughline's own extension elements.
pub const NAMESPACE: &str = "https://throughline.app/bpmn/1";
