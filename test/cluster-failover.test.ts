// The failover story (engine/failover.ts) as tests, on one 3-node cluster for the file (this machine's RabbitMQ;
// kind LAB_CLUSTER_KIND, default "3"). Each test kills the leader's node; the next one starts it again first.
// In `npm run test:all` (not in the runtimes' runs, which do not start three nodes each time), or alone
// `npm run test:cluster`. The scripts on one broker, their bad input included: engine/suites/cluster-scripts.ts.
import assert from "node:assert/strict";
import { after, before, beforeEach, test } from "node:test";
import { startCluster } from "../engine/rabbitmq/cluster.ts";
import type { NodeKind, RabbitNode } from "../engine/rabbitmq/node.ts";
import { shortenDisconnectedTimeout, story, summary, type Outcome } from "../engine/failover.ts";

const kind = (process.env.LAB_CLUSTER_KIND ?? "3") as NodeKind;
let nodes: RabbitNode[] = [];

before(
  async () => {
    nodes = await startCluster(3, { kind });
    await shortenDisconnectedTimeout(nodes);
  },
  { timeout: 300_000 },
);
// Every node stopped, whatever happened; node.ts kills what is left when this process exits.
after(() => Promise.all(nodes.map((node) => node.stop())));
// The node the last test killed runs again, back in the cluster.
beforeEach(() => Promise.all(nodes.filter((node) => node.pid === undefined).map((node) => node.start())));

/** The transcript, for a failed assertion. */
const transcript = (outcome: Outcome) =>
  outcome.scripts
    .flatMap(({ label, lines }) => lines.map((line) => ({ ...line, label })))
    .sort((a, b) => a.at - b.at)
    .map((line) => `${(line.at / 1000).toFixed(2)} [${line.label}] ${line.stream === "stderr" ? "! " : ""}${line.text}`)
    .join("\n");

/** What every story must show: the stream went on through the kill, nothing lost, the queue empty, no error. */
function assertNothingLost(outcome: Outcome, tasks: number) {
  const why = `${summary(outcome)}\n${transcript(outcome)}`;
  assert.equal(outcome.confirmed, tasks, `every task confirmed in the end\n${why}`);
  assert.ok(outcome.confirmedAfterKill > 0, `the kill came mid-stream\n${why}`);
  assert.equal(outcome.lost, 0, `every confirmed task done at least once\n${why}`);
  assert.equal(outcome.left, 0, `the queue empty at the end\n${why}`);
  assert.notEqual(outcome.leaderAfter, outcome.leaderBefore, `a new leader\n${why}`);
  assert.ok(
    nodes.some((node) => node !== outcome.killed && node.name === outcome.leaderAfter),
    `on a survivor\n${why}`,
  );
  assert.ok(outcome.resumedAfter < 30, `the stream resumed\n${why}`);
  for (const { label, script } of outcome.scripts) assert.deepEqual(script.stderr(), [], `[${label}] no error`);
}

test(`kind ${kind}: the leader's node killed mid-stream, every confirmed task is done at least once`, async () => {
  const outcome = await story(nodes, { workers: 2, tasks: 60, perSecond: 30, killAfter: 20 });
  assertNothingLost(outcome, 60);
  console.log(summary(outcome));
});

test(`kind ${kind}: the worker on the killed node goes on through a survivor, not relaunched`, async () => {
  // One worker, on the leader's node: every task after the kill is its, through another node.
  const outcome = await story(nodes, { workers: 1, tasks: 40, perSecond: 20, killAfter: 10, leader: 1 });
  assertNothingLost(outcome, 40);
  const [{ script: worker, lines }] = outcome.scripts;
  const killedAt = lines.findIndex((line) => line.text.startsWith("INFO: Lost the connection"));
  assert.ok(killedAt >= 0, "it lost its connection");
  const after = lines.slice(killedAt).map((line) => line.text);
  const survivors = nodes.filter((node) => node !== outcome.killed).map((node) => new URL(node.url).host);
  const connected = after.find((text) => text.startsWith("INFO: Connected to "));
  assert.ok(
    survivors.some((host) => connected === `INFO: Connected to ${host}`),
    `${connected}: a survivor`,
  );
  assert.ok(
    after.slice(after.indexOf(connected!)).some((text) => text.startsWith("DONE: ")),
    "tasks done after",
  );
  // One process all along: it exits only now, at the story's SIGTERM, cleanly.
  assert.deepEqual(await worker.exited, { code: 0, signal: null });
  console.log(summary(outcome));
});
