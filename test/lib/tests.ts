// node:test glue: one test per scenario, all of a file's scenarios at once (the lock in
// runScenario keeps apart those that share a name or restart the broker).
import { after, before, describe, test } from "node:test";
import { findBroker, type Broker } from "./broker.ts";
import { runScenario, whyNot, type Scenario } from "./scenario.ts";

export function defineTests(name: string, scenarios: Scenario[]) {
  describe(name, { concurrency: true }, () => {
    let broker: Broker;
    before(async () => {
      broker = await findBroker();
    });
    after(() => broker?.dispose());
    for (const scenario of scenarios) {
      // runScenario limits the scenario's own time; this only catches a lock that is never granted.
      test(scenario.title, { timeout: 10 * 60_000 }, async (t) => {
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
