// Part 4, "Использование ключа маршрутизации" (routing): receive the chosen severities only.
// Run: npx tsx part4/receive.ts warning error   (Ctrl+C stops; the broker: AMQP_URL, by default amqp://localhost:5672)
import amqp, { type ConsumeMessage } from "amqplib";
import * as lab from "../lab.ts"; // ours: AMQP_URL, --help, one-line errors, Ctrl+C (copy lab.ts with the script)

const words = lab.command(
  "part4/receive.ts <severity...>",
  "Prints what the direct exchange direct_logs routes with these keys.",
);
const severities = lab.keys(words, "Name at least one severity, e.g. info warning error");

const connection = await amqp.connect(lab.broker, lab.socket);
const channel = await connection.createChannel();
lab.watch(connection, channel); // and on Ctrl+C: the channel closed, then the connection

await channel.assertExchange("direct_logs", "direct", { durable: false }); // as the sender declares it
// Name "": the broker names it (amq.gen-...). Exclusive: this connection's own, deleted with it.
const { queue } = await channel.assertQueue("", { exclusive: true, durable: false });
// One binding (связь) per severity: the exchange puts a message here if its key is one of them.
for (const severity of severities) await channel.bindQueue(queue, "direct_logs", severity);

function processMessage(msg: ConsumeMessage | null) {
  if (msg === null) return lab.cancelled(); // the broker cancelled the consumer (the queue was deleted)
  lab.print(`RECEIVED: ${msg.fields.routingKey}: ${msg.content}`);
}

lab.print("Waiting for messages..."); // as pika, before the first message
await channel.consume(queue, processMessage, { noAck: true }); // auto-ack: forgotten once delivered
