// The suites: scenarios built from every section at once, each run by a test file of its own
// (test/<id>.test.ts, as a section's).
import type { Section, Suite } from "../section.ts";
import { SECTIONS } from "../sections/index.ts";
import { errorCases } from "./errors.ts";
import { interopCases } from "./interop.ts";
import { carelessCases } from "./careless.ts";
import { clusterScripts } from "./cluster-scripts.ts";
import { readmeCases } from "./readme.ts";

/** `npm test`: each section's "Проверка работоспособности" (a task's, for each variant), once (`smoke`). */
export const SMOKE: Suite = {
  id: "smoke",
  title: "Each section's «Проверка работоспособности», once",
  scenarios: SECTIONS.flatMap(smokeOf),
};

function smokeOf(section: Section) {
  const smoke = section.scenarios.filter((scenario) => scenario.smoke);
  if (!smoke.length) throw new Error(`${section.id}: no scenario has smoke: true (its "Проверка работоспособности")`);
  for (const scenario of smoke)
    if (scenario.restarts || scenario.alone)
      throw new Error(`${section.id}: "${scenario.title}" restarts the broker or starts a node: not for npm test`);
  return smoke.map((scenario) => ({ ...scenario, title: `${section.id}: ${scenario.title}` }));
}

/** Cases that every section gets the same way, from the facts in its file (`errors`, `interop`). */
export const SUITES: Suite[] = [
  { id: "errors", title: "Bad input and Ctrl+C, every script", scenarios: errorCases(SECTIONS) },
  {
    id: "careless",
    title: "Careless input, a closed pipe, a broker that goes away",
    scenarios: carelessCases(SECTIONS),
  },
  {
    id: "interop",
    title: "The lab's pika programs and the TypeScript scripts, on one broker",
    scenarios: interopCases(SECTIONS),
  },
  clusterScripts, // not a section of the lab: the cluster scripts on one broker, with their own bad-input cases
];

/** The READMEs' command blocks, run as printed (engine/suites/readme.ts): in `npm run test:all`, not per runtime. */
export const README_BLOCKS: Suite = {
  id: "readme",
  title: "The READMEs' command blocks, run in order as printed, under load",
  scenarios: readmeCases(SECTIONS),
};
