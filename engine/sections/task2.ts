// Task 2, "Задание 2": the work-queue scheme behind an exchange, per variant: two workers share one
// named queue (each task done once, by one worker), one second of work per symbol of the variant
// and none for the others, the exchange type's routing; over a broker restart variants 1 and 3
// keep every queued task and variant 2 loses them all, and a running worker reconnects by itself.
import assert from "node:assert/strict";
import type { Context } from "../context.ts";
import type { Scenario, Section } from "../section.ts";
import type { Script } from "../proc.ts";
import { DONE, eventually, received, send } from "../expect.ts";

const SEND = "tasks/task2/send.ts";
const WORKER = "tasks/task2/worker.ts";
const SYMBOLS = ["#", "*", "-", "."]; // the three variants' sleep symbols, and part 2's dot

/** A variant as the scripts' tables have it, with the routing keys that reach its queue and some that do not. */
type Variant = { n: number; symbol: string; type: string; binding: string; routed: string[]; dropped: string[] };
const VARIANTS: Variant[] = [
  { n: 1, symbol: "#", type: "fanout", binding: "", routed: ["task", "anything", ""], dropped: [] },
  { n: 2, symbol: "*", type: "direct", binding: "task", routed: ["task"], dropped: ["task.heavy", "other"] },
  {
    n: 3,
    symbol: "-",
    type: "topic",
    binding: "task.*",
    routed: ["task.heavy", "task.light"],
    dropped: ["task", "task.heavy.x"],
  },
];
const exchangeOf = (v: Variant) => `task2_${v.type}`;
const queueOf = (v: Variant) => `task2_${v.type}_queue`;
const names = (vs: Variant[]) => ({ queues: vs.map(queueOf), exchanges: vs.map(exchangeOf) });
const [V1, V2, V3] = VARIANTS as [Variant, Variant, Variant];
const PERSISTENT = [V1, V3];

const sendTask = (ctx: Context, v: Variant, task: string) => send(ctx, SEND, ["--variant", `${v.n}`, task], task);
/** Sends `tasks` one after the other, so that they stand in the queue in this order. */
async function sendInOrder(ctx: Context, v: Variant, tasks: string[]) {
  for (const task of tasks) await sendTask(ctx, v, task);
}
const startWorker = (ctx: Context, v: Variant, label = `worker ${v.n}`) =>
  ctx.consumer(label, WORKER, ["--variant", `${v.n}`]);
const receivedAll = (tasks: string[]) => tasks.map((task) => `RECEIVED: ${task}`);
const quoted = (keys: string[]) => keys.map((key) => `"${key}"`).join(", ");

/** Starts one worker per variant. */
async function workersOf(ctx: Context, vs: Variant[]): Promise<Map<Variant, Script>> {
  return new Map(await Promise.all(vs.map(async (v) => [v, await startWorker(ctx, v)] as const)));
}

/** From now on, how long (ms) each task took, as this process reads the worker's lines: its `RECEIVED` line to
 * the worker's next `INFO: Done`. Either line may be read late (a pipe, a loaded machine): see SLEEP_MARGIN. */
function timeTasks(workers: Script[]): Map<string, number> {
  const took = new Map<string, number>();
  for (const worker of workers) {
    let current: { task: string; at: number } | undefined;
    worker.onLine(({ stream, text }) => {
      if (stream !== "stdout") return;
      if (text.startsWith("RECEIVED: ")) current = { task: text.slice("RECEIVED: ".length), at: Date.now() };
      if (text === DONE && current) took.set(current.task, Date.now() - current.at);
    });
  }
  return took;
}

/** How far a task's time, read from here, may be off its sleep: the `RECEIVED` line read late shortens it, the
 * `INFO: Done` line read late lengthens it. Still tells one second from none (a task with no sleep under
 * SLEEP_MARGIN, one with a second of it over 1000 - SLEEP_MARGIN) and one symbol from four (under 4000 - 1000). */
const SLEEP_MARGIN = 400;

/** Two workers, four tasks: two with one symbol of the variant (and every other symbol), two with
 * only the other symbols. Each task is done once; its time is one second per symbol of the variant. */
function sharedAndTimed(v: Variant): Scenario {
  const others = SYMBOLS.filter((symbol) => symbol !== v.symbol).join("");
  const slow = [`Task A ${v.symbol}${others}`, `Task C ${others}${v.symbol}`];
  const fast = [`Task B ${others}`, `Task D ${others}`];
  return {
    title: `variant ${v.n} ("${v.symbol}", ${v.type}): two workers share the tasks, each done once; 1 s per "${v.symbol}", none for "${others}"`,
    smoke: true,
    ...names([v]),
    async run(ctx) {
      const workers = await Promise.all(["worker 1", "worker 2"].map((label) => startWorker(ctx, v, label)));
      const took = timeTasks(workers);
      const tasks = [...slow, ...fast];
      for (const task of tasks) await sendTask(ctx, v, task); // one after another, as the lab does
      const doneAll = async () => workers.reduce((sum, worker) => sum + worker.count(DONE), 0) >= tasks.length;
      assert.ok(await eventually(doneAll, 10_000), "the workers did all the tasks");
      const all = workers.flatMap(received).sort();
      assert.deepEqual(all, receivedAll(tasks).sort(), "each task received once, by one worker");
      for (const worker of workers) assert.ok(received(worker).length > 0, `${worker.label} had a share`);
      for (const task of slow) {
        const ms = took.get(task)!;
        const second = ms >= 1000 - SLEEP_MARGIN && ms < 3000;
        assert.ok(
          second,
          `"${task}" took ${ms} ms: one second for its one "${v.symbol}" (±${SLEEP_MARGIN} ms read from here)`,
        );
      }
      for (const task of fast)
        assert.ok(
          took.get(task)! < SLEEP_MARGIN,
          `"${task}" took ${took.get(task)} ms: no sleep (under ${SLEEP_MARGIN} ms)`,
        );
      assert.equal(await ctx.queueDepth(queueOf(v)), 0, "nothing is left in the queue");
    },
  };
}

/** The exchange type decides which routing keys reach the work queue (mandatory probes). */
function routing(v: Variant): Scenario {
  return {
    title: `variant ${v.n} (${v.type}): binding "${v.binding}" lets in the keys ${quoted(v.routed)}${v.dropped.length ? `, not ${quoted(v.dropped)}` : " (any key)"}`,
    ...names([v]),
    async run(ctx) {
      await sendTask(ctx, v, "Declare it all"); // the sender declares exchange, queue and binding
      for (const key of v.routed) assert.ok(await ctx.routes(exchangeOf(v), key), `"${key}" reaches the queue`);
      for (const key of v.dropped) assert.ok(!(await ctx.routes(exchangeOf(v), key)), `"${key}" does not`);
      assert.equal(await ctx.queueDepth(queueOf(v)), 1 + v.routed.length, "the task and the routed probes wait");
    },
  };
}

const scenarios: Scenario[] = [
  ...VARIANTS.map(sharedAndTimed),
  ...VARIANTS.map(routing),
  {
    title: "a broker restart: variants 1 and 3 keep every queued task, variant 2 (transient tasks) loses them all",
    ...names(VARIANTS),
    restarts: true,
    async run(ctx) {
      const tasks = (v: Variant) => [`Queued ${v.n}.1`, `Queued ${v.n}.2`];
      await Promise.all(VARIANTS.map((v) => sendInOrder(ctx, v, tasks(v))));
      for (const v of VARIANTS) assert.equal(await ctx.queueDepth(queueOf(v)), 2, `variant ${v.n}: 2 tasks queued`);
      await ctx.restartBroker();
      for (const v of PERSISTENT) assert.equal(await ctx.queueDepth(queueOf(v)), 2, `variant ${v.n} kept both`);
      // The queue is durable (RabbitMQ 4 refuses a shared queue that is not), its tasks are not.
      assert.equal(await ctx.queueDepth(queueOf(V2)), 0, "variant 2: the queue is back, without its tasks");
      const workers = await workersOf(ctx, VARIANTS);
      for (const v of PERSISTENT) {
        await workers.get(v)!.waitFor(DONE, { times: 2 });
        assert.deepEqual(received(workers.get(v)!), receivedAll(tasks(v)), `variant ${v.n}: both, in order`);
      }
      assert.equal(await ctx.queueDepth(queueOf(V2)), 0, "variant 2's queue is still empty");
      assert.deepEqual(received(workers.get(V2)!), [], "variant 2's worker has nothing to do");
    },
  },
  {
    title:
      "variants 1 and 3: a running worker rides out a broker restart: it reconnects, redoes the task cut off, does the queued ones",
    ...names(PERSISTENT),
    restarts: true,
    async run(ctx) {
      const long = (v: Variant) => `Long ${v.symbol.repeat(3)}`; // three seconds: the restart cuts it off
      const queued = (v: Variant) => [`Queued ${v.n}.1`, `Queued ${v.n}.2`];
      await Promise.all(PERSISTENT.map((v) => sendInOrder(ctx, v, [long(v), ...queued(v)])));
      const workers = await workersOf(ctx, PERSISTENT); // each takes the long task; the others wait (prefetch 1)
      await Promise.all(PERSISTENT.map((v) => workers.get(v)!.waitFor(`RECEIVED: ${long(v)}`)));
      await ctx.restartBroker();
      for (const [v, worker] of workers) {
        await worker.waitFor(/^INFO: Lost the connection/);
        await worker.waitFor("INFO: Reconnected");
        await worker.waitFor(DONE, { times: 4 }); // the long task's first go ends too, but its ack is void
        const expected = receivedAll([long(v), long(v), ...queued(v)]);
        assert.deepEqual(
          received(worker),
          expected,
          `${worker.label}: the long task cut off and redelivered, then the rest`,
        );
        assert.deepEqual(worker.stderr(), [], `${worker.label}: nothing on stderr`);
        assert.equal(await ctx.queueDepth(queueOf(v)), 0, `variant ${v.n}: nothing left`);
      }
    },
  },
];

export const task2: Section = {
  id: "task2",
  ru: "Задание 2. Схема взаимодействия сервисов с нагрузкой",
  title: "Task 2: services under load",
  sender: { script: SEND, args: ["--variant", "1", "Hello"] },
  receiver: { script: WORKER, args: ["--variant", "1"] },
  ...names([V1]),
  scenarios,
};
