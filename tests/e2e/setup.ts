/** Set up for every end-to-end file: each test's app windows are closed after it, so that the
 * next test starts alone. */
import { afterEach } from "vitest";
import { closeApps } from "./app";

afterEach(closeApps);
