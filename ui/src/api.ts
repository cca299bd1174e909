import { type AppError, commands } from "./bindings";

type Outcome<T> = { status: "ok"; data: T } | { status: "error"; error: AppError };

/** A command's result, or its error thrown with the message the shell wrote for people. */
export async function unwrap<T>(call: Promise<Outcome<T>>): Promise<T> {
  const result = await call;
  if (result.status === "ok") return result.data;
  throw new Error(describe(result.error));
}

export function describe(error: AppError): string {
  return error.type === "NoMap" ? "No map is open." : error.data.message;
}

export { commands };
