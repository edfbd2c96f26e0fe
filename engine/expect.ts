// What the scenarios share: the lab scripts' output as they read it, how a script must end (cleanly, or
// with one clear error line) and whether an exchange's routing delivered each message to exactly the
// receivers meant for it.
import assert from "node:assert/strict";
import type { Context } from "./context.ts";
import { DONE, WAITING } from "./lines.ts";
import type { Command, Refusal } from "./section.ts";
import type { Script } from "./proc.ts";
import { setTimeout as sleep } from "node:timers/promises";

type Ran = Awaited<ReturnType<Context["run"]>>;

export { DONE, WAITING };

/** A text every section sends once: it must arrive byte for byte (UTF-8, two-byte letters, ё). */
export const CYRILLIC = "Привет, мир! ёЁ";

/** The lines a receiver or worker printed for the messages it got ("RECEIVED: …"), in order. */
export const received = (receiver: Script) => receiver.stdout().filter((line) => line.startsWith("RECEIVED: "));

/** A line of a stack trace ("    at main (file.ts:1:2)"). */
export const STACK = /^\s+at /;

/** It printed `stdout` exactly (but INFO lines), nothing on stderr, and exited 0. */
export function assertClean(ran: Ran, stdout?: string[]) {
  assert.deepEqual(ran.stderr, [], "nothing on stderr");
  assert.equal(ran.code, 0, "exit code 0");
  if (stdout) assert.deepEqual(results(ran.stdout), stdout);
}

/** What a script printed, but its INFO lines (a task script says its variant and names first). */
export const results = (stdout: string[]) => stdout.filter((line) => !line.startsWith("INFO: "));

/** It failed the way the house rules say: non-zero exit, nothing on stdout, no stack trace and
 * exactly one stderr line (or, for a usage error, a few) that says each of `says`. */
export function assertFailed(ran: Ran, says: (string | RegExp)[], { oneLine = true } = {}) {
  const stderr = ran.stderr.join("\n");
  assert.notEqual(ran.code, 0, `non-zero exit; it printed:\n${stderr}`);
  assert.equal(ran.signal, null, "it exited by itself");
  assert.deepEqual(results(ran.stdout), [], "nothing on stdout but INFO lines");
  assert.ok(!ran.stderr.some((line) => STACK.test(line)), `no stack trace:\n${stderr}`);
  if (oneLine) assert.equal(ran.stderr.length, 1, `one line on stderr:\n${stderr}`);
  for (const text of says)
    assert.ok(typeof text === "string" ? stderr.includes(text) : text.test(stderr), `stderr says ${text}:\n${stderr}`);
}

/** A script stopped by a signal it handles: exit 0, no signal, nothing on stderr. */
export async function assertStopsCleanly(script: Script, signal: NodeJS.Signals) {
  const exit = await script.stop(signal);
  assert.deepEqual(script.stderr(), [], `[${script.label}] nothing on stderr after ${signal}`);
  assert.deepEqual(exit, { code: 0, signal: null }, `[${script.label}] exit 0 after ${signal}`);
}

/** Runs a sender and checks that it said `SENT: <line>`. */
export async function send(ctx: Context, script: string, args: string[], line: string) {
  assertClean(await ctx.run(`send ${args.join(" ")}`.trim(), script, args), [`SENT: ${line}`]);
}

/** One message of a routing table: the sender's arguments, the `<what>` that both `SENT: <what>` and
 * `RECEIVED: <what>` print, and the labels of the receivers that must get it. */
export type Route = { args: string[]; line: string; to: string[] };

/**
 * Sends `routes`, then `closing`, one after another as the lab does, and checks that every receiver got
 * exactly the lines meant for it, each once. Every receiver must get one of the closing messages:
 * a queue keeps order, so by the time a receiver has its closing message it has everything sent
 * before it, and a stray message shows up as an extra line.
 */
export async function assertRouting(
  ctx: Context,
  sender: string,
  receivers: Script[],
  routes: Route[],
  closing: Route[],
) {
  for (const receiver of receivers)
    assert.ok(
      closing.some((route) => route.to.includes(receiver.label)),
      `a closing message for ${receiver.label}`,
    );
  ctx.step(`sending ${routes.length} messages, then ${closing.length} to close the round`);
  for (const route of [...routes, ...closing]) await send(ctx, sender, route.args, route.line);
  const all = [...routes, ...closing];
  for (const receiver of receivers) {
    const expected = all.filter((route) => route.to.includes(receiver.label)).map((route) => `RECEIVED: ${route.line}`);
    await receiver.waitFor(/^RECEIVED: /, { times: expected.length });
    assert.deepEqual(received(receiver).sort(), expected.sort(), `[${receiver.label}] got exactly its messages`);
  }
}

/** Asks `check` until it says true, for what the broker does a moment after the fact (e.g. deleting
 * an exclusive queue after its connection closed); false if it never does within `timeout` ms. */
export async function eventually(check: () => Promise<boolean>, timeout = 3000): Promise<boolean> {
  for (const start = Date.now(); !(await check()); await sleep(20)) if (Date.now() - start > timeout) return false;
  return true;
}

/** The one line a lab script prints when RabbitMQ 4 refuses its queue (541): the broker's reply up to the end of its
 * first sentence, then the ways out. */
export const REFUSED_BY_RABBITMQ4 =
  "ERROR: INTERNAL_ERROR - Feature `transient_nonexcl_queues` is deprecated: RabbitMQ 4 refuses a queue that is neither durable nor exclusive (as pika declares it); use RabbitMQ 3 or permit it (README)";

/** The last line the lab's pika code prints when RabbitMQ 4 refuses its queue: pika's exception, the broker's 541. */
const PIKA_REFUSED =
  /^pika\.exceptions\.ConnectionClosedByBroker: \(541, 'INTERNAL_ERROR - Feature `transient_nonexcl_queues` is deprecated\./;

/**
 * RabbitMQ 4 refuses `queue`, which `commands` declare neither durable nor exclusive: each of them, run in turn, is
 * refused (a lab script with REFUSED_BY_RABBITMQ4 and exit 1, the lab's pika code with pika's 541), and no such queue
 * is left. A receiver that is not refused fails the check as soon as it says it is waiting for messages.
 */
export function refusedByRabbitMQ4(queue: string, commands: Command[]): Refusal {
  return {
    why: `its queue ${queue} is neither durable nor exclusive (as pika declares it)`,
    async run(ctx) {
      for (const { script, args } of commands) {
        const started = ctx.start(script, script, args);
        const consuming = started.waitFor(WAITING, { timeout: 60_000 }).then(
          () => assert.fail(`${script} was not refused: it waits for messages`),
          () => {}, // it exited
        );
        await Promise.race([started.exited, consuming]);
        const ran = {
          ...(await started.exited),
          stdout: started.stdout(),
          stderr: started.stderr(),
          lines: started.lines,
        };
        if (script.endsWith(".py")) {
          assert.notEqual(ran.code, 0, `${script} failed`);
          assert.match(ran.stderr.at(-1) ?? "", PIKA_REFUSED, `${script}: pika's 541:\n${ran.stderr.join("\n")}`);
        } else {
          assertFailed(ran, []);
          assert.deepEqual(ran.stderr, [REFUSED_BY_RABBITMQ4], `${script}: the one line`);
        }
      }
      assert.equal(await ctx.queueDepth(queue), undefined, `no queue ${queue}`);
    },
  };
}

/** The first message on `queue`, taken off it, or undefined. */
export const take = (ctx: Context, queue: string) =>
  ctx.channel(async (ch) => {
    const msg = await ch.get(queue, { noAck: true });
    return msg ? msg.content.toString() : undefined;
  });
