// Bad input, for every script where it applies: one clear line on stderr, a non-zero exit and no
// stack trace. Also Ctrl+C (SIGINT) and SIGTERM for every receiver: a clean exit 0, stderr empty
// (on RabbitMQ 4, a receiver it refuses is checked for that refusal instead: `onRabbitMQ4`).
import { createServer } from "node:net";
import type { Command, Scenario, Section } from "../section.ts";
import { masked } from "../broker.ts";
import { assertFailed, assertStopsCleanly, refusedByRabbitMQ4 } from "../expect.ts";

/** A section that has the bad-input cases, and one of its scripts. */
type Tested = Section & Required<Pick<Section, "errors">>;
type Case = Command & { section: Tested };

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

const unreachable = ({ script, args }: Case): Scenario => ({
  title: `${script}: broker unreachable: one line naming the masked URL and how to start a broker`,
  async run(ctx) {
    const url = `amqp://guest:secret@127.0.0.1:${await closedPort()}`;
    const ran = await ctx.run(script, script, args, { AMQP_URL: url });
    const says = [`cannot reach RabbitMQ at ${masked(url)}`, "rabbitmq-server", "docker run", NOT("secret")];
    assertFailed(ran, says);
  },
});

const wrongPassword = ({ script, args }: Case): Scenario => ({
  title: `${script}: wrong password: one line saying the login was refused`,
  async run(ctx) {
    const url = withPassword(ctx.broker.url, "wrong");
    const ran = await ctx.run(script, script, args, { AMQP_URL: url });
    assertFailed(ran, [`RabbitMQ at ${masked(url)} refused the login`, NOT("wrong")]);
  },
});

const clash = ({ section, script, args }: Case): Scenario => ({
  title: `${script}: its ${section.errors.clash[0]} exists with other settings (406): one line naming it`,
  queues: section.queues,
  exchanges: section.exchanges,
  async run(ctx) {
    const [what, declare] = section.errors.clash;
    await ctx.channel(declare);
    ctx.step(`${what} declared beforehand with other settings`);
    const ran = await ctx.run(script, script, args);
    assertFailed(ran, ["PRECONDITION_FAILED", what, "exists with other settings", "delete it"]);
  },
});

const stopped =
  (signal: NodeJS.Signals) =>
  ({ receiver, queues, exchanges, onRabbitMQ4 }: Tested): Scenario => ({
    title: `${receiver.script}: ${signal === "SIGINT" ? "Ctrl+C (SIGINT)" : signal} exits 0, nothing on stderr`,
    queues,
    exchanges,
    onRabbitMQ4: onRabbitMQ4 && refusedByRabbitMQ4(onRabbitMQ4.refuses, [receiver]),
    async run(ctx) {
      await assertStopsCleanly(await ctx.consumer(receiver.script, receiver.script, receiver.args), signal);
    },
  });

/** A script that needs arguments, run without any: usage, non-zero exit. */
const usage = (script: string, says: string): Scenario => ({
  title: `${script} without arguments: usage and a non-zero exit`,
  async run(ctx) {
    assertFailed(await ctx.run(script, script, []), ["Usage:", says], { oneLine: false });
  },
});

/** The bad-input cases of every section that has `errors`, for its sender and its receiver. */
export function errorCases(sections: Section[]): Scenario[] {
  const tested = sections.filter((section): section is Tested => section.errors !== undefined);
  const scripts: Case[] = tested.flatMap((section) =>
    [section.sender, section.receiver].map((c) => ({ ...c, section })),
  );
  return [
    ...scripts.map(unreachable),
    ...scripts.map(wrongPassword),
    ...scripts.map(clash),
    ...scripts.flatMap(({ script, usage: says }) => (says ? [usage(script, says)] : [])),
    ...tested.map(stopped("SIGINT")),
    ...tested.map(stopped("SIGTERM")),
  ];
}
