// Part 4, "Использование ключа маршрутизации" (routing): receive the chosen severities only.
import amqp, { type ConsumeMessage } from "amqplib";

const HELP = `Usage: npx tsx part4/receive.ts <severity...>   e.g. npx tsx part4/receive.ts warning error
Prints what the direct exchange direct_logs routes with these keys. Broker: AMQP_URL (amqp://localhost:5672).`;
const url = process.env.AMQP_URL ?? "amqp://localhost:5672";
const severities = process.argv.slice(2);
if (["-h", "--help"].includes(severities[0]!)) {
  console.log(HELP);
  process.exit(0);
}
if (!severities.length) fail(`Name at least one severity, e.g. info warning error\n${HELP}`);
if (severities.some((key) => Buffer.byteLength(key) > 255)) fail("a routing key is at most 255 bytes long");

// A connection is a TCP link to the broker; a channel (канал) is a light session inside it.
const connection = await amqp.connect(url, { noDelay: true, timeout: 5000 }).catch(fail);
connection.on("error", fail).on("close", (err) => err && fail(err)); // err: the broker closed it
const channel = await connection.createChannel();
channel.on("error", fail);
let stopping = false; // ours, not the lab's, as stop() and fail() at the bottom
process.once("SIGINT", stop).once("SIGTERM", stop);
process.stdout.on("error", stop); // a closed pipe (| head): stop as on Ctrl+C. Deno tells only stdout.write

await channel.assertExchange("direct_logs", "direct", { durable: false }); // as the sender declares it
// Name "": the broker names it (amq.gen-...). Exclusive: this connection's own, deleted with it.
const { queue } = await channel.assertQueue("", { exclusive: true, durable: false });
// One binding (связь) per severity: the exchange puts a message here if its key is one of them.
for (const severity of severities) await channel.bindQueue(queue, "direct_logs", severity);
function processMessage(msg: ConsumeMessage | null) {
  if (msg === null) return fail("the broker cancelled the consumer (was the queue deleted?)");
  process.stdout.write(`RECEIVED: ${msg.fields.routingKey}: ${msg.content}\n`);
}
await channel.consume(queue, processMessage, { noAck: true }); // auto-ack: forgotten once delivered
process.stdout.write("Waiting for messages...\n");

// Close the channel, then the connection, once: Ctrl+C and a closed pipe may come together.
async function stop() {
  if (stopping) return;
  stopping = true;
  await channel.close();
  await connection.close();
  process.exit(0);
}
function fail(err: any): never {
  const at = `RabbitMQ at ${url.replace(/:[^:@/]*@/, ":****@")}`; // the password masked
  const said = String(err?.message ?? err);
  const reply = said.match(/"([A-Z_]+ - .*?)(?:\.\s|"$)/)?.[1] ?? said; // the broker's first sentence
  const lines: [RegExp, string][] = [
    [/ECONNREFUSED|ENOTFOUND/, `cannot reach ${at}: start it (rabbitmq-server or docker run -p 5672:5672 rabbitmq:3)`],
    [/ETIMEDOUT|Frame|handshake|Start/, `${at} does not answer as RabbitMQ: check the port (AMQP, not 15672)`],
    [/Expected amqp/, `AMQP_URL is not a URL like amqp://user:password@host:5672/vhost`],
    [/ACCESS_REFUSED - Login/, `${at} refused the login: check the user and password in AMQP_URL`],
    [/ConnectionOpenOk/, `${at}: vhost "${url.split(/[/?]/)[3]}" does not exist, or this user may not use it`],
    [/CONNECTION_FORCED|ECONNRESET|Unexpected close|Heartbeat/, `lost the connection to ${at}: ${reply}`],
    [/PRECONDITION_FAILED/, `${reply}: it exists with other settings; delete it (web UI) or use another name`],
    [/nonexcl/, `${reply}: the queue is neither durable nor exclusive; use RabbitMQ 3 or permit it (README)`],
  ];
  console.error(`ERROR: ${lines.find(([pattern]) => pattern.test(said))?.[1] ?? reply}`);
  process.exit(1);
}
