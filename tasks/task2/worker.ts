// Task 2, "Задание 2": a worker; start two or more: they share the variant's queue, each task done once.
import amqp, { type Channel, type ChannelModel } from "amqplib";
import { setTimeout as sleep } from "node:timers/promises";
import yargs from "yargs";

// The variants, as in send.ts. Exchange and queue are durable; variant 2's tasks are transient.
const VARIANTS = {
  1: { symbol: "#", type: "fanout", binding: "", persistent: true }, // fanout: to every bound queue, key ignored
  2: { symbol: "*", type: "direct", binding: "task", persistent: false }, // direct: the key must equal the binding
  3: { symbol: "-", type: "topic", binding: "task.*", persistent: true }, // topic: the key matches a word pattern
};
const HELP = `Usage: npx tsx tasks/task2/worker.ts --variant N   (Ctrl+C stops)
Does the tasks of the variant's queue, one at a time; start two or more. e.g. npx tsx tasks/task2/worker.ts --variant 1`;
const url = process.env.AMQP_URL ?? "amqp://localhost:5672";
const argv = yargs(process.argv.slice(2))
  .usage(HELP)
  .options({
    variant: { choices: [1, 2, 3] as const, describe: '1 "#" fanout, 2 "*" direct (transient), 3 "-" topic' },
    ticket: { choices: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], describe: "or your ticket's last digit: digit % 3, 0 is 3" },
  })
  .check((a) => a.variant !== undefined || a.ticket !== undefined || "Give --variant 1, 2 or 3, or --ticket")
  .parserConfiguration({ "unknown-options-as-args": true })
  .fail((msg, _err, y) => y.showHelp((usage) => fail(`${msg.replace(/\n\s*/g, " ")}\n\n${usage}`)))
  .wrap(null)
  .alias("h", "help")
  .version(false)
  .parseSync();
const v = VARIANTS[argv.variant ?? ((argv.ticket! % 3 || 3) as 1 | 2 | 3)]; // the lab's rule; 0 is ours
const exchange = `task2_${v.type}`; // each variant its own names: they never collide
const queue = `task2_${v.type}_queue`;

// amqplib's recovery runs setup() after every (re)connect: declare exactly as the sender does, subscribe.
let channel: Channel | null | undefined; // null: closed, with the connection lost (or at Ctrl+C)
let stopping = false;
async function setup(model: ChannelModel) {
  if (channel !== undefined) process.stdout.write("INFO: Reconnected\n");
  const ch = (channel = await model.createChannel());
  ch.on("error", fail).on("close", () => (channel = null));
  await ch.assertExchange(exchange, v.type, { durable: true });
  await ch.assertQueue(queue, { durable: true });
  await ch.bindQueue(queue, exchange, v.binding); // the binding (связь)
  await ch.prefetch(1); // fair dispatch: at most one unacknowledged task per worker (acks are manual)
  await ch.consume(queue, async (msg) => {
    if (msg === null) return fail("the broker cancelled the consumer (was the queue deleted?)");
    process.stdout.write(`RECEIVED: ${msg.content}\n`);
    const symbols = [...String(msg.content)].filter((char) => char === v.symbol).length;
    if (symbols) await sleep(symbols * 1000); // the "work" (none: no timer, which waits ~1 ms even for 0)
    process.stdout.write("INFO: Done\n");
    if (channel === ch) ch.ack(msg); // else the channel is lost (or closing): the broker redelivers the task
  });
}
const recovery = { setup, maxDelay: 1000, initialMaxRetries: 0 }; // retry ≤ 1 s apart; no broker at start: error
const connection = await amqp.connect(url, { noDelay: true, timeout: 5000, recovery }).catch(fail);
connection.on("error", () => {}); // a lost connection: 'disconnect' reports it and recovery reconnects
connection.on("disconnect", (err) =>
  process.stdout.write(`INFO: Lost the connection (${err.message}); reconnecting...\n`),
);
process.once("SIGINT", stop).once("SIGTERM", stop);
process.stdout.on("error", stop); // a closed pipe (| head): stop as on Ctrl+C. Deno tells only stdout.write
process.stdout.write("Waiting for messages...\n"); // last: Ctrl+C works from now on

// Ours, not the lab's: close, once, and exit. A task in progress was never acked: the broker requeues it.
async function stop() {
  if (stopping) return;
  stopping = true;
  const ch = channel;
  channel = null; // no ack from now on
  await ch?.close().catch(() => {}); // already closed while the broker is away
  await connection.close();
  process.exit(0);
}
function fail(err: any): never {
  const at = `RabbitMQ at ${url.replace(/:[^:@/]*@/, ":****@")}`; // the password masked
  const said = String(err?.message ?? err);
  const reply = said.match(/"([A-Z_]+ - .*?)(?:\.\s|"$)/)?.[1] ?? said; // the broker's first sentence
  const lines: [RegExp, string][] = [
    [/ECONNREFUSED|ENOTFOUND/, `cannot reach ${at}: start it (rabbitmq-server or docker run -p 5672:5672 rabbitmq:3)`],
    [/ETIMEDOUT|Frame|handshake|Start/, `${at} does not answer as RabbitMQ: check the port (AMQP, not 15672)`],
    [/Expected amqp/, `AMQP_URL is not a URL like amqp://user:password@host:5672/vhost`],
    [/ACCESS_REFUSED - Login/, `${at} refused the login: check the user and password in AMQP_URL`],
    [/ConnectionOpenOk/, `${at}: vhost "${url.split(/[/?]/)[3]}" does not exist, or this user may not use it`],
    [/CONNECTION_FORCED|ECONNRESET|Unexpected close|Heartbeat/, `lost the connection to ${at}: ${reply}`],
    [/PRECONDITION_FAILED/, `${reply}: it exists with other settings; delete it (web UI) or use another name`],
    [/nonexcl/, `${reply}: the queue is neither durable nor exclusive; use RabbitMQ 3 or permit it (README)`],
  ];
  console.error(`ERROR: ${lines.find(([pattern]) => pattern.test(said))?.[1] ?? reply}`);
  process.exit(1);
}
