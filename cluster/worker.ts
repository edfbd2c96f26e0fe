// Beyond one broker (docs/cluster.md): a worker of the quorum queue quorum_task_queue; start two or more.
// Part 2's worker, plus: AMQP_URL lists a cluster's nodes, and when its node dies it goes on through another.
// Run: AMQP_URL=amqp://localhost:5672,amqp://localhost:5673 npx tsx cluster/worker.ts   (Ctrl+C stops)
import amqp, { type Channel, type ConsumeMessage } from "amqplib";
import { setTimeout as sleep } from "node:timers/promises";
import * as lab from "../lab.ts"; // ours: AMQP_URL, --help, one-line errors, Ctrl+C (copy lab.ts with the script)

const nodes = lab.nodes(); // AMQP_URL: the nodes, comma-separated (checked by command())
lab.command("cluster/worker.ts", 'Does the tasks of quorum_task_queue one at a time, 0.1 s per "." (Ctrl+C stops).');

// The nodes in turn until one answers: at the start from the first, after a lost node from the next one.
let current: Channel | undefined; // none while (re)connecting
let turn = 0;
async function connect(again: boolean) {
  for (let tried = 1; ; tried++) {
    const node = nodes[turn++ % nodes.length]!;
    try {
      const connection = await amqp.connect(node, lab.socket);
      const channel = await connection.createChannel();
      lab.watch(connection, channel, { lost });
      // A quorum queue: a copy on each node, kept in step by Raft; one of them leads. Always durable.
      await channel.assertQueue("quorum_task_queue", { durable: true, arguments: { "x-queue-type": "quorum" } });
      await channel.prefetch(1); // fair dispatch: at most one unacknowledged task per worker
      await channel.consume("quorum_task_queue", (msg) => processMessage(channel, msg));
      lab.print(`INFO: Connected to ${node.hostname}:${node.port}`);
      return (current = channel);
    } catch (err) {
      if (!lab.transient(err) || (!again && tried === nodes.length)) throw err; // refused, or none answers
      if (tried % nodes.length === 0) await sleep(1000); // none answers now: again in a second
    }
  }
}
function lost(err: Error) {
  current = undefined;
  lab.print(`INFO: Lost the connection (${err.message}); reconnecting...`);
  void connect(true);
}
await connect(false);
lab.print("Waiting for messages...");

async function processMessage(channel: Channel, msg: ConsumeMessage | null) {
  if (msg === null) return lab.cancelled(); // the broker cancelled the consumer (the queue was deleted)
  lab.print(`RECEIVED: ${msg.content}`);
  const dots = String(msg.content).split(".").length - 1;
  if (dots) await sleep(dots * 100); // the "work": 0.1 s per dot (no dot, no timer: even 0 ms waits ~1 ms)
  lab.print(`DONE: ${msg.content}`);
  // The ack goes back on the channel the task came by; that one gone, the broker hands the task out again.
  if (current === channel) channel.ack(msg);
  else if (!lab.stopping) lab.print(`INFO: ${msg.content} done, not acked: its connection is gone, it will come again`);
}
