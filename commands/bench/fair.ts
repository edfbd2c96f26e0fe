// "Fair dispatch" in the bench: the lab's part 2 check run twice with the real workers
// (engine/fair-dispatch.ts), prefetch 1 against round robin, drawn as timelines and compared with the best
// schedule possible for the workload.
import type { Broker } from "../../engine/broker.ts";
import {
  bestMakespan,
  dispatchRuns,
  QUEUE,
  WORKER_COUNT,
  type Dispatch,
  type Task,
} from "../../engine/fair-dispatch.ts";
import { fixed, type Block, type Report } from "./report.ts";

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
