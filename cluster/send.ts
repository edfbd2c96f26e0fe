// Beyond one broker (docs/cluster.md): the producer sends numbered tasks to the quorum queue quorum_task_queue.
// Part 2's sender, plus: AMQP_URL lists a cluster's nodes, and when its node dies it goes on through another,
// sending again the task the broker had not confirmed (done twice, maybe; lost, never).
import amqp, { type ChannelModel, type ConfirmChannel } from "amqplib";
import { setTimeout as sleep } from "node:timers/promises";

const HELP = `Usage: npx tsx cluster/send.ts [COUNT] [PER_SECOND]   e.g. npx tsx cluster/send.ts 100 20
Sends "Task 1." to "Task COUNT." (default 20, 10 a second) to the quorum queue quorum_task_queue,
"SENT: <task>" once the broker has confirmed it. Brokers: AMQP_URL, a cluster's nodes comma-separated,
tried in turn (amqp://localhost:5672).`;
const url = process.env.AMQP_URL ?? "amqp://localhost:5672";
if (["-h", "--help"].includes(process.argv[2]!)) {
  console.log(HELP);
  process.exit(0);
}
const [count = 20, perSecond = 10] = process.argv.slice(2).map(Number);
if (!(Number.isInteger(count) && count > 0 && perSecond > 0))
  fail("COUNT and PER_SECOND are positive numbers (--help)");
let current: { connection: ChannelModel; channel: ConfirmChannel } | undefined; // none while (re)connecting
let stopping = false; // ours, not the lab's, as stop() and fail() at the bottom
process.once("SIGINT", stop).once("SIGTERM", stop);
process.stdout.on("error", stop); // a closed pipe (| head): stop as on Ctrl+C

// The nodes in turn until one answers: at the start from the first, after a lost node from the next one.
const nodes = url.split(",");
let turn = 0;
async function connect(again: boolean) {
  for (let tried = 1; ; tried++) {
    const node = nodes[turn++ % nodes.length]!;
    try {
      const connection = await amqp.connect(node, { noDelay: true, timeout: 5000 });
      connection.on("error", () => {}).on("close", (err) => current?.connection === connection && lost(err));
      // A confirm channel: the broker confirms a task once most of the queue's copies (2 of 3) have it.
      const channel = await connection.createConfirmChannel();
      channel.on("error", fail);
      // A quorum queue: a copy on each node, kept in step by Raft; one of them leads. Always durable.
      await channel.assertQueue("quorum_task_queue", { durable: true, arguments: { "x-queue-type": "quorum" } });
      current = { connection, channel };
      return console.log(`INFO: Connected to ${new URL(node).host}`);
    } catch (err: any) {
      if (typeof err.code === "number" || (!again && tried === nodes.length)) fail(err); // refused, or none answers
      if (tried % nodes.length === 0) await sleep(1000); // none answers now: again in a second
    }
  }
}
function lost(err?: Error) {
  current = undefined; // the next task connects again
  if (!stopping) console.log(`INFO: Lost the connection (${err?.message ?? "closed"}); reconnecting...`);
}
await connect(false);

// Publish a task and wait for the broker's confirm: null, or why none came (a nack, the connection lost).
async function publish(task: string): Promise<Error | null> {
  if (!current) await connect(true);
  const { channel } = current!;
  const options = { persistent: true }; // as in part 2 (a quorum queue keeps every task on disk anyway)
  return new Promise((resolve) => channel.sendToQueue("quorum_task_queue", Buffer.from(task), options, resolve));
}
const start = performance.now();
for (let n = 1; n <= count; n++) {
  const task = `Task ${n}.`;
  for (let err; (err = await publish(task));) console.log(`INFO: ${task} not confirmed (${err.message}), again`);
  console.log(`SENT: ${task}`); // only now: the broker has it
  await sleep(Math.max(0, start + (n * 1000) / perSecond - performance.now())); // keep the pace
}
await stop();

// Close the connection once and exit.
async function stop() {
  if (stopping) return;
  stopping = true;
  await current?.connection.close().catch(() => {}); // already closed while its node is away
  process.exit(0);
}
function fail(err: any): never {
  const at = `RabbitMQ at ${url.replace(/:[^:@/,]*@/g, ":****@")}`; // the passwords masked
  const said = String(err?.message ?? err);
  const reply = said.match(/"([A-Z_]+ - .*?)(?:\. |"$)/)?.[1] ?? said; // the broker's first sentence
  const lines: [RegExp, string][] = [
    [/ECONNREFUSED|ENOTFOUND/, `cannot reach ${at}: start it (rabbitmq-server or docker run -p 5672:5672 rabbitmq:3)`],
    [/ETIMEDOUT|Frame|handshake|ConnectionStart/, `${at} does not answer as RabbitMQ: check the ports (AMQP)`],
    [/Expected amqp/, `AMQP_URL is not a list of URLs like amqp://user:password@host:5672/vhost`],
    [/ACCESS_REFUSED - Login/, `${at} refused the login: check the user and password in AMQP_URL`],
    [/ConnectionOpenOk/, `${at}: the vhost does not exist, or this user may not use it`],
    [/PRECONDITION_FAILED/, `${reply}: it exists with other settings; delete it (web UI) or use another name`],
  ];
  console.error(`ERROR: ${lines.find(([pattern]) => pattern.test(said))?.[1] ?? reply}`);
  process.exit(1);
}
