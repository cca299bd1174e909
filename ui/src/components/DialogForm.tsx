import type { KeyboardEvent, ReactNode } from "react";

/** A dialog over the window holding a form: Enter submits it; Esc or a click beside it
 * cancels; the editor's keys stay out of it. `onKey` sees every other key first. */
export function DialogForm({
  title,
  className,
  onSubmit,
  onCancel,
  onKey,
  children,
}: {
  title: string;
  className: string;
  onSubmit: () => void;
  onCancel: () => void;
  onKey?: (e: KeyboardEvent<HTMLFormElement>) => void;
  children: ReactNode;
}) {
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: a click beside the dialog closes it, as Esc does
    <div className="overlay" onMouseDown={onCancel}>
      <form
        className={`prompt ${className}`}
        role="dialog"
        aria-label={title}
        onMouseDown={(e) => e.stopPropagation()}
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit();
        }}
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            e.preventDefault();
            onCancel();
          } else {
            onKey?.(e);
          }
          e.stopPropagation();
        }}
      >
        {children}
      </form>
    </div>
  );
}
