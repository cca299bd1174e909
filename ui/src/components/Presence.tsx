import type {
  Participant_Serialize as Participant,
  SyncState_Serialize as SyncState,
} from "../bindings";

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? "" : "s"}`;

/** The sharing in a few words: live, offline with edits waiting, read-only, or refused. */
export function connectionText(sync: SyncState): { text: string; detail: string } | null {
  const c = sync.connection;
  const waiting = (n: number) => (n > 0 ? ` · ${plural(n, "edit")} waiting` : "");
  switch (c.state) {
    case "not_shared":
      return null;
    case "connecting":
      return { text: `Connecting…${waiting(c.waiting)}`, detail: "Reaching the sync server" };
    case "connected":
      return c.read_only
        ? { text: "Shared · read-only", detail: "Joined with a viewer link" }
        : {
            text: `Shared · live${waiting(c.waiting)}`,
            detail: "Edits go to everyone as you make them",
          };
    case "offline":
      return {
        text: `Offline${waiting(c.waiting)}`,
        detail: `${c.reason}. Edits are kept in the file and sent when the server is back.`,
      };
    case "refused":
      return { text: "Not let in", detail: c.reason };
  }
}

const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]?.toUpperCase())
    .join("");

/** Who is on the map with you, and Follow for whoever presents. */
export function SyncIndicator({
  sync,
  following,
  onFollow,
}: {
  sync: SyncState;
  following: string | null;
  onFollow: (id: string | null) => void;
}) {
  const said = connectionText(sync);
  if (!said) return null;
  return (
    <section className="sync" aria-label="Sharing">
      <span
        className={`sync-state ${sync.connection.state}`}
        role="status"
        title={said.detail}
        data-state={sync.connection.state}
      >
        {said.text}
      </span>
      {sync.people.map((p) => (
        <PersonChip key={p.id} person={p} following={following === p.id} onFollow={onFollow} />
      ))}
    </section>
  );
}

function PersonChip({
  person,
  following,
  onFollow,
}: {
  person: Participant;
  following: boolean;
  onFollow: (id: string | null) => void;
}) {
  return (
    <span className="person" data-person={person.name}>
      <span
        className="avatar"
        style={{ background: person.color }}
        title={person.presenting !== null ? `${person.name} is presenting` : person.name}
        role="img"
        aria-label={person.name}
      >
        {initials(person.name)}
      </span>
      {person.presenting !== null && (
        <button
          type="button"
          className="follow"
          onClick={() => onFollow(following ? null : person.id)}
        >
          {following ? "Stop following" : `Follow ${person.name}`}
        </button>
      )}
    </span>
  );
}

/** The stages colleagues have selected, each with who (outlined on the canvas). */
export function othersSelections(
  people: Participant[],
): Map<string, { name: string; color: string }[]> {
  const selected = new Map<string, { name: string; color: string }[]>();
  for (const p of people) {
    for (const id of p.selection) {
      selected.set(id, [...(selected.get(id) ?? []), { name: p.name, color: p.color }]);
    }
  }
  return selected;
}
