// `npm run bench`: the lab's claims, measured on this machine's broker.
//   1. fair dispatch: prefetch 1 against round robin, with the real part 2 worker, drawn as timelines;
//   2. the cost of safety: publish and consume rates as persistence, confirms and acks come in;
//   3. start-up: each sender from start to exit, against the runtime that only loads amqplib;
//   4. the part 2 worker against the lab's pika worker on dot-less tasks;
//   5. beyond one broker: quorum against classic queues on a 3-node cluster and on one node, and the
//      cluster's failover time over several kills of the leader's node (nodes of its own, engine/rabbitmq/node.ts,
//      RabbitMQ 4.3 under LAB_BROKER=rabbitmq4);
//   6. `npm test` itself: the smoke suite's wall time, against its target of 90 s.
// Options: --quick (CI: smaller sizes, < 15 s without the cluster, which adds one to two minutes, and npm test, about half a minute), --json [file],
// --markdown [file] (stdout without a file), --only fair,safety,startup,drain,cluster,smoke, --reset (as the demo's:
// engine/guard.ts). Progress goes to stderr;
// every figure is measured in this run.
import { cpus, loadavg, release, totalmem } from "node:os";
import { writeFile } from "node:fs/promises";
import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import { brokerOrExit, withChannel } from "../engine/broker.ts";
import { clearOrExit, namesOf, refuseRemote } from "../engine/guard.ts";
import { SECTIONS } from "../engine/sections/index.ts";
import { workload } from "../engine/fair-dispatch.ts";
import { fairDispatch } from "./bench/fair.ts";
import { safety, SHARED_QUEUES } from "./bench/safety.ts";
import { startup } from "./bench/startup.ts";
import { drain } from "./bench/drain.ts";
import { lockWait } from "../engine/locked.ts";
import { cluster } from "./bench/quorum-cluster.ts";
import { smoke, SMOKE_TARGET_SECONDS } from "./bench/smoke.ts";
import { fixed, int, renderMarkdown, renderTerminal, type Block, type Report } from "./bench/report.ts";

const MEASURES = ["fair", "safety", "startup", "drain", "cluster", "smoke"] as const;
const argv = yargs(hideBin(process.argv))
  .scriptName("npm run bench --")
  .option("quick", {
    type: "boolean",
    default: false,
    describe: "smaller sizes, for CI (under 15 s; the cluster adds one to two minutes, npm test about half a minute)",
  })
  .option("json", { type: "string", describe: "write the figures as JSON to this file (stdout without one)" })
  .option("markdown", {
    type: "string",
    describe: "write Markdown for docs/benchmarks.md to this file (stdout without one)",
  })
  .option("only", {
    type: "string",
    describe: `run only these sections, comma-separated: ${MEASURES.join(",")}`,
    coerce: (list: string) => {
      const names = list.split(",").filter(Boolean);
      const unknown = names.filter((name) => !(MEASURES as readonly string[]).includes(name));
      if (unknown.length) throw new Error(`--only: unknown section ${unknown.join(", ")} (${MEASURES.join(", ")})`);
      return names;
    },
  })
  .option("reset", {
    type: "boolean",
    default: false,
    describe:
      "delete the names the bench uses (the lab's, bench_durable) even if they hold what is not this run's; needed for a broker not on this machine",
  })
  .strict()
  .parseSync();
if (argv.json === "" && argv.markdown === "") {
  console.error("--json and --markdown cannot both go to stdout: give one of them a file");
  process.exit(2);
}

// Sizes: every figure below is measured with these, in this run.
const SIZES = {
  quick: {
    fair: { longSeconds: 2, shorts: 2 },
    safety: { messages: 5_000, confirmEach: 300, batch: 100, rounds: 1 },
    startup: { rounds: 2, warmUp: false },
    drain: { tasks: 1_000, rounds: 1 },
    cluster: { messages: 2_000, batch: 100, rounds: 1, kills: 1 },
  },
  full: {
    fair: { longSeconds: 4, shorts: 4 },
    safety: { messages: 20_000, confirmEach: 1_000, batch: 100, rounds: 2 },
    startup: { rounds: 5, warmUp: true },
    drain: { tasks: 3_000, rounds: 3 },
    cluster: { messages: 10_000, batch: 100, rounds: 3, kills: 5 },
  },
};
const sizes = argv.quick ? SIZES.quick : SIZES.full;
const only = new Set<string>(argv.only ?? MEASURES);
if (only.has("fair") && process.env.LAB_RUNTIME === "deno") {
  // The round-robin run preloads engine/round-robin.ts through NODE_OPTIONS, which Deno ignores.
  console.error("fair dispatch needs Node (LAB_RUNTIME tsx or node); with deno, add --only safety,startup,drain");
  process.exit(2);
}
const startedAt = performance.now();
const progress = (text: string) => console.error(`[${fixed((performance.now() - startedAt) / 1000)} s] ${text}`);

// Nothing that is not ours (engine/guard.ts, as for the tests and the demo): the names the chosen measures
// delete are checked first. Start-up runs every section's sender; fair dispatch and drain use task_queue.
const sections = namesOf(SECTIONS.flatMap((section) => section.scenarios));
const names = {
  queues: [
    ...(only.has("startup") ? sections.queues : only.has("fair") || only.has("drain") ? ["task_queue"] : []),
    ...(only.has("safety") ? SHARED_QUEUES : []),
  ],
  exchanges: only.has("startup") ? sections.exchanges : [],
};
refuseRemote(names, argv.reset, (line) => console.error(line));
const broker = await brokerOrExit();
await clearOrExit(broker, names, argv.reset);

const server = await withChannel(broker, async (ch) => ch.connection.serverProperties);
const cpu = cpus();
const machine = {
  cores: cpu.length,
  cpu: cpu[0]?.model.trim() ?? "unknown",
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  os: `${process.platform} ${release()}`,
  node: process.version,
  loadAtStart: loadavg()[0], // other work on the machine makes every figure noisier
};
const brokerInfo = { product: server.product, version: server.version, platform: server.platform, how: broker.how };

const reports: Report[] = [];
try {
  if (only.has("fair"))
    reports.push(await fairDispatch(broker, workload(sizes.fair.longSeconds, sizes.fair.shorts), progress));
  if (only.has("safety")) reports.push(await safety(broker, sizes.safety, progress));
  if (only.has("startup")) reports.push(await startup(broker, sizes.startup, progress));
  if (only.has("drain")) reports.push(await drain(broker, sizes.drain.tasks, sizes.drain.rounds, progress));
  if (only.has("cluster"))
    reports.push(await cluster(sizes.cluster, broker.kind === "rabbitmq4" ? "4.3" : "3", progress));
  if (only.has("smoke")) reports.push(await smoke(broker, argv.reset, progress));
} finally {
  await broker.dispose();
}
const totalSeconds = (performance.now() - startedAt) / 1000;
progress("done");

// The issues' targets, next to what this run measured (shown, never asserted).
const data = Object.fromEntries(reports.map((r) => [r.name, r.data])) as any;
const targets: string[][] = [];
const verdict = (ok: boolean) => (ok ? "yes" : "no");
/** One row of the targets table; `value` undefined when that figure was not measured. */
function target(name: string, value: number | undefined, show: (v: number) => string, met: (v: number) => boolean) {
  targets.push(
    value === undefined || Number.isNaN(value) ? [name, "not measured", "–"] : [name, show(value), verdict(met(value))],
  );
}
if (data.fair) {
  const [fair, rr] = data.fair.runs;
  const best = data.fair.bestSeconds * 1000;
  const vsBest = (v: number) => `${fixed(v, 2)}× best`;
  target("prefetch 1 makespan within 10 % of the best", fair.makespan / best, vsBest, (v) => v <= 1.1);
  target(
    "round robin visibly worse (> 1.1× prefetch 1)",
    rr.makespan / best,
    vsBest,
    (v) => v > (fair.makespan / best) * 1.1,
  );
}
if (data.safety) {
  const p100 = data.safety.rows.find((r: any) => r.name === "manual ack, prefetch 100");
  target(
    "manual ack, prefetch 100 ≥ 30,000 msg/s",
    p100?.rate,
    (v) => `${int(v)} msg/s`,
    (v) => v >= 30_000,
  );
}
if (data.startup) {
  const measured = data.startup.rows.filter(
    (r: any) => r.addsMs !== undefined && r.script !== "commands/bench/bare.ts",
  );
  const part1 = measured.find((r: any) => r.script === "part1/send.ts");
  const worst = measured.reduce((a: any, b: any) => (a && a.addsMs >= b.addsMs ? a : b), undefined);
  target(
    "part1/send.ts adds ≤ 30 ms",
    part1?.addsMs,
    (v) => `${fixed(v)} ms`,
    (v) => v <= 30,
  );
  target(
    "every sender adds ≤ 30 ms",
    worst?.addsMs,
    (v) => `worst ${worst.script}: ${fixed(v)} ms`,
    (v) => v <= 30,
  );
}
if (data.drain) {
  const [ts, pika] = data.drain.rows;
  target(
    "part 2 worker ≥ 1.5× the pika worker",
    ts.rate / pika.rate,
    (v) => `${fixed(v, 2)}×`,
    (v) => v >= 1.5,
  );
}
if (data.cluster) {
  target(
    "cluster: no confirmed task lost, over every kill",
    data.cluster.failover.lost,
    (v) =>
      `${v} lost in ${data.cluster.failover.kills.length} kill${data.cluster.failover.kills.length === 1 ? "" : "s"}`,
    (v) => v === 0,
  );
}

if (data.smoke) {
  target(
    `npm test green in ≤ ${SMOKE_TARGET_SECONDS} s`,
    data.smoke.code === 0 ? data.smoke.seconds : Number.NaN,
    (v) => `${fixed(v)} s`,
    (v) => v <= SMOKE_TARGET_SECONDS,
  );
}

const header: Block[] = [
  {
    kind: "text",
    text:
      `Machine: ${machine.cores} cores, ${machine.cpu}, ${machine.memoryGiB} GiB, ${machine.os}; Node ${machine.node}; ` +
      `load average ${fixed(machine.loadAtStart, 2)} at the start. ` +
      `Broker: ${brokerInfo.product} ${brokerInfo.version} on ${brokerInfo.platform} (${brokerInfo.how}). ` +
      `Run: ${argv.quick ? "--quick" : "default sizes"}, ${fixed(totalSeconds)} s in all` +
      (lockWait.ms > 500
        ? `, of which ${fixed(lockWait.ms / 1000)} s waiting for tests that held the same names.`
        : "."),
  },
];
const footer: Report = {
  name: "targets",
  data: targets,
  blocks: [
    { kind: "heading", text: "The project's targets, against this run" },
    { kind: "table", columns: ["target", "measured", "met"], rows: targets },
  ],
};
const all = [...reports, footer];
const json = JSON.stringify(
  {
    date: new Date().toISOString(),
    quick: argv.quick,
    seconds: totalSeconds,
    lockWaitSeconds: lockWait.ms / 1000,
    machine,
    broker: brokerInfo,
    sizes,
    ...data,
    targets: targets.map(([target, measured, met]) => ({ target, measured, met })),
  },
  (_, value) => (typeof value === "number" ? Math.round(value * 1000) / 1000 : value),
  2,
);

if (argv.json) await writeFile(argv.json, json + "\n");
if (argv.markdown) await writeFile(argv.markdown, renderMarkdown(all, header));
if (argv.json === "") process.stdout.write(json + "\n");
else if (argv.markdown === "") process.stdout.write(renderMarkdown(all, header));
else process.stdout.write(renderTerminal(all, header));
