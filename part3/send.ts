// Part 3, "Отправка сообщений в несколько очередей сразу": publish a log line to the fanout
// exchange `logs`; every receiver running at that moment gets a copy.
// Run: npx tsx part3/send.ts Hello everyone   (broker: AMQP_URL, default amqp://localhost:5672)
import amqp from "amqplib";

const url = process.env.AMQP_URL ?? "amqp://localhost:5672";
const message = process.argv.slice(2).join(" ") || "Empty message";

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

// The обменник (exchange) routes; "fanout" copies every message to every bound queue.
// pika's default is a non-durable exchange (amqplib's is durable, so say it).
await channel.assertExchange("logs", "fanout", { durable: false });

// No queue here: the sender does not know who listens. With no receiver, the message is dropped.
channel.publish("logs", "", Buffer.from(message));
console.log(`SENT: ${message}`);

// Closing the channel waits for the broker, so nothing buffered is lost; then the connection.
await channel.close();
await connection.close();
