// Part 2, "Распределение задач по очередям" (work queues): a worker; start two, they share the tasks.
import amqp, { type ConsumeMessage } from "amqplib";
import { setTimeout as sleep } from "node:timers/promises";

const HELP = `Usage: npx tsx part2/worker.ts   (Ctrl+C stops)
Does the tasks of task_queue, one at a time, a second per "." in each. Broker: AMQP_URL (amqp://localhost:5672).`;
const url = process.env.AMQP_URL ?? "amqp://localhost:5672";
if (["-h", "--help"].includes(process.argv[2]!)) {
  console.log(HELP);
  process.exit(0);
}

// A connection is a TCP link to the broker; a channel (канал) is a light session inside it.
const connection = await amqp.connect(url, { noDelay: true, timeout: 5000 }).catch(fail);
connection.on("error", fail).on("close", (err) => err && fail(err)); // err: the broker closed it
const channel = await connection.createChannel();
channel.on("error", fail);
let stopping = false; // ours, not the lab's, as stop() and fail() at the bottom
process.once("SIGINT", stop).once("SIGTERM", stop);
process.stdout.on("error", stop); // a closed pipe (| head): stop as on Ctrl+C. Deno tells only stdout.write

await channel.assertQueue("task_queue", { durable: true }); // as the sender declares it
await channel.prefetch(1); // fair dispatch: at most one unacknowledged task per worker
async function processMessage(msg: ConsumeMessage | null) {
  if (msg === null) return fail("the broker cancelled the consumer (was the queue deleted?)");
  process.stdout.write(`RECEIVED: ${msg.content}\n`);
  const dots = String(msg.content).split(".").length - 1;
  if (dots) await sleep(dots * 1000); // the "work": one second per dot (no dot, no timer: even 0 ms waits ~1 ms)
  process.stdout.write("INFO: Done\n");
  if (!stopping) channel.ack(msg); // manual ack: the task leaves the queue only now, when it is done
}
await channel.consume("task_queue", processMessage);
process.stdout.write("Waiting for messages...\n");

// Close the channel, then the connection, once: Ctrl+C and a closed pipe may come together.
async function stop() {
  if (stopping) return;
  stopping = true;
  await channel.close(); // a task in progress was never acked: the broker gives it to another worker
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
