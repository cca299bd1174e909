/** A small journey for the UI tests: two lanes, three stages, a handoff. The map itself is
 * kept with the other shared fixtures, where a Rust test checks that the core accepts it. */

import data from "../../tests/fixtures/ui-journey.json";
import type { Map_Serialize as JourneyMap } from "./bindings";

export function journey(): JourneyMap {
  return structuredClone(data) as unknown as JourneyMap;
}
