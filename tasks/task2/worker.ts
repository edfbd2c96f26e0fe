// Task 2, "Задание 2": a worker; start two or more: they share the variant's queue, each task done once.
// Run: npx tsx tasks/task2/worker.ts --variant 1   (Ctrl+C stops; it reconnects when the broker comes back)
import amqp, { type ChannelModel } from "amqplib";
import { setTimeout as sleep } from "node:timers/promises";
import * as lab from "../../lab.ts"; // ours: AMQP_URL, options, one-line errors, Ctrl+C (copy lab.ts too)

// The variants, as in send.ts. Exchange and queue are durable; variant 2's tasks are transient.
const VARIANTS = {
  1: { symbol: "#", type: "fanout", binding: "" }, // fanout: to every bound queue, key ignored
  2: { symbol: "*", type: "direct", binding: "task" }, // direct: the key must equal the binding
  3: { symbol: "-", type: "topic", binding: "task.*" }, // topic: the key matches a word pattern
};
const { variant: v, n } = await lab.task("tasks/task2/worker.ts --variant N   (Ctrl+C stops)", VARIANTS);
const exchange = `task2_${v.type}`; // each variant its own names: they never collide
const queue = `task2_${v.type}_queue`;
lab.print(`INFO: variant ${n} (${v.symbol} ${v.type}): exchange ${exchange} → queue ${queue}, binding "${v.binding}"`);

// amqplib's recovery runs setup() after every (re)connect: declare exactly as the sender does, subscribe.
async function setup(model: ChannelModel) {
  const channel = await model.createChannel();
  lab.watch(channel);
  await channel.assertExchange(exchange, v.type, { durable: true });
  await channel.assertQueue(queue, { durable: true });
  await channel.bindQueue(queue, exchange, v.binding); // the binding (связь)
  await channel.prefetch(1); // fair dispatch: at most one unacknowledged task per worker (acks are manual)
  await channel.consume(queue, async (msg) => {
    if (msg === null) return lab.cancelled(); // the broker cancelled the consumer (the queue was deleted)
    lab.print(`RECEIVED: ${msg.content}`);
    const symbols = [...String(msg.content)].filter((char) => char === v.symbol).length;
    if (symbols) await sleep(symbols * 1000); // the "work" (none: no timer, which waits ~1 ms even for 0)
    lab.print("INFO: Done");
    channel.ack(msg); // a lost channel (or Ctrl+C) cannot ack: the broker gives the task out again
  });
}
// Reconnect at most a second apart, for ever; but no broker at the start, or a refused login, is an error.
const recovery = { setup, maxDelay: 1000, initialMaxRetries: 0 };
const connection = await amqp.connect(lab.broker, { ...lab.socket, recovery });
lab.watch(connection);
lab.print("Waiting for messages..."); // once connected and subscribed: Ctrl+C works from now on
