// Beyond one broker (docs/cluster.md): the producer sends numbered tasks to the quorum queue quorum_task_queue.
// Part 2's sender, plus: AMQP_URL lists a cluster's nodes, and when its node dies it goes on through another,
// sending again the task the broker had not confirmed (done twice, maybe; lost, never).
// Run: AMQP_URL=amqp://localhost:5672,amqp://localhost:5673 npx tsx cluster/send.ts 100 20
import amqp, { type ChannelModel, type ConfirmChannel } from "amqplib";
import { setTimeout as sleep } from "node:timers/promises";
import * as lab from "../lab.ts"; // ours: AMQP_URL, --help, one-line errors, Ctrl+C (copy lab.ts with the script)

const nodes = lab.nodes(); // AMQP_URL: the nodes, comma-separated (checked by command())
const words = lab.command(
  "cluster/send.ts [COUNT] [PER_SECOND]",
  'Sends "Task 1." to "Task COUNT." (20, 10 a second).',
);
const [count = 20, perSecond = 10] = words.map(Number);
if (!(Number.isInteger(count) && count > 0 && perSecond > 0)) lab.fail("COUNT and PER_SECOND are positive numbers");

// The nodes in turn until one answers: at the start from the first, after a lost node from the next one.
let current: { connection: ChannelModel; channel: ConfirmChannel } | undefined; // none while (re)connecting
let turn = 0;
async function connect() {
  for (let tried = 1; ; tried++) {
    const node = nodes[turn++ % nodes.length]!;
    try {
      const connection = await amqp.connect(node, lab.socket);
      // A confirm channel: the broker confirms a task once most of the queue's copies (2 of 3) have it.
      const channel = await connection.createConfirmChannel();
      lab.watch(connection, channel, { lost: () => (current = undefined) });
      // A quorum queue: a copy on each node, kept in step by Raft; one of them leads. Always durable.
      await channel.assertQueue("quorum_task_queue", { durable: true, arguments: { "x-queue-type": "quorum" } });
      lab.print(`INFO: Connected to ${node.hostname}:${node.port}`);
      return (current = { connection, channel });
    } catch (err) {
      if (!lab.transient(err) || tried === nodes.length) throw err; // refused, or no node answers now
    }
  }
}
await connect();

// Publish a task and wait for the broker's confirm: null, or why none came (a nack, the connection lost).
async function publish(task: string): Promise<Error | null> {
  const { channel } = current ?? (await connect());
  const options = { persistent: true }; // as in part 2 (a quorum queue keeps every task on disk anyway)
  return new Promise((resolve) => channel.sendToQueue("quorum_task_queue", Buffer.from(task), options, resolve));
}
const start = performance.now();
for (let n = 1; n <= count; n++) {
  const task = `Task ${n}.`;
  // Not confirmed: again, up to 10 times, 0.1 s later, then twice as long each time (at most 2 s).
  for (let tries = 1, err; (err = await publish(task).catch((err: Error) => err)); tries++) {
    if (!lab.transient(err)) lab.fail(err); // refused: trying again changes nothing
    if (tries === 10) lab.fail(`${task} not confirmed after ${tries} tries: ${err.message}`);
    lab.print(`INFO: ${task} not confirmed (${err.message}), again`);
    await sleep(Math.min(100 * 2 ** (tries - 1), 2000));
  }
  lab.print(`SENT: ${task}`); // only now: the broker has it
  await sleep(Math.max(0, start + (n * 1000) / perSecond - performance.now())); // keep the pace
}
await current?.channel.close(); // the channel, then the connection
await current?.connection.close();
