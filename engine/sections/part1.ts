// Part 1, "Проверка работоспособности": run the sender several times and the receiver once;
// the receiver prints exactly as many messages as the sender was run.
import assert from "node:assert/strict";
import type { Section } from "../section.ts";

const SENDS = 3;

export const part1: Section = {
  id: "part1",
  ru: "1. Базовое взаимодействие между сервисами",
  title: "Basic interaction between services",
  sender: { script: "part1/send.ts", args: [] },
  receiver: { script: "part1/receive.ts", args: [] },
  queues: ["awesome_queue"],
  onRabbitMQ4: { refuses: "awesome_queue" }, // declared as pika does: neither durable nor exclusive
  errors: { clash: ["queue 'awesome_queue'", (ch) => ch.assertQueue("awesome_queue", { durable: true })] },
  interop: {
    sender: "part1_send.py",
    receiver: "part1_receive.py",
    sent: "My first message",
    pikaReceived: "RECEIVED: b'My first message'", // the lab's receiver prints the body as Python bytes
    kept: true,
  },
  picture: {
    receivers: [{ label: "receive", args: [] }],
    expected: {
      exchanges: ["(default): direct, durable"],
      queues: [
        {
          name: "awesome_queue",
          flags: "transient",
          owner: undefined,
          bindings: [`(default) "awesome_queue"`],
          consumers: ["receive: prefetch 0, auto-ack"],
        },
      ],
    },
  },
  scenarios: [
    {
      title: `${SENDS} sends give exactly ${SENDS} receipts`,
      smoke: true,
      queues: ["awesome_queue"],
      async run(ctx) {
        const receiver = await ctx.consumer("receive", "part1/receive.ts");
        for (let i = 1; i <= SENDS; i++) {
          const send = await ctx.run(`send ${i}`, "part1/send.ts");
          assert.equal(send.code, 0, send.stderr.join("\n"));
          assert.deepEqual(send.stdout, ["SENT: My first message"]);
        }
        await receiver.waitFor("RECEIVED: My first message", { times: SENDS });
        assert.equal(await ctx.queueDepth("awesome_queue"), 0, "nothing is left in the queue");
        assert.equal(receiver.count(/^RECEIVED:/), SENDS, "no more receipts than sends");
      },
    },
  ],
};
