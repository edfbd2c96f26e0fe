// Part 3, "Отправка сообщений в несколько очередей сразу" (publish/subscribe): a subscriber (подписчик).
// Run: npx tsx part3/receive.ts   (Ctrl+C stops; the broker: AMQP_URL, by default amqp://localhost:5672)
import amqp, { type ConsumeMessage } from "amqplib";
import * as lab from "../lab.ts"; // ours: AMQP_URL, --help, one-line errors, Ctrl+C (copy lab.ts with the script)

lab.command("part3/receive.ts", "Prints every message published to the fanout exchange logs (Ctrl+C stops).");

const connection = await amqp.connect(lab.broker, lab.socket);
const channel = await connection.createChannel();
lab.watch(connection, channel); // and on Ctrl+C: the channel closed, then the connection

await channel.assertExchange("logs", "fanout", { durable: false }); // as the sender declares it
// Name "": the broker names it (amq.gen-...). Exclusive: this connection's own, deleted with it.
const { queue } = await channel.assertQueue("", { exclusive: true, durable: false });
await channel.bindQueue(queue, "logs", ""); // the binding (связь): copy messages into this queue

function processMessage(msg: ConsumeMessage | null) {
  if (msg === null) return lab.cancelled(); // the broker cancelled the consumer (the queue was deleted)
  lab.print(`RECEIVED: ${msg.content}`);
}

lab.print("Waiting for messages..."); // as pika, before the first message
await channel.consume(queue, processMessage, { noAck: true }); // auto-ack: forgotten once delivered
