// Part 2, "Распределение задач по очередям" (work queues): the producer sends one task to task_queue.
// Run: npx tsx part2/send.ts A long task...   (each "." is a second of work; broker: AMQP_URL)
import amqp from "amqplib";
import * as lab from "../lab.ts"; // ours: AMQP_URL, --help, one-line errors, Ctrl+C (copy lab.ts with the script)

const words = lab.command("part2/send.ts [task words...]", 'Sends a task to task_queue; each "." is a second of work.');
const message = words.join(" ") || "Empty message";

// A connection is a TCP link to the broker. A confirm channel: the broker acknowledges each message it has taken.
const connection = await amqp.connect(lab.broker, lab.socket);
const channel = await connection.createConfirmChannel();
lab.watch(connection, channel);

// A durable queue survives a broker restart (its definition; the messages need "persistent").
await channel.assertQueue("task_queue", { durable: true });

// persistent: delivery mode 2, the broker writes the message to disk, so it survives a restart too.
channel.publish("", "task_queue", Buffer.from(message), { persistent: true });
// SENT only once the broker has confirmed it. The lab's pika code prints right after basic_publish, so a
// task the broker refused (no permission, a full queue) or never got (a crash) is lost unseen.
await channel.waitForConfirms();
lab.print(`SENT: ${message}`);

await channel.close(); // the channel, then the connection
await connection.close();
