// Task 1, "Задание 1": the consumer of the queue `<group>_<surname>`: 1 exclusive, 2 durable, 3 auto-delete.
import amqp, { type ConsumeMessage } from "amqplib";
import yargs from "yargs";

// The three variants side by side: only the queue's flags differ. Variant 3 is durable too: RabbitMQ 4
// refuses queues that are neither durable nor exclusive. What it shows is auto-delete.
const VARIANTS = {
  1: { exclusive: true, durable: false, autoDelete: false }, // this connection only; gone when it closes
  2: { exclusive: false, durable: true, autoDelete: false }, // kept on disk, survives a broker restart
  3: { exclusive: false, durable: true, autoDelete: true }, // deleted when its last consumer leaves
};
const HELP = `Usage: npx tsx tasks/task1/receive.ts --variant N --group G --surname S   (Ctrl+C stops)
Prints what arrives in your queue <group>_<surname>. e.g. npx tsx tasks/task1/receive.ts --variant 2 --group inbo-04 --surname ivanov`;
const url = process.env.AMQP_URL ?? "amqp://localhost:5672";
const argv = yargs(process.argv.slice(2))
  .usage(HELP)
  .options({
    variant: { choices: [1, 2, 3] as const, describe: "1 exclusive, 2 durable, 3 auto-delete queue" },
    ticket: { choices: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], describe: "or your ticket's last digit: digit % 3, 0 is 3" },
    group: { type: "string", default: process.env.LAB_GROUP, describe: "e.g. inbo-04 (or set LAB_GROUP once)" },
    surname: { type: "string", default: process.env.LAB_SURNAME, describe: "e.g. laptev (or set LAB_SURNAME once)" },
  })
  .demandOption(["group", "surname"])
  .check((a) => a.variant !== undefined || a.ticket !== undefined || "Give --variant 1, 2 or 3, or --ticket")
  .parserConfiguration({ "unknown-options-as-args": true })
  .fail((msg, _err, y) => y.showHelp((usage) => fail(`${msg.replace(/\n\s*/g, " ")}\n\n${usage}`)))
  .wrap(null)
  .alias("h", "help")
  .version(false)
  .parseSync();
const variant = argv.variant ?? ((argv.ticket! % 3 || 3) as 1 | 2 | 3); // the lab's rule; 0 is ours: ask
const queue = `${argv.group}_${argv.surname}`;
if (!argv.group || !argv.surname) fail("--group and --surname must not be empty");
if (queue.startsWith("amq.")) fail(`queue ${queue}: names starting with amq. are reserved`);
if (Buffer.byteLength(queue) > 255) fail(`the queue name ${queue} is longer than 255 bytes`);

// A connection is a TCP link to the broker; a channel (канал) is a light session inside it.
const connection = await amqp.connect(url, { noDelay: true, timeout: 5000 }).catch(fail);
connection.on("error", fail).on("close", (err) => err && fail(err)); // err: the broker closed it
const channel = await connection.createChannel();
channel.on("error", fail);
let stopping = false; // ours, not the lab's, as stop() and fail() at the bottom
process.once("SIGINT", stop).once("SIGTERM", stop);
process.stdout.on("error", stop); // a closed pipe (| head): stop as on Ctrl+C. Deno tells only stdout.write

// Declare with the variant's flags. A second receiver of an exclusive queue gets 405 RESOURCE_LOCKED.
await channel.assertQueue(queue, VARIANTS[variant]);
function processMessage(msg: ConsumeMessage | null) {
  if (msg === null) return fail("the broker cancelled the consumer (was the queue deleted?)");
  process.stdout.write(`RECEIVED: ${msg.content}\n`);
}
await channel.consume(queue, processMessage, { noAck: true }); // auto-ack: forgotten once delivered
process.stdout.write("Waiting for messages...\n");

// Close the channel (the consumer leaves: auto-delete), then the connection (exclusive), once.
async function stop() {
  if (stopping) return;
  stopping = true;
  await channel.close();
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
