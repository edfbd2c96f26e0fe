// Task 1, "Задание 1": receive from the queue `<group>_<surname>`: 1 exclusive, 2 durable, 3 auto-delete.
// Run: npx tsx tasks/task1/receive.ts --variant 1   (--group inbo-04 --surname laptev; Ctrl+C stops)
import amqp from "amqplib";
import yargs from "yargs";
import { hideBin } from "yargs/helpers";

// The three variants side by side: only the queue's flags differ (false is pika's default).
const VARIANTS = {
  1: { exclusive: true, durable: false, autoDelete: false }, // this connection only; gone when it closes
  2: { exclusive: false, durable: true, autoDelete: false }, // kept on disk, survives a broker restart
  3: { exclusive: false, durable: false, autoDelete: true }, // deleted when its last consumer leaves
};
const url = process.env.AMQP_URL ?? "amqp://localhost:5672";
const argv = yargs(hideBin(process.argv))
  .option("variant", { choices: [1, 2, 3] as const, demandOption: true })
  .option("group", { type: "string", default: "inbo-04" })
  .option("surname", { type: "string", default: "laptev" })
  .parseSync();
const queue = `${argv.group}_${argv.surname}`;

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

// A connection is a TCP link to the broker; a channel is a light session inside it.
// noDelay: amqplib leaves Nagle's algorithm on, which delays small frames by up to 40 ms each.
const connection = await amqp.connect(url, { noDelay: true }).catch(fail);
connection.on("error", fail);
const channel = await connection.createChannel();
channel.on("error", fail);

// Declare with the variant's flags. A second receiver of an exclusive queue gets 405 RESOURCE_LOCKED.
await channel.assertQueue(queue, VARIANTS[argv.variant]);

// Subscribe. Auto-ack: the broker forgets a message as soon as it has delivered it.
await channel.consume(
  queue,
  (msg) => {
    if (msg === null) fail(new Error("the broker cancelled the consumer (was the queue deleted?)"));
    console.log(`RECEIVED: ${msg.content.toString()}`);
  },
  { noAck: true },
);

// Ctrl+C or SIGTERM: close the channel (the consumer leaves: auto-delete), then the connection (exclusive).
async function stop() {
  await channel.close();
  await connection.close();
}
process.once("SIGINT", stop).once("SIGTERM", stop);
console.log("Waiting for messages..."); // last: Ctrl+C works from now on
