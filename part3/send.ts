// Part 3, "Отправка сообщений в несколько очередей сразу" (publish/subscribe): publish a log line.
import amqp from "amqplib";

const HELP = `Usage: npx tsx part3/send.ts [words...]   e.g. npx tsx part3/send.ts Hello everyone
Publishes a message to the fanout exchange logs: every receiver running now gets a copy.
Every word is the message, whatever it starts with; put -- first to send "--help" itself.
Broker: AMQP_URL, default amqp://localhost:5672 (amqp://user:password@host:5672/vhost).`;
const url = process.env.AMQP_URL ?? "amqp://localhost:5672";
const args = process.argv.slice(2);
if (["-h", "--help"].includes(args[0]!)) {
  console.log(HELP);
  process.exit(0);
}
const message = (args[0] === "--" && args.length > 1 ? args.slice(1) : args).join(" ") || "Empty message";

// A connection is a TCP link to the broker; a channel (канал) is a light session inside it.
const connection = await amqp.connect(url, { noDelay: true, timeout: 5000 }).catch(fail);
connection.on("error", fail).on("close", (err) => err && fail(err)); // err: the broker closed it
const channel = await connection.createChannel();
channel.on("error", fail);

// The exchange (обменник) routes; "fanout" copies every message to every bound queue.
// pika's default is a non-durable exchange (amqplib's is durable, so say it).
await channel.assertExchange("logs", "fanout", { durable: false });

// No queue here: the sender does not know who listens. With no receiver, the message is dropped.
channel.publish("logs", "", Buffer.from(message));
console.log(`SENT: ${message}`);

// Closing the channel waits for the broker, so nothing buffered is lost; then the connection.
await channel.close();
await connection.close();

// Ours, not the lab's: every failure is one line on stderr.
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
