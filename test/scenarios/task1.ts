// Task 1, "Задание 1": the part 1 scheme with the queue `<group>_<surname>`, one scenario per
// variant's defining behaviour: 1 exclusive (only its receiver's connection may use it, the sender
// does not create it and says so), 2 durable (queue and messages survive a restart), 3 auto-delete
// (gone when its last consumer leaves). Each scenario has its own surname, so they run side by side.
import assert from "node:assert/strict";
import type { Context, Scenario } from "../lib/scenario.ts";
import type { Script } from "../lib/proc.ts";
import { assertFailed, assertStopsCleanly, eventually, send } from "../lib/expect.ts";

const SEND = "tasks/task1/send.ts";
const RECEIVE = "tasks/task1/receive.ts";
const GROUP = "inbo-04"; // the scripts' default

/** The command line for `variant` and the queue `inbo-04_<surname>` (laptev: the scripts' default). */
const args = (variant: number, surname: string, ...words: string[]) =>
  surname === "laptev"
    ? ["--variant", `${variant}`, ...words]
    : ["--variant", `${variant}`, "--surname", surname, ...words];
const queueOf = (surname: string) => `${GROUP}_${surname}`;

/** The error (405, 404...) of a passive declare from another connection, or "exists". */
const probe = (ctx: Context, queue: string) =>
  ctx
    .channel((ch) => ch.checkQueue(queue))
    .then(
      () => "exists",
      (err) => err.code as number,
    );
const gone = (ctx: Context, queue: string) => eventually(async () => (await probe(ctx, queue)) === 404);

/** Sends `message` and waits until `receiver` prints it. */
async function sendAndReceive(ctx: Context, variant: number, surname: string, receiver: Script, message: string) {
  await send(ctx, SEND, args(variant, surname, message), message);
  await receiver.waitFor(`RECEIVED: ${message}`);
}

export const task1: Scenario[] = [
  {
    section: "task1",
    title:
      "variant 1 (exclusive): the receiver's queue carries the message, no other connection may use it, and it goes with the receiver",
    queues: [queueOf("laptev")],
    async run(ctx) {
      const queue = queueOf("laptev");
      const receiver = await ctx.consumer("receive", RECEIVE, args(1, "laptev"));
      assert.equal(await probe(ctx, queue), 405, "another connection is refused (RESOURCE_LOCKED)");
      await sendAndReceive(ctx, 1, "laptev", receiver, "Hello, exclusive queue");
      await assertStopsCleanly(receiver, "SIGINT");
      assert.ok(await gone(ctx, queue), "the broker deletes the queue with the receiver's connection");
    },
  },
  {
    section: "task1",
    title:
      "variant 1 (exclusive): with no receiver the sender says the queue does not exist and exits 1, creating nothing",
    queues: [queueOf("nobody")],
    async run(ctx) {
      const sent = await ctx.run("send", SEND, args(1, "nobody", "Lost?"));
      assertFailed(sent, [`no queue ${queueOf("nobody")}`, "start the receiver first"]);
      assert.equal(await probe(ctx, queueOf("nobody")), 404, "the sender did not declare the queue");
    },
  },
  {
    section: "task1",
    title: "variant 1 (exclusive): a second receiver is refused with RESOURCE_LOCKED; the first one goes on",
    queues: [queueOf("second")],
    async run(ctx) {
      const first = await ctx.consumer("receive 1", RECEIVE, args(1, "second"));
      const second = await ctx.run("receive 2", RECEIVE, args(1, "second"));
      assertFailed(second, ["RESOURCE_LOCKED", `locked queue '${queueOf("second")}'`]);
      await sendAndReceive(ctx, 1, "second", first, "Still mine");
      await assertStopsCleanly(first, "SIGTERM");
      assert.ok(await gone(ctx, queueOf("second")), "the queue goes with the first receiver");
    },
  },
  {
    section: "task1",
    title: "variant 2 (durable): the queue and its persistent messages survive a broker restart",
    queues: [queueOf("durable")],
    restarts: true,
    async run(ctx) {
      const queue = queueOf("durable");
      const messages = ["Kept 1", "Kept 2"];
      for (const message of messages) await send(ctx, SEND, args(2, "durable", message), message);
      assert.equal(await ctx.queueDepth(queue), messages.length, "the messages wait in the queue");
      await ctx.restartBroker();
      assert.equal(await ctx.queueDepth(queue), messages.length, "still there after the restart");
      const receiver = await ctx.consumer("receive", RECEIVE, args(2, "durable"));
      await receiver.waitFor(/^RECEIVED: /, { times: messages.length });
      assert.deepEqual(
        receiver.stdout().filter((line) => line.startsWith("RECEIVED: ")),
        messages.map((m) => `RECEIVED: ${m}`),
        "in order",
      );
    },
  },
  {
    section: "task1",
    title:
      "variant 3 (auto-delete): a message sent first waits in the queue; the queue is gone once its receiver leaves",
    queues: [queueOf("autodelete")],
    async run(ctx) {
      const queue = queueOf("autodelete");
      await send(ctx, SEND, args(3, "autodelete", "Waiting for you"), "Waiting for you");
      assert.equal(await ctx.queueDepth(queue), 1, "no consumer has come and gone yet: the queue stays");
      const receiver = await ctx.consumer("receive", RECEIVE, args(3, "autodelete"));
      await receiver.waitFor("RECEIVED: Waiting for you");
      await sendAndReceive(ctx, 3, "autodelete", receiver, "One more");
      await assertStopsCleanly(receiver, "SIGINT");
      assert.ok(await gone(ctx, queue), "its last consumer left: the broker deleted it");
    },
  },
  {
    section: "task1",
    title: "names RabbitMQ would refuse, and a missing or wrong --variant, get one clear error before connecting",
    async run(ctx) {
      const nowhere = { AMQP_URL: "amqp://127.0.0.1:1" }; // connecting first would say "cannot reach"
      const long = "ж".repeat(125); // "inbo-04_" and 250 bytes of Cyrillic: 258 bytes
      const cases: { argv: string[]; says: string[]; usage?: boolean }[] = [
        { argv: ["--variant", "2", "--group", ""], says: ["must not be empty"] },
        { argv: ["--variant", "2", "--surname", ""], says: ["must not be empty"] },
        { argv: ["--variant", "2", "--group", "amq.test"], says: ["amq.test_laptev", "reserved"] },
        { argv: ["--variant", "2", "--surname", long], says: ["longer than 255 bytes"] },
        { argv: [], says: ["Missing required argument: variant"], usage: true },
        { argv: ["--variant", "4"], says: ["Invalid values", "Choices: 1, 2, 3"], usage: true },
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
