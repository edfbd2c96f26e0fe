// `npm run check`: the lab's checks against any student's programs, judged by what the broker sees (docs/check.md).
//   npm run check -- task2 --variant 3 --send "python3 new_task.py" --worker "python3 worker.py"
//   npm run check -- part4 --send "python3 emit_log_direct.py" --receive "python3 receive_logs_direct.py"
//   npm run check -- task1 --ticket 17 --group ikbo-01 --surname ivanov --send "node send.js" --receive "node receive.js"
// One line per check (pass, fail or not run: what was expected, what was seen), a summary line, exit 0 only when all
// pass (1 otherwise, 2 for a usage error or a broker it cannot use). --json for a grading script, --html FILE for the
// demo's page with the commands and the transcript, --lang ru (or a Russian LANG), --verbose for the transcript.
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import { reachBroker, type Broker } from "../engine/broker.ts";
import { ForeignError } from "../engine/guard.ts";
import { abortCheck, runCheck } from "../engine/check/run.ts";
import { CHECKABLE, planOf } from "../engine/check/plans.ts";
import { langFromEnv, renderReport, type Lang } from "../engine/topology/index.ts";
import { CHECK_WORDS, resultLine, summaryLine, toJson } from "../engine/check/report.ts";

const cwd = process.env.INIT_CWD ?? process.cwd(); // where the teacher ran npm: the programs' paths are from there
const usage = (message: string): never => {
  console.error(`ERROR: ${message} (npm run check -- --help)`);
  process.exit(2);
};

const argv = yargs(hideBin(process.argv))
  .scriptName("npm run check --")
  .usage(
    '$0 <section> --send "CMD" --receive "CMD" [--variant N | --ticket N] [--group G --surname S] [--json] [--html FILE] [--lang en|ru] [--container NAME] [--reset]\n\n' +
      "Runs the lab's checks of <section> (part1 … part5, task1, task2) against a student's programs, on the broker they reach (AMQP_URL, else localhost:5672), and judges them by what the broker sees.",
  )
  .option("send", {
    type: "string",
    describe: 'the sender\'s command line, e.g. "python3 send.py": the message comes after it',
  })
  .option("receive", {
    type: "string",
    alias: "worker",
    describe: "the receiver's (or worker's) command line: its binding keys come after it",
  })
  .option("variant", { type: "number", choices: [1, 2, 3], describe: "the task's variant" })
  .option("ticket", { type: "string", describe: "or the ticket's number: its last digit % 3 is the variant (0 is 3)" })
  .option("group", { type: "string", describe: "task 1: the queue is <group>_<surname>" })
  .option("surname", { type: "string" })
  .option("json", { type: "boolean", default: false, describe: "print one JSON object instead of lines" })
  .option("html", { type: "string", describe: "also write the check as one page, e.g. check.html" })
  .option("lang", { choices: ["en", "ru"] as const, default: langFromEnv(), describe: "the check's own words" })
  .option("container", {
    type: "string",
    describe: "the Docker container the broker runs in (restarted and read with docker exec)",
  })
  .option("reset", {
    type: "boolean",
    default: false,
    describe: "delete the lab's names for this section whatever they hold",
  })
  .option("timeout", {
    type: "number",
    default: 30,
    describe: "seconds a sender may take to end, and a receiver to start consuming",
  })
  .option("verbose", { type: "boolean", default: false, describe: "print what the programs print, as they print it" })
  .version(false)
  .strictOptions()
  .fail((message, err) => usage(message ?? err?.message))
  .help()
  .parseSync();

const lang: Lang = argv.lang;
const W = CHECK_WORDS[lang];
const section = String(argv._[0] ?? "");
if (!(section in CHECKABLE)) usage(`name a section: ${Object.keys(CHECKABLE).join(", ")}`);
if (argv._.length > 1) usage(`one section at a time, not ${argv._.join(" ")}`);
if (!argv.send?.trim()) usage('give the sender\'s command line: --send "python3 send.py"');
if (!argv.receive?.trim()) usage("give the receiver's (or worker's) command line: --receive \"python3 receive.py\"");
if (!(argv.timeout > 0)) usage("--timeout takes seconds, e.g. 30");
if (argv.ticket !== undefined && !/^\d+$/.test(argv.ticket)) usage("--ticket takes the ticket's number, e.g. 17");
const variants = CHECKABLE[section]!;
const variant = argv.variant ?? (argv.ticket === undefined ? undefined : Number(argv.ticket.at(-1)) % 3 || 3);
if (variants.length && variant === undefined) usage(`${section} has variants: give --variant 1, 2 or 3, or --ticket`);
if (!variants.length && variant !== undefined) usage(`${section} has no variants`);
if (section === "task1" && (!argv.group?.trim() || !argv.surname?.trim()))
  usage("task1's queue is <group>_<surname>: give --group and --surname");

const plan = planOf({ section, variant, group: argv.group?.trim(), surname: argv.surname?.trim() });
const programs = { send: argv.send!, receive: argv.receive! };
const page = argv.html && resolve(cwd, argv.html);
if (page)
  await mkdir(dirname(page), { recursive: true }).catch((err: Error) => usage(`cannot write ${page}: ${err.message}`));

let broker: Broker;
try {
  broker = await reachBroker(argv.container);
} catch (err: any) {
  console.error(`ERROR: ${err.message}`);
  process.exit(2);
}
if (!broker.ctl)
  usage(
    `the check reads the broker's queues with rabbitmqctl, which cannot reach ${broker.how}: run it on the broker's machine, or name its Docker container with --container`,
  );
const out = (line: string) => !argv.json && console.log(line);
out(`${W.check}: ${lang === "ru" ? plan.ru : plan.en}`);
out(`${W.broker}: ${broker.how}, RabbitMQ ${broker.version}`);
out(`${W.programs}: send = ${programs.send} · receive = ${programs.receive}`);
out(W.says(plan.restarts));

// Ctrl+C, a kill or a closed pipe: the programs ended and what they created deleted, then out (the check's own end,
// if it comes meanwhile, prints nothing: this exit is the one).
let interrupted = false;
const interrupt = (code: number) => {
  interrupted = true;
  void abortCheck()
    .catch((err: Error) => console.error(`ERROR: ${err.message}`))
    .finally(() => process.exit(code));
};
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const)
  process.once(signal, () => interrupt(signal === "SIGINT" ? 130 : 143));
process.stdout.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code !== "EPIPE") console.error(`ERROR: cannot write the output: ${err.code ?? err.message}`);
  interrupt(err.code === "EPIPE" ? 0 : 1); // | head has read enough: fine; a full disk is not
});

let result;
try {
  result = await runCheck(broker as Broker & Required<Pick<Broker, "ctl">>, plan, programs, {
    lang,
    cwd,
    reset: argv.reset,
    bound: argv.timeout * 1000,
    say: (line) =>
      argv.verbose &&
      !argv.json &&
      line.kind !== "result" &&
      console.log(`  ${line.label ? `[${line.label}] ` : ""}${line.text}`),
  });
} catch (err: any) {
  console.error(
    `ERROR: ${err instanceof ForeignError ? `${err.message} (run with --reset to delete it)` : err.message}`,
  );
  process.exit(2);
}
if (interrupted) await new Promise(() => {}); // the interrupt's exit comes
const { verdicts, transcript, ms } = result;
for (const v of verdicts) out(resultLine(v, lang));
out(summaryLine(verdicts, ms, lang));
if (argv.json)
  console.log(
    JSON.stringify(
      toJson({ section, variant, group: argv.group, surname: argv.surname, programs, broker, verdicts, ms }),
      null,
      2,
    ),
  );
if (page) {
  const failed = verdicts.some((v) => v.status !== "pass");
  const lines = [
    ...transcript,
    ...verdicts.map((v) => ({
      at: ms,
      text: resultLine(v, lang),
      kind: "result" as const,
      failed: v.status !== "pass",
    })),
  ];
  const html = renderReport(
    [
      {
        id: section,
        ru: plan.ru,
        en: plan.en,
        commands: [programs.send, programs.receive],
        transcript: lines,
        summary: summaryLine(verdicts, ms, lang),
        failed,
      },
    ],
    {
      lang,
      title: `npm run check — ${plan.ru}`,
      broker: `${broker.how}, RabbitMQ ${broker.version}`,
      generated: new Date().toISOString(),
    },
  );
  await writeFile(page, html);
  out(`${W.page}: ${page}`);
}
process.exit(verdicts.every((v) => v.status === "pass") ? 0 : 1);
