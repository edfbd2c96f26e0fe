// What a careless student does, and what every script must do then: words that start with "-" are
// the message (as in the lab's pika code), --help prints a usage and sends nothing, a bad AMQP_URL or
// routing key is one ERROR line, a closed pipe (| head) ends a consumer quietly, a broker that goes
// away ends it with one ERROR line, and SENT means the broker has the task. Faults (stop_app, kill -9)
// hit a RabbitMQ node of the scenario's own, never the broker the other tests use.
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { isRabbitMQ4 } from "../broker.ts";
import { type Context } from "../context.ts";
import { type Scenario, type Section } from "../section.ts";
import { assertClean, assertFailed, CYRILLIC, refusedByRabbitMQ4, take } from "../expect.ts";
import { taskCases } from "./careless-tasks.ts";

/** Nothing listens there: a script that tried to connect would fail. */
const NOWHERE = { AMQP_URL: "amqp://127.0.0.1:1" };
const LONG_KEY = "k".repeat(256);

/** argv → the message the lab's pika sender sends (' '.join(sys.argv[1:]) or 'Empty message'), and ours
 * where it differs on purpose: a leading `--` ends the options, so `-- --help` sends "--help". */
const ARGV: { argv: string[]; pika: string; ours?: string }[] = [
  { argv: ["-"], pika: "-" },
  { argv: ["--"], pika: "--" },
  { argv: ["---"], pika: "---" },
  { argv: ["--- three"], pika: "--- three" },
  { argv: ["-- heavy"], pika: "-- heavy" },
  { argv: ["-n", "5"], pika: "-n 5" },
  { argv: ["--force", "restart", "now"], pika: "--force restart now" },
  { argv: ["A", "--variant", "1"], pika: "A --variant 1" },
  { argv: [CYRILLIC], pika: CYRILLIC },
  { argv: [""], pika: "Empty message" },
  { argv: [], pika: "Empty message" },
  { argv: ["--", "--help"], pika: "-- --help", ours: "--help" },
];

const shown = (argv: string[]) => JSON.stringify(argv);

/** One command line: the TypeScript sender and the lab's pika sender each send one task; both are checked. */
const argvLikePika = ({ argv, pika, ours = pika }: (typeof ARGV)[number]): Scenario => ({
  title: `part2/send.ts ${shown(argv)} sends ${JSON.stringify(ours)}, the lab's pika sender ${JSON.stringify(pika)}`,
  queues: ["task_queue"],
  async run(ctx) {
    assertClean(await ctx.run("send", "part2/send.ts", argv), [`SENT: ${ours}`]);
    assert.equal(await take(ctx, "task_queue"), ours, "TypeScript");
    assert.equal((await ctx.run("pika", "engine/pika/part2_send.py", argv)).code, 0);
    assert.equal(await take(ctx, "task_queue"), pika, "pika");
  },
});

/** Task 2 variant 3 sleeps a second per "-": its own symbol must reach the worker's queue. */
const argvTask = ({ argv, pika, ours = pika }: (typeof ARGV)[number]): Scenario => ({
  title: `tasks/task2/send.ts --variant 3 ${shown(argv)} sends ${JSON.stringify(ours)}`,
  queues: ["task2_topic_queue"],
  exchanges: ["task2_topic"],
  async run(ctx) {
    assertClean(await ctx.run("send", "tasks/task2/send.ts", ["--variant", "3", ...argv]), [`SENT: ${ours}`]);
    assert.equal(await take(ctx, "task2_topic_queue"), ours);
  },
});

/** --help and -h: a usage on stdout, exit 0, and no connection at all (AMQP_URL points nowhere). */
const help = (script: string, flag: string): Scenario => ({
  title: `${script} ${flag}: a usage on stdout, exit 0, nothing sent`,
  async run(ctx) {
    const ran = await ctx.run(`${script} ${flag}`, script, [flag], NOWHERE);
    assert.deepEqual(ran.stderr, [], "nothing on stderr");
    assert.equal(ran.code, 0, "exit 0");
    assert.match(ran.stdout[0] ?? "", /^Usage: npx tsx /, "a usage first");
    assert.ok(
      ran.stdout.some((line) => line.includes(script)),
      "it names the script",
    );
  },
});

/** One bad input: the script, its arguments and AMQP_URL (a function for those that need a server of the
 * test's own), what the one ERROR line says. All exit 1 before anything is declared or sent. */
type Bad = { what: string; script: string; args?: string[]; url?: (ctx: Context) => Promise<string>; says: string[] };

/** A plain HTTP server on a free port (what answers on the web UI's 15672): it never speaks AMQP. */
async function httpServer(): Promise<{ url: string; close(): void }> {
  const server = createServer((_, res) => res.end("not AMQP"));
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  return { url: `amqp://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

const BAD: Bad[] = [
  ...["part4/send.ts", "part4/receive.ts", "part5/send.ts", "part5/receive.ts"].map((script) => ({
    what: "a routing key over 255 bytes",
    script,
    args: [LONG_KEY],
    says: ["a routing key is at most 255 bytes long"],
  })),
  ...["part1/send.ts", "part2/worker.ts"].flatMap((script) => [
    {
      what: "a vhost that does not exist",
      script,
      url: async (ctx: Context) => Object.assign(new URL(ctx.broker.url), { pathname: "/nope" }).href,
      says: ['vhost "nope" does not exist, or this user may not use it'],
    },
    { what: "port 99999", script, url: async () => "amqp://127.0.0.1:99999", says: ["AMQP_URL is not a URL like"] },
    { what: "a URL with no //", script, url: async () => "amqp//x", says: ["AMQP_URL is not a URL like"] },
  ]),
];

const bad = ({ what, script, args = [], url, says }: Bad): Scenario => ({
  title: `${script}: ${what}: one ERROR line, exit 1`,
  async run(ctx) {
    const ran = await ctx.run(script, script, args, url ? { AMQP_URL: await url(ctx) } : NOWHERE);
    assertFailed(ran, says);
    assert.equal(ran.code, 1);
  },
});

const notAmqp = (script: string): Scenario => ({
  title: `${script}: AMQP_URL at an HTTP server (the web UI's port): one ERROR line within seconds, no hang`,
  async run(ctx) {
    const http = await httpServer();
    try {
      const ran = await ctx.run(script, script, [], { AMQP_URL: http.url });
      assertFailed(ran, [`RabbitMQ at ${http.url} does not answer as RabbitMQ`, "15672"]);
    } finally {
      http.close();
    }
  },
});

/** A consumer whose stdout is closed (| head) stops at its next line: exit 0, nothing on stderr. */
const closedPipe = ({ sender, receiver, queues, exchanges, onRabbitMQ4 }: Section): Scenario => ({
  title: `${receiver.script}: its output piped into a reader that is gone (| head): it stops, exit 0, no stack trace`,
  queues,
  exchanges,
  onRabbitMQ4: onRabbitMQ4 && refusedByRabbitMQ4(onRabbitMQ4.refuses, [receiver]),
  async run(ctx) {
    const consumer = await ctx.consumer("receive", receiver.script, receiver.args);
    consumer.closeStdout();
    assertClean(await ctx.run("send", sender.script, sender.args));
    assert.deepEqual(await consumer.exited, { code: 0, signal: null }, "exit 0");
    assert.deepEqual(consumer.stderr(), [], "nothing on stderr");
  },
});

/** A worker acks nothing it did not finish: the task it could not even announce goes back to the queue. */
const closedPipeWorker: Scenario = {
  title: "part2/worker.ts: its pipe gone when a task comes, it stops without acking it: the task stays queued",
  queues: ["task_queue"],
  async run(ctx) {
    const worker = await ctx.consumer("worker", "part2/worker.ts");
    worker.closeStdout();
    assertClean(await ctx.run("send", "part2/send.ts", ["Pipe task."]), ["SENT: Pipe task."]);
    assert.deepEqual(await worker.exited, { code: 0, signal: null }, "exit 0");
    assert.deepEqual(worker.stderr(), [], "nothing on stderr");
    assert.equal(await take(ctx, "task_queue"), "Pipe task.", "the task is back in the queue");
  },
};

/** A node of our own takes 5-10 s to start here, more on a busy machine. */
const OWN_NODE_TIMEOUT = 180_000;

/** A lost connection: one ERROR line naming it and the broker's reason, exit 1. */
const LOST = /^ERROR: lost the connection to RabbitMQ at amqp:\/\/guest:\*\*\*\*@127\.0\.0\.1:\d+: /;

/** The broker goes away under every consumer at once (on a node of our own): each says so in one line and
 * exits 1, except task 2's worker, which reconnects when the broker is back. */
const brokerAway = (fault: "stop_app" | "kill -9", reason: RegExp, consumers: Section[]): Scenario => ({
  title: `the broker goes away (${fault}) under every consumer: one ERROR line each, exit 1; task 2's worker reconnects`,
  timeout: OWN_NODE_TIMEOUT,
  alone: true,
  async run(ctx) {
    await ctx.onOwnNode(async (own, node) => {
      // RabbitMQ 4 refuses part 1's receiver (its `onRabbitMQ4`): the others.
      const accepted = consumers.filter((section) => !(isRabbitMQ4(own.broker) && section.onRabbitMQ4));
      const running = await Promise.all(accepted.map(({ receiver: r }) => own.consumer(r.script, r.script, r.args)));
      const worker = await own.consumer("task 2 worker", "tasks/task2/worker.ts", ["--variant", "1"]);
      own.step(`${fault} on the node`);
      await (fault === "kill -9" ? node.kill() : node.ctl("stop_app"));
      for (const consumer of running) {
        const exit = await consumer.exited;
        const stderr = consumer.stderr();
        assert.equal(stderr.length, 1, `[${consumer.label}] one line on stderr:\n${stderr.join("\n")}`);
        assert.match(stderr[0]!, LOST, `[${consumer.label}] says the connection was lost`);
        assert.match(stderr[0]!, reason, `[${consumer.label}] with the reason`);
        assert.deepEqual(exit, { code: 1, signal: null }, `[${consumer.label}] exit 1`);
      }
      await worker.waitFor(/^INFO: Lost the connection .*; reconnecting\.\.\.$/);
      await (fault === "kill -9" ? node.start() : node.ctl("start_app"));
      await worker.waitFor("INFO: Reconnected", { timeout: 30_000 });
      assert.deepEqual(worker.stderr(), [], "the worker: nothing on stderr");
    });
  },
});

/** SENT means stored: part 2's tasks are persistent, and the sender prints SENT only after the broker's
 * confirm, so a broker killed mid-burst loses none of them (the lab's pika sender can lose some). */
const SENDS = 40;
const sentIsStored: Scenario = {
  title: `part2/send.ts: kill -9 of the broker in a burst of ${SENDS} sends: every task printed as SENT is there after the restart`,
  timeout: OWN_NODE_TIMEOUT,
  alone: true,
  async run(ctx) {
    await ctx.onOwnNode(async (own, node) => {
      // As in the lab, the queue is there before the tasks (the worker declared it), and on disk: RabbitMQ 3 writes
      // a declaration up to 2 s late, so a kill -9 sooner can lose the queue with its confirmed tasks (syncMetadata).
      await own.channel((channel) => channel.assertQueue("task_queue", { durable: true }));
      await node.syncMetadata();
      const sent: string[] = [];
      let next = 0;
      let kill: Promise<void> | undefined;
      const sender = async () => {
        for (let i = next++; i < SENDS; i = next++) {
          const ran = await own.run(`send ${i}`, "part2/send.ts", [`Burst task ${i}`]);
          // SENT means confirmed, even when the kill then cuts the sender's close short (one ERROR line, exit 1).
          for (const line of ran.stdout) sent.push(line.replace(/^SENT: /, ""));
          if (ran.code !== 0) assert.match(ran.stderr.join("\n"), /^ERROR: [^\n]*$/, `send ${i}: one ERROR line`);
          if (sent.length === 10) kill ??= node.kill();
        }
      };
      await Promise.all(Array.from({ length: 6 }, sender));
      await kill;
      assert.ok(sent.length >= 10 && sent.length < SENDS, `the kill came mid-burst (${sent.length} sent)`);
      await node.start();
      const queued = new Set<string>();
      for (let body = await take(own, "task_queue"); body !== undefined; body = await take(own, "task_queue"))
        queued.add(body);
      const lost = sent.filter((body) => !queued.has(body));
      assert.deepEqual(lost, [], `of ${sent.length} SENT, none lost (${queued.size} in the queue)`);
    });
  },
};

/** The careless-student cases over the sections' facts. */
export function carelessCases(sections: Section[]): Scenario[] {
  const scripts = sections.flatMap(({ sender, receiver }) => [sender.script, receiver.script]);
  const consumers = sections.filter(({ id }) => id !== "task2");
  return [
    ...ARGV.map(argvLikePika),
    ...ARGV.filter(({ argv }) => argv.length > 0 && argv[0] !== "" && !argv.includes("--variant")).map(argvTask),
    ...taskCases(sections),
    ...scripts.flatMap((script) => [help(script, "--help"), help(script, "-h")]),
    ...BAD.map(bad),
    notAmqp("part1/send.ts"),
    notAmqp("part3/receive.ts"),
    ...sections.map(closedPipe),
    closedPipeWorker,
    // stop_app: the broker's reason, or a reset when its socket's end overtakes its close frame (seen on Deno).
    brokerAway(
      "stop_app",
      /(CONNECTION_FORCED - broker forced connection closure with reason 'shutdown'|read ECONNRESET)$/,
      consumers,
    ),
    brokerAway("kill -9", /(read ECONNRESET|Unexpected close)$/, consumers),
    sentIsStored,
  ];
}
