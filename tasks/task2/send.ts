// Task 2, "Задание 2": send a task to the variant's обменник (exchange); workers share its queue.
// Each sleep symbol of the variant (1 "#", 2 "*", 3 "-") is one second of work; quote it in the shell.
// Run: npx tsx tasks/task2/send.ts --variant 1 "Task ##"   (broker: AMQP_URL, default amqp://localhost:5672)
import amqp from "amqplib";
import yargs from "yargs";
import { hideBin } from "yargs/helpers";

// The three variants side by side (the worker has the same table). durable: the exchange and the
// queue survive a broker restart, and the tasks are sent persistent (written to disk) too. Variant 2
// is transient: RabbitMQ 4.3+ refuses its queue (non-durable, not exclusive); see the README.
const VARIANTS = {
  1: { symbol: "#", type: "fanout", binding: "", durable: true }, // fanout: to every bound queue, key ignored
  2: { symbol: "*", type: "direct", binding: "task", durable: false }, // direct: the key must equal the binding
  3: { symbol: "-", type: "topic", binding: "task.*", durable: true }, // topic: the key matches a word pattern
};
const url = process.env.AMQP_URL ?? "amqp://localhost:5672";
const argv = yargs(hideBin(process.argv))
  .option("variant", { choices: [1, 2, 3] as const, demandOption: true })
  .parserConfiguration({ "parse-positional-numbers": false })
  .parseSync();
const v = VARIANTS[argv.variant];
const exchange = `task2_${v.type}`; // each variant its own names: they never collide
const queue = `task2_${v.type}_queue`;
const message = argv._.map(String).join(" ") || "Empty message";
// Routing key: fanout ignores it, direct needs the binding's exact key, topic matches it word by
// word against the binding's pattern ("task.*": task.heavy and task.light both match).
const heavy = message.includes(v.symbol);
const routingKey = v.type === "topic" ? `task.${heavy ? "heavy" : "light"}` : "task";

// One clear line instead of a stack trace for the usual mistakes.
function fail(err: any): never {
  const where = url.replace(/\/\/([^:@/]*):[^@/]*@/, "//$1:****@"); // mask the password
  const reply = String(err.message).match(/"(.*)"/)?.[1] ?? err.message; // the broker's own words
  const docker = "docker run -it --rm --name rabbitmq -p 5672:5672 -p 15672:15672 rabbitmq:3-management";
  let line = reply;
  if (err.syscall)
    line = `cannot reach RabbitMQ at ${where} (${err.code}): start it with "${docker}" or "rabbitmq-server", or set AMQP_URL`;
  if (/ACCESS.REFUSED/.test(reply))
    line = `RabbitMQ at ${where} refused the login: check the user and password in AMQP_URL`;
  if (err.code === 406)
    line = `${reply}: it exists with other settings; delete it (web UI, rabbitmqctl) or use another name`;
  if (err.code === 541)
    line = `${reply}: RabbitMQ 4.3+ refuses non-durable, non-exclusive queues; the lab targets RabbitMQ 3`;
  console.error(`ERROR: ${line}`);
  process.exit(1);
}

// A connection is a TCP link to the broker. A confirm channel: the broker acks every publish once
// it has taken the task over (for a persistent one: written to disk).
const connection = await amqp.connect(url, { noDelay: true }).catch(fail);
connection.on("error", fail);
const channel = await connection.createConfirmChannel();
channel.on("error", fail);

// Declare everything exactly as the worker does, so tasks sent before any worker starts wait in the queue.
await channel.assertExchange(exchange, v.type, { durable: v.durable });
await channel.assertQueue(queue, { durable: v.durable });
await channel.bindQueue(queue, exchange, v.binding); // the связь (binding)

channel.publish(exchange, routingKey, Buffer.from(message), { persistent: v.durable });
await channel.waitForConfirms();
console.log(`SENT: ${message}`);

// Closing the channel waits for the broker; then the connection.
await channel.close();
await connection.close();
