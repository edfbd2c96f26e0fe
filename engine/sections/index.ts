// The one list of the lab's sections, in the lab's order. Everything follows from it: the test files
// (test/<id>.test.ts, all alike), the suites (engine/suites/index.ts: smoke, errors, careless, interop), the
// demo's --part, --task and --section, the pictures, the start-up bench. docs/testing.md says how to add one.
import type { Section } from "../section.ts";
import { part1 } from "./part1.ts";
import { part2 } from "./part2.ts";
import { part3 } from "./part3.ts";
import { part4 } from "./part4.ts";
import { part5 } from "./part5.ts";
import { task1 } from "./task1.ts";
import { task2 } from "./task2.ts";
import { refusedByRabbitMQ4 } from "../expect.ts";

export const SECTIONS: Section[] = [part1, part2, part3, part4, part5, task1, task2].map(onRabbitMQ4);

/** A section whose scripts RabbitMQ 4 refuses (`onRabbitMQ4`) checks that refusal there in each of its scenarios:
 * its receiver, then its sender. */
function onRabbitMQ4(section: Section): Section {
  if (!section.onRabbitMQ4) return section;
  const refusal = refusedByRabbitMQ4(section.onRabbitMQ4.refuses, [section.receiver, section.sender]);
  return { ...section, scenarios: section.scenarios.map((scenario) => ({ onRabbitMQ4: refusal, ...scenario })) };
}
