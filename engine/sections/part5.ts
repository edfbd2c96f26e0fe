// Part 5, "Использование тематик": the lab's figure 5.9. Three receivers bound with `*.usa.*`,
// `*.*.rub` and `stock.#`; keys are <asset class>.<market>.<currency>. "*" is exactly one word,
// "#" zero or more, so the table includes keys of one, two and four words.
import type { Section } from "../section.ts";
import { exclusiveFor } from "../topology/summary.ts";
import { assertRouting, CYRILLIC, type Route } from "../expect.ts";

/** The receivers, each labelled by its binding key. */
const USA = "*.usa.*";
const RUB = "*.*.rub";
const STOCK = "stock.#";

/** Routing key → the receivers that must get a message sent with it. */
const TABLE: [string, string[]][] = [
  ["stock.usa.usd", [USA, STOCK]],
  ["stock.rus.rub", [RUB, STOCK]],
  ["bond.usa.rub", [USA, RUB]],
  ["bond.rus.rub", [RUB]],
  ["bond.usa.usd", [USA]],
  ["bond.rus.usd", []],
  ["stock", [STOCK]], // "#" matches zero words
  ["stock.etf.usa.usd", [STOCK]], // four words: "*.usa.*" needs exactly three
  ["bond.etf.usa.rub", []],
  ["stocks.usa.eur", [USA]], // "stocks" is not the word "stock"
  ["usa", []],
  ["usa.rub", []],
  ["rub", []],
];
const route = ([key, to]: (typeof TABLE)[number], i: number): Route => {
  const words = i === 1 ? CYRILLIC : `quote ${i}`;
  return { args: [key, words], line: `${key}: ${words}`, to };
};

export const part5: Section = {
  id: "part5",
  ru: "5. Использование тематик для маршрутизации сообщений",
  title: "Routing messages by topic (topics)",
  sender: { script: "part5/send.ts", args: ["stock.usa.usd", "AAPL", "180"], usage: "Give a routing key" },
  receiver: { script: "part5/receive.ts", args: [USA, STOCK], usage: "Give at least one binding key" },
  exchanges: ["topic_logs"],
  errors: {
    clash: ["exchange 'topic_logs'", (ch) => ch.assertExchange("topic_logs", "topic", { durable: true })],
  },
  interop: { sender: "part5_send.py", receiver: "part5_receive.py", sent: "stock.usa.usd: AAPL 180", kept: false },
  picture: {
    receivers: [USA, RUB, STOCK].map((key) => ({ label: key, args: [key] })),
    expected: {
      exchanges: ["topic_logs: topic, transient"],
      queues: [
        exclusiveFor(RUB, [`topic_logs "*.*.rub"`]),
        exclusiveFor(USA, [`topic_logs "*.usa.*"`]),
        exclusiveFor(STOCK, [`topic_logs "stock.#"`]),
      ],
    },
  },
  scenarios: [
    {
      title: `figure 5.9: "${USA}", "${RUB}", "${STOCK}" over ${TABLE.length} routing keys, edge cases included`,
      smoke: true,
      exchanges: ["topic_logs"],
      async run(ctx) {
        const receivers = await Promise.all(
          [USA, RUB, STOCK].map((key) => ctx.consumer(key, "part5/receive.ts", [key])),
        );
        const closing = route(["stock.usa.rub", [USA, RUB, STOCK]], TABLE.length);
        await assertRouting(ctx, "part5/send.ts", receivers, TABLE.map(route), [closing]);
      },
    },
  ],
};
