// Part 4, "Использование ключа маршрутизации": publish a log line with a severity as the routing key
// to the direct exchange `direct_logs`; only receivers bound with that severity get it.
// Run: npx tsx part4/send.ts error Disk is full   (broker: AMQP_URL, default amqp://localhost:5672)
import amqp from "amqplib";
import yargs from "yargs";
import { hideBin } from "yargs/helpers";

const url = process.env.AMQP_URL ?? "amqp://localhost:5672";
const argv = yargs(hideBin(process.argv))
  .usage("Usage: $0 [severity] [words...]   (severity: info, warning, error...; default info)")
  .parserConfiguration({ "parse-positional-numbers": false })
  .parseSync();
const [severity = "info", ...words] = argv._.map(String);
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

// "direct": the обменник (exchange) gives a message to the queues whose связь (binding) key equals
// the message's routing key. Not durable, as pika declares it.
await channel.assertExchange("direct_logs", "direct", { durable: false });

// The routing key is the severity.
channel.publish("direct_logs", severity, Buffer.from(message));
console.log(`SENT: ${severity}: ${message}`);

// Closing the channel waits for the broker, so nothing buffered is lost; then the connection.
await channel.close();
await connection.close();
