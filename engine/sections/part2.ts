// Part 2, "Проверка работоспособности": start several workers, send one long task and some short
// ones right after; the short ones go to the free worker (prefetch 1). Also what the section
// promises on the way: manual acks (a stopped worker's task goes to another worker) and a durable
// queue with persistent messages (tasks survive a broker restart).
import assert from "node:assert/strict";
import type { Context } from "../context.ts";
import type { Scenario, Section } from "../section.ts";
import type { Script } from "../proc.ts";
import { assertStopsCleanly, CYRILLIC, DONE, eventually, received, send } from "../expect.ts";

const SEND = "part2/send.ts";
const WORKER = "part2/worker.ts";

/** How late this process may read a line a worker printed (a pipe, a loaded machine). */
const READ_LATE = 1000;

const sendTask = (ctx: Context, task: string) => send(ctx, SEND, [task], task);
const twoWorkers = (ctx: Context) => Promise.all([ctx.consumer("worker 1", WORKER), ctx.consumer("worker 2", WORKER)]);

/** The worker that receives `task` first, and the other one. */
async function whoGets(workers: Script[], task: string): Promise<[Script, Script]> {
  const first = await Promise.race(workers.map((worker) => worker.waitFor(`RECEIVED: ${task}`).then(() => worker)));
  return [first, workers.find((worker) => worker !== first)!];
}

/** A worker stopped by `signal` in the middle of a task: the task goes to the other worker. */
function stoppedMidTask(signal: NodeJS.Signals): Scenario {
  const task = "Interrupted task."; // a second of work: time enough to stop it midway
  return {
    title:
      signal === "SIGKILL"
        ? "a worker killed (SIGKILL) mid-task: another worker does its task"
        : `a worker stopped with ${signal} mid-task exits 0 without a word on stderr; another worker does its task`,
    queues: ["task_queue"],
    async run(ctx) {
      const workers = await twoWorkers(ctx);
      await sendTask(ctx, task);
      const [victim, other] = await whoGets(workers, task);
      ctx.step(`stopping ${victim.label} with ${signal} in the middle of the task`);
      if (signal === "SIGKILL") assert.equal((await victim.stop(signal)).signal, "SIGKILL");
      else await assertStopsCleanly(victim, signal);
      assert.equal(victim.count(DONE), 0, `${victim.label} was stopped before the task was done`);
      await other.waitFor(`RECEIVED: ${task}`);
      await other.waitFor(DONE);
      assert.equal(await ctx.queueDepth("task_queue"), 0, "nothing is left in the queue");
    },
  };
}

const scenarios: Scenario[] = [
  {
    title:
      "one long task and several short ones: those sent while it runs all go to the free worker, each task done once",
    smoke: true,
    queues: ["task_queue"],
    async run(ctx) {
      const long = "Long task....."; // five seconds of work: time for the short ones, sent one by one
      const short = ["Short task 1", "Short task 2", "Short task 3", "Short task 4"];
      const workers = await twoWorkers(ctx);
      await sendTask(ctx, long);
      const [busy, free] = await whoGets(workers, long);
      let longDone = Infinity; // when this process reads the busy worker's DONE for the long task
      busy.onLine(({ text }) => text === DONE && (longDone = Math.min(longDone, Date.now())));
      ctx.step(`${busy.label} works on the long task; the short ones, sent now, go to ${free.label}`);
      const sentAt = new Map<string, number>(); // when its sender exited: after the broker had the task
      for (const task of short) await sendTask(ctx, task).then(() => sentAt.set(task, Date.now()));
      const doneAll = async () => busy.count(DONE) + free.count(DONE) >= 1 + short.length;
      assert.ok(await eventually(doneAll, 30_000), "the workers did all the tasks");
      const all = [...received(busy), ...received(free)].sort();
      assert.deepEqual(all, [long, ...short].map((task) => `RECEIVED: ${task}`).sort(), "each task done once");
      assert.equal(received(busy)[0], `RECEIVED: ${long}`);
      // On a loaded machine the sender is slow to start, and the long task may be over before the last short
      // ones are sent: those may go to either worker. A task whose sender had exited READ_LATE before this
      // process read the long task's DONE line was in the queue while the long task ran.
      const during = short.filter((task) => sentAt.get(task)! <= longDone - READ_LATE);
      assert.ok(during.length > 0, `a short task was sent while ${busy.label} worked on the long one`);
      for (const task of during)
        assert.ok(received(free).includes(`RECEIVED: ${task}`), `"${task}", sent meanwhile, went to ${free.label}`);
      assert.equal(await ctx.queueDepth("task_queue"), 0, "nothing is left in the queue");
    },
  },
  stoppedMidTask("SIGKILL"),
  stoppedMidTask("SIGINT"),
  stoppedMidTask("SIGTERM"),
  {
    title: "the queue and persistent tasks survive a broker restart",
    queues: ["task_queue"],
    restarts: true,
    async run(ctx) {
      const tasks = ["Persistent task 1", "Persistent task 2", CYRILLIC];
      for (const task of tasks) await sendTask(ctx, task);
      assert.equal(await ctx.queueDepth("task_queue"), tasks.length, "the tasks wait in the queue");
      await ctx.restartBroker();
      assert.equal(await ctx.queueDepth("task_queue"), tasks.length, "the tasks are still there after the restart");
      const worker = await ctx.consumer("worker", WORKER);
      await worker.waitFor(DONE, { times: tasks.length });
      assert.deepEqual(
        received(worker),
        tasks.map((task) => `RECEIVED: ${task}`),
        "all of them, in order",
      );
    },
  },
  {
    title: `a Cyrillic task ("${CYRILLIC}") is stored and printed byte for byte, as a persistent message`,
    queues: ["task_queue"],
    async run(ctx) {
      await sendTask(ctx, CYRILLIC);
      const message = await ctx.channel(async (ch) => ch.get("task_queue")); // unacked: back in the queue on close
      assert.ok(message, "the task is in the queue");
      assert.deepEqual(message.content, Buffer.from(CYRILLIC, "utf8"), "the body is the UTF-8 bytes of the text");
      assert.equal(message.properties.deliveryMode, 2, "persistent (delivery mode 2)");
      const worker = await ctx.consumer("worker", WORKER);
      await worker.waitFor(DONE);
      assert.deepEqual(received(worker), [`RECEIVED: ${CYRILLIC}`]);
    },
  },
];

export const part2: Section = {
  id: "part2",
  ru: "2. Распределение задач по очередям",
  title: "Distributing tasks over queues (work queues)",
  sender: { script: SEND, args: ["A", "task"] },
  receiver: { script: WORKER, args: [] },
  queues: ["task_queue"],
  // Auto-delete, not non-durable: RabbitMQ 4 would refuse the clash's own declaration (neither durable nor exclusive).
  errors: { clash: ["queue 'task_queue'", (ch) => ch.assertQueue("task_queue", { durable: true, autoDelete: true })] },
  interop: { sender: "part2_send.py", receiver: "part2_worker.py", sent: "A task", kept: true },
  picture: {
    receivers: ["worker 1", "worker 2"].map((label) => ({ label, args: [] })),
    expected: {
      exchanges: ["(default): direct, durable"],
      queues: [
        {
          name: "task_queue",
          flags: "durable",
          owner: undefined,
          bindings: [`(default) "task_queue"`],
          consumers: ["worker 1: prefetch 1, manual ack", "worker 2: prefetch 1, manual ack"],
        },
      ],
    },
  },
  scenarios,
};
