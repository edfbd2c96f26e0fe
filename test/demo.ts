// `npm run demo`: the whole lab, live. Runs each section's "Проверка работоспособности" (the same
// scenarios as the tests: test/scenarios/) with the real scripts as separate processes, and prints
// a transcript: a heading per section, every process's lines prefixed with its label, what the
// scenario does; then one line per section and the total time. Exits 1 if anything failed.
//   npm run demo                 all sections, in the lab's order
//   npm run demo -- --part 2     one part;  npm run demo -- --task 1   one graded task;
//   npm run demo -- --section part2   one section by its id (the list: test/scenarios/index.ts)
//   npm run demo -- --reset      delete the fixed names whatever they hold (test/lib/guard.ts); needed
//                                against a broker that is not on this machine
// Colours and a live status line on a terminal only; none when piped or under NO_COLOR.
import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import { brokerOrExit, type Broker } from "./lib/broker.ts";
import type { Script } from "./lib/proc.ts";
import { clearOrExit, ForeignError, namesOf, refuseRemote } from "./lib/guard.ts";
import { refusalOn, runScenario, whyNot, type Scenario, type Section } from "./lib/scenario.ts";
import { SECTIONS } from "./scenarios/index.ts";

/** The numbers N of the sections whose id is `${prefix}N`: the choices of --part and --task. */
const numbered = (prefix: string) =>
  SECTIONS.map((section) => section.id.match(new RegExp(`^${prefix}(\\d+)$`))?.[1]).flatMap((n) =>
    n ? [Number(n)] : [],
  );

const argv = yargs(hideBin(process.argv))
  .scriptName("npm run demo --")
  .usage(
    "$0 [--part N | --task N | --section ID] [--reset]\n\nRuns the lab's checks against RabbitMQ and prints what every script prints.",
  )
  .option("part", { type: "number", choices: numbered("part"), describe: "run one part of the lab" })
  .option("task", { type: "number", choices: numbered("task"), describe: "run one graded task" })
  .option("section", { type: "string", choices: SECTIONS.map((s) => s.id), describe: "run one section by its id" })
  .option("reset", {
    type: "boolean",
    default: false,
    describe:
      "delete the lab's queues and exchanges even if they hold what is not this run's; needed for a broker not on this machine",
  })
  .conflicts({ part: ["task", "section"], task: "section" })
  .strict()
  .version(false)
  .help()
  .parseSync();

// ---- output: colours and the live line only on a terminal ----
const tty = process.stdout.isTTY === true && process.env.TERM !== "dumb";
const colour = tty && !process.env.NO_COLOR;
const paint = (code: string) => (text: string) => (colour ? `\x1b[${code}m${text}\x1b[0m` : text);
const bold = paint("1");
const dim = paint("2");
const red = paint("31");
const green = paint("32");
const yellow = paint("33");
const LABEL_COLOURS = ["36", "35", "34", "33", "96", "95", "94"].map(paint);
/** `[label]`, in a colour of its own. */
const tag = (label: string) =>
  LABEL_COLOURS[[...label].reduce((sum, ch) => sum + ch.charCodeAt(0), 0) % LABEL_COLOURS.length]!(`[${label}]`);

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

let live: { text: string; since: number } | undefined; // what the live line says, and since when
const FRAMES = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏";
let frame = 0;
function drawLive() {
  if (!tty || !live) return;
  const width = (process.stdout.columns || 80) - 1; // a wrapped line could not be erased
  const text = `${FRAMES[frame++ % FRAMES.length]} ${seconds(performance.now() - live.since)} · ${live.text}`;
  process.stdout.write(`\r\x1b[K${dim([...text].slice(0, width).join(""))}`);
}
function eraseLive() {
  if (tty && live) process.stdout.write("\r\x1b[K");
}
const ticker = setInterval(drawLive, 100);
ticker.unref();

/** Prints a line of the transcript (above the live line). */
function print(text = "") {
  eraseLive();
  process.stdout.write(`${text}\n`);
  drawLive();
}

// ---- the transcript of one scenario ----
const quote = (arg: string) => (/^[\w.,:/=@+-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`);
const runner = { tsx: "npx tsx", node: "node", deno: "deno run -A" }[process.env.LAB_RUNTIME ?? "tsx"] ?? "?";

const running = new Set<Script>(); // this scenario's scripts, to stop if the demo is stopped

function started(script: Script) {
  running.add(script);
  const label = tag(script.label);
  const how = script.script.endsWith(".py") ? "python3" : runner;
  print(`  ${label} ${dim(`$ ${[how, script.script, ...script.args.map(quote)].join(" ")}`)}`);
  script.onLine((line) => print(`  ${label} ${line.stream === "stderr" ? red(line.text) : line.text}`));
  script.exited.then(
    (exit) => typeof exit.code === "number" && exit.code !== 0 && print(`  ${label} ${dim(`(exit ${exit.code})`)}`),
    (err) => print(`  ${label} ${red(`could not start: ${err.message}`)}`),
  );
}

type Outcome = "passed" | "refused" | "failed" | "skipped";

async function play(broker: Broker, section: Section, scenario: Scenario): Promise<Outcome> {
  print(bold(`▶ ${scenario.title}`));
  const why = await whyNot(broker, scenario);
  if (why) {
    print(yellow(`  – skipped: ${why}`));
    return "skipped";
  }
  const since = performance.now();
  live = { text: `${section.id} › ${scenario.title}`, since };
  try {
    const hooks = { started, step: (text: string) => print(dim(`  · ${text}`)) };
    await runScenario(broker, scenario, hooks, { reset: argv.reset });
    eraseLive();
    live = undefined;
    const took = seconds(performance.now() - since);
    // On RabbitMQ 4 the scenario checked that its scripts are refused, and they were.
    const refusal = refusalOn(broker, scenario);
    if (refusal) {
      print(yellow(`  ⊘ refused by ${rabbitmq}, as expected: ${refusal.why} (${took})`));
      return "refused";
    }
    print(green(`  ✓ passed in ${took}`));
    return "passed";
  } catch (err: any) {
    eraseLive();
    live = undefined;
    if (err instanceof ForeignError) abort(1, err.message); // not this scenario's failure: the demo stops
    const message = String(err?.message ?? err).split("\n");
    print(red(`  ✗ failed: ${message[0]}`));
    for (const line of message.slice(1, 20)) print(red(`    ${line}`));
    return "failed";
  } finally {
    running.clear();
  }
}

// ---- main ----
const wanted = argv.part ? `part${argv.part}` : argv.task ? `task${argv.task}` : argv.section;
const sections = SECTIONS.filter((section) => !wanted || section.id === wanted);

const names = namesOf(sections.flatMap((section) => section.scenarios));
refuseRemote(names, argv.reset, (line) => print(yellow(line)));
const broker = await brokerOrExit();
print(`${bold("broker:")} ${broker.how}, RabbitMQ ${broker.version}`);
await clearOrExit(broker, names, argv.reset);
const rabbitmq = `RabbitMQ ${broker.version.split(".").slice(0, 2).join(".")}`; // "RabbitMQ 4.3"
// Stopped midway (Ctrl+C, kill, or a closed pipe as in `| head`): stop the scripts too, then exit.
function abort(code: number, why?: string): never {
  for (const script of running) void script.stop("SIGKILL");
  eraseLive();
  if (why) console.error(`\n${why}`);
  process.exit(code);
}
process.once("SIGINT", () => abort(130, "interrupted"));
process.once("SIGTERM", () => abort(143, "terminated"));
process.stdout.on("error", () => abort(1)); // EPIPE: nobody reads any more

const start = performance.now();
const results: { section: Section; line: string; failed: boolean }[] = [];
const counts = { passed: 0, refused: 0, failed: 0, skipped: 0 };
for (const section of sections) {
  print();
  print(bold(`━━ ${section.ru}`));
  print(bold(`   ${section.title}`));
  const since = performance.now();
  const outcomes: Outcome[] = [];
  for (const scenario of section.scenarios) outcomes.push(await play(broker, section, scenario));
  const n = (outcome: Outcome) => outcomes.filter((o) => o === outcome).length;
  for (const outcome of ["passed", "refused", "failed", "skipped"] as const) counts[outcome] += n(outcome);
  const skipped = n("skipped") ? `, ${n("skipped")} skipped` : "";
  const refused = n("refused") ? `, ${n("refused")} refused by ${rabbitmq} as expected` : "";
  const why = section.scenarios.map((scenario) => refusalOn(broker, scenario)?.why).find(Boolean);
  const took = seconds(performance.now() - since);
  const line = n("failed")
    ? red(`✗ ${n("failed")} of ${outcomes.length} failed${refused}${skipped}, ${took}`)
    : n("passed")
      ? green(`✓ ${n("passed")} passed${refused}${skipped}, ${took}`)
      : n("refused")
        ? yellow(`⊘ refused by ${rabbitmq}: ${why}${skipped}, ${took}`)
        : yellow(`– ${n("skipped")} skipped`);
  results.push({ section, line, failed: n("failed") > 0 });
}

print();
print(bold("Summary"));
const width = Math.max(...results.map((r) => r.section.title.length));
for (const { section, line } of results) print(`  ${section.id}  ${section.title.padEnd(width)}  ${line}`);
const refusedAll = counts.refused ? `, ${counts.refused} refused by ${rabbitmq} as expected` : "";
print(`Demo: ${counts.passed} passed${refusedAll}, ${counts.failed} failed, ${counts.skipped} skipped`);
print(`Total time: ${seconds(performance.now() - start)}`);
await broker.dispose();
process.exit(results.some((r) => r.failed) ? 1 : 0);
