// The part 2 worker's own speed: dot-less tasks (no sleep at all) drained by part2/worker.ts and by
// the lab's pika worker, one at a time each, on the same broker and queue.
import { withChannel, type Broker } from "../../engine/broker.ts";
import { Script } from "../../engine/proc.ts";
import { DONE, WAITING } from "../../engine/expect.ts";
import { locked } from "../../engine/locked.ts";
import { fixed, int, type Report } from "./report.ts";

const QUEUE = "task_queue";

type Worker = { name: string; script: string };

/** (Under the lock.) Starts one worker, publishes `n` dot-less tasks, and times them until the worker printed `n` × "INFO: Done". */
async function drainTime(broker: Broker, worker: Worker, n: number): Promise<number> {
  await withChannel(broker, (ch) => ch.deleteQueue(QUEUE));
  const script = new Script(worker.name, worker.script, [], { AMQP_URL: broker.url });
  try {
    await script.waitFor(WAITING);
    let done = 0;
    let t0 = 0;
    let allDone = (_: number) => {};
    const finished = new Promise<number>((resolve) => (allDone = resolve));
    script.onLine(({ stream, text }) => {
      if (stream === "stdout" && text === DONE && ++done === n) allDone(performance.now() - t0);
    });
    void script.exited.then(() => allDone(Number.NaN)); // died before the end
    await withChannel(broker, async (ch) => {
      t0 = performance.now();
      for (let i = 0; i < n; i++) ch.sendToQueue(QUEUE, Buffer.from(`task ${i}`), { persistent: true });
    });
    const elapsed = await finished;
    if (Number.isNaN(elapsed)) throw new Error(`${worker.name} exited: ${script.stderr().join("\n")}`);
    return elapsed;
  } finally {
    await script.stop();
    await withChannel(broker, (ch) => ch.deleteQueue(QUEUE));
  }
}

const WORKERS: Worker[] = [
  { name: "part2/worker.ts", script: "part2/worker.ts" },
  { name: "lab's pika worker", script: "engine/pika/part2_worker.py" }, // the interop tests' copy of the lab's code
];

export async function drain(
  broker: Broker,
  n: number,
  rounds: number,
  progress: (text: string) => void,
): Promise<Report> {
  // The two workers take turns, round after round; each keeps its fastest round (best of `rounds`).
  const times = new Map<Worker, number[]>(WORKERS.map((w) => [w, []]));
  const errors = new Map<Worker, string>();
  await locked(broker, [`queue:${QUEUE}`], async () => {
    for (let round = 1; round <= rounds; round++)
      for (const worker of WORKERS) {
        if (errors.has(worker)) continue;
        progress(`drain: ${worker.name}, ${n} dot-less tasks, round ${round} of ${rounds}`);
        await drainTime(broker, worker, n).then(
          (ms) => times.get(worker)!.push(ms),
          (err) => errors.set(worker, String(err.message).split("\n")[0]),
        );
      }
  });
  const rows = WORKERS.map((w) => {
    const ms = errors.has(w) ? undefined : Math.min(...times.get(w)!);
    return {
      worker: w.name,
      script: w.script,
      tasks: n,
      runs: times.get(w)!,
      ms,
      rate: ms && (n / ms) * 1000,
      error: errors.get(w),
    };
  });
  const pika = rows[1].rate;
  const check = new Script("check pika", "engine/pika/check_pika.py");
  const version = (await check.exited).code === 0 ? check.stdout()[0] : "pika not found";
  return {
    name: "drain",
    data: { pika: version, rounds, rows },
    blocks: [
      { kind: "heading", text: "4. The part 2 worker against the lab's pika worker" },
      {
        kind: "text",
        text:
          `${int(n)} tasks without dots (no sleep) published at once to task_queue, one worker, prefetch 1 and an ack per task, ` +
          `timed from the first publish to the last "INFO: Done" it prints; best of ${rounds}, the two taking turns. The pika worker is the lab's code ` +
          `(engine/pika/part2_worker.py, ${version}) run with -u: each line written at once, as Node writes to a pipe.`,
      },
      {
        kind: "table",
        columns: ["worker", "tasks", "time", "tasks/s", "vs pika"],
        rows: rows.map((r) =>
          r.rate === undefined
            ? [r.worker, int(r.tasks), "–", "–", `not measured: ${r.error}`]
            : [r.worker, int(r.tasks), `${int(r.ms!)} ms`, int(r.rate), pika ? `${fixed(r.rate / pika, 2)}×` : "–"],
        ),
      },
    ],
  };
}
