// Part 1, "Базовое взаимодействие": the consumer (потребитель) prints what arrives in the queue awesome_queue.
// Run: npx tsx part1/receive.ts   (Ctrl+C stops; the broker: AMQP_URL, by default amqp://localhost:5672)
import amqp, { type ConsumeMessage } from "amqplib";
import * as lab from "../lab.ts"; // ours: AMQP_URL, --help, one-line errors, Ctrl+C (copy lab.ts with the script)

lab.command("part1/receive.ts", "Prints every message that arrives in the queue awesome_queue (Ctrl+C stops).");

// A connection is a TCP link to the broker; a channel (канал) is a light session inside it.
const connection = await amqp.connect(lab.broker, lab.socket);
const channel = await connection.createChannel();
lab.watch(connection, channel); // and on Ctrl+C: the channel closed, then the connection

// Whichever script starts first creates the queue. Not durable: pika's default, not amqplib's.
await channel.assertQueue("awesome_queue", { durable: false });

function processMessage(msg: ConsumeMessage | null) {
  if (msg === null) return lab.cancelled(); // the broker cancelled the consumer (the queue was deleted)
  lab.print(`RECEIVED: ${msg.content}`);
}

lab.print("Waiting for messages..."); // as pika, before the first message
await channel.consume("awesome_queue", processMessage, { noAck: true }); // auto-ack: forgotten once delivered
