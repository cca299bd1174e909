import { useEffect, useState } from "react";
import { commands } from "../api";
import type { StartScreen as Start } from "../bindings";

/** Recent maps, the samples, and a new map: everything needed before a map is open. */
export function StartScreen({
  onOpenPath,
  onOpenSample,
  onNew,
  onBrowse,
  onCrm,
  onJoin,
  onProblem,
}: {
  onOpenPath: (path: string) => void;
  onOpenSample: (id: string) => void;
  onNew: (name: string) => void;
  onBrowse: () => void;
  /** Starts a map from the CRM's configuration: files, or a Salesforce project folder. */
  onCrm: (from: "files" | "folder") => void;
  /** Joins a map a colleague shared, from its link. */
  onJoin: () => void;
  onProblem: (message: string) => void;
}) {
  const [start, setStart] = useState<Start | null>(null);
  const [name, setName] = useState("");
  useEffect(() => {
    commands.startScreen().then((s) => {
      setStart(s);
      if (s.problem) onProblem(s.problem);
    });
  }, [onProblem]);
  const forget = async (path: string) => {
    await commands.forgetRecent(path);
    setStart(await commands.startScreen());
  };
  if (!start) return null;
  return (
    <main className="start">
      <h1>Throughline</h1>
      <p className="lead">
        Draw the journey from first touch to recognised revenue, and see where it breaks.
      </p>
      <div className="start-columns">
        <section aria-label="New map">
          <h2>New map</h2>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              onNew(name.trim() || "Untitled map");
            }}
          >
            <input
              className="new-map-name"
              aria-label="Name of the new map"
              placeholder="e.g. Inbound to revenue, FY27"
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
            <button type="submit">Create</button>
          </form>
          <button type="button" className="link" onClick={onBrowse}>
            Open a file… (.throughline, or .json to import)
          </button>
          <p className="from-crm">
            From the CRM:{" "}
            <button type="button" className="link" onClick={() => onCrm("files")}>
              HubSpot or Salesforce files…
            </button>{" "}
            or{" "}
            <button type="button" className="link" onClick={() => onCrm("folder")}>
              a Salesforce project folder…
            </button>
          </p>
          <button type="button" className="link join" onClick={onJoin}>
            Join a map a colleague shared… (from its link)
          </button>
        </section>
        <section aria-label="Recent maps">
          <h2>Recent</h2>
          {start.recent.length === 0 && <p className="muted">Maps you open appear here.</p>}
          <ul className="recent">
            {start.recent.map((r) => (
              <li key={r.path}>
                <button
                  type="button"
                  className="recent-map"
                  data-path={r.path}
                  disabled={!r.exists}
                  title={r.exists ? r.path : `${r.path} is no longer there`}
                  onClick={() => onOpenPath(r.path)}
                >
                  <strong>{r.name}</strong>
                  <span className="muted">{r.path}</span>
                </button>
                <button
                  type="button"
                  className="link"
                  aria-label={`Forget ${r.name}`}
                  onClick={() => forget(r.path)}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
        </section>
        <section aria-label="Samples">
          <h2>Samples</h2>
          <ul className="samples">
            {start.samples.map((s) => (
              <li key={s.id}>
                <button
                  type="button"
                  className="sample"
                  data-sample={s.id}
                  onClick={() => onOpenSample(s.id)}
                >
                  <strong>{s.name}</strong>
                  <span className="muted">{s.description}</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      </div>
    </main>
  );
}
