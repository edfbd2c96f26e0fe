// The one list of the lab's sections, in the lab's order, and of the suites that run over all of them.
// Everything follows from it: the test files (test/<id>.test.ts, all alike), the demo's --part,
// --task and --section, the error and interop cases, the start-up bench. docs/testing.md says how to add one.
import type { Section, Suite } from "../section.ts";
import { part1 } from "./part1.ts";
import { part2 } from "./part2.ts";
import { part3 } from "./part3.ts";
import { part4 } from "./part4.ts";
import { part5 } from "./part5.ts";
import { task1 } from "./task1.ts";
import { task2 } from "./task2.ts";
import { errorCases } from "../suites/errors.ts";
import { interopCases } from "../suites/interop.ts";
import { carelessCases } from "../suites/careless.ts";
import { refusedByRabbitMQ4 } from "../expect.ts";
import { clusterScripts } from "../suites/cluster-scripts.ts";

export const SECTIONS: Section[] = [part1, part2, part3, part4, part5, task1, task2].map(onRabbitMQ4);

/** A section whose scripts RabbitMQ 4 refuses (`onRabbitMQ4`) checks that refusal there in each of its scenarios:
 * its receiver, then its sender. */
function onRabbitMQ4(section: Section): Section {
  if (!section.onRabbitMQ4) return section;
  const refusal = refusedByRabbitMQ4(section.onRabbitMQ4.refuses, [section.receiver, section.sender]);
  return { ...section, scenarios: section.scenarios.map((scenario) => ({ onRabbitMQ4: refusal, ...scenario })) };
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
