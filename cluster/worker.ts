// Beyond one broker: a worker of the quorum queue `quorum_task_queue` on a RabbitMQ cluster; start two or more.
// Part 2's worker, plus: AMQP_URL lists the cluster's nodes, and when its node dies it goes on through another.
import amqp, { type Channel, type ChannelModel, type ConsumeMessage } from "amqplib";
import { setTimeout as sleep } from "node:timers/promises";

const HELP = `Usage: npx tsx cluster/worker.ts   (Ctrl+C stops)
Does the tasks of the quorum queue quorum_task_queue one at a time, each "." in a task 0.1 s of work.
Brokers: AMQP_URL, the cluster's nodes comma-separated, tried in turn (default amqp://localhost:5672).`;
const urls = (process.env.AMQP_URL ?? "amqp://localhost:5672").split(",");
if (["-h", "--help"].includes(process.argv[2]!)) {
  console.log(HELP);
  process.exit(0);
}
const QUEUE = "quorum_task_queue";
let current: { connection: ChannelModel; channel: Channel } | undefined; // none while (re)connecting
let stopping = false; // stop(), fail(): at the bottom
process.once("SIGINT", stop).once("SIGTERM", stop);
process.stdout.on("error", stop); // a closed pipe (| head): stop as on Ctrl+C

// Connect to the nodes in turn until one answers: at the start the first one, after a lost node the next.
let turn = 0;
async function connect(again: boolean) {
  for (let tried = 1; ; tried++) {
    const url = urls[turn++ % urls.length]!;
    try {
      const connection = await amqp.connect(url, { noDelay: true, timeout: 5000 });
      connection.on("error", () => {}).on("close", (err) => current?.connection === connection && lost(err));
      const channel = await connection.createChannel();
      channel.on("error", fail);
      // A quorum queue: a copy on each node, kept in step by Raft; one of them leads. Durable by nature.
      await channel.assertQueue(QUEUE, { durable: true, arguments: { "x-queue-type": "quorum" } });
      await channel.prefetch(1); // fair dispatch: one unacknowledged task at a time
      await channel.consume(QUEUE, (msg) => work(channel, msg));
      current = { connection, channel };
      return console.log(`INFO: Connected to ${new URL(url).host}`);
    } catch (err: any) {
      if (typeof err.code === "number" || (!again && tried === urls.length)) fail(err); // refused, or none answers
      if (tried % urls.length === 0) await sleep(1000); // none answers now: again in a second
    }
  }
}
function lost(err?: Error) {
  current = undefined;
  if (stopping) return;
  console.log(`INFO: Lost the connection (${err?.message ?? "closed"}); reconnecting...`);
  void connect(true);
}
await connect(false);
console.log("Waiting for messages...");

async function work(channel: Channel, msg: ConsumeMessage | null) {
  if (msg === null) return fail("the broker cancelled the consumer (was the queue deleted?)");
  const task = msg.content.toString();
  console.log(`RECEIVED: ${task}`);
  await sleep(100 * (task.split(".").length - 1)); // the "work": 0.1 s per dot
  console.log(`DONE: ${task}`);
  // An ack goes back on the channel the task came by. That one gone, the broker hands the task out again.
  if (current?.channel === channel) channel.ack(msg);
  else console.log(`INFO: ${task} done but not acked (its connection is gone): the broker hands it out again`);
}

// Ours, not the lab's: stop once; one line per failure.
async function stop() {
  if (stopping) return;
  stopping = true;
  await current?.connection.close();
  process.exit(0);
}
function fail(err: any): never {
  const at = `RabbitMQ at ${urls.join(", ").replace(/:[^:@/,]*@/g, ":****@")}`; // the passwords masked
  const said = String(err?.message ?? err);
  const reply = said.match(/"[A-Z_]+ - (.*?)(?:\. |"$)/)?.[1] ?? said; // the broker's first sentence
  // prettier-ignore
  const line = ([
    [/ECONNREFUSED|ENOTFOUND|EAI_AGAIN/, `cannot reach ${at}: start it ("docker run -p 5672:5672 rabbitmq:3-management" or "rabbitmq-server"; a cluster: docs/cluster.md) or fix AMQP_URL`],
    [/Expected amqp/, `AMQP_URL is not a list like amqp://user:password@host:5672/vhost,amqp://user:password@host2:5672`],
    [/ACCESS_REFUSED - Login/, `${at} refused the login: check the user and password in AMQP_URL`],
    [/PRECONDITION_FAILED/, `${reply}: it exists with other settings; delete it (web UI, rabbitmqctl) or use another name`],
  ] as const).find(([pattern]) => pattern.test(said))?.[1] ?? reply;
  console.error(`ERROR: ${line}`);
  process.exit(1);
}
