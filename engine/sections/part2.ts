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

/**
 * One round of the lab's check with idle `workers`: a long task of `dots` seconds, then four short ones sent one by
 * one. Each task is done once, and those sent while the long one runs go to the free worker. On a loaded machine
 * the sender is slow to start, and the long task may be over before the last ones are sent: those may go to either
 * worker. A task whose sender had exited READ_LATE before this process read the long task's DONE line was in the
 * queue while the long task ran. False if none was: the round showed nothing.
 */
async function longAndShort(ctx: Context, workers: Script[], dots: number): Promise<boolean> {
  const long = `Long task${".".repeat(dots)}`;
  const short = [1, 2, 3, 4].map((n) => `Short task ${n}`);
  const before = new Map(workers.map((worker) => [worker, received(worker).length]));
  const got = (worker: Script) => received(worker).slice(before.get(worker)); // in this round
  const done = workers.reduce((sum, worker) => sum + worker.count(DONE), 0);
  await sendTask(ctx, long);
  const [busy, free] = await whoGets(workers, long);
  let longDone = Infinity; // when this process reads the busy worker's DONE for the long task
  const doneCount = busy.count(DONE);
  busy.onLine(() => busy.count(DONE) > doneCount && (longDone = Math.min(longDone, Date.now())));
  ctx.step(`${busy.label} works on the long task; the short ones, sent now, go to ${free.label}`);
  const sentAt = new Map<string, number>(); // when its sender exited: after the broker had the task
  for (const task of short) await sendTask(ctx, task).then(() => sentAt.set(task, Date.now()));
  const doneAll = async () => workers.reduce((sum, worker) => sum + worker.count(DONE), 0) >= done + 5;
  assert.ok(await eventually(doneAll, 30_000 + dots * 1000), "the workers did all the tasks");
  const all = [...got(busy), ...got(free)].sort();
  assert.deepEqual(all, [long, ...short].map((task) => `RECEIVED: ${task}`).sort(), "each task done once");
  assert.equal(got(busy)[0], `RECEIVED: ${long}`);
  const during = short.filter((task) => sentAt.get(task)! <= longDone - READ_LATE);
  for (const task of during)
    assert.ok(got(free).includes(`RECEIVED: ${task}`), `"${task}", sent meanwhile, went to ${free.label}`);
  assert.equal(await ctx.queueDepth("task_queue"), 0, "nothing is left in the queue");
  return during.length > 0;
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
    timeout: 180_000, // up to three rounds (5, 10 and 20 s of work) on a loaded machine
    async run(ctx) {
      const workers = await twoWorkers(ctx);
      // Five seconds of work, as the lab's check: time for the short ones. On a machine so loaded that not one
      // short task could be sent within them, the round says nothing: again, with a long task twice as long.
      for (let dots = 5; !(await longAndShort(ctx, workers, dots)); dots *= 2)
        if (dots >= 20) assert.fail(`no short task was sent within a long task of ${dots} s: the machine is too slow`);
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
