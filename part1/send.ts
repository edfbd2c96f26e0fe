// Part 1, "Базовое взаимодействие" (basic interaction): the producer (поставщик) sends one message.
import amqp from "amqplib";

const HELP = `Usage: npx tsx part1/send.ts
Sends "My first message" to the queue awesome_queue.
Broker: AMQP_URL, default amqp://localhost:5672 (amqp://user:password@host:5672/vhost).`;
const url = process.env.AMQP_URL ?? "amqp://localhost:5672";
if (["-h", "--help"].includes(process.argv[2]!)) {
  console.log(HELP);
  process.exit(0);
}

// A connection is a TCP link to the broker; a channel (канал) is a light session inside it.
const connection = await amqp.connect(url, { noDelay: true, timeout: 5000 }).catch(fail);
connection.on("error", fail).on("close", (err) => err && fail(err)); // fail(): at the bottom
const channel = await connection.createChannel();
channel.on("error", fail);

// Declare the queue in case the receiver has not started yet. Not durable: pika's default, not amqplib's.
await channel.assertQueue("awesome_queue", { durable: false });

// The default exchange ("") routes a message to the queue named by the routing key.
channel.publish("", "awesome_queue", Buffer.from("My first message"));
console.log("SENT: My first message");

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
    [/nonexcl/, `${reply}: awesome_queue is neither durable nor exclusive; use RabbitMQ 3 or permit it (README)`],
  ];
  console.error(`ERROR: ${lines.find(([pattern]) => pattern.test(said))?.[1] ?? reply}`);
  process.exit(1);
}
