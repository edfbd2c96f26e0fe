// Task 1, "Задание 1": the consumer of the queue <group>_<surname>: 1 exclusive, 2 durable, 3 auto-delete.
// Run: npx tsx tasks/task1/receive.ts --variant 2 --group inbo-04 --surname ivanov   (Ctrl+C stops)
import amqp, { type ConsumeMessage } from "amqplib";
import * as lab from "../../lab.ts"; // ours: AMQP_URL, options, one-line errors, Ctrl+C (copy lab.ts too)

// The three variants side by side: only the queue's flags differ. Variant 3 is durable too: RabbitMQ 4
// refuses queues that are neither durable nor exclusive. What it shows is auto-delete.
const VARIANTS = {
  1: { exclusive: true, durable: false, autoDelete: false }, // this connection only; gone when it closes
  2: { exclusive: false, durable: true, autoDelete: false }, // kept on disk, survives a broker restart
  3: { exclusive: false, durable: true, autoDelete: true }, // deleted when its last consumer leaves
};
const usage = "tasks/task1/receive.ts --variant N --group G --surname S   (Ctrl+C stops)";
const { variant, n, queue } = await lab.task(usage, VARIANTS, true);
lab.print(`INFO: variant ${n}: queue ${queue} (${lab.flags(variant)})`);

// A connection is a TCP link to the broker; a channel (канал) is a light session inside it.
const connection = await amqp.connect(lab.broker, lab.socket);
const channel = await connection.createChannel();
lab.watch(connection, channel); // and on Ctrl+C: the channel (auto-delete), then the connection (exclusive)

// Declare with the variant's flags. A second receiver of an exclusive queue gets 405 RESOURCE_LOCKED.
await channel.assertQueue(queue, variant);

function processMessage(msg: ConsumeMessage | null) {
  if (msg === null) return lab.cancelled(); // the broker cancelled the consumer (the queue was deleted)
  lab.print(`RECEIVED: ${msg.content}`);
}

lab.print("Waiting for messages..."); // as pika, before the first message
await channel.consume(queue, processMessage, { noAck: true }); // auto-ack: forgotten once delivered
