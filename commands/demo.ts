// `npm run demo`: the whole lab, live. Runs each section's "Проверка работоспособности" (the same
// scenarios as the tests: engine/sections/) with the real scripts as separate processes, and prints
// a transcript: a heading per section, every process's lines prefixed with its label, what the
// scenario does; then one line per section and the total time. Exits 1 if anything failed.
//   npm run demo                 all sections, in the lab's order
//   npm run demo -- --part 2     one part (--part 1 3: several);  npm run demo -- --task 1   one graded task;
//   npm run demo -- --section part2   a section by its id (the list: engine/sections/index.ts)
//   npm run demo -- --reset      delete the fixed names whatever they hold (engine/guard.ts); needed
//                                against a broker that is not on this machine
//   npm run demo -- --html report.html   also write the run as one page (prints to PDF): per section the
//                                commands, the transcript, the topology drawn from the broker, part 2's timeline
//   npm run demo -- --lang ru    the demo's own words in Russian (the default when LANG is Russian)
// Parts 1-5 start with their topology: the section's receivers as the lab starts them, drawn from the
// management API (engine/topology/); without the API the demo says so once and runs without pictures.
// Colours and a live status line on a terminal only; none when piped or under NO_COLOR.
import { existsSync, rmSync } from "node:fs";
import { appendFile, mkdir, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import { brokerOrExit, type Broker } from "../engine/broker.ts";
import type { Script } from "../engine/proc.ts";
import { clearOrExit, ForeignError, namesOf, refuseRemote } from "../engine/guard.ts";
import { PROBE, type Hooks } from "../engine/context.ts";
import { refusalOn, runScenario, whyNot } from "../engine/scenario.ts";
import { type Scenario, type Section } from "../engine/section.ts";
import { SECTIONS } from "../engine/sections/index.ts";
import { dispatchRuns, workload } from "../engine/fair-dispatch.ts";
import {
  draw,
  langFromEnv,
  LABELS,
  renderReport,
  renderTimeline,
  type Lang,
  type ReportSection,
} from "../engine/topology/index.ts";
import type { TranscriptLine } from "../engine/topology/report.ts";
import { apiFor, LIVE_SECTIONS, withSection } from "../engine/live-topology.ts";

/** The numbers N of the sections whose id is `${prefix}N`: the choices of --part and --task. */
const numbered = (prefix: string) =>
  SECTIONS.map((section) => section.id.match(new RegExp(`^${prefix}(\\d+)$`))?.[1]).flatMap((n) =>
    n ? [Number(n)] : [],
  );

const argv = yargs(hideBin(process.argv))
  .scriptName("npm run demo --")
  .usage(
    "$0 [--part N... --task N... --section ID...] [--html FILE] [--lang en|ru] [--reset]\n\nRuns the lab's checks against RabbitMQ and prints what every script prints.",
  )
  .option("part", { type: "number", array: true, choices: numbered("part"), describe: "run these parts of the lab" })
  .option("task", { type: "number", array: true, choices: numbered("task"), describe: "run these graded tasks" })
  .option("section", {
    type: "string",
    array: true,
    choices: SECTIONS.map((s) => s.id),
    describe: "run sections by id",
  })
  .option("reset", {
    type: "boolean",
    default: false,
    describe:
      "delete the lab's queues and exchanges even if they hold what is not this run's; needed for a broker not on this machine",
  })
  .option("html", {
    type: "string",
    requiresArg: true,
    describe: "also write the run as one self-contained page (prints to PDF), e.g. report.html",
  })
  .option("lang", {
    choices: ["en", "ru"] as const,
    default: langFromEnv(),
    describe: "the demo's own words and the page's labels: English or Russian (default: from LANG)",
  })
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

const lang: Lang = argv.lang;
const L = LABELS[lang];
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} ${L.seconds}`;

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

// The section's transcript for --html: every line printed, with its time from the section's start.
let transcript: TranscriptLine[] = [];
let sectionStart = 0;
const record = (line: Omit<TranscriptLine, "at">) => transcript.push({ at: performance.now() - sectionStart, ...line });
/** A line a script prints about a check's own message (Context.routes), e.g. "RECEIVED: probe". */
const isProbe = (text: string) => text === PROBE || text.endsWith(`: ${PROBE}`);

function started(script: Script) {
  running.add(script);
  const label = tag(script.label);
  const how = script.script.endsWith(".py") ? "python3" : runner;
  const command = [how, script.script, ...script.args.map(quote)].join(" ");
  print(`  ${label} ${dim(`$ ${command}`)}`);
  record({ label: script.label, kind: "command", text: command });
  script.onLine(({ stream, text }) => {
    const probe = isProbe(text);
    print(`  ${label} ${stream === "stderr" ? red(text) : text}${probe ? dim(`  ← ${L.probe}`) : ""}`);
    record({ label: script.label, kind: stream, text, probe });
  });
  script.exited.then(
    (exit) => {
      if (typeof exit.code !== "number" || exit.code === 0) return;
      print(`  ${label} ${dim(`(exit ${exit.code})`)}`);
      record({ label: script.label, kind: "stdout", text: `(exit ${exit.code})` });
    },
    (err) => print(`  ${label} ${red(`could not start: ${err.message}`)}`),
  );
}
function step(text: string, probe = false) {
  print(dim(`  · ${text}`));
  record({ kind: "step", text, probe });
}
/** A scenario's verdict: printed in colour, recorded plain. */
function result(text: string, colourOf: (text: string) => string, failed = false) {
  print(colourOf(`  ${text}`));
  record({ kind: "result", text, failed });
}
const hooks: Hooks = { started, step };

type Outcome = "passed" | "refused" | "failed" | "skipped";

async function play(broker: Broker, section: Section, scenario: Scenario): Promise<Outcome> {
  print(bold(`▶ ${scenario.title}`));
  record({ kind: "result", text: `▶ ${scenario.title}` });
  const why = await whyNot(broker, scenario);
  if (why) {
    result(`– ${L.skipped}: ${why}`, yellow);
    return "skipped";
  }
  const since = performance.now();
  live = { text: `${section.id} › ${scenario.title}`, since };
  try {
    await runScenario(broker, scenario, hooks, { reset: argv.reset });
    eraseLive();
    live = undefined;
    const took = seconds(performance.now() - since);
    // On RabbitMQ 4 the scenario checked that its scripts are refused, and they were.
    const refusal = refusalOn(broker, scenario);
    if (refusal) {
      result(`⊘ ${L.refusedBy(rabbitmq)}, ${L.asExpected}: ${refusal.why} (${took})`, yellow);
      return "refused";
    }
    result(`✓ ${L.passed}, ${took}`, green);
    return "passed";
  } catch (err: any) {
    eraseLive();
    live = undefined;
    if (err instanceof ForeignError) abort(1, err.message); // not this scenario's failure: the demo stops
    const message = String(err?.message ?? err).split("\n");
    result(`✗ ${L.failed}: ${message[0]}`, red, true);
    for (const line of message.slice(1, 20)) print(red(`    ${line}`));
    return "failed";
  } finally {
    running.clear();
  }
}

// ---- main ----
// The page's file (relative to where npm was run), opened now without truncating it: a path that cannot be
// written fails before the run. Made by this run and the run stopped before writing it: removed again.
const page = argv.html && resolve(process.env.INIT_CWD ?? process.cwd(), argv.html);
let madeHere = page && !existsSync(page);
if (page)
  await mkdir(dirname(page), { recursive: true })
    .then(() => appendFile(page, ""))
    .catch((err: Error) => {
      console.error(`ERROR: cannot write the page ${page}: ${err.message}`);
      process.exit(2);
    });
// Sections asked for by --part, --task or --section (any mix), in the lab's order; none asked: all.
const wanted = [
  ...(argv.part ?? []).map((n) => `part${n}`),
  ...(argv.task ?? []).map((n) => `task${n}`),
  ...(argv.section ?? []),
];
const sections = SECTIONS.filter((section) => !wanted.length || wanted.includes(section.id));

const names = namesOf(sections.flatMap((section) => section.scenarios));
refuseRemote(names, argv.reset, (line) => print(yellow(line)));
const broker = await brokerOrExit();
print(`${bold("broker:")} ${broker.how}, RabbitMQ ${broker.version}`);
await clearOrExit(broker, names, argv.reset);
const rabbitmq = `RabbitMQ ${broker.version.split(".").slice(0, 2).join(".")}`; // "RabbitMQ 4.3"
// Stopped midway (Ctrl+C, kill, or a closed pipe as in `| head`): stop the scripts too, then exit.
function abort(code: number, why?: string): never {
  for (const script of running) void script.stop("SIGKILL");
  if (page && madeHere) rmSync(page, { force: true });
  eraseLive();
  if (why) console.error(`\n${why}`);
  process.exit(code);
}
process.once("SIGINT", () => abort(130, "interrupted"));
process.once("SIGTERM", () => abort(143, "terminated"));
process.stdout.on("error", () => abort(1)); // EPIPE: nobody reads any more

// Pictures need the management API: asked once; without it, one line and no pictures.
const drawn = sections.some((section) => LIVE_SECTIONS.some((l) => l.id === section.id));
const noApi = live
  ? await apiFor(broker)
      .get("/overview")
      .then(
        () => undefined,
        (err: Error) => err.message,
      )
  : "";
if (noApi) print(yellow(`${L.noPicture}: ${noApi.split("\n")[0]}`));

/** Parts 1-5: the section's receivers started as the lab says, and what they declared, drawn (terminal and SVG). */
async function picture(section: Section): Promise<string | undefined> {
  const liveSection = LIVE_SECTIONS.find((l) => l.id === section.id);
  if (!liveSection || noApi) return undefined;
  print(bold(`▶ ${L.pictureStep}`));
  record({ kind: "result", text: `▶ ${L.pictureStep}` });
  const order = liveSection.receivers.map((r) => r.label);
  try {
    const topology = await withSection(broker, liveSection, async ({ topology }) => topology, hooks);
    if (!topology) {
      // On RabbitMQ 4 the receivers of a section it refuses (part 1) were refused, as checked: nothing to draw.
      const why = section.scenarios.map((scenario) => refusalOn(broker, scenario)?.why).find(Boolean);
      result(`– ${L.noPicture}: ${L.refusedBy(rabbitmq)}: ${why}`, yellow);
      return undefined;
    }
    for (const line of draw(topology, "terminal", { lang, colour, order }).split("\n")) print(`    ${line}`);
    return draw(topology, "svg", { lang, order, id: section.id });
  } catch (err: any) {
    result(`– ${L.noPicture}: ${String(err?.message ?? err).split("\n")[0]}`, yellow);
    return undefined;
  } finally {
    running.clear();
  }
}

/** Part 2's timeline for the page: the benchmark's fair-dispatch runs, drawn. */
async function timeline(): Promise<string | undefined> {
  print(bold(`▶ ${L.timelineStep}`));
  record({ kind: "result", text: `▶ ${L.timelineStep}` });
  try {
    const runs = await dispatchRuns(broker, workload(3, 4), (text) => step(text));
    return renderTimeline(runs, { lang, id: "fair" });
  } catch (err: any) {
    result(`✗ ${L.failed}: ${String(err?.message ?? err).split("\n")[0]}`, red, true);
    return undefined;
  }
}

const start = performance.now();
const results: { section: Section; line: string; failed: boolean }[] = [];
const pages: ReportSection[] = [];
const counts = { passed: 0, refused: 0, failed: 0, skipped: 0 };
for (const section of sections) {
  print();
  print(bold(`━━ ${section.ru}`));
  print(bold(`   ${section.title}`));
  transcript = [];
  sectionStart = performance.now();
  const topology = await picture(section);
  const outcomes: Outcome[] = [];
  for (const scenario of section.scenarios) outcomes.push(await play(broker, section, scenario));
  const fair = page && section.id === "part2" ? await timeline() : undefined;
  const n = (outcome: Outcome) => outcomes.filter((o) => o === outcome).length;
  for (const outcome of ["passed", "refused", "failed", "skipped"] as const) counts[outcome] += n(outcome);
  const skipped = n("skipped") ? `, ${n("skipped")} ${L.skipped}` : "";
  const refused = n("refused") ? `, ${n("refused")} ${L.refusedBy(rabbitmq)}, ${L.asExpected}` : "";
  const why = section.scenarios.map((scenario) => refusalOn(broker, scenario)?.why).find(Boolean);
  const took = seconds(performance.now() - sectionStart);
  const failed = n("failed") > 0 || transcript.some((line) => line.failed);
  const [text, colourOf] = n("failed")
    ? [`✗ ${n("failed")} ${L.of} ${outcomes.length} ${L.failed}${refused}${skipped}, ${took}`, red]
    : n("passed")
      ? [`✓ ${n("passed")} ${L.passed}${refused}${skipped}, ${took}`, green]
      : n("refused")
        ? [`⊘ ${L.refusedBy(rabbitmq)}: ${why}${skipped}, ${took}`, yellow]
        : [`– ${n("skipped")} ${L.skipped}`, yellow];
  results.push({ section, line: colourOf(text), failed });
  // Every command the section ran, once each: the picture's receivers first, then the checks'.
  const commands = [...new Set(transcript.filter((line) => line.kind === "command").map((line) => line.text))];
  pages.push({
    id: section.id,
    ru: section.ru,
    en: section.title,
    commands,
    transcript,
    topology,
    timeline: fair,
    summary: text,
    failed,
  });
}

print();
print(bold(L.summary));
const width = Math.max(...results.map((r) => r.section.title.length));
for (const { section, line } of results) print(`  ${section.id}  ${section.title.padEnd(width)}  ${line}`);
const refusedAll = counts.refused ? `, ${counts.refused} ${L.refusedBy(rabbitmq)}, ${L.asExpected}` : "";
print(`Demo: ${counts.passed} ${L.passed}${refusedAll}, ${counts.failed} ${L.failed}, ${counts.skipped} ${L.skipped}`);
print(`${L.totalTime}: ${seconds(performance.now() - start)}`);
if (page) {
  const generated = new Date().toISOString().slice(0, 16).replace("T", " ") + " UTC";
  await writeFile(page, renderReport(pages, { lang, broker: `${broker.how}, RabbitMQ ${broker.version}`, generated }));
  madeHere = false; // written: it stays, whatever happens next
  print(`${L.reportWritten}: ${page}`);
}
await broker.dispose();
process.exit(results.some((r) => r.failed) ? 1 : 0);
