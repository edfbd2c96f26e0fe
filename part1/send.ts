// Part 1, "Базовое взаимодействие": the producer (поставщик) sends one message to the queue awesome_queue.
// Run: npx tsx part1/send.ts   (the broker: AMQP_URL, by default amqp://localhost:5672)
import amqp from "amqplib";
import * as lab from "../lab.ts"; // ours: AMQP_URL, --help, one-line errors, Ctrl+C (copy lab.ts with the script)

lab.command("part1/send.ts", 'Sends "My first message" to the queue awesome_queue.');

// A connection is a TCP link to the broker; a channel (канал) is a light session inside it. A confirm
// channel: the broker acknowledges each message it has taken.
const connection = await amqp.connect(lab.broker, lab.socket);
const channel = await connection.createConfirmChannel();
lab.watch(connection, channel);

// Declare the queue in case the receiver has not started yet. Not durable: pika's default, not amqplib's.
await channel.assertQueue("awesome_queue", { durable: false });

// The default exchange ("") routes a message to the queue named by the routing key.
channel.publish("", "awesome_queue", Buffer.from("My first message"));
// SENT only once the broker has confirmed it. The lab's pika code prints right after basic_publish, so a
// message the broker refused (no permission, a full queue) or never got (a crash) is lost unseen.
await channel.waitForConfirms();
lab.print("SENT: My first message");

await channel.close(); // the channel, then the connection
await connection.close();
