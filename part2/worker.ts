// Part 2, "Распределение задач по очередям": a worker; start two or more, they share the tasks.
// Each "." in a task is one second of work. Ctrl+C in the middle of a task: another worker gets it.
// Run: npx tsx part2/worker.ts   (broker: AMQP_URL, default amqp://localhost:5672)
import amqp from "amqplib";
import { setTimeout as sleep } from "node:timers/promises";

const url = process.env.AMQP_URL ?? "amqp://localhost:5672";

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

// A connection is a TCP link to the broker; a channel is a light session inside it.
// noDelay: amqplib leaves Nagle's algorithm on, which delays small frames by up to 40 ms each.
const connection = await amqp.connect(url, { noDelay: true }).catch(fail);
connection.on("error", fail);
const channel = await connection.createChannel();
channel.on("error", fail);

// Declare the queue exactly as the sender does: durable.
await channel.assertQueue("task_queue", { durable: true });
// Fair dispatch: at most one unacknowledged task per worker, so a busy worker gets no new one.
await channel.prefetch(1);

// Subscribe with manual acks: a task leaves the queue only when the worker says it is done.
await channel.consume("task_queue", async (msg) => {
  if (msg === null) fail(new Error("the broker cancelled the consumer (was the queue deleted?)"));
  const body = msg.content.toString();
  console.log(`RECEIVED: ${body}`);
  const seconds = body.split(".").length - 1;
  if (seconds > 0) await sleep(seconds * 1000); // the "work": one second per dot
  console.log("INFO: Done");
  channel.ack(msg);
});
// Ctrl+C or SIGTERM: close the channel, then the connection, and exit at once. A task still in
// progress was never acked, so the broker puts it back in the queue for another worker.
// Set up before "Waiting for messages...", since whoever reads that line may stop us at once.
async function stop() {
  await channel.close();
  await connection.close();
  process.exit(0);
}
process.once("SIGINT", stop).once("SIGTERM", stop);
console.log("Waiting for messages...");
