// Bad input, for every script where it applies: one clear line on stderr, a non-zero exit and no
// stack trace. Also Ctrl+C (SIGINT) and SIGTERM for every receiver: a clean exit 0, stderr empty.
// Not here: RabbitMQ 4.3's refusal of non-durable, non-exclusive queues (541), which RabbitMQ 3
// never sends, so it cannot be produced against the lab's broker.
import { createServer } from "node:net";
import type { Channel } from "amqplib";
import type { Scenario } from "../lib/scenario.ts";
import { masked } from "../lib/broker.ts";
import { assertFailed, assertStopsCleanly } from "../lib/expect.ts";

type Part = {
  part: string;
  /** Its sender and its receiver (or worker), with arguments that are otherwise valid. */
  sender: [string, string[]];
  receiver: [string, string[]];
  /** The broker objects it declares. */
  queues?: string[];
  exchanges?: string[];
  /** Declares its object with other settings than the lab's, as "queue 'name'" / "exchange 'name'". */
  clash: [string, (channel: Channel) => Promise<unknown>];
};

const PARTS: Part[] = [
  {
    part: "part1",
    sender: ["part1/send.ts", []],
    receiver: ["part1/receive.ts", []],
    queues: ["awesome_queue"],
    clash: ["queue 'awesome_queue'", (ch) => ch.assertQueue("awesome_queue", { durable: true })],
  },
  {
    part: "part2",
    sender: ["part2/send.ts", ["A task"]],
    receiver: ["part2/worker.ts", []],
    queues: ["task_queue"],
    clash: ["queue 'task_queue'", (ch) => ch.assertQueue("task_queue", { durable: false })],
  },
  {
    part: "part3",
    sender: ["part3/send.ts", ["Hello"]],
    receiver: ["part3/receive.ts", []],
    exchanges: ["logs"],
    clash: ["exchange 'logs'", (ch) => ch.assertExchange("logs", "direct", { durable: false })],
  },
  {
    part: "part4",
    sender: ["part4/send.ts", ["error", "Disk full"]],
    receiver: ["part4/receive.ts", ["error"]],
    exchanges: ["direct_logs"],
    clash: ["exchange 'direct_logs'", (ch) => ch.assertExchange("direct_logs", "fanout", { durable: false })],
  },
  {
    part: "part5",
    sender: ["part5/send.ts", ["stock.usa.usd", "AAPL"]],
    receiver: ["part5/receive.ts", ["stock.#"]],
    exchanges: ["topic_logs"],
    clash: ["exchange 'topic_logs'", (ch) => ch.assertExchange("topic_logs", "topic", { durable: true })],
  },
];

/** Every script with its part. */
const SCRIPTS = PARTS.flatMap((part) => [part.sender, part.receiver].map(([script, args]) => ({ part, script, args })));

/** A local port that nothing listens on: the OS hands out a free one, and it is closed again. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  const { port } = server.address() as { port: number };
  await new Promise((closed) => server.close(closed));
  return port;
}

/** Matches a text that does not contain `secret` (the password must not be printed). */
const NOT = (secret: string) => new RegExp(`^(?![^]*${secret})`);

/** The test broker's URL with another password. */
function withPassword(url: string, password: string): string {
  const wrong = new URL(url);
  wrong.username ||= "guest";
  wrong.password = password;
  return wrong.href;
}

const unreachable = ({ part, script, args }: (typeof SCRIPTS)[number]): Scenario => ({
  section: part.part,
  title: `${script}: broker unreachable: one line naming the masked URL and how to start a broker`,
  async run(ctx) {
    const url = `amqp://guest:secret@127.0.0.1:${await closedPort()}`;
    const ran = await ctx.run(script, script, args, { AMQP_URL: url });
    const says = [`cannot reach RabbitMQ at ${masked(url)}`, "rabbitmq-server", "docker run", NOT("secret")];
    assertFailed(ran, says);
  },
});

const wrongPassword = ({ part, script, args }: (typeof SCRIPTS)[number]): Scenario => ({
  section: part.part,
  title: `${script}: wrong password: one line saying the login was refused`,
  async run(ctx) {
    const url = withPassword(ctx.broker.url, "wrong");
    const ran = await ctx.run(script, script, args, { AMQP_URL: url });
    assertFailed(ran, [`RabbitMQ at ${masked(url)} refused the login`, NOT("wrong")]);
  },
});

const clash = ({ part, script, args }: (typeof SCRIPTS)[number]): Scenario => ({
  section: part.part,
  title: `${script}: its ${part.clash[0]} exists with other settings (406): one line naming it`,
  queues: part.queues,
  exchanges: part.exchanges,
  async run(ctx) {
    const [what, declare] = part.clash;
    await ctx.channel(declare);
    ctx.step(`${what} declared beforehand with other settings`);
    const ran = await ctx.run(script, script, args);
    assertFailed(ran, ["PRECONDITION_FAILED", what, "exists with other settings", "delete it"]);
  },
});

const stopped =
  (signal: NodeJS.Signals) =>
  (part: Part): Scenario => ({
    section: part.part,
    title: `${part.receiver[0]}: ${signal === "SIGINT" ? "Ctrl+C (SIGINT)" : signal} exits 0, nothing on stderr`,
    queues: part.queues,
    exchanges: part.exchanges,
    async run(ctx) {
      const [script, args] = part.receiver;
      await assertStopsCleanly(await ctx.consumer(script, script, args), signal);
    },
  });

/** Scripts that need arguments, run without any: usage, non-zero exit. */
const USAGE: [string, string][] = [
  ["part4/receive.ts", "Name at least one severity"],
  ["part5/receive.ts", "Give at least one binding key"],
  ["part5/send.ts", "Give a routing key"],
];

const usage = ([script, says]: (typeof USAGE)[number]): Scenario => ({
  section: script.split("/")[0],
  title: `${script} without arguments: usage and a non-zero exit`,
  async run(ctx) {
    assertFailed(await ctx.run(script, script, []), ["Usage:", says], { oneLine: false });
  },
});

export const errors: Scenario[] = [
  ...SCRIPTS.map(unreachable),
  ...SCRIPTS.map(wrongPassword),
  ...SCRIPTS.map(clash),
  ...USAGE.map(usage),
  ...PARTS.map(stopped("SIGINT")),
  ...PARTS.map(stopped("SIGTERM")),
];
