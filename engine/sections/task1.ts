// Task 1, "Задание 1": the part 1 scheme with the queue `<group>_<surname>`, one scenario per
// variant's defining behaviour: 1 exclusive (only its receiver's connection may use it, the sender
// does not create it and says so), 2 durable (queue and messages survive a restart), 3 auto-delete
// (gone when its last consumer leaves). Each scenario has its own surname, so they run side by side.
import assert from "node:assert/strict";
import type { Context } from "../context.ts";
import type { Scenario, Section } from "../section.ts";
import type { Script } from "../proc.ts";
import { assertFailed, assertStopsCleanly, eventually, received, send } from "../expect.ts";

const SEND = "tasks/task1/send.ts";
const RECEIVE = "tasks/task1/receive.ts";
const GROUP = "inbo-04"; // the lab's example group

/** A queue `inbo-04_<surname>` of a scenario's own (so that the scenarios run side by side), and the
 * command line that uses it: the scripts need the student's group and surname. */
type Queue = { name: string; args: (variant: number, ...words: string[]) => string[] };
function ownQueue(surname: string): Queue {
  const named = ["--group", GROUP, "--surname", surname];
  return { name: `${GROUP}_${surname}`, args: (variant, ...words) => ["--variant", `${variant}`, ...named, ...words] };
}

/** The error code (405, 404...) of a passive declare from another connection, or "exists". */
const probe = (ctx: Context, queue: Queue) =>
  ctx
    .channel((ch) => ch.checkQueue(queue.name))
    .then(
      () => "exists",
      (err) => err.code as number,
    );

/** Stops the receiver with `signal` (a clean exit) and checks that the broker then deletes its queue. */
async function stopAndGone(ctx: Context, receiver: Script, signal: NodeJS.Signals, queue: Queue, why: string) {
  await assertStopsCleanly(receiver, signal);
  assert.ok(await eventually(async () => (await probe(ctx, queue)) === 404), why);
}

/** Sends `message` with `variant` and waits until `receiver` prints it. */
async function sendAndReceive(ctx: Context, queue: Queue, variant: number, receiver: Script, message: string) {
  await send(ctx, SEND, queue.args(variant, message), message);
  await receiver.waitFor(`RECEIVED: ${message}`);
}

/** Variant 2: two messages sent with no receiver wait in the queue; `meanwhile` runs (with their count); then a
 * receiver gets both, in order. */
async function keptUntilReceived(ctx: Context, queue: Queue, meanwhile: (count: number) => Promise<void>) {
  const messages = ["Kept 1", "Kept 2"];
  for (const message of messages) await send(ctx, SEND, queue.args(2, message), message);
  assert.equal(await ctx.queueDepth(queue.name), messages.length, "the messages wait in the queue");
  await meanwhile(messages.length);
  const receiver = await ctx.consumer("receive", RECEIVE, queue.args(2));
  await receiver.waitFor(/^RECEIVED: /, { times: messages.length });
  assert.deepEqual(
    received(receiver),
    messages.map((m) => `RECEIVED: ${m}`),
    "in order",
  );
}

/** A scenario on a queue of its own; `smoke`: a variant's "Проверка работоспособности", `restarts`: it restarts the broker. */
function onQueue(
  surname: string,
  title: string,
  run: (ctx: Context, queue: Queue) => Promise<void>,
  { smoke = false, restarts = false } = {},
) {
  const queue = ownQueue(surname);
  const scenario: Scenario = { title, queues: [queue.name], smoke, restarts, run: (ctx) => run(ctx, queue) };
  return scenario;
}

const scenarios: Scenario[] = [
  onQueue(
    "laptev",
    "variant 1 (exclusive): the receiver's queue carries the message, no other connection may use it, and it goes with the receiver",
    async (ctx, queue) => {
      const receiver = await ctx.consumer("receive", RECEIVE, queue.args(1));
      assert.equal(await probe(ctx, queue), 405, "another connection is refused (RESOURCE_LOCKED)");
      await sendAndReceive(ctx, queue, 1, receiver, "Hello, exclusive queue");
      await stopAndGone(ctx, receiver, "SIGINT", queue, "the broker deletes the queue with the receiver's connection");
    },
    { smoke: true },
  ),
  onQueue(
    "nobody",
    "variant 1 (exclusive): with no receiver the sender says the queue does not exist and exits 1, creating nothing",
    async (ctx, queue) => {
      const sent = await ctx.run("send", SEND, queue.args(1, "Lost?"));
      assertFailed(sent, [`no queue ${queue.name}`, "start the receiver first"]);
      assert.equal(await probe(ctx, queue), 404, "the sender did not declare the queue");
    },
  ),
  onQueue(
    "second",
    "variant 1 (exclusive): a second receiver is refused with RESOURCE_LOCKED; the first one goes on",
    async (ctx, queue) => {
      const first = await ctx.consumer("receive 1", RECEIVE, queue.args(1));
      const second = await ctx.run("receive 2", RECEIVE, queue.args(1));
      assertFailed(second, ["RESOURCE_LOCKED", `locked queue '${queue.name}'`]);
      await sendAndReceive(ctx, queue, 1, first, "Still mine");
      await stopAndGone(ctx, first, "SIGTERM", queue, "the queue goes with the first receiver");
    },
  ),
  onQueue(
    "durable",
    "variant 2 (durable): the queue and its persistent messages survive a broker restart",
    (ctx, queue) =>
      keptUntilReceived(ctx, queue, async (count) => {
        await ctx.restartBroker();
        assert.equal(await ctx.queueDepth(queue.name), count, "still there after the restart");
      }),
    { restarts: true },
  ),
  onQueue(
    "kept",
    "variant 2 (durable): the sender's messages wait in a durable queue, persistent, until the receiver gets them in order",
    (ctx, queue) =>
      keptUntilReceived(ctx, queue, async () => {
        // Declared again as durable, not exclusive, not auto-delete: any other flags would be a 406.
        await ctx.channel((ch) => ch.assertQueue(queue.name, { durable: true, exclusive: false, autoDelete: false }));
        const first = await ctx.channel(async (ch) => ch.get(queue.name)); // unacked: back in the queue on close
        assert.equal(first && first.properties.deliveryMode, 2, "persistent (delivery mode 2)");
      }),
    { smoke: true },
  ),
  onQueue(
    "autodelete",
    "variant 3 (auto-delete): a message sent first waits in the queue; the queue is gone once its receiver leaves",
    async (ctx, queue) => {
      await send(ctx, SEND, queue.args(3, "Waiting for you"), "Waiting for you");
      assert.equal(await ctx.queueDepth(queue.name), 1, "no consumer has come and gone yet: the queue stays");
      const receiver = await ctx.consumer("receive", RECEIVE, queue.args(3));
      await receiver.waitFor("RECEIVED: Waiting for you");
      await sendAndReceive(ctx, queue, 3, receiver, "One more");
      await stopAndGone(ctx, receiver, "SIGINT", queue, "its last consumer left: the broker deleted it");
    },
    { smoke: true },
  ),
  {
    title: "names RabbitMQ would refuse, and a missing or wrong --variant, get one clear error before connecting",
    async run(ctx) {
      const nowhere = { AMQP_URL: "amqp://127.0.0.1:1" }; // connecting first would say "cannot reach"
      const long = "ж".repeat(125); // "inbo-04_" and 250 bytes of Cyrillic: 258 bytes
      const me = ["--group", GROUP, "--surname", "laptev"];
      const cases: { argv: string[]; says: string[]; usage?: boolean }[] = [
        { argv: ["--variant", "2", "--group", "", "--surname", "laptev"], says: ["must not be empty"] },
        { argv: ["--variant", "2", "--group", GROUP, "--surname", ""], says: ["must not be empty"] },
        {
          argv: ["--variant", "2", "--group", "amq.test", "--surname", "laptev"],
          says: ["amq.test_laptev", "reserved"],
        },
        { argv: ["--variant", "2", "--group", GROUP, "--surname", long], says: ["longer than 255 bytes"] },
        { argv: me, says: ["Give --variant 1, 2 or 3, or --ticket", "Usage:"], usage: true },
        { argv: ["--variant", "4", ...me], says: ["Invalid values", "Choices: 1, 2, 3", "Usage:"], usage: true },
        { argv: ["--ticket", "twelve", ...me], says: ["--ticket takes your ticket's number", "Usage:"], usage: true },
        // No silent identity: without a group and a surname (or LAB_GROUP, LAB_SURNAME) the script stops.
        { argv: ["--variant", "1"], says: ["Missing required arguments: group, surname", "Usage:"], usage: true },
      ];
      const runs = [SEND, RECEIVE].flatMap((script) =>
        cases.map(async ({ argv, says, usage }) => {
          const label = `${script.split("/").pop()} ${argv.join(" ").replace(long, "ж×125")}`.trim();
          assertFailed(await ctx.run(label, script, argv, nowhere), says, { oneLine: !usage });
        }),
      );
      await Promise.all(runs);
    },
  },
];

/** A sample on a queue of its own, inbo-04_sample, so that it runs beside the scenarios. */
const SAMPLE = ownQueue("sample");

export const task1: Section = {
  id: "task1",
  ru: "Задание 1. Схема простейшего взаимодействия сервисов",
  title: "Task 1: the simplest interaction of services",
  sender: { script: SEND, args: SAMPLE.args(2, "Hello") },
  receiver: { script: RECEIVE, args: SAMPLE.args(2) },
  queues: [SAMPLE.name],
  scenarios,
};
