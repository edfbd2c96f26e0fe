// "Start-up": each section's sender (engine/sections/index.ts), from spawn to exit (connect, declare, publish, close), against the same
// runtime started the same way that only loads amqplib. Rounds are interleaved, so a slow moment
// of the machine hits every row alike; each sender's broker objects are deleted before and after
// every run (under the lock), so each run starts as a student's first one does.
import { isRabbitMQ4, withChannel, type Broker } from "../../engine/broker.ts";
import { Script } from "../../engine/proc.ts";
import { SECTIONS } from "../../engine/sections/index.ts";
import { locked } from "../../engine/locked.ts";
import { fixed, median, type Report } from "./report.ts";

/** `refusedOn4`: its section's `onRabbitMQ4` (RabbitMQ 4 refuses its queue, so it cannot be timed there). */
type Sender = { script: string; args: string[]; queues?: string[]; exchanges?: string[]; refusedOn4?: boolean };

const BASELINE: Sender = { script: "commands/bench/bare.ts", args: [] };
const SENDERS: Sender[] = SECTIONS.map(({ sender, queues, exchanges, onRabbitMQ4 }) => ({
  ...sender,
  queues,
  exchanges,
  refusedOn4: onRabbitMQ4 !== undefined,
}));

async function clean(broker: Broker, sender: Sender) {
  await withChannel(broker, async (ch) => {
    for (const queue of sender.queues ?? []) await ch.deleteQueue(queue);
    for (const exchange of sender.exchanges ?? []) await ch.deleteExchange(exchange);
  });
}

/** (Under the lock.) Spawns the script once and returns the milliseconds from spawn to exit. */
async function once(broker: Broker, sender: Sender): Promise<number> {
  await clean(broker, sender);
  try {
    const start = performance.now();
    const script = new Script(sender.script, sender.script, sender.args, { AMQP_URL: broker.url });
    const exit = await script.exited;
    const elapsed = performance.now() - start;
    if (exit.code !== 0)
      throw new Error(`${sender.script} failed (${exit.signal ?? exit.code}): ${script.stderr().join(" ")}`);
    return elapsed;
  } finally {
    await clean(broker, sender);
  }
}

export async function startup(
  broker: Broker,
  { rounds, warmUp }: { rounds: number; warmUp: boolean },
  progress: (text: string) => void,
): Promise<Report> {
  const times = new Map<Sender, number[]>([BASELINE, ...SENDERS].map((s) => [s, []]));
  const failed = new Map<Sender, string>(); // a sender that fails is shown as such, not timed
  const run = async (sender: Sender) => {
    if (failed.has(sender)) return;
    await once(broker, sender).then(
      (ms) => times.get(sender)!.push(ms),
      (err) => failed.set(sender, String(err.message).split("\n")[0]),
    );
  };
  // One hold of the lock for every sender's names, for the whole section: the bench waits once.
  const names = SENDERS.flatMap((s) => [
    ...(s.queues ?? []).map((q) => `queue:${q}`),
    ...(s.exchanges ?? []).map((e) => `exchange:${e}`),
  ]);
  await locked(broker, names, async () => {
    if (warmUp) {
      progress(`start-up: warming up (one unmeasured run each: file system and tsx caches)`);
      for (const sender of times.keys()) await run(sender);
      for (const t of times.values()) t.length = 0;
    }
    for (let round = 1; round <= rounds; round++) {
      progress(`start-up: round ${round} of ${rounds}`);
      for (const sender of times.keys()) await run(sender);
    }
  });
  if (failed.has(BASELINE)) throw new Error(`the start-up baseline failed: ${failed.get(BASELINE)}`);
  const base = median(times.get(BASELINE)!);
  const rows = [...times].map(([s, t]) => ({
    script: s.script,
    args: s.args,
    medianMs: failed.has(s) ? undefined : median(t),
    minMs: failed.has(s) ? undefined : Math.min(...t),
    addsMs: failed.has(s) ? undefined : median(t) - base,
    runs: t,
    error: failed.get(s),
    refused: failed.has(s) && s.refusedOn4 && isRabbitMQ4(broker),
  }));
  const runtime = process.env.LAB_RUNTIME ?? "tsx";
  return {
    name: "startup",
    data: { runtime, rounds, warmUp, rows },
    blocks: [
      { kind: "heading", text: "3. Start-up: each sender, from start to exit" },
      {
        kind: "text",
        text:
          `Runtime: ${runtime === "tsx" ? `node ${process.version} --import tsx` : runtime} (LAB_RUNTIME), started as the ` +
          `tests start a script. Baseline: commands/bench/bare.ts, which only imports amqplib. ` +
          `${rounds} run${rounds === 1 ? "" : "s"} each, interleaved, ` +
          `${warmUp ? "after one unmeasured warm-up run" : "no warm-up run"}; "adds" = median minus the baseline's median.`,
      },
      {
        kind: "table",
        columns: ["script", "median", "min", "adds"],
        rows: rows.map((r) =>
          r.addsMs === undefined
            ? [
                [r.script, ...r.args].join(" "),
                "–",
                "–",
                `${r.refused ? "refused by RabbitMQ 4" : "failed"}: ${r.error}`,
              ]
            : [
                [r.script, ...r.args].join(" "),
                `${fixed(r.medianMs!)} ms`,
                `${fixed(r.minMs!)} ms`,
                r.script === BASELINE.script ? "–" : `${r.addsMs >= 0 ? "+" : ""}${fixed(r.addsMs)} ms`,
              ],
        ),
      },
    ],
  };
}
