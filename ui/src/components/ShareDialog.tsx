import { useState } from "react";
import type { SharedLinks } from "../bindings";
import { DialogForm } from "./DialogForm";

/** The name shared last, kept between sessions (people share as themselves). */
const NAME_KEY = "throughline.name";
const SERVER_KEY = "throughline.server";
const remembered = (key: string, fallback: string) =>
  globalThis.localStorage?.getItem(key) || fallback;

/** Share… (a name and the team's sync server, then the two links to give others) and
 * Join… (a name and a link). Enter submits, Esc closes. */
export function ShareDialog({
  mode,
  links,
  onShare,
  onJoin,
  onCancel,
}: {
  mode: "share" | "join";
  /** The links of the map shared from here, once it is. */
  links: SharedLinks | null;
  onShare: (server: string, name: string) => Promise<boolean>;
  onJoin: (link: string, name: string) => Promise<boolean>;
  onCancel: () => void;
}) {
  const [name, setName] = useState(() => remembered(NAME_KEY, ""));
  const [target, setTarget] = useState(() =>
    mode === "share" ? remembered(SERVER_KEY, "127.0.0.1:1234") : "",
  );
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    globalThis.localStorage?.setItem(NAME_KEY, name.trim());
    if (mode === "share") globalThis.localStorage?.setItem(SERVER_KEY, target.trim());
    setBusy(true);
    const done = await (mode === "share" ? onShare(target, name) : onJoin(target, name));
    setBusy(false);
    if (done && mode === "join") onCancel();
  };
  const title = mode === "share" ? "Share this map" : "Join a shared map";
  return (
    <DialogForm
      title={title}
      className="share-dialog"
      onSubmit={() => void submit()}
      onCancel={onCancel}
    >
      <h2>{title}</h2>
      <label className="field">
        <span>Your name, as the others see it</span>
        <input
          // biome-ignore lint/a11y/noAutofocus: the dialog opens to type
          autoFocus={!name}
          aria-label="Your name"
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
      </label>
      <label className="field">
        <span>
          {mode === "share" ? "Your team's sync server (host:port)" : "The link you were given"}
        </span>
        <input
          // biome-ignore lint/a11y/noAutofocus: with a name known, the server or link is what is typed
          autoFocus={!!name}
          aria-label={mode === "share" ? "Sync server" : "Link"}
          placeholder={mode === "share" ? "127.0.0.1:1234" : "throughline://host:1234/map?token=…"}
          value={target}
          onChange={(e) => setTarget(e.target.value)}
        />
      </label>
      {mode === "share" && links && (
        <fieldset className="share-links">
          <legend>Links to give others</legend>
          <LinkRow label="Editors" hint="can change the map" link={links.editor} />
          <LinkRow label="Viewers" hint="can only read it" link={links.viewer} />
          <p className="muted">
            This file now holds the editor link: whoever gets a copy of the file can edit the shared
            map too. Your stage history and CRM link stay on this computer: the others see the map
            and its findings, and load their own history for the rest.
          </p>
        </fieldset>
      )}
      <div className="row">
        {!(mode === "share" && links) && (
          <button type="submit" className="primary" disabled={busy}>
            {mode === "share" ? "Share" : "Join"}
          </button>
        )}
        <button type="button" onClick={onCancel}>
          {links ? "Done" : "Cancel"}
        </button>
      </div>
    </DialogForm>
  );
}

function LinkRow({ label, hint, link }: { label: string; hint: string; link: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="link-row">
      <span>
        <strong>{label}</strong> {hint}
      </span>
      <input
        readOnly
        aria-label={`${label} link`}
        value={link}
        onFocus={(e) => e.target.select()}
      />
      <button
        type="button"
        onClick={() => {
          void globalThis.navigator?.clipboard?.writeText(link).then(() => setCopied(true));
        }}
      >
        {copied ? "Copied" : "Copy"}
      </button>
    </div>
  );
}
