// lab.ts: ours, not the lab's. What the lab's pika code does not have, written once for every script:
//   - the broker: AMQP_URL (default amqp://localhost:5672), its user and password decoded as UTF-8;
//   - --help and the usage; the graded tasks' options (--variant or --ticket, --group, --surname);
//   - one ERROR line on stderr for every failure, exit 1, with the password never shown;
//   - Ctrl+C, SIGTERM and a closed or failing stdout: the channel closed, then the connection, and exit;
//   - a broker that blocks publishers (a memory or disk alarm): said at once, given up after BLOCKED_MS;
//   - a lost connection: the end for every script, but a pause for one that reconnects (task 2's worker).
// Each script imports it with one line. Copying a script into a project of your own? Copy this file too,
// into the folder above the script's (the scripts import "../lab.ts"; the tasks "../../lab.ts").
import type { Channel, ChannelModel, Options, RecoveringChannelModel } from "amqplib";

const EXAMPLE = "amqp://user:password@host:5672/vhost";
/** How long a sender waits while the broker blocks publishers before it gives up (pika: blocked_connection_timeout). */
export const BLOCKED_MS = 30_000;
const DOCKER = "docker run -it --rm --name rabbitmq -p 5672:5672 -p 15672:15672 rabbitmq:3-management";

// The broker, from AMQP_URL. amqplib is handed the parts, not the text: it would decode the password as Latin-1
// (a Cyrillic one then never logs in), and it could print the text in an error.
const text = process.env.AMQP_URL ?? "amqp://localhost:5672";
/** Percent-escapes decoded as UTF-8; a "%" that starts none stays as it is (amqplib accepts it unencoded). */
const decode = (part: string) =>
  part.replace(/(%[0-9a-f]{2})+/gi, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });

/** One broker's URL: what amqp.connect() needs, how it may be shown, and why it cannot be used (or ""). */
function parse(text: string) {
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {}
  const [authority = "", ...after] = text.slice(text.indexOf("//") + 2).split(/(?=[/?#])/);
  const problem = after.join("").includes("@")
    ? `AMQP_URL has an "@" after its host: write a "/", "?" or "#" in the password as %2F, %3F or %23`
    : !url || !["amqp:", "amqps:"].includes(url.protocol) || !text.includes("//")
      ? `AMQP_URL is not a URL like ${EXAMPLE}`
      : "";
  const user = url?.username || url?.password ? decode(url.username) : undefined;
  const query = Object.fromEntries(url?.searchParams ?? []);
  const broker: Options.Connect = {
    protocol: url?.protocol.slice(0, -1),
    hostname: url?.hostname.replace(/^\[|\]$/g, "") || "localhost",
    port: Number(url?.port) || (url?.protocol === "amqps:" ? 5671 : 5672),
    username: user,
    password: user === undefined ? undefined : decode(url!.password),
    vhost: url?.pathname.slice(1), // amqplib decodes it
    heartbeat: query.heartbeat === undefined ? undefined : Number(query.heartbeat),
    frameMax: query.frameMax === undefined ? undefined : Number(query.frameMax),
  };
  // The password masked, wherever amqplib would take it to end (the last "@" before the host's end).
  const shown = authority.includes("@")
    ? text.replace(authority, authority.replace(/^([^:@]*):.*@/s, "$1:****@"))
    : text;
  return { broker, problem, shown, user: user ?? "guest", vhost: decode(url?.pathname.slice(1) ?? "") || "/" };
}
let parsed = [parse(text)];
/** What amqp.connect() needs to reach the broker: AMQP_URL's parts. */
export const broker = parsed[0]!.broker;
/** For the cluster scripts: AMQP_URL as a comma-separated list of nodes, each what amqp.connect() needs
 * (before command(), which says what is wrong with it after --help has had its chance). */
export function nodes(): Options.Connect[] {
  parsed = text.split(",").map(parse);
  return parsed.map((node) => node.broker);
}
const problem = () => parsed.find((node) => node.problem)?.problem;
/** "RabbitMQ at <AMQP_URL, the password masked>". */
const where = () => `RabbitMQ at ${parsed.map((node) => node.shown).join(",")}`;
/** amqp.connect()'s socket options: no Nagle delay (one small message), and no waiting forever for a handshake. */
export const socket = { noDelay: true, timeout: 10_000 };

/** The broker's first sentence in an amqplib error, e.g. `NOT_FOUND - no queue 'x' in vhost '/'`. */
const replyOf = (said: string) => said.match(/"([A-Z_]+ - .*?)(?:\.\s|"$)/s)?.[1] ?? said;

/** Every failure as one line: the first row whose pattern is in the error's text and code. */
function lineFor(said: string, reply: string): string {
  const at = where();
  const { user, vhost } = parsed[0]!;
  const who = `user "${user}"`;
  const LINES: [RegExp, (reply: string) => string][] = [
    [
      /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN/,
      () => `cannot reach ${at}: start it (rabbitmq-server, or ${DOCKER})`,
    ],
    [
      /SSL|TLS|EPROTO/,
      () => `${at} does not speak TLS on that port: amqp:// goes to 5672, amqps:// to the TLS port (5671)`,
    ],
    [
      /Invalid frame|Unexpected frame|Expected ConnectionStart|Frame size/i,
      () => `${at} does not answer as RabbitMQ: check the port (AMQP is 5672; 15672 is the web UI)`,
    ],
    [
      /ETIMEDOUT|handshake/,
      () =>
        `${at} did not finish the AMQP handshake within ${socket.timeout / 1000} s: the broker is overloaded or starting (try again), or the port is not its AMQP port (5672)`,
    ],
    [
      /ACCESS_REFUSED - Login/,
      () =>
        `${at} refused the login: check the user and password in AMQP_URL (a special character percent-encoded, "@" as %40)`,
    ],
    // amqplib keeps only the frame's name of the broker's answer here: no such vhost, or no permissions on it.
    [
      /Expected ConnectionOpenOk|NOT_ALLOWED/,
      () =>
        `${at}: vhost "${vhost}" does not exist, or this user may not use it (${who}: rabbitmqctl list_permissions -p ${vhost})`,
    ],
    [/ACCESS_REFUSED/, (reply) => `${reply}: ${who} may not do this (rabbitmqctl list_user_permissions ${user})`],
    [
      /acknowledgement .* timed out|consumer_timeout/,
      (reply) =>
        `${reply}: a task took longer than the broker's consumer_timeout, so the broker closed the channel and gives the task out again; raise consumer_timeout (rabbitmq.conf) for tasks this long`,
    ],
    [
      /PRECONDITION_FAILED/,
      (reply) =>
        `${reply}: it exists with other settings; delete it (web UI, or rabbitmqctl delete_queue NAME for a queue) or use another name`,
    ],
    [
      /RESOURCE_LOCKED/,
      (reply) =>
        `${reply}: another receiver holds this exclusive queue, or a queue of that name is left from another variant (rabbitmqctl delete_queue NAME)`,
    ],
    [
      /transient_nonexcl/,
      (reply) =>
        `${reply}: RabbitMQ 4 refuses a queue that is neither durable nor exclusive (as pika declares it); use RabbitMQ 3 or permit it (README)`,
    ],
    [
      /message nacked/,
      () =>
        `${at} refused the message (nack): the queue is full (max-length with overflow reject-publish) or could not store it; it was not sent`,
    ],
    [
      /CONNECTION_FORCED|ECONNRESET|EPIPE|Unexpected close|Socket closed|Heartbeat/i,
      (reply) => `lost the connection to ${at}: ${reply}`,
    ],
  ];
  return LINES.find(([pattern]) => pattern.test(said))?.[1](reply) ?? reply;
}

/** Prints the one line for `err` on stderr and exits 1. */
export function fail(err: unknown): never {
  // A text is a line of ours, said as it is; an error (amqplib's, the broker's, the system's) gets its row.
  const { message = String(err), code = "" } = err instanceof Error ? (err as NodeJS.ErrnoException) : {};
  const line = err instanceof Error ? lineFor(`${message} ${code}`, replyOf(message)) : message;
  process.stderr.write(`ERROR: ${line}\n`);
  process.exit(1);
}
// Whatever a script does not catch (a refused connect, a rejected confirm) ends in one line too, not a stack
// trace. Only an ack on a channel that is gone is moot: after Ctrl+C, or the connection lost under a script
// that reconnects; the broker gives the unacked message out again.
const moot = (err: unknown) => stopping || (recovering && (err as Error)?.name === "IllegalOperationError");
process.on("uncaughtException", (err) => moot(err) || fail(err));
process.on("unhandledRejection", (err) => moot(err) || fail(err)); // Deno reports a rejected top-level await here

/** A consumer's answer to the broker cancelling it (amqplib's `null` message). */
export const cancelled = () => fail("the broker cancelled the consumer (was the queue deleted?)");

/** Prints a line on stdout, as pika's print() (not console.log: Deno's ignores a closed pipe). */
export const print = (line: string) => void process.stdout.write(`${line}\n`);

let usageText = "";
/** --help or -h first: prints the usage and exits 0. Otherwise returns the words after the script's name:
 * all of them, whatever they start with, as pika's sys.argv[1:]; a first "--" is dropped ("-- --help"). */
export function command(usage: string, about: string): string[] {
  usageText = `Usage: npx tsx ${usage}\n${about}\nBroker: AMQP_URL, default amqp://localhost:5672 (${EXAMPLE}).`;
  const args = process.argv.slice(2);
  if (["-h", "--help"].includes(args[0]!)) {
    print(usageText);
    process.exit(0);
  }
  if (problem()) fail(problem());
  return args[0] === "--" && args.length > 1 ? args.slice(1) : args;
}

/** Routing or binding keys the broker takes (at most 255 bytes each); none at all: `missing`, with the usage. */
export function keys(words: string[], missing = ""): string[] {
  if (!words.length) fail(`${missing}\n\n${usageText}`);
  if (words.some((key) => Buffer.byteLength(key) > 255)) fail("a routing key is at most 255 bytes long");
  return words;
}

/** The graded tasks' options, which come before the message: --variant N, or --ticket with the ticket's number
 * (the lab's rule: its last digit % 3, and 0 is 3), and for task 1 --group and --surname (or LAB_GROUP,
 * LAB_SURNAME). From the first word that is not one of them, every word is the message, "--help" too. */
export async function task<V>(usage: string, variants: Record<1 | 2 | 3, V>, names = false) {
  const args = process.argv.slice(2);
  let split = 0; // args[0, split) are the options
  while (split < args.length && /^(--(variant|ticket|group|surname|help)\b|-h$)/.test(args[split]!))
    split += /=|^(-h|--help)$/.test(args[split]!) ? 1 : 2;
  const words = args.slice(split + (args[split] === "--" && args.length > split + 1 ? 1 : 0)); // as command()
  const { default: yargs } = await import("yargs"); // only the tasks pay for loading yargs
  const me = {
    group: { type: "string", default: process.env.LAB_GROUP, describe: "e.g. inbo-04 (or set LAB_GROUP once)" },
    surname: { type: "string", default: process.env.LAB_SURNAME, describe: "e.g. laptev (or LAB_SURNAME)" },
  } as const;
  const argv = yargs(args.slice(0, split))
    .usage(`Usage: npx tsx ${usage}`)
    .options({
      variant: { choices: [1, 2, 3] as const, describe: "your variant" },
      ticket: { type: "string", describe: "or your ticket's number: its last digit % 3 is the variant (0 is 3)" },
      ...(names ? me : {}),
    })
    .demandOption(names ? ["group", "surname"] : [])
    .check((a) => a.variant !== undefined || a.ticket !== undefined || "Give --variant 1, 2 or 3, or --ticket")
    .check((a) => a.ticket === undefined || /^\d+$/.test(a.ticket) || "--ticket takes your ticket's number, e.g. 17")
    .parserConfiguration({ "parse-positional-numbers": false })
    .strict()
    .fail((msg, _err, y) => y.showHelp((help) => fail(`${msg.replace(/\n\s*/g, " ")}\n\n${help}`)))
    .wrap(null)
    .alias("h", "help")
    .version(false)
    .parseSync() as { variant?: 1 | 2 | 3; ticket?: string; group?: string; surname?: string };
  if (problem()) fail(problem());
  const n = argv.variant ?? ((Number(argv.ticket!.at(-1)) % 3 || 3) as 1 | 2 | 3);
  const queue = names ? `${argv.group}_${argv.surname}` : "";
  if (names && (!argv.group || !argv.surname)) fail("--group and --surname must not be empty");
  if (queue.startsWith("amq.")) fail(`queue ${queue}: names starting with amq. are reserved`);
  if (Buffer.byteLength(queue) > 255) fail(`the queue name ${queue} is longer than 255 bytes`);
  return { variant: variants[n], n, queue, message: words.join(" ") };
}

/** The flags that are set, e.g. "durable, autoDelete": what a variant's table says of a queue, in a line. */
export const flags = (options: object) =>
  Object.entries(options)
    .filter(([, on]) => on === true)
    .map(([flag]) => flag)
    .join(", ") || "transient";

// Watching the connection and its channels, and stopping them.
let connection: ChannelModel | RecoveringChannelModel | undefined;
let recovering = false;
const channels: Channel[] = [];
/** Ctrl+C, SIGTERM or a closed stdout has come: the script is closing. */
export let stopping = false;
let blockedTimer: NodeJS.Timeout | undefined;

/** Is it a connection lost, worth connecting again for (the broker or the network went away, is slow to answer,
 * or did not take a message)? A refusal (the login, permissions, a vhost, any other reply) is not: trying again
 * would change nothing. */
export function transient(err: unknown): boolean {
  const said = `${(err as Error)?.message} ${(err as { code?: string })?.code}`;
  const reply = /\b([A-Z]+(?:_[A-Z]+)+) - /.exec(said)?.[1]; // the broker's, e.g. ACCESS_REFUSED
  if (reply || /ConnectionOpenOk/.test(said)) return reply === "CONNECTION_FORCED";
  return /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH|Unexpected close|Heartbeat|handshake|closed|ended|nacked/i.test(
    said,
  );
}

/** Watches what amqp.connect() and createChannel() gave: every error is one line, a broker that blocks
 * publishers is said at once, and Ctrl+C, SIGTERM or a closed stdout close the channels, then the connection.
 * `lost`: a script that connects again by itself (the cluster's) is told of a transient loss instead. */
export function watch(...opened: (ChannelModel | RecoveringChannelModel | Channel | { lost(err: Error): void })[]) {
  const lost = opened.find((it): it is { lost(err: Error): void } => "lost" in it)?.lost;
  // A channel may report the connection's loss too (read ECONNRESET after a kill -9): for a script that connects
  // again, that is the connection's to say. A channel's own refusal (403, 406) ends any script.
  const survives = (err: Error) => (recovering || lost !== undefined) && transient(err);
  for (const it of opened) {
    if ("lost" in it) continue;
    if (!("createChannel" in it)) {
      channels.push(it.on("error", (err: Error) => survives(err) || fail(err)));
      continue;
    }
    connection = it;
    it.on("blocked", (reason: string) => {
      process.stderr.write(`WAITING: ${where()} blocks publishers: ${reason} (its memory or disk alarm); `);
      process.stderr.write(`waiting up to ${BLOCKED_MS / 1000} s for it to clear (Ctrl+C stops)\n`);
      blockedTimer ??= setTimeout(
        () => fail(`${where()} blocked publishers for ${BLOCKED_MS / 1000} s: ${reason}`),
        BLOCKED_MS,
      );
    });
    it.on("unblocked", () => (clearTimeout(blockedTimer), (blockedTimer = undefined)));
    if ((recovering = "waitForConnect" in it)) {
      // amqplib's recovery reconnects it: a lost connection is said and waited out; a refusal is final.
      it.on("error", () => {}); // 'disconnect' says it
      it.on("disconnect", (err: Error) => print(`INFO: Lost the connection (${err.message}); reconnecting...`));
      it.on("connect", () => print("INFO: Reconnected"));
      it.on("connect-failed", (err: Error) => transient(err) || fail(err));
      it.on("reconnect-failed", fail);
      continue;
    }
    let gone = false; // 'error', then 'close': one answer
    const end = (err: Error) => {
      if (gone || stopping) return;
      gone = true;
      if (lost && transient(err)) lost(err);
      else fail(err);
    };
    it.on("error", end).on("close", (err?: Error) => err && end(err));
  }
}

async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  // A sender (its confirm channel) stopped before it could finish is interrupted; anything else is done (exit 0).
  const sending = channels.some((ch) => "waitForConfirms" in ch) && signal !== "pipe";
  const closed = (async () => {
    for (const ch of channels.splice(0).reverse()) await ch.close().catch(() => {}); // gone with its connection
    await connection?.close().catch(() => {});
  })();
  // A broker that blocks this connection may never answer the close: exit anyway after a second.
  await Promise.race([closed, new Promise((wait) => setTimeout(wait, 1000).unref())]);
  process.exit(sending ? (signal === "SIGINT" ? 130 : 143) : 0);
}
process.once("SIGINT", stop).once("SIGTERM", stop);
// | head has read enough (EPIPE): stop as on Ctrl+C. Any other failure to write (a full disk) is an error.
process.stdout.on("error", (err: NodeJS.ErrnoException) =>
  err.code === "EPIPE" ? void stop("pipe") : fail(`cannot write the output: ${err.code ?? err.message}`),
);
