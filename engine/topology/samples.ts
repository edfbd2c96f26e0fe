// Data recorded on this machine, for the tests of the report page (and a look at it without a broker).
import type { TimelineRun } from "./report.ts";

/** Part 2's fair-dispatch timeline from `npm run bench -- --only fair --json` (2 cores, load 24; ms from
 * the publish), its spans rounded to the millisecond. */
export const FAIR_DISPATCH: TimelineRun[] = [
  {
    name: "prefetch 1",
    spans: [
      { worker: 0, body: "long....", start: 22, end: 4025 },
      { worker: 1, body: "short1.", start: 22, end: 1041 },
      { worker: 1, body: "short2.", start: 1048, end: 2104 },
      { worker: 1, body: "short3.", start: 2116, end: 3118 },
      { worker: 1, body: "short4.", start: 3146, end: 4131 },
    ],
  },
  {
    name: "round robin",
    spans: [
      { worker: 0, body: "long....", start: 12, end: 4017 },
      { worker: 0, body: "short2.", start: 4017, end: 5018 },
      { worker: 0, body: "short4.", start: 5019, end: 6041 },
      { worker: 1, body: "short1.", start: 15, end: 1026 },
      { worker: 1, body: "short3.", start: 1026, end: 2039 },
    ],
  },
];
