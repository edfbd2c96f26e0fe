// Part 5, "Использование тематик": publish a message with a routing key of dot-separated words
// (<asset class>.<market>.<currency>) to the topic exchange `topic_logs`; patterns pick who gets it.
// Run: npx tsx part5/send.ts stock.usa.usd AAPL 180   (broker: AMQP_URL, default amqp://localhost:5672)
import amqp from "amqplib";
import yargs from "yargs";
import { hideBin } from "yargs/helpers";

const url = process.env.AMQP_URL ?? "amqp://localhost:5672";
const argv = yargs(hideBin(process.argv))
  .usage("Usage: $0 <routing key> [words...]   e.g. $0 stock.usa.usd AAPL 180")
  .demandCommand(1, "Give a routing key of dot-separated words, e.g. stock.usa.usd")
  .parserConfiguration({ "parse-positional-numbers": false })
  .parseSync();
const [routingKey, ...words] = argv._.map(String);
const message = words.join(" ") || "Empty message";

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

// "topic": the обменник (exchange) matches the routing key word by word against each связь
// (binding) pattern: "*" stands for exactly one word, "#" for zero or more. Not durable, as in pika.
await channel.assertExchange("topic_logs", "topic", { durable: false });

channel.publish("topic_logs", routingKey, Buffer.from(message));
console.log(`SENT: ${routingKey}: ${message}`);

// Closing the channel waits for the broker, so nothing buffered is lost; then the connection.
await channel.close();
await connection.close();
