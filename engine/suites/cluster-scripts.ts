// Beyond one broker (docs/cluster.md; not a section of the lab): cluster/send.ts and cluster/worker.ts on the
// lab's one broker, where a quorum queue works too: what can be checked without a cluster (confirms, the work
// shared, AMQP_URL's list tried in turn, --help) and the bad-input cases every section gets. The cluster itself,
// three nodes and one killed: test/cluster-failover.test.ts (`npm run test:cluster`).
import assert from "node:assert/strict";
import { createServer, type AddressInfo } from "node:net";
import type { Section, Suite } from "../section.ts";
import type { Script } from "../proc.ts";
import { assertClean, assertFailed, eventually } from "../expect.ts";
import { errorCases } from "./errors.ts";

const SEND = "cluster/send.ts";
const WORKER = "cluster/worker.ts";
const QUEUE = "quorum_task_queue";

/** The tasks `count` sends: "Task 1." ... */
const tasks = (count: number) => Array.from({ length: count }, (_, i) => `Task ${i + 1}.`);

/** What the workers were done with ("DONE: <task>"), once all of `count` are. */
async function done(workers: Script[], count: number): Promise<string[]> {
  const all = () =>
    workers.flatMap((worker) => worker.stdout().flatMap((text) => /^DONE: (.*)$/.exec(text)?.[1] ?? []));
  assert.ok(await eventually(async () => all().length >= count, 15_000), `${all().length} of ${count} tasks done`);
  return all();
}

/** An AMQP URL on which nothing listens. */
async function deadUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  const { port } = server.address() as AddressInfo;
  await new Promise((closed) => server.close(closed));
  return `amqp://guest:guest@127.0.0.1:${port}`;
}

const section: Section = {
  id: "cluster",
  ru: "За пределами одного брокера (не из методички)",
  title: "Beyond one broker: the cluster scripts, on one broker",
  sender: { script: SEND, args: ["3", "100"] },
  receiver: { script: WORKER, args: [] },
  queues: [QUEUE],
  // A classic queue of the scripts' name: they declare it quorum.
  errors: { clash: [`queue '${QUEUE}'`, (ch) => ch.assertQueue(QUEUE, { durable: true })] },
  scenarios: [
    {
      title: "two workers share the confirmed tasks, each done once, none left in the quorum queue",
      queues: [QUEUE],
      async run(ctx) {
        const workers = await Promise.all([ctx.consumer("worker 1", WORKER), ctx.consumer("worker 2", WORKER)]);
        const sent = await ctx.run("send", SEND, ["10", "50"]);
        assertClean(sent);
        assert.deepEqual(
          sent.stdout.slice(1),
          tasks(10).map((task) => `SENT: ${task}`),
        );
        assert.deepEqual((await done(workers, 10)).sort(), tasks(10).sort(), "each task done once");
        for (const worker of workers) assert.ok(worker.count(/^DONE: /) > 0, `${worker.label} did some`);
        assert.equal(await ctx.queueDepth(QUEUE), 0);
      },
    },
    {
      title: "AMQP_URL's first node does not answer: both scripts connect to the next one",
      queues: [QUEUE],
      async run(ctx) {
        const env = { AMQP_URL: `${await deadUrl()},${ctx.broker.url}` };
        const host = new URL(ctx.broker.url).host;
        const worker = await ctx.consumer("worker", WORKER, [], env);
        assert.equal(worker.stdout()[0], `INFO: Connected to ${host}`);
        const sent = await ctx.run("send", SEND, ["2"], env);
        assertClean(
          sent,
          tasks(2).map((task) => `SENT: ${task}`),
        );
        assert.equal(sent.stdout[0], `INFO: Connected to ${host}`);
        assert.deepEqual(await done([worker], 2), tasks(2));
      },
    },
    {
      title: "--help and -h: the usage, exit 0, no connection; a COUNT that is no number: one line, exit 1",
      async run(ctx) {
        const nowhere = { AMQP_URL: await deadUrl() };
        for (const script of [SEND, WORKER])
          for (const flag of ["--help", "-h"]) {
            const help = await ctx.run(`${script} ${flag}`, script, [flag], nowhere);
            assertClean(help);
            assert.match(help.stdout[0]!, new RegExp(`^Usage: npx tsx ${script}`));
          }
        assertFailed(await ctx.run("send", SEND, ["many"]), ["COUNT and PER_SECOND are positive numbers"]);
      },
    },
    {
      title:
        "the worker's output piped into a reader that is gone (| head): it stops, exit 0, the task back in the queue",
      queues: [QUEUE],
      async run(ctx) {
        const worker = await ctx.consumer("worker", WORKER);
        worker.closeStdout();
        assertClean(await ctx.run("send", SEND, ["1"]));
        assert.deepEqual(await worker.exited, { code: 0, signal: null }, "exit 0");
        assert.deepEqual(worker.stderr(), [], "nothing on stderr");
        assert.equal(await ctx.queueDepth(QUEUE), 1, "the task was not acked: it is back in the queue");
      },
    },
  ],
};

export const clusterScripts: Suite = {
  id: "cluster-scripts",
  title: section.title,
  scenarios: [...section.scenarios, ...errorCases([section])],
};
