// Part 5, "Использование тематик" (topics): publish with a key of words, <asset class>.<market>.<currency>.
// Run: npx tsx part5/send.ts stock.usa.usd AAPL 180   (the broker: AMQP_URL, by default amqp://localhost:5672)
import amqp from "amqplib";
import * as lab from "../lab.ts"; // ours: AMQP_URL, --help, one-line errors, Ctrl+C (copy lab.ts with the script)

const words = lab.command("part5/send.ts <routing key> [words...]", "Publishes to the topic exchange topic_logs.");
const [routingKey] = lab.keys(words.slice(0, 1), "Give a routing key of dot-separated words, e.g. stock.usa.usd");
const message = words.slice(1).join(" ") || "Empty message";

// A connection is a TCP link to the broker. A confirm channel: the broker acknowledges each message it has taken.
const connection = await amqp.connect(lab.broker, lab.socket);
const channel = await connection.createConfirmChannel();
lab.watch(connection, channel);

// "topic": the exchange (обменник) matches the routing key word by word against each binding (связь)
// pattern: "*" stands for exactly one word, "#" for zero or more. Not durable, as pika declares it.
await channel.assertExchange("topic_logs", "topic", { durable: false });

// The routing key (ключ маршрутизации) is the topic.
channel.publish("topic_logs", routingKey, Buffer.from(message));
// SENT only once the broker has confirmed it. The lab's pika code prints right after basic_publish, so a
// message the broker refused (no permission, a full queue) or never got (a crash) is lost unseen.
await channel.waitForConfirms();
lab.print(`SENT: ${routingKey}: ${message}`);

await channel.close(); // the channel, then the connection
await connection.close();
