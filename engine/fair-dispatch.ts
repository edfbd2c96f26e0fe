// "Fair dispatch": the lab's part 2 check (one long task, then several short ones, two workers)
// with the real part2/worker.ts, once as it is (prefetch 1) and once as plain round robin, each
// drawn as a timeline and compared with the best schedule possible for the workload.
import { withChannel, type Broker } from "./broker.ts";
import { Script } from "./proc.ts";
import { DONE, WAITING } from "./expect.ts";
import { locked } from "./locked.ts";
import { fixed, type Block, type Report } from "../commands/bench/report.ts";

const QUEUE = "task_queue"; // the worker's own queue: the lock keeps the part 2 tests away meanwhile
const WORKER_COUNT = 2;
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
function bestMakespan(seconds: number[], workers: number): number {
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

/** One row per worker: each task as a bar [name===] from its start to its end, same scale for every run. */
function timeline(run: Dispatch, perSecond: number, span: number): string[] {
  const width = Math.ceil((span / 1000) * perSecond) + 1;
  const rows = Array.from({ length: WORKER_COUNT }, () => new Array<string>(width).fill(" "));
  for (const s of run.spans) {
    const from = Math.round((s.start / 1000) * perSecond);
    const cells = Math.max(1, Math.round((s.end / 1000) * perSecond) - from);
    const name = s.body.replace(/\.+$/, "");
    const bar = cells >= 3 ? `[${name.slice(0, cells - 2).padEnd(cells - 2, "=")}]` : "#".repeat(cells);
    rows[s.worker].splice(from, cells, ...bar);
  }
  const axis = new Array<string>(width + 2).fill(" ");
  for (let k = 0; k * perSecond < width; k++) axis.splice(Math.round(k * perSecond), String(k).length, ...String(k));
  return [
    ...rows.map((cells, w) => `worker ${w + 1} |${cells.join("").trimEnd()}`),
    `         +${axis.join("").trimEnd()} s`,
  ];
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

export async function fairDispatch(broker: Broker, tasks: Task[], progress: (text: string) => void): Promise<Report> {
  const best = bestMakespan(
    tasks.map((t) => t.seconds),
    WORKER_COUNT,
  );
  const runs = await dispatchRuns(broker, tasks, progress);
  const longest = Math.max(...runs.map((r) => r.makespan));
  const perSecond = Math.max(4, Math.floor(64 / (longest / 1000)));
  const blocks: Block[] = [
    { kind: "heading", text: "1. Fair dispatch (part 2: prefetch 1 against round robin)" },
    {
      kind: "text",
      text:
        `Workload: ${tasks.map((t) => `"${t.body}"`).join(", ")}, published at once to ${QUEUE}, ` +
        `${WORKER_COUNT} workers; 1 dot = 1 s of real time, as the worker's contract says. Best possible makespan ` +
        `(every assignment tried): ${best} s. Round robin is the same worker file with prefetch(1) turned into ` +
        `prefetch(0) and its callback run one message at a time, as pika does (engine/round-robin.ts).`,
    },
    {
      kind: "table",
      columns: ["run", "worker file", "makespan", "best", "vs best"],
      rows: runs.map((r) => [
        r.name,
        r.how,
        `${fixed(r.makespan / 1000, 2)} s`,
        `${best} s`,
        `${fixed(r.makespan / 1000 / best, 2)}×`,
      ]),
    },
    {
      kind: "pre",
      lines: runs
        .flatMap((r) => [
          `${r.name}: makespan ${fixed(r.makespan / 1000, 2)} s`,
          ...timeline(r, perSecond, longest),
          "",
        ])
        .slice(0, -1),
    },
  ];
  return { name: "fair", data: { tasks, workers: WORKER_COUNT, bestSeconds: best, runs }, blocks };
}
