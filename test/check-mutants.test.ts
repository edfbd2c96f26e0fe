// `npm run check` (docs/check.md) on programs that are wrong: each mutant (the lab's pika code with one thing wrong)
// fails exactly its check, and a program that hangs, crashes or floods its output fails within the bound, with
// nothing of it left running. On a RabbitMQ node of its own (the check restarts its broker).
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { after, before, test } from "node:test";
import { promisify } from "node:util";
import { nodeBroker, type Broker } from "../engine/broker.ts";
import { byStatus, MISBEHAVING, MUTANTS, pika, runCheckCommand } from "../engine/check/cases.ts";
import { startNode } from "../engine/rabbitmq/node.ts";

let broker: Broker;
before(async () => void (broker = nodeBroker(await startNode({ kind: "3" }))));
after(() => broker?.dispose());

for (const { what, target, edits, fails, notRun = [] } of MUTANTS)
  test(`${what}: fails "${fails}" only`, async () => {
    const outcome = await runCheckCommand(broker, target, pika(target, edits));
    const seen = outcome.checks.map((c) => `${c.id} ${c.status}: ${c.seen}`).join("\n");
    assert.deepEqual(byStatus(outcome).fail, [fails], `the failed checks; all:\n${seen}`);
    assert.deepEqual(byStatus(outcome).notRun, notRun, `the checks not run; all:\n${seen}`);
  });

/** The processes whose command line has `sleep <marker>`. */
const running = (marker: string) =>
  promisify(execFile)("pgrep", ["-f", `sleep ${marker}`]).then(
    ({ stdout }) => stdout.trim(),
    () => "", // pgrep: none
  );

const BOUND = 5; // --timeout: seconds

for (const { what, target, programs, fails } of MISBEHAVING)
  test(`${what}: fails "${fails}" within the bound, and nothing of it is left running`, async () => {
    const marker = `${600 + Math.floor(Math.random() * 1000)}.${process.pid}`;
    const started = Date.now();
    const outcome = await runCheckCommand(broker, target, programs(marker), ["--timeout", `${BOUND}`]);
    const took = (Date.now() - started) / 1000;
    assert.equal(outcome.checks.find((c) => c.status === "fail")?.id, fails, JSON.stringify(outcome.checks));
    assert.equal(outcome.ok, false);
    assert.ok(
      took < BOUND + 30,
      `took ${took} s: the bound (${BOUND} s) and the check's own steps, with a margin for a loaded machine`,
    );
    assert.equal(await running(marker), "", "nothing it started is running");
  });
