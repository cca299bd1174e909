/** A line under the header: a problem (an alert), something done, or the map being
 * read-only; with one action, or "Dismiss". */
export function Banner({
  className,
  alert = false,
  kind,
  children,
  action,
  onAction,
}: {
  className: string;
  alert?: boolean;
  /** The problem's kind, for whatever acts on it (and the tests). */
  kind?: string;
  children: React.ReactNode;
  /** The button's words; "Dismiss" (as a link) when not given. */
  action?: string;
  onAction: () => void;
}) {
  return (
    <div className={className} role={alert ? "alert" : "status"} data-kind={kind}>
      {children}
      <button type="button" className={action ? undefined : "link"} onClick={onAction}>
        {action ?? "Dismiss"}
      </button>
    </div>
  );
}
