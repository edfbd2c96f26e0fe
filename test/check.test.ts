// `npm run check` (docs/check.md) on programs that are right: the lab's pika code and this project's scripts pass
// every check of every section and variant. On a RabbitMQ node of its own (the check restarts its broker).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { nodeBroker, type Broker } from "../engine/broker.ts";
import { byStatus, nameOf, pika, runCheckCommand, scripts, TARGETS } from "../engine/check/cases.ts";
import { startNode } from "../engine/rabbitmq/node.ts";

let broker: Broker;
before(async () => void (broker = nodeBroker(await startNode({ kind: "3" }))));
after(() => broker?.dispose());

const CASES = TARGETS.flatMap((target) => [
  { name: `the lab's pika code passes ${nameOf(target)}`, target, programs: () => pika(target) },
  { name: `this project's scripts pass ${nameOf(target)}`, target, programs: () => scripts(target) },
]);

for (const { name, target, programs } of CASES)
  test(name, async () => {
    const outcome = await runCheckCommand(broker, target, programs());
    const { fail, notRun } = byStatus(outcome);
    const why = outcome.checks.filter((c) => c.status !== "pass").map((c) => `${c.id}: ${c.seen}`);
    assert.deepEqual([...fail, ...notRun], [], `every check passes; not: ${why.join("; ")}`);
    assert.equal(outcome.ok, true);
  });
