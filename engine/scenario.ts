// A scenario is one "Проверка работоспособности" of the lab, written once: the tests run it with
// node:test (defineTests) and the demo runs it with a transcript (commands/demo.ts). It drives the
// real scripts as child processes and asserts with node:assert.
import { withLock } from "./lock.ts";
import { isRabbitMQ4, type Broker } from "./broker.ts";
import { Context, type Hooks } from "./context.ts";
import type { Refusal, Scenario } from "./section.ts";
import { clearNames, ForeignError, lockKeys, namesOf, onThisMachine, remoteNotice, REMOTE_WAYS } from "./guard.ts";

/** On RabbitMQ 4, the refusal `scenario` checks there instead of its own run, if it has one. */
export const refusalOn = (broker: Broker, scenario: Scenario): Refusal | undefined =>
  isRabbitMQ4(broker) ? scenario.onRabbitMQ4 : undefined;

/** Runs one scenario: takes its names, cleans them before and after, stops its scripts. `timeout`
 * counts from when the names are taken: waiting for the lock (other scenarios, other test runs on
 * the same broker) is not the scenario's fault. Before, names that hold what is not this run's stop
 * it with a ForeignError, and so does a broker not on this machine, unless `reset` (engine/guard.ts;
 * the test files get it from commands/test.ts as LAB_RESET=1). */
export async function runScenario(
  broker: Broker,
  scenario: Scenario,
  hooks?: Hooks,
  { timeout = scenario.timeout ?? 60_000, reset = process.env.LAB_RESET === "1" } = {},
): Promise<void> {
  const names = namesOf([scenario]);
  if (!reset && !onThisMachine(broker.url))
    throw new ForeignError(`${remoteNotice(broker.url, names)!.join(" ")} ${REMOTE_WAYS}`);
  await withLock(broker.url, scenario.restarts || scenario.alone ? ["*"] : lockKeys(names), async () => {
    await clearNames(broker, names, reset);
    const ctx = new Context(broker, hooks);
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the scenario took longer than ${timeout} ms`)), timeout);
    });
    try {
      await Promise.race([(refusalOn(broker, scenario) ?? scenario).run(ctx), expired]);
    } finally {
      clearTimeout(timer);
      await ctx.stopAll();
      // What the scenario left is its own: deleted whatever it holds (a ForeignError is for "before" only).
      await clearNames(broker, names, true).catch((err) => {
        throw err instanceof ForeignError ? new Error(`cleaning up after the scenario: ${err.message}`) : err;
      });
    }
  });
}

/** Why `scenario` cannot run against `broker` from here, or undefined if it can. The tests fail on
 * a reason under CI (no test may be skipped there) and skip otherwise; the demo marks it skipped. */
export async function whyNot(broker: Broker, scenario: Scenario): Promise<string | undefined> {
  if (scenario.restarts && !broker.restart)
    return `it restarts the broker, which cannot be done from here for ${broker.how} (needs rabbitmqctl on this machine or a container)`;
  return scenario.unavailable?.();
}
