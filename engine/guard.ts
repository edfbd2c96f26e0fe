// What keeps the tests and the demo from destroying what is not theirs. The lab's names are fixed
// (awesome_queue, task_queue, logs...), and students point AMQP_URL at a shared course server, where
// those names may hold other people's messages or feed other people's receivers. So:
//   - before a run, and each scenario, deletes its fixed names, clearNames checks them: a queue with
//     messages or consumers, or an exchange with queues bound to it, stops the run with one line
//     (ForeignError), unless the run was given --reset;
//   - against a broker that is not on this machine, a run says what it will delete and create, and
//     goes ahead only with --reset.
// "This run" is the whole `npm test` (many processes) or demo. Its scenarios use a name only while
// they hold its lock (lock.ts) and delete it before they let go, so at a clean-up before use, under
// the lock, whatever the name holds is someone else's, or was left by a run that died (--reset).
// docs/shared-server.md says it for students, docs/testing.md for the harness.
import type { Options } from "amqplib";
import { hostname, networkInterfaces } from "node:os";
import { masked, withChannel, type Broker } from "./broker.ts";
import { withLock } from "./lock.ts";
import type { Scenario } from "./section.ts";

/** The flag of `npm test` and `npm run demo` that deletes the fixed names whatever they hold, anywhere.
 * commands/test.ts hands it to the test files as LAB_RESET=1. */
export const RESET = "--reset";

/** The fixed broker names of a run or a scenario. */
export type Names = { queues: string[]; exchanges: string[] };

/** Every fixed name the scenarios use, once each, sorted. */
export function namesOf(scenarios: Scenario[]): Names {
  const all = (pick: (scenario: Scenario) => string[] | undefined) =>
    [...new Set(scenarios.flatMap((scenario) => pick(scenario) ?? []))].sort();
  return { queues: all((s) => s.queues), exchanges: all((s) => s.exchanges) };
}

/** A run with no fixed names (only plain test files such as docs.test.ts) deletes nothing. */
const none = ({ queues, exchanges }: Names) => !queues.length && !exchanges.length;

/** The names as the lock (lock.ts) knows them. */
export const lockKeys = ({ queues, exchanges }: Names) => [
  ...queues.map((queue) => `queue:${queue}`),
  ...exchanges.map((exchange) => `exchange:${exchange}`),
];

/** Is the broker at `url` on this machine? Loopback (localhost, 127.0.0.0/8, ::1), this machine's
 * host name or one of its addresses. An unparsable URL counts as local: connecting will say what is wrong. */
export function onThisMachine(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  } catch {
    return true;
  }
  // "" is amqplib's default, localhost; ::ffff:7f.. is an IPv4-mapped 127.x as URL writes it.
  if (["", "localhost", "::1"].includes(host) || /^127\.\d+\.\d+\.\d+$|^::ffff:7f[0-9a-f]{2}:/.test(host)) return true;
  const addresses = Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((a) => a.address));
  return [hostname(), ...addresses].some((own) => own.toLowerCase() === host);
}

/** The URL a run will connect to, if it is known before connecting: AMQP_URL, which the default
 * broker kind (auto) uses; other kinds start brokers of their own on this machine. */
export function targetUrl(): string | undefined {
  return (process.env.LAB_BROKER || "auto") === "auto" ? process.env.AMQP_URL || undefined : undefined;
}

/** What a run against `url` deletes and creates there, if `url` is not on this machine; undefined if it is. */
export function remoteNotice(url: string, names: Names): string[] | undefined {
  if (onThisMachine(url)) return undefined;
  return [
    `${masked(url)} is not on this machine. There the run deletes these, whatever they hold, and creates them anew:`,
    `  queues: ${names.queues.join(", ") || "none"}`,
    `  exchanges: ${names.exchanges.join(", ") || "none"}`,
    `  and server-named queues (amq.gen-...) that go with the receivers that declare them.`,
  ];
}

/** The last line of the refusal against a broker that is not on this machine. */
export const REMOTE_WAYS = `To go ahead, run with ${RESET} (best with a vhost of your own: AMQP_URL=amqp://user:password@host:5672/<vhost>), or use a broker on this machine.`;

/** For a command's main, before it connects: against a broker not on this machine, prints what the run
 * will delete and create, and exits 1 unless `reset`; with it, says so with `say` and goes on. */
export function refuseRemote(names: Names, reset: boolean, say: (line: string) => void): void {
  const url = targetUrl();
  const notice = url && !none(names) && remoteNotice(url, names);
  if (!notice) return;
  if (!reset) {
    console.error([...notice, REMOTE_WAYS].join("\n"));
    process.exit(1);
  }
  for (const line of [...notice, `Going ahead: ${RESET} was given.`]) say(line);
}

/** A fixed name holds what this run did not put there; the message is the one line to print. */
export class ForeignError extends Error {
  override name = "ForeignError";
}

const code = (err: unknown) => (err as { code?: number }).code;
const count = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;
const EXCLUSIVE = (queue: string) =>
  `queue '${queue}' is exclusive to another connection (a receiver that runs; ${RESET} cannot delete it)`;

/** Deletes the queue, unless (without `reset`) it has messages or consumers: then says what it has. */
async function clearQueue(broker: Broker, queue: string, reset: boolean): Promise<string | undefined> {
  const remove = (options?: Options.DeleteQueue) => withChannel(broker, (ch) => ch.deleteQueue(queue, options));
  try {
    if (reset) return void (await remove());
    for (;;) {
      const ok = await withChannel(broker, (ch) => ch.checkQueue(queue)).catch((err) => {
        if (code(err) === 404) return undefined; // no such queue: nothing to lose
        throw err;
      });
      if (!ok) return undefined;
      if (ok.messageCount || ok.consumerCount)
        return `queue '${queue}' holds ${count(ok.messageCount, "message")} and has ${count(ok.consumerCount, "consumer")}`;
      // Deleted only if still empty and unused: a message or consumer that came meanwhile is looked at again.
      const deleted = await remove({ ifEmpty: true, ifUnused: true }).then(
        () => true,
        (err) => (code(err) === 406 ? false : err), // 406 PRECONDITION_FAILED: not empty, or in use
      );
      if (deleted === true) return undefined;
      // A quorum queue refuses the conditions (540, closing the connection): it was empty and unused just now.
      if (deleted !== false) return void (await remove());
    }
  } catch (err) {
    if (code(err) === 405) return EXCLUSIVE(queue); // RESOURCE_LOCKED
    throw err;
  }
}

/** Deletes the exchange, unless (without `reset`) queues are bound to it: then says so. Exchanges keep
 * no messages; what deleting one destroys is the bindings of the receivers that use it. AMQP cannot list
 * them, but `exchange.delete` with if-unused refuses (406) while it has any. */
async function clearExchange(broker: Broker, exchange: string, reset: boolean): Promise<string | undefined> {
  try {
    await withChannel(broker, (ch) => ch.deleteExchange(exchange, { ifUnused: !reset }));
    return undefined;
  } catch (err) {
    if (code(err) === 406) return `exchange '${exchange}' has queues bound to it`;
    throw err;
  }
}

/** The one line for what was found at `url`. */
function refusal(found: string[], url: string): string {
  const { host, pathname } = new URL(url);
  const vhost = pathname.length > 1 ? decodeURIComponent(pathname.slice(1)) : "/";
  const them = found.length === 1 ? "it" : "them";
  return (
    `Not this run's, so not deleted: ${found.join("; ")} (vhost '${vhost}' at ${host || "localhost"}). ` +
    `Use a broker of your own, a vhost of your own (AMQP_URL=amqp://user:password@host:5672/<vhost>), or ${RESET} to delete ${them} anyway.`
  );
}

/**
 * Deletes `names`, as a run or a scenario does before it uses them (under their lock). Without `reset`, a
 * queue with messages or consumers and an exchange with queues bound to it are left as they are, and it
 * throws a ForeignError naming them all; an empty unused queue or an unbound exchange is deleted (nothing is lost).
 */
export async function clearNames(broker: Broker, names: Names, reset: boolean): Promise<void> {
  const found = await Promise.all([
    ...names.queues.map((queue) => clearQueue(broker, queue, reset)),
    ...names.exchanges.map((exchange) => clearExchange(broker, exchange, reset)),
  ]);
  const foreign = found.filter((what) => what !== undefined);
  if (foreign.length) throw new ForeignError(refusal(foreign, broker.url));
}

/** For a command's main, once it has the broker: clears the run's names under their lock, or prints the
 * one line and exits 1. */
export async function clearOrExit(broker: Broker, names: Names, reset: boolean): Promise<void> {
  if (none(names)) return;
  try {
    await withLock(broker.url, lockKeys(names), () => clearNames(broker, names, reset));
  } catch (err) {
    if (!(err instanceof ForeignError)) throw err;
    console.error(err.message);
    await broker.dispose();
    process.exit(1);
  }
}
