// Part 5, "Использование тематик" (topics): receive the messages whose key matches a pattern.
// Run: npx tsx part5/receive.ts "*.usa.*" "stock.#"   (Ctrl+C stops; the broker: AMQP_URL, by default amqp://localhost:5672)
import amqp, { type ConsumeMessage } from "amqplib";
import * as lab from "../lab.ts"; // ours: AMQP_URL, --help, one-line errors, Ctrl+C (copy lab.ts with the script)

const words = lab.command(
  "part5/receive.ts <binding key...>",
  "Prints what the topic exchange topic_logs routes with these patterns (quote * and #).",
);
const bindingKeys = lab.keys(words, 'Give at least one binding key, e.g. "*.usa.*" (quote * and #)');

const connection = await amqp.connect(lab.broker, lab.socket);
const channel = await connection.createChannel();
lab.watch(connection, channel); // and on Ctrl+C: the channel closed, then the connection

await channel.assertExchange("topic_logs", "topic", { durable: false }); // as the sender declares it
// Name "": the broker names it (amq.gen-...). Exclusive: this connection's own, deleted with it.
const { queue } = await channel.assertQueue("", { exclusive: true, durable: false });
// A binding (связь) per pattern: "*" is exactly one word of the key, "#" zero or more.
for (const bindingKey of bindingKeys) await channel.bindQueue(queue, "topic_logs", bindingKey);

function processMessage(msg: ConsumeMessage | null) {
  if (msg === null) return lab.cancelled(); // the broker cancelled the consumer (the queue was deleted)
  lab.print(`RECEIVED: ${msg.fields.routingKey}: ${msg.content}`);
}

lab.print("Waiting for messages..."); // as pika, before the first message
await channel.consume(queue, processMessage, { noAck: true }); // auto-ack: forgotten once delivered
