import { type AppError, commands } from "./bindings";
import type { Problem } from "./editor/types";

type Outcome<T> = { status: "ok"; data: T } | { status: "error"; error: AppError };

/** A command's typed error, thrown: its kind stays for whoever can act on it. */
export class AppFailure extends Error {
  constructor(readonly error: AppError) {
    super(describe(error));
    this.name = "AppFailure";
  }
}

/** A command's result, or its error thrown as an `AppFailure`. */
export async function unwrap<T>(call: Promise<Outcome<T>>): Promise<T> {
  const result = await call;
  if (result.status === "ok") return result.data;
  throw new AppFailure(result.error);
}

export function describe(error: AppError): string {
  return error.type === "NoMap" ? "No map is open." : error.data.message;
}

/** Anything thrown, as a problem to show: the shell's kind when it named one. */
export function problemOf(e: unknown): Problem {
  if (e instanceof AppFailure) return { message: e.message, kind: e.error.type };
  return { message: e instanceof Error ? e.message : String(e), kind: "Internal" };
}

export { commands };
