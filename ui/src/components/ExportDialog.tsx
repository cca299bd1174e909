import { useEffect, useState } from "react";
import { unwrap } from "../api";
import { commands, type ReportPaper, type Version } from "../bindings";
import { DialogForm } from "./DialogForm";

/** The paper chosen last, kept between exports (most people always print on one). */
const PAPER_KEY = "throughline.paper";
const lastPaper = (): ReportPaper =>
  globalThis.localStorage?.getItem(PAPER_KEY) === "letter" ? "letter" : "a4";

/** Export PDF: the paper, and a saved version to say what changed since. Enter exports
 * (from either list as well), Esc cancels; the shell then asks where to save. */
export function ExportDialog({
  onExport,
  onCancel,
  onError,
}: {
  onExport: (paper: ReportPaper, since: number | null) => void;
  onCancel: () => void;
  onError: (message: string) => void;
}) {
  const [paper, setPaper] = useState<ReportPaper>(lastPaper);
  const [since, setSince] = useState("");
  const [versions, setVersions] = useState<Version[]>([]);
  useEffect(() => {
    unwrap(commands.listVersions())
      .then((list) => setVersions([...list].reverse()))
      .catch((e) => onError(String(e instanceof Error ? e.message : e)));
  }, [onError]);
  const submit = () => {
    globalThis.localStorage?.setItem(PAPER_KEY, paper);
    onExport(paper, since ? Number(since) : null);
  };
  return (
    <DialogForm
      title="Export the leadership PDF"
      className="export-dialog"
      onSubmit={submit}
      onCancel={onCancel}
      onKey={(e) => {
        if (e.key === "Enter" && e.target instanceof HTMLSelectElement) {
          // Enter exports from a list too (WebKit would open it): Alt+↓ opens a list, as
          // native lists do.
          e.preventDefault();
          submit();
        }
      }}
    >
      <h2>Export the leadership PDF</h2>
      <label className="field">
        <span>Paper</span>
        <select
          // biome-ignore lint/a11y/noAutofocus: the dialog opens to choose
          autoFocus
          aria-label="Paper"
          value={paper}
          onChange={(e) => setPaper(e.target.value as ReportPaper)}
        >
          <option value="a4">A4, landscape</option>
          <option value="letter">US Letter, landscape</option>
        </select>
      </label>
      <label className="field">
        <span>Say what changed since</span>
        <select
          aria-label="Say what changed since"
          value={since}
          onChange={(e) => setSince(e.target.value)}
        >
          <option value="">Nothing: this version only</option>
          {versions.map((v) => (
            <option key={v.id} value={String(v.id)}>
              {v.name} ({v.created_at.slice(0, 10)})
            </option>
          ))}
        </select>
      </label>
      {versions.length === 0 && (
        <p className="muted">Save a named version to compare a later report with it.</p>
      )}
      <div className="row">
        <button type="submit" className="primary">
          Export…
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </DialogForm>
  );
}
