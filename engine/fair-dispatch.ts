// The lab's part 2 check (one long task, then several short ones, two workers) with the real
// part2/worker.ts, once as it is (prefetch 1) and once as plain round robin, each run recorded as spans
// (who did what, when): the bench's "fair dispatch" (commands/bench/fair.ts) and the demo's part 2 timeline.
import { withChannel, type Broker } from "./broker.ts";
import { Script } from "./proc.ts";
import { DONE, WAITING } from "./expect.ts";
import { locked } from "./locked.ts";

export const QUEUE = "task_queue"; // the worker's own queue: the lock keeps the part 2 tests away meanwhile
export const WORKER_COUNT = 2;
const ROUND_ROBIN = new URL("round-robin.ts", import.meta.url).href; // a file: URL, for --import on any OS

export type Task = { body: string; seconds: number };
type Span = { worker: number; body: string; start: number; end: number };
/** One run of the workload: how long it took in all, and when each worker did what. */
export type Dispatch = { name: string; how: string; makespan: number; spans: Span[] };

/** The lab's check: one long task first, then short ones of one dot (one second) each. */
export function workload(longSeconds: number, shorts: number): Task[] {
  const short = (i: number) => ({ body: `short${i + 1}.`, seconds: 1 });
  return [
    { body: `long${".".repeat(longSeconds)}`, seconds: longSeconds },
    ...Array.from({ length: shorts }, (_, i) => short(i)),
  ];
}

/** The shortest possible makespan: every assignment of tasks to workers, searched exhaustively (fine for small n). */
export function bestMakespan(seconds: number[], workers: number): number {
  const loads: number[] = new Array(workers).fill(0);
  let best = Infinity;
  const place = (i: number) => {
    if (i === seconds.length) return void (best = Math.min(best, Math.max(...loads)));
    for (let w = 0; w < workers; w++) {
      loads[w] += seconds[i];
      if (loads[w] < best) place(i + 1);
      loads[w] -= seconds[i];
    }
  };
  place(0);
  return best;
}

/** (Under the lock.) Starts the workers, publishes the workload, and records when each worker started and finished each task. */
async function run(
  broker: Broker,
  tasks: Task[],
  name: string,
  how: string,
  env: Record<string, string>,
): Promise<Dispatch> {
  await withChannel(broker, (ch) => ch.deleteQueue(QUEUE));
  const workers = Array.from(
    { length: WORKER_COUNT },
    (_, i) => new Script(`worker ${i + 1}`, "part2/worker.ts", [], { AMQP_URL: broker.url, ...env }),
  );
  try {
    await Promise.all(workers.map((w) => w.waitFor(WAITING)));
    const spans: Span[] = [];
    let t0 = 0;
    let allDone = () => {};
    const finished = new Promise<void>((resolve) => (allDone = resolve));
    workers.forEach((script, worker) => {
      let current: Span | undefined;
      script.onLine(({ stream, text }) => {
        const now = performance.now() - t0;
        if (stream !== "stdout") return;
        if (text.startsWith("RECEIVED: ")) current = { worker, body: text.slice(10), start: now, end: now };
        if (text === DONE && current) {
          spans.push({ ...current, end: now });
          current = undefined;
          if (spans.length === tasks.length) allDone();
        }
      });
    });
    await withChannel(broker, async (ch) => {
      t0 = performance.now();
      for (const task of tasks) ch.sendToQueue(QUEUE, Buffer.from(task.body), { persistent: true });
    });
    const limit = tasks.reduce((sum, t) => sum + t.seconds, 10) * 1000;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      finished,
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`${name}: tasks not done`)), limit))),
    ]).finally(() => clearTimeout(timer));
    return { name, how, makespan: Math.max(...spans.map((s) => s.end)), spans };
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
    await withChannel(broker, (ch) => ch.deleteQueue(QUEUE));
  }
}

/** The workload run twice with the real workers: prefetch 1 (part2/worker.ts as it is), then round robin.
 * Also the demo's part 2 timeline. */
export function dispatchRuns(broker: Broker, tasks: Task[], progress: (text: string) => void): Promise<Dispatch[]> {
  // One hold of the lock for both runs: tests that use task_queue wait some seconds, the bench waits once.
  return locked(broker, [`queue:${QUEUE}`], async () => {
    progress(`fair dispatch: prefetch 1, ${tasks.length} tasks`);
    const fair = await run(broker, tasks, "prefetch 1", "part2/worker.ts as it is", {});
    progress(`fair dispatch: round robin`);
    const roundRobin = await run(broker, tasks, "round robin", "part2/worker.ts + engine/round-robin.ts", {
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --import tsx --import ${ROUND_ROBIN}`.trim(),
    });
    return [fair, roundRobin];
  });
}
