// Part 1, "Базовое взаимодействие": print every message that arrives in the queue `awesome_queue`.
// Run: npx tsx part1/receive.ts   (broker: AMQP_URL, default amqp://localhost:5672; Ctrl+C stops)
import amqp from "amqplib";

const url = process.env.AMQP_URL ?? "amqp://localhost:5672";

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

// Declare the queue too: whichever script starts first creates it, with the same (pika) settings.
await channel.assertQueue("awesome_queue", { durable: false });

// Subscribe. Auto-ack: the broker forgets a message as soon as it has delivered it.
await channel.consume(
  "awesome_queue",
  (msg) => {
    if (msg === null) fail(new Error("the broker cancelled the consumer (was the queue deleted?)"));
    console.log(`RECEIVED: ${msg.content.toString()}`);
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
