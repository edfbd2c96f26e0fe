// Part 3, "Отправка сообщений в несколько очередей сразу" (publish/subscribe): publish a log line to everyone.
// Run: npx tsx part3/send.ts Hello everyone   (the broker: AMQP_URL, by default amqp://localhost:5672)
import amqp from "amqplib";
import * as lab from "../lab.ts"; // ours: AMQP_URL, --help, one-line errors, Ctrl+C (copy lab.ts with the script)

const words = lab.command("part3/send.ts [words...]", "Publishes to the fanout exchange logs: every receiver gets it.");
const message = words.join(" ") || "Empty message";

// A connection is a TCP link to the broker. A confirm channel: the broker acknowledges each message it has taken.
const connection = await amqp.connect(lab.broker, lab.socket);
const channel = await connection.createConfirmChannel();
lab.watch(connection, channel);

// The exchange (обменник) routes; "fanout" copies every message to every bound queue. Not durable, as in pika.
await channel.assertExchange("logs", "fanout", { durable: false });

// No queue here: the sender does not know who listens. With no receiver, the message is dropped.
channel.publish("logs", "", Buffer.from(message));
// SENT only once the broker has confirmed it. The lab's pika code prints right after basic_publish, so a
// message the broker refused (no permission) or never got (a crash) is lost unseen.
await channel.waitForConfirms();
lab.print(`SENT: ${message}`);

await channel.close(); // the channel, then the connection
await connection.close();
