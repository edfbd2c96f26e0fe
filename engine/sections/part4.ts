// Part 4, "Проверка работоспособности": start receivers bound with different severities, send
// messages with different routing keys; each receiver gets only the severities it is bound to.
import type { Section } from "../section.ts";
import { exclusiveFor } from "../topology/summary.ts";
import { assertRouting, CYRILLIC, type Route } from "../expect.ts";

/** Receivers, each labelled by its arguments. */
const PROBLEMS = "warning error";
const INFO = "info";

/** [sender arguments, what SENT and RECEIVED print after the prefix, who gets it] */
const TABLE: [string[], string, string[]][] = [
  [["info", "Disk", "checked"], "info: Disk checked", [INFO]],
  [["warning", "Disk", "almost", "full"], "warning: Disk almost full", [PROBLEMS]],
  [["error", "Disk", "full"], "error: Disk full", [PROBLEMS]],
  [["error", CYRILLIC], `error: ${CYRILLIC}`, [PROBLEMS]],
  [["debug", "Nobody", "listens"], "debug: Nobody listens", []],
  [["Error", "Keys", "are", "case-sensitive"], "Error: Keys are case-sensitive", []],
  [[], "info: Empty message", [INFO]], // the severity defaults to info
];
const route = ([args, line, to]: (typeof TABLE)[number]): Route => ({ args, line, to });

export const part4: Section = {
  id: "part4",
  ru: "4. Использование ключа маршрутизации",
  title: "Using a routing key (routing)",
  sender: { script: "part4/send.ts", args: ["error", "Disk", "full"] },
  receiver: { script: "part4/receive.ts", args: PROBLEMS.split(" "), usage: "Name at least one severity" },
  exchanges: ["direct_logs"],
  errors: {
    clash: ["exchange 'direct_logs'", (ch) => ch.assertExchange("direct_logs", "fanout", { durable: false })],
  },
  interop: { sender: "part4_send.py", receiver: "part4_receive.py", sent: "error: Disk full", kept: false },
  picture: {
    receivers: [PROBLEMS, INFO].map((label) => ({ label, args: label.split(" ") })),
    expected: {
      exchanges: ["direct_logs: direct, transient"],
      queues: [
        exclusiveFor(INFO, [`direct_logs "info"`]),
        exclusiveFor(PROBLEMS, [`direct_logs "error"`, `direct_logs "warning"`]),
      ],
    },
  },
  scenarios: [
    {
      title: `receivers bound to "${PROBLEMS}" and to "${INFO}" get only their severities (default: info)`,
      smoke: true,
      exchanges: ["direct_logs"],
      async run(ctx) {
        const receivers = await Promise.all(
          [PROBLEMS, INFO].map((label) => ctx.consumer(label, "part4/receive.ts", label.split(" "))),
        );
        const closing: typeof TABLE = [
          [["error", "Last", "one"], "error: Last one", [PROBLEMS]],
          [["info", "Last", "one"], "info: Last one", [INFO]],
        ];
        await assertRouting(ctx, "part4/send.ts", receivers, TABLE.map(route), closing.map(route));
      },
    },
  ],
};
