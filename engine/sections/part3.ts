// Part 3, "Проверка работоспособности": start several receivers, then send; every receiver gets
// every message, and each receiver's server-named queue is deleted as soon as it stops.
import assert from "node:assert/strict";
import type { Section } from "../section.ts";
import { exclusiveFor } from "../topology/summary.ts";
import { assertRouting, assertStopsCleanly, CYRILLIC, eventually, type Route } from "../expect.ts";

const BOTH = ["receiver 1", "receiver 2"];
const toBoth = (message: string): Route => ({ args: [message], line: message, to: BOTH });

export const part3: Section = {
  id: "part3",
  ru: "3. Отправка сообщений в несколько очередей сразу",
  title: "Sending messages to several queues at once (publish/subscribe)",
  sender: { script: "part3/send.ts", args: ["Hello", "everyone"] },
  receiver: { script: "part3/receive.ts", args: [] },
  exchanges: ["logs"],
  errors: { clash: ["exchange 'logs'", (ch) => ch.assertExchange("logs", "direct", { durable: false })] },
  interop: { sender: "part3_send.py", receiver: "part3_receive.py", sent: "Hello everyone", kept: false },
  picture: {
    receivers: BOTH.map((label) => ({ label, args: [] })),
    expected: {
      exchanges: ["logs: fanout, transient"],
      queues: BOTH.map((label) => exclusiveFor(label, [`logs ""`])),
    },
  },
  scenarios: [
    {
      title: "two receivers each get every message; their queues are gone once they stop",
      smoke: true,
      exchanges: ["logs"],
      async run(ctx) {
        const receivers = await Promise.all(BOTH.map((label) => ctx.consumer(label, "part3/receive.ts")));
        const messages = ["Hello everyone", "Second message", CYRILLIC].map(toBoth);
        await assertRouting(ctx, "part3/send.ts", receivers, messages, [toBoth("Last message")]);
        // The probe is a message too: only now, when the receivers' output has been checked.
        assert.ok(await ctx.routes("logs", ""), "while they run, `logs` has queues bound to it");
        for (const receiver of receivers) await assertStopsCleanly(receiver, "SIGINT");
        const gone = await eventually(async () => !(await ctx.routes("logs", "")));
        assert.ok(gone, "once they stop, the broker deletes their exclusive queues");
      },
    },
  ],
};
