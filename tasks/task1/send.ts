// Task 1, "Задание 1": the producer sends one message to the queue `<group>_<surname>` of the variant.
import amqp from "amqplib";
import yargs from "yargs";

// The three variants side by side; the queue's flags are the receiver's. declare: the sender declares
// the queue too. Not an exclusive one: it belongs to the receiver's connection (405 here), or, with no
// receiver, it would be the sender's own queue, gone with the message when the sender exits.
const VARIANTS = {
  1: { declare: false, persistent: false, queue: { exclusive: true, durable: false, autoDelete: false } },
  2: { declare: true, persistent: true, queue: { exclusive: false, durable: true, autoDelete: false } },
  3: { declare: true, persistent: false, queue: { exclusive: false, durable: true, autoDelete: true } },
};
const HELP = `Usage: npx tsx tasks/task1/send.ts --variant N --group G --surname S [message...]
Sends one message to your queue <group>_<surname>. e.g. npx tsx tasks/task1/send.ts --variant 2 --group inbo-04 --surname ivanov Hello`;
const url = process.env.AMQP_URL ?? "amqp://localhost:5672";
const argv = yargs(process.argv.slice(2))
  .usage(HELP)
  .options({
    variant: { choices: [1, 2, 3] as const, describe: "1 exclusive, 2 durable, 3 auto-delete queue" },
    ticket: { choices: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], describe: "or your ticket's last digit: digit % 3, 0 is 3" },
    group: { type: "string", default: process.env.LAB_GROUP, describe: "e.g. inbo-04 (or set LAB_GROUP once)" },
    surname: { type: "string", default: process.env.LAB_SURNAME, describe: "e.g. laptev (or set LAB_SURNAME once)" },
  })
  .demandOption(["group", "surname"])
  .check((a) => a.variant !== undefined || a.ticket !== undefined || "Give --variant 1, 2 or 3, or --ticket")
  .parserConfiguration({ "unknown-options-as-args": true, "parse-positional-numbers": false })
  .fail((msg, _err, y) => y.showHelp((usage) => fail(`${msg.replace(/\n\s*/g, " ")}\n\n${usage}`)))
  .wrap(null)
  .alias("h", "help")
  .version(false)
  .parseSync();
const variant = VARIANTS[argv.variant ?? ((argv.ticket! % 3 || 3) as 1 | 2 | 3)]; // the lab's rule; 0 is ours
const queue = `${argv.group}_${argv.surname}`;
const message = argv._.join(" ") || (process.argv.at(-1) === "--" ? "--" : "My first message"); // any word
if (!argv.group || !argv.surname) fail("--group and --surname must not be empty");
if (queue.startsWith("amq.")) fail(`queue ${queue}: names starting with amq. are reserved`);
if (Buffer.byteLength(queue) > 255) fail(`the queue name ${queue} is longer than 255 bytes`);

// A connection is a TCP link to the broker. A confirm channel: the broker acknowledges each message.
const connection = await amqp.connect(url, { noDelay: true, timeout: 5000 }).catch(fail);
connection.on("error", fail).on("close", (err) => err && fail(err)); // err: the broker closed it
const channel = await connection.createConfirmChannel();
channel.on("error", fail);
if (variant.declare) await channel.assertQueue(queue, variant.queue);

// mandatory: a message that reaches no queue comes back (basic.return) instead of vanishing;
// the return arrives before the broker's confirm, so waitForConfirms settles the question.
channel.on("return", () => fail(`no queue ${queue}: start the receiver first (its queue is gone with it)`));
channel.publish("", queue, Buffer.from(message), { mandatory: true, persistent: variant.persistent });
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
