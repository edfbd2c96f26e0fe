// Task 2, "Задание 2": the producer sends a task to the variant's exchange; workers share its queue.
import amqp from "amqplib";
import yargs from "yargs";

// The three variants side by side (the worker has the same table). Exchange and queue are durable in
// all three (RabbitMQ 4 refuses a shared queue that is not); persistent tasks survive a broker restart,
// variant 2's transient ones do not. Each sleep symbol in a task is one second of work.
const VARIANTS = {
  1: { symbol: "#", type: "fanout", binding: "", persistent: true }, // fanout: to every bound queue, key ignored
  2: { symbol: "*", type: "direct", binding: "task", persistent: false }, // direct: the key must equal the binding
  3: { symbol: "-", type: "topic", binding: "task.*", persistent: true }, // topic: the key matches a word pattern
};
const HELP = `Usage: npx tsx tasks/task2/send.ts --variant N "task..."   (quote # and * in a shell)
Sends a task: each sleep symbol of the variant in it is one second of work. e.g. npx tsx tasks/task2/send.ts --variant 1 "Task ##"`;
const url = process.env.AMQP_URL ?? "amqp://localhost:5672";
const argv = yargs(process.argv.slice(2))
  .usage(HELP)
  .options({
    variant: { choices: [1, 2, 3] as const, describe: '1 "#" fanout, 2 "*" direct (transient), 3 "-" topic' },
    ticket: { choices: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], describe: "or your ticket's last digit: digit % 3, 0 is 3" },
  })
  .check((a) => a.variant !== undefined || a.ticket !== undefined || "Give --variant 1, 2 or 3, or --ticket")
  .parserConfiguration({ "unknown-options-as-args": true, "parse-positional-numbers": false })
  .fail((msg, _err, y) => y.showHelp((usage) => fail(`${msg.replace(/\n\s*/g, " ")}\n\n${usage}`)))
  .wrap(null)
  .alias("h", "help")
  .version(false)
  .parseSync();
const v = VARIANTS[argv.variant ?? ((argv.ticket! % 3 || 3) as 1 | 2 | 3)]; // the lab's rule; 0 is ours
const exchange = `task2_${v.type}`; // each variant its own names: they never collide
const queue = `task2_${v.type}_queue`;
const message = argv._.join(" ") || (process.argv.at(-1) === "--" ? "--" : "Empty message"); // any word
// Routing key: fanout ignores it, direct needs the binding's exact key, topic matches it word by word.
const routingKey = v.type === "topic" ? `task.${message.includes(v.symbol) ? "heavy" : "light"}` : "task";

// A connection is a TCP link to the broker. A confirm channel: the broker acknowledges each task once
// it has taken it over (a persistent one: written to disk).
const connection = await amqp.connect(url, { noDelay: true, timeout: 5000 }).catch(fail);
connection.on("error", fail).on("close", (err) => err && fail(err)); // err: the broker closed it
const channel = await connection.createConfirmChannel();
channel.on("error", fail);

// Declare everything as the worker does, so tasks sent before any worker starts wait in the queue.
await channel.assertExchange(exchange, v.type, { durable: true });
await channel.assertQueue(queue, { durable: true });
await channel.bindQueue(queue, exchange, v.binding); // the binding (связь)

channel.publish(exchange, routingKey, Buffer.from(message), { persistent: v.persistent });
await channel.waitForConfirms();
console.log(`SENT: ${message}`);

// Closing the channel waits for the broker; then the connection.
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
