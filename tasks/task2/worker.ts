// Task 2, "Задание 2": a worker; start two or more: they share the variant's queue, each task done once.
// Run: npx tsx tasks/task2/worker.ts --variant 1   (broker: AMQP_URL, default amqp://localhost:5672)
import amqp, { type Channel, type ChannelModel } from "amqplib";
import { setTimeout as sleep } from "node:timers/promises";
import yargs from "yargs";
import { hideBin } from "yargs/helpers";

// The variants, as in send.ts. durable: exchange, queue and (persistent) tasks survive a broker restart.
const VARIANTS = {
  1: { symbol: "#", type: "fanout", binding: "", durable: true }, // fanout: to every bound queue, key ignored
  2: { symbol: "*", type: "direct", binding: "task", durable: false }, // direct: the key must equal the binding
  3: { symbol: "-", type: "topic", binding: "task.*", durable: true }, // topic: the key matches a word pattern
};
const url = process.env.AMQP_URL ?? "amqp://localhost:5672";
const argv = yargs(hideBin(process.argv))
  .option("variant", { choices: [1, 2, 3] as const, demandOption: true })
  .parseSync();
const v = VARIANTS[argv.variant];
const exchange = `task2_${v.type}`; // each variant its own names: they never collide
const queue = `task2_${v.type}_queue`;

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
// amqplib's recovery runs setup() after every (re)connect: declare exactly as the sender does, subscribe.
let channel: Channel | null | undefined; // null: closed, with the connection lost (or at Ctrl+C)
async function setup(model: ChannelModel) {
  if (channel !== undefined) console.log("INFO: Reconnected");
  const ch = (channel = await model.createChannel());
  ch.on("error", fail).on("close", () => (channel = null));
  await ch.assertExchange(exchange, v.type, { durable: v.durable });
  await ch.assertQueue(queue, { durable: v.durable });
  await ch.bindQueue(queue, exchange, v.binding); // the связь (binding)
  await ch.prefetch(1); // fair dispatch: at most one unacknowledged task per worker (acks are manual)
  await ch.consume(queue, async (msg) => {
    if (msg === null) fail(new Error("the broker cancelled the consumer (was the queue deleted?)"));
    const body = msg.content.toString();
    console.log(`RECEIVED: ${body}`);
    const seconds = [...body].filter((char) => char === v.symbol).length;
    if (seconds > 0) await sleep(seconds * 1000); // the "work": one second per symbol, others are free
    console.log("INFO: Done");
    if (channel === ch) ch.ack(msg); // else the channel is lost: the broker redelivers the task
  });
}
const recovery = { setup, maxDelay: 1000, initialMaxRetries: 0 }; // retry ≤ 1 s apart; no broker at start: error
const connection = await amqp.connect(url, { noDelay: true, recovery }).catch(fail);
connection.on("error", () => {}); // a lost connection: 'disconnect' reports it and recovery reconnects
connection.on("disconnect", (err) => console.log(`INFO: Lost the connection (${err.message}); reconnecting...`));
// Ctrl+C or SIGTERM: close, exit at once. A task in progress was never acked: the broker requeues it.
async function stop() {
  await channel?.close().catch(() => {}); // already closed while the broker is away
  await connection.close();
  process.exit(0);
}
process.once("SIGINT", stop).once("SIGTERM", stop);
console.log("Waiting for messages..."); // last: Ctrl+C works from now on
