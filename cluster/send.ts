// Beyond one broker: sends numbered tasks to the quorum queue `quorum_task_queue` of a RabbitMQ cluster.
// Part 2's sender, plus: a task counts as sent once the broker confirms it; when its node dies, it goes on
// through another and sends again what was not confirmed (a task may then arrive twice, but never not at all).
import amqp, { type ChannelModel, type ConfirmChannel } from "amqplib";
import { setTimeout as sleep } from "node:timers/promises";

const HELP = `Usage: npx tsx cluster/send.ts [COUNT] [PER_SECOND]   (default: 20 tasks, 10 a second)
Sends "Task 1." ... "Task COUNT." to the quorum queue quorum_task_queue; "SENT: <task>" once confirmed.
Brokers: AMQP_URL, the cluster's nodes comma-separated, tried in turn (default amqp://localhost:5672).`;
const urls = (process.env.AMQP_URL ?? "amqp://localhost:5672").split(",");
if (["-h", "--help"].includes(process.argv[2]!)) {
  console.log(HELP);
  process.exit(0);
}
const [count = 20, perSecond = 10] = process.argv.slice(2).map(Number);
if (!(Number.isInteger(count) && count > 0 && perSecond > 0)) fail("COUNT and PER_SECOND must be positive numbers");
const QUEUE = "quorum_task_queue";
let current: { connection: ChannelModel; channel: ConfirmChannel } | undefined; // none while (re)connecting
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
      // A confirm channel: the broker confirms a publish once most of the queue's copies (2 of 3) have it.
      const channel = await connection.createConfirmChannel();
      channel.on("error", fail);
      await channel.assertQueue(QUEUE, { durable: true, arguments: { "x-queue-type": "quorum" } });
      current = { connection, channel };
      return console.log(`INFO: Connected to ${new URL(url).host}`);
    } catch (err: any) {
      if (typeof err.code === "number" || (!again && tried === urls.length)) fail(err); // refused, or none answers
      if (tried % urls.length === 0) await sleep(1000); // none answers now: again in a second
    }
  }
}
function lost(err?: Error) {
  current = undefined; // the next task connects again
  if (!stopping) console.log(`INFO: Lost the connection (${err?.message ?? "closed"}); reconnecting...`);
}

await connect(false);

// Publish, and wait for the broker's confirm: null, or why none came (a nack, or the connection was lost).
async function publish(task: string): Promise<Error | null> {
  if (!current) await connect(true);
  const { channel } = current!;
  return new Promise((resolve) => channel.sendToQueue(QUEUE, Buffer.from(task), { persistent: true }, resolve));
}
const start = performance.now();
for (let n = 1; n <= count; n++) {
  const task = `Task ${n}.`;
  for (let err; (err = await publish(task));) console.log(`INFO: ${task} not confirmed (${err.message}), again`);
  console.log(`SENT: ${task}`); // only now: the broker has it
  await sleep(Math.max(0, start + (n * 1000) / perSecond - performance.now())); // keep the pace
}
await stop();

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
