// Part 4, "Использование ключа маршрутизации" (routing): publish a log line with its severity.
// Run: npx tsx part4/send.ts error Disk is full   (the broker: AMQP_URL, by default amqp://localhost:5672)
import amqp from "amqplib";
import * as lab from "../lab.ts"; // ours: AMQP_URL, --help, one-line errors, Ctrl+C (copy lab.ts with the script)

const words = lab.command(
  "part4/send.ts [severity] [words...]",
  "Publishes to direct_logs; the severity (info) is the key.",
);
const [severity] = lab.keys([words[0] ?? "info"]);
const message = words.slice(1).join(" ") || "Empty message";

// A connection is a TCP link to the broker. A confirm channel: the broker acknowledges each message it has taken.
const connection = await amqp.connect(lab.broker, lab.socket);
const channel = await connection.createConfirmChannel();
lab.watch(connection, channel);

// "direct": the exchange (обменник) gives a message to the queues whose binding (связь) key equals
// the message's routing key. Not durable, as pika declares it.
await channel.assertExchange("direct_logs", "direct", { durable: false });

// The routing key (ключ маршрутизации) is the severity.
channel.publish("direct_logs", severity, Buffer.from(message));
// SENT only once the broker has confirmed it. The lab's pika code prints right after basic_publish, so a
// message the broker refused (no permission, a full queue) or never got (a crash) is lost unseen.
await channel.waitForConfirms();
lab.print(`SENT: ${severity}: ${message}`);

await channel.close(); // the channel, then the connection
await connection.close();
