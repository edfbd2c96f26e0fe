// Task 1, "Задание 1": send one message to the queue `<group>_<surname>` of the chosen variant.
// Run: npx tsx tasks/task1/send.ts --variant 1 Hello   (--group inbo-04 --surname laptev)
import amqp from "amqplib";
import yargs from "yargs";
import { hideBin } from "yargs/helpers";

// The three variants side by side. declare: the sender declares the queue too (as the receiver does).
// Not an exclusive one: it belongs to the receiver's connection (405 here), or, with no receiver, it
// would be the sender's own queue, gone with the message when the sender exits.
const VARIANTS = {
  1: { declare: false, persistent: false, queue: { exclusive: true, durable: false, autoDelete: false } },
  2: { declare: true, persistent: true, queue: { exclusive: false, durable: true, autoDelete: false } },
  3: { declare: true, persistent: false, queue: { exclusive: false, durable: false, autoDelete: true } },
};
const url = process.env.AMQP_URL ?? "amqp://localhost:5672";
const argv = yargs(hideBin(process.argv))
  .option("variant", { choices: [1, 2, 3] as const, demandOption: true })
  .option("group", { type: "string", default: "inbo-04" })
  .option("surname", { type: "string", default: "laptev" })
  .parserConfiguration({ "parse-positional-numbers": false })
  .parseSync();
const queue = `${argv.group}_${argv.surname}`;
const variant = VARIANTS[argv.variant];
const message = argv._.map(String).join(" ") || "My first message";

// One clear line instead of a stack trace for the usual mistakes.
function fail(err: any): never {
  const where = url.replace(/\/\/([^:@/]*):[^@/]*@/, "//$1:****@"); // mask the password
  const reply = String(err.message).match(/"(.*)"/)?.[1] ?? err.message; // the broker's own words
  const docker = "docker run -it --rm --name rabbitmq -p 5672:5672 -p 15672:15672 rabbitmq:3-management";
  let line = reply;
  if (err.syscall)
    line = `cannot reach RabbitMQ at ${where} (${err.code}): start it with "${docker}" or "rabbitmq-server", or set AMQP_URL`;
  if (/ACCESS.REFUSED/.test(reply))
    line = `RabbitMQ at ${where} refused the login: check the user and password in AMQP_URL`;
  if (err.code === 406)
    line = `${reply}: it exists with other settings; delete it (web UI, rabbitmqctl) or use another name`;
  if (err.code === 541)
    line = `${reply}: RabbitMQ 4.3+ refuses non-durable, non-exclusive queues; the lab targets RabbitMQ 3`;
  console.error(`ERROR: ${line}`);
  process.exit(1);
}

// Names RabbitMQ would refuse (or, empty, replace by its own): check them before connecting.
if (!argv.group || !argv.surname) fail(new Error("--group and --surname must not be empty"));
if (queue.startsWith("amq.")) fail(new Error(`queue ${queue}: names starting with amq. are reserved`));
if (Buffer.byteLength(queue) > 255) fail(new Error(`queue name is longer than 255 bytes`));

// A connection is a TCP link to the broker. A confirm channel: the broker acks every publish.
const connection = await amqp.connect(url, { noDelay: true }).catch(fail);
connection.on("error", fail);
const channel = await connection.createConfirmChannel();
channel.on("error", fail);
if (variant.declare) await channel.assertQueue(queue, variant.queue);

// mandatory: a message that reaches no queue comes back (basic.return) instead of vanishing;
// the return arrives before the broker's confirm, so waitForConfirms settles the question.
channel.on("return", () => fail(new Error(`no queue ${queue}: start the receiver first (its queue is gone with it)`)));
channel.publish("", queue, Buffer.from(message), { mandatory: true, persistent: variant.persistent });
await channel.waitForConfirms();
console.log(`SENT: ${message}`);

// Closing the channel waits for the broker, so nothing buffered is lost; then the connection.
await channel.close();
await connection.close();
