/** The dialogs the keyboard opens: what each asks, and the choices it offers. */
import type { Map_Serialize as JourneyMap } from "../bindings";
import { search } from "../search";
import { handoffName } from "./presentation";
import type { Option } from "./types";

export type Asking =
  | { kind: "newStage"; team: string; from: string | null }
  | { kind: "connect"; from: string }
  | { kind: "owner"; target: { kind: "stage" | "transition"; id: string }; team: string }
  | { kind: "newLane" }
  | { kind: "saveVersion" }
  | { kind: "newMap" }
  /** The command palette: every command, found by typing part of its name. */
  | { kind: "palette" }
  /** Export PDF: paper size and a version to compare with (a dialog of its own). */
  | { kind: "export" }
  /** Share… and Join…: a name and a server or a link (a dialog of its own). */
  | { kind: "share" }
  | { kind: "join" };

/** What the text prompt asks; the export and sharing dialogs are forms of their own. */
export type TextAsking = Exclude<Asking, { kind: "export" | "share" | "join" }>;

export type PromptText = {
  title: string;
  placeholder: string;
  /** The choices for what has been typed so far; a free-text prompt has none. */
  options?: (text: string) => Option[];
};

/** An owner option that adds a new person by this name. */
export const NEW_PERSON = "new:";
/** The owner option that removes the owner. */
export const NO_OWNER = "";

/** What the go-to box finds on a map, each id saying its kind: `stage:`, `lane:`,
 * `person:`, `term:`. Commands are listed by their own ids. */
export function goToTargets(map: JourneyMap): Option[] {
  const teams = new Map(map.teams.map((t) => [t.id, t.name]));
  return [
    ...map.stages.map((s) => ({
      id: `stage:${s.id}`,
      label: s.name,
      hint: `stage · ${teams.get(s.team) ?? ""}`,
    })),
    ...map.teams.map((t) => ({ id: `lane:${t.id}`, label: t.name, hint: "lane" })),
    ...map.people.map((p) => ({
      id: `person:${p.id}`,
      label: p.name,
      hint: `person · ${teams.get(p.team) ?? ""}`,
    })),
    ...map.terms.map((t) => ({ id: `term:${t.id}`, label: t.name, hint: "term" })),
  ];
}

/** "Owner of the handoff Marketing qualified lead → Sales accepted lead", "Owner of Lead". */
function ownerTitle(asking: Extract<Asking, { kind: "owner" }>, map: JourneyMap | undefined) {
  const name = (id: string | undefined) => map?.stages.find((s) => s.id === id)?.name ?? "?";
  const { kind, id } = asking.target;
  if (kind === "stage") return `Owner of ${name(id)}`;
  return `Owner of the handoff ${map ? handoffName(map, id) : id}`;
}

/** The teams whose people an owner most likely is: the stage's, or both of a handoff's. */
function ownerTeams(asking: Extract<Asking, { kind: "owner" }>, map: JourneyMap | undefined) {
  const teamOf = (id: string | undefined) => map?.stages.find((s) => s.id === id)?.team;
  const t = map?.transitions.find((t) => t.id === asking.target.id);
  return new Set([asking.team, teamOf(asking.target.id), teamOf(t?.from), teamOf(t?.to)]);
}

/** `commands` are the palette's choices: the commands that can run now. */
export function promptFor(
  asking: TextAsking,
  map: JourneyMap | undefined,
  commands: Option[] = [],
): PromptText {
  const teamName = (id: string) => map?.teams.find((t) => t.id === id)?.name ?? id;
  const stageName = (id: string | null) => map?.stages.find((s) => s.id === id)?.name;
  switch (asking.kind) {
    case "newMap":
      return { title: "New map: its name", placeholder: "e.g. Inbound to revenue, FY27" };
    case "palette": {
      // Things on the map come before commands when both match as well.
      const things = map ? goToTargets(map) : [];
      return {
        title: "Go to or run",
        placeholder: "A stage, lane, person, term, or a command",
        options: (text) => search(text ? [...things, ...commands] : commands, text),
      };
    }
    case "saveVersion":
      return { title: "Save a version named", placeholder: "e.g. Before the workshop" };
    case "newLane":
      return { title: "New lane: the team's name", placeholder: "e.g. Customer success" };
    case "newStage":
      return {
        title: `New stage in ${teamName(asking.team)}${asking.from ? `, after ${stageName(asking.from)}` : ""}`,
        placeholder: "e.g. Sales accepted lead",
      };
    case "connect": {
      const targets = (map?.stages ?? [])
        .filter((s) => s.id !== asking.from)
        .map((s) => ({ id: s.id, label: s.name, hint: teamName(s.team) }));
      return {
        title: `Connect ${stageName(asking.from)} to`,
        placeholder: "Type to find a stage",
        options: (text) => search(targets, text),
      };
    }
    case "owner": {
      // The people of the teams concerned first: a handoff's sending and receiving teams.
      const concerned = ownerTeams(asking, map);
      const people = [...(map?.people ?? [])]
        .sort((a, b) => Number(concerned.has(b.team)) - Number(concerned.has(a.team)))
        .map((p) => ({ id: p.id, label: p.name, hint: teamName(p.team) }));
      return {
        title: ownerTitle(asking, map),
        placeholder: "Type a name: pick someone, or add them",
        options: (text) => {
          const name = text.trim();
          const exact = people.some((p) => p.label.toLowerCase() === name.toLowerCase());
          const add =
            name && !exact
              ? [
                  {
                    id: `${NEW_PERSON}${name}`,
                    label: `Add “${name}”`,
                    hint: `new person in ${teamName(asking.team)}`,
                  },
                ]
              : [];
          return [...search(people, text), ...add, { id: NO_OWNER, label: "No owner" }];
        },
      };
    }
  }
}
