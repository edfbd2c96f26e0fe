// Part 5, "Использование тематик": receive the messages whose routing key matches a pattern, from
// the topic exchange `topic_logs`, one связь (binding) per pattern ("*" one word, "#" zero or more).
// Run: npx tsx part5/receive.ts "*.usa.*" "stock.#"   (broker: AMQP_URL, default amqp://localhost:5672)
import amqp from "amqplib";
import yargs from "yargs";
import { hideBin } from "yargs/helpers";

const url = process.env.AMQP_URL ?? "amqp://localhost:5672";
const argv = yargs(hideBin(process.argv))
  .usage('Usage: $0 <binding key...>   e.g. $0 "*.usa.*" "*.*.rub" "stock.#"')
  .demandCommand(1, 'Give at least one binding key, e.g. "*.usa.*" (quote it: * and # are special in a shell)')
  .parserConfiguration({ "parse-positional-numbers": false })
  .parseSync();
const bindingKeys = argv._.map(String);

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

// A connection is a TCP link to the broker; a channel is a light session inside it.
// noDelay: amqplib leaves Nagle's algorithm on, which delays small frames by up to 40 ms each.
const connection = await amqp.connect(url, { noDelay: true }).catch(fail);
connection.on("error", fail);
const channel = await connection.createChannel();
channel.on("error", fail);

// Declare the обменник (exchange) as the sender does: topic, not durable (pika's default).
await channel.assertExchange("topic_logs", "topic", { durable: false });
// Name "" lets the broker name the queue (amq.gen-...). Exclusive: only this connection uses it,
// and the broker deletes it when the connection closes.
const { queue } = await channel.assertQueue("", { exclusive: true, durable: false });
// One связь (binding) per pattern: a message comes here if its routing key matches any of them.
for (const bindingKey of bindingKeys) await channel.bindQueue(queue, "topic_logs", bindingKey);

// Subscribe. Auto-ack: the broker forgets a message as soon as it has delivered it.
await channel.consume(
  queue,
  (msg) => {
    if (msg === null) fail(new Error("the broker cancelled the consumer (was the queue deleted?)"));
    console.log(`RECEIVED: ${msg.fields.routingKey}: ${msg.content.toString()}`);
  },
  { noAck: true },
);
// Ctrl+C or SIGTERM: close the channel, then the connection; the process then ends by itself.
// Set up before "Waiting for messages...", since whoever reads that line may stop us at once.
async function stop() {
  await channel.close();
  await connection.close();
}
process.once("SIGINT", stop).once("SIGTERM", stop);
console.log("Waiting for messages...");
