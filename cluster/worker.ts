// Beyond one broker (docs/cluster.md): a worker of the quorum queue quorum_task_queue; start two or more.
// Part 2's worker, plus: AMQP_URL lists a cluster's nodes, and when its node dies it goes on through another.
import amqp, { type Channel, type ChannelModel, type ConsumeMessage } from "amqplib";
import { setTimeout as sleep } from "node:timers/promises";

const HELP = `Usage: npx tsx cluster/worker.ts   (Ctrl+C stops)
Does the tasks of the quorum queue quorum_task_queue, one at a time, 0.1 s per "." in each.
Brokers: AMQP_URL, a cluster's nodes comma-separated, tried in turn (amqp://localhost:5672).`;
const url = process.env.AMQP_URL ?? "amqp://localhost:5672";
if (["-h", "--help"].includes(process.argv[2]!)) {
  console.log(HELP);
  process.exit(0);
}
let current: { connection: ChannelModel; channel: Channel } | undefined; // none while (re)connecting
let stopping = false; // ours, not the lab's, as stop() and fail() at the bottom
process.once("SIGINT", stop).once("SIGTERM", stop);
process.stdout.on("error", stop); // a closed pipe (| head): stop as on Ctrl+C. Deno tells only stdout.write

// The nodes in turn until one answers: at the start from the first, after a lost node from the next one.
const nodes = url.split(",");
let turn = 0;
async function connect(again: boolean) {
  for (let tried = 1; ; tried++) {
    const node = nodes[turn++ % nodes.length]!;
    try {
      const connection = await amqp.connect(node, { noDelay: true, timeout: 5000 });
      connection.on("error", () => {}).on("close", (err) => current?.connection === connection && lost(err));
      const channel = await connection.createChannel();
      channel.on("error", fail);
      // A quorum queue: a copy on each node, kept in step by Raft; one of them leads. Always durable.
      await channel.assertQueue("quorum_task_queue", { durable: true, arguments: { "x-queue-type": "quorum" } });
      await channel.prefetch(1); // fair dispatch: at most one unacknowledged task per worker
      await channel.consume("quorum_task_queue", (msg) => processMessage(channel, msg));
      current = { connection, channel };
      process.stdout.write(`INFO: Connected to ${new URL(node).host}\n`);
      return;
    } catch (err: any) {
      if (typeof err.code === "number" || (!again && tried === nodes.length)) fail(err); // refused, or none answers
      if (tried % nodes.length === 0) await sleep(1000); // none answers now: again in a second
    }
  }
}
function lost(err?: Error) {
  current = undefined;
  if (stopping) return;
  process.stdout.write(`INFO: Lost the connection (${err?.message ?? "closed"}); reconnecting...\n`);
  void connect(true);
}
await connect(false);
process.stdout.write("Waiting for messages...\n");

async function processMessage(channel: Channel, msg: ConsumeMessage | null) {
  if (msg === null) return fail("the broker cancelled the consumer (was the queue deleted?)");
  process.stdout.write(`RECEIVED: ${msg.content}\n`);
  const dots = String(msg.content).split(".").length - 1;
  if (dots) await sleep(dots * 100); // the "work": 0.1 s per dot (no dot, no timer: even 0 ms waits ~1 ms)
  process.stdout.write(`DONE: ${msg.content}\n`);
  // The ack goes back on the channel the task came by; that one gone, the broker hands the task out again.
  if (current?.channel === channel) channel.ack(msg);
  else if (!stopping)
    process.stdout.write(`INFO: ${msg.content} done, not acked: its connection is gone, it will come again\n`);
}

// Close the connection once and exit: a task in progress was never acked, the broker gives it to another worker.
async function stop() {
  if (stopping) return;
  stopping = true;
  const connection = current?.connection;
  current = undefined; // no ack from now on
  await connection?.close().catch(() => {}); // already closed while its node is away
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
