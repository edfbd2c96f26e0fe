// Part 2, "Распределение задач по очередям" (work queues): a worker; start two, they share the tasks.
// Run: npx tsx part2/worker.ts   (Ctrl+C stops; the broker: AMQP_URL, by default amqp://localhost:5672)
import amqp, { type ConsumeMessage } from "amqplib";
import { setTimeout as sleep } from "node:timers/promises";
import * as lab from "../lab.ts"; // ours: AMQP_URL, --help, one-line errors, Ctrl+C (copy lab.ts with the script)

lab.command("part2/worker.ts", 'Does the tasks of task_queue one at a time, a second per "." (Ctrl+C stops).');

const connection = await amqp.connect(lab.broker, lab.socket);
const channel = await connection.createChannel();
lab.watch(connection, channel); // and on Ctrl+C: the channel closed, then the connection

await channel.assertQueue("task_queue", { durable: true }); // as the sender declares it
await channel.prefetch(1); // fair dispatch: at most one unacknowledged task per worker

async function processMessage(msg: ConsumeMessage | null) {
  if (msg === null) return lab.cancelled(); // the broker cancelled the consumer (the queue was deleted)
  lab.print(`RECEIVED: ${msg.content}`);
  const dots = String(msg.content).split(".").length - 1;
  if (dots) await sleep(dots * 1000); // the "work": a second per dot (none: no timer, even 0 ms waits ~1 ms)
  lab.print("INFO: Done");
  channel.ack(msg); // manual ack: the task leaves the queue only now (after Ctrl+C it goes back instead)
}

lab.print("Waiting for messages..."); // as pika, before the first message
await channel.consume("task_queue", processMessage);
