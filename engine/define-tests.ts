// node:test glue. Every test file is the same two lines; its name picks the section (engine/sections/index.ts)
// or suite (engine/suites/index.ts): test/part2.test.ts runs part2, test/smoke.test.ts the smoke suite. One test
// per scenario, all of a file's scenarios at once (the lock in runScenario keeps apart those that share a name or
// restart the broker).
import { basename } from "node:path";
import { after, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { findBroker, type Broker } from "./broker.ts";
import { refusalOn, runScenario, whyNot } from "./scenario.ts";
import { SECTIONS } from "./sections/index.ts";
import { README_BLOCKS, SMOKE, SUITES } from "./suites/index.ts";

/** Defines the tests of the test file at `url` (its import.meta.url). */
export function defineTests(url: string) {
  const id = basename(fileURLToPath(url), ".test.ts");
  const suite = [...SECTIONS, ...SUITES, SMOKE, README_BLOCKS].find((suite) => suite.id === id);
  if (!suite)
    throw new Error(`test/${id}.test.ts: neither engine/sections/index.ts nor engine/suites/index.ts has "${id}"`);
  // The broker first: a test's name says when it checks RabbitMQ 4's refusal instead.
  describe(`${id}: ${suite.title}`, { concurrency: true }, async () => {
    const broker: Broker = await findBroker();
    after(() => broker.dispose());
    for (const scenario of suite.scenarios) {
      const refusal = refusalOn(broker, scenario);
      const title = refusal
        ? `${scenario.title} → RabbitMQ ${broker.version} refuses it: ${refusal.why}`
        : scenario.title;
      // runScenario limits the scenario's own time; this only catches a lock that is never granted.
      test(title, { timeout: 10 * 60_000 }, async (t) => {
        const why = await whyNot(broker, scenario);
        if (why) {
          if (process.env.CI) throw new Error(why); // under CI no test may be skipped
          return t.skip(why);
        }
        await runScenario(broker, scenario);
      });
    }
  });
}
