// Part 5, "Использование тематик": the lab's figure 5.9. Three receivers bound with `*.usa.*`,
// `*.*.rub` and `stock.#`; keys are <asset class>.<market>.<currency>. "*" is exactly one word,
// "#" zero or more, so the table includes keys of one, two and four words.
import type { Scenario } from "../lib/scenario.ts";
import { assertRouting, type Route } from "../lib/expect.ts";
import { CYRILLIC } from "./part2.ts";

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

export const part5: Scenario[] = [
  {
    section: "part5",
    title: `figure 5.9: "${USA}", "${RUB}", "${STOCK}" over ${TABLE.length} routing keys, edge cases included`,
    exchanges: ["topic_logs"],
    async run(ctx) {
      const receivers = await Promise.all([USA, RUB, STOCK].map((key) => ctx.consumer(key, "part5/receive.ts", [key])));
      const closing = route(["stock.usa.rub", [USA, RUB, STOCK]], TABLE.length);
      await assertRouting(ctx, "part5/send.ts", receivers, TABLE.map(route), [closing]);
    },
  },
];
