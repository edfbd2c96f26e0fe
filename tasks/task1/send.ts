// Task 1, "Задание 1": the producer sends one message to the queue <group>_<surname> of the variant.
// Run: npx tsx tasks/task1/send.ts --variant 2 --group inbo-04 --surname ivanov Hello   (broker: AMQP_URL)
import amqp from "amqplib";
import * as lab from "../../lab.ts"; // ours: AMQP_URL, options, one-line errors, Ctrl+C (copy lab.ts too)

// The three variants side by side; the queue's flags are the receiver's. declare: the sender declares
// the queue too. Not an exclusive one: it belongs to the receiver's connection (405 here), or, with no
// receiver, it would be the sender's own queue, gone with the message when the sender exits.
const VARIANTS = {
  1: { declare: false, persistent: false, queue: { exclusive: true, durable: false, autoDelete: false } },
  2: { declare: true, persistent: true, queue: { exclusive: false, durable: true, autoDelete: false } },
  3: { declare: true, persistent: false, queue: { exclusive: false, durable: true, autoDelete: true } },
};
const usage = "tasks/task1/send.ts --variant N --group G --surname S [message...]";
const { variant, n, queue, message: words } = await lab.task(usage, VARIANTS, true);
const message = words || "My first message";
lab.print(
  `INFO: variant ${n}: queue ${queue} (${lab.flags(variant.queue)}), ${variant.persistent ? "persistent" : "transient"} messages`,
);

// A connection is a TCP link to the broker. A confirm channel: the broker acknowledges each message it has taken.
const connection = await amqp.connect(lab.broker, lab.socket);
const channel = await connection.createConfirmChannel();
lab.watch(connection, channel);
if (variant.declare) await channel.assertQueue(queue, variant.queue);

// mandatory: a message that reaches no queue comes back (basic.return) instead of vanishing;
// the return arrives before the broker's confirm, so waitForConfirms settles the question.
channel.on("return", () => lab.fail(`no queue ${queue}: start the receiver first (its queue is gone with it)`));
channel.publish("", queue, Buffer.from(message), { mandatory: true, persistent: variant.persistent });
// SENT only once the broker has confirmed it. The lab's pika code prints right after basic_publish, so a
// message the broker refused (no permission, a full queue) or never got (a crash) is lost unseen.
await channel.waitForConfirms();
lab.print(`SENT: ${message}`);

await channel.close(); // the channel, then the connection
await connection.close();
