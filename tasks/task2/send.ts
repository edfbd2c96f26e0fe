// Task 2, "Задание 2": the producer sends a task to the variant's exchange; workers share its queue.
// Run: npx tsx tasks/task2/send.ts --variant 1 "Task ##"   (quote # and * in a shell; broker: AMQP_URL)
import amqp from "amqplib";
import * as lab from "../../lab.ts"; // ours: AMQP_URL, options, one-line errors, Ctrl+C (copy lab.ts too)

// The three variants side by side (the worker has the same table). Exchange and queue are durable in
// all three (RabbitMQ 4 refuses a shared queue that is not); persistent tasks survive a broker restart,
// variant 2's transient ones do not. Each sleep symbol in a task is one second of work.
const VARIANTS = {
  1: { symbol: "#", type: "fanout", binding: "", persistent: true }, // fanout: to every bound queue, key ignored
  2: { symbol: "*", type: "direct", binding: "task", persistent: false }, // direct: the key must equal the binding
  3: { symbol: "-", type: "topic", binding: "task.*", persistent: true }, // topic: the key matches a word pattern
};
const { variant: v, n, message: words } = await lab.task('tasks/task2/send.ts --variant N "task..."', VARIANTS);
const message = words || "Empty message";
const exchange = `task2_${v.type}`; // each variant its own names: they never collide
const queue = `task2_${v.type}_queue`;
// Routing key: fanout ignores it, direct needs the binding's exact key, topic matches it word by word.
const routingKey = v.type === "topic" ? `task.${message.includes(v.symbol) ? "heavy" : "light"}` : "task";
const kind = v.persistent ? "persistent" : "transient";
lab.print(
  `INFO: variant ${n} (${v.symbol} ${v.type}, ${kind} tasks): exchange ${exchange} → queue ${queue}, key ${routingKey}`,
);

// A connection is a TCP link to the broker. A confirm channel: the broker acknowledges each task once
// it has taken it over (a persistent one: written to disk).
const connection = await amqp.connect(lab.broker, lab.socket);
const channel = await connection.createConfirmChannel();
lab.watch(connection, channel);

// Declare everything as the worker does, so tasks sent before any worker starts wait in the queue.
await channel.assertExchange(exchange, v.type, { durable: true });
await channel.assertQueue(queue, { durable: true });
await channel.bindQueue(queue, exchange, v.binding); // the binding (связь)

channel.publish(exchange, routingKey, Buffer.from(message), { persistent: v.persistent });
// SENT only once the broker has confirmed it. The lab's pika code prints right after basic_publish, so a
// message the broker refused (no permission, a full queue) or never got (a crash) is lost unseen.
await channel.waitForConfirms();
lab.print(`SENT: ${message}`);

await channel.close(); // the channel, then the connection
await connection.close();
