/** The map and findings after an edit, from the previous ones and the shell's patches: lists
 * the edit did not touch keep their array, and entities and findings it did not touch keep
 * their object, so the canvas and the panels redraw only what changed. */
import type {
  Finding,
  FindingPatch,
  Map_Serialize as JourneyMap,
  ListPatch,
  MapPatch_Serialize as MapPatch,
  Snapshot_Serialize as Snapshot,
  Update_Serialize as Update,
} from "./bindings";

function patchList<T extends { id: string }>(list: T[], patch: ListPatch<T> | null): T[] {
  if (!patch) return list;
  const changed = new Map(patch.changed.map((item) => [item.id, item]));
  const before = new Map(list.map((item) => [item.id, item]));
  return patch.order.map((id) => {
    const item = changed.get(id) ?? before.get(id);
    if (!item) throw new Error(`the update names ${id} but sends no such entity`);
    return item;
  });
}

export function applyPatch(map: JourneyMap, patch: MapPatch): JourneyMap {
  return {
    ...map,
    name: patch.name,
    description: patch.description ?? undefined,
    waivers: patch.waivers,
    severities: patch.severities,
    teams: patchList(map.teams, patch.teams),
    people: patchList(map.people, patch.people),
    stages: patchList(map.stages, patch.stages),
    transitions: patchList(map.transitions, patch.transitions),
    terms: patchList(map.terms, patch.terms),
  };
}

/** The findings after an update: a number is the place of a finding in the previous list. */
export function applyFindings(before: Finding[], patch: FindingPatch[]): Finding[] {
  return patch.map((f) => {
    if (typeof f !== "number") return f;
    const kept = before[f];
    if (!kept) throw new Error(`the update keeps finding ${f}, but there are ${before.length}`);
    return kept;
  });
}

/** The snapshot after an update. */
export function applyUpdate(snapshot: Snapshot, update: Update): Snapshot {
  return {
    revision: update.revision,
    path: update.path,
    read_only: update.read_only,
    map: applyPatch(snapshot.map, update.patch),
    analysis: {
      findings: applyFindings(snapshot.analysis.findings, update.findings),
      waived: update.waived,
      summary: update.summary,
    },
    // An edit never changes the stage history; loading one sends a whole snapshot.
    history: snapshot.history,
    // Nor the CRM's configuration: attaching one sends a whole snapshot too.
    crm: snapshot.crm,
    can_undo: update.can_undo,
    can_redo: update.can_redo,
    conflicts: update.conflicts,
    // The sharing's state comes on its own event.
    sync: snapshot.sync,
    // Said once, after the import that left it out.
    left_out: [],
  };
}
