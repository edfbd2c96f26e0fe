// The READMEs' own command blocks (parts 1–5 and both tasks, in README.ru.md and README.md), run in the order
// printed as a student types them (`npx tsx …`, each "терминал N" a process of its own) on a loaded machine (two
// busy loops beside them), and checked against what the block promises: the "→ …" after each command, the terminals
// a message reaches, Ctrl+C, and what the text around a block says it shows (PROSE). A line this reader does not
// understand fails the test: the README and this reader change together.
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { Context } from "../context.ts";
import { refusedByRabbitMQ4 } from "../expect.ts";
import { ROOT, type Script } from "../proc.ts";
import type { Scenario, Section, Suite } from "../section.ts";

/** A README's words for the block's conventions, turned into the English README's (one grammar below). */
const RUSSIAN: [RegExp, string][] = [
  [/несколько раз/g, "several times"],
  [/только в терминале (\d)/g, "in terminal $1 only"],
  [/в терминалах (\d) и (\d)/g, "in terminals $1 and $2"],
  [/в терминале (\d) или (\d)/g, "in terminal $1 or $2"],
  [/Ctrl\+C в терминале (\d)/g, "Ctrl+C in terminal $1"],
  [/в терминале (\d)/g, "in terminal $1"],
  [/терминалы (\d) и (\d)/g, "terminals $1 and $2"],
  [/терминал (\d)/g, "terminal $1"],
  [/затем Ctrl\+C/g, "then Ctrl+C"],
  [/через (\d+) с (INFO: Done)/g, "$2 $1 s later"],
];

/** What a script prints, as opposed to the README's prose after a colon. */
const OUTPUT = /^(RECEIVED|SENT|ERROR|INFO|Waiting for messages)/;

/** One command line of a block, understood. */
type Step =
  | { kind: "run"; script: string; args: string[]; terminals: number[]; times: number; expect: Expect }
  | { kind: "ctrl-c"; terminal: number }
  | { kind: "env"; vars: Record<string, string> }
  | { kind: "restart" }
  | { kind: "delete"; queue: string };

/** What a command's comment promises: its own lines (a "…" at the end: a prefix), the terminals its message
 * reaches (`to`, exactly those; `oneOf`: exactly one of them) with their lines, and a Ctrl+C once it has shown. */
type Expect = {
  own: string[];
  to?: number[];
  oneOf?: number[];
  lines: string[];
  laterBy?: number;
  thenCtrlC: boolean;
};

/** Splits a shell line at an unquoted `sep` (";" or " # "). */
function splitUnquoted(line: string, sep: string): string[] {
  const parts: string[] = [];
  let quote = "";
  let start = 0;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote) quote = ch === quote ? "" : quote;
    else if (ch === '"' || ch === "'") quote = ch;
    else if (line.startsWith(sep, i)) {
      parts.push(line.slice(start, i));
      start = i + sep.length;
      if (sep === " # ") break; // the rest is the comment
    }
  }
  return [...parts, line.slice(start)];
}

/** A command's words, as a POSIX shell splits them (quotes removed). */
const words = (code: string) =>
  [...code.trim().matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map(([, dq, sq, bare]) => dq ?? sq ?? bare!);

/** One output text of a comment: its lines ("A, B" where B is output too), and a delay ("INFO: Done 3 s later"). */
function outputs(text: string): { lines: string[]; laterBy?: number } {
  const later = /^(.*), (INFO: Done) (\d+) s later$/.exec(text);
  if (later) return { lines: [later[1]!, later[2]!], laterBy: Number(later[3]) * 1000 };
  return { lines: [text] };
}

/** A code line with its comment (in the English grammar), as a step; throws on anything it does not understand. */
function step(code: string, comment: string, line: string): Step[] {
  const fail = (why: string): never => {
    throw new Error(`README line not understood (${why}): ${line}`);
  };
  const commands = splitUnquoted(code, ";")
    .map(words)
    .filter((w) => w.length);
  if (commands[0]?.[0] === "export")
    return [
      { kind: "env", vars: Object.fromEntries(commands[0].slice(1).map((kv) => kv.split("=") as [string, string])) },
    ];
  const ctl = commands.map((w) => w.join(" ").replace(/^docker exec rabbitmq /, ""));
  if (ctl.join("; ") === "rabbitmqctl stop_app; rabbitmqctl start_app") return [{ kind: "restart" }];
  const deleted = /^rabbitmqctl delete_queue (\S+)$/.exec(ctl[0] ?? "");
  if (deleted && commands.length === 1) return [{ kind: "delete", queue: deleted[1]! }];
  const where = /^terminals? (\d)(?: and (\d))?/.exec(comment) ?? fail("no terminal");
  const terminals = [Number(where[1]), ...(where[2] ? [Number(where[2])] : [])];
  const times = /several times/.test(comment) ? 3 : 1;
  const expect: Expect = { own: [], lines: [], thenCtrlC: false };
  const arrow = comment.indexOf("→");
  for (const clause of arrow < 0
    ? []
    : comment
        .slice(arrow + 1)
        .trim()
        .split("; ")) {
    let m: RegExpExecArray | null;
    if (clause === "then Ctrl+C") expect.thenCtrlC = true;
    else if ((m = /^in terminals (\d) and (\d)$/.exec(clause))) expect.to = [Number(m[1]), Number(m[2])];
    else if ((m = /^in terminal (\d) only\b/.exec(clause))) expect.to = [Number(m[1])];
    else if ((m = /^in terminal (\d) or (\d): (.*)$/.exec(clause))) {
      expect.oneOf = [Number(m[1]), Number(m[2])];
      Object.assign(expect, outputs(m[3]!));
    } else if ((m = /^in terminal (\d)(?:: (.*))?$/.exec(clause))) {
      expect.to = [Number(m[1])];
      if (m[2] && OUTPUT.test(m[2])) Object.assign(expect, outputs(m[2]));
    } else if (OUTPUT.test(clause)) expect.own.push(clause);
    else fail(`"${clause}"`);
  }
  return commands.map((w) => {
    if (w[0] !== "npx" || w[1] !== "tsx") fail("not npx tsx");
    return { kind: "run", script: w[2]!, args: w.slice(3), terminals, times, expect };
  });
}

/** The steps of the first `sh` block after `heading` in `readme` (in the English grammar). */
export function blockSteps(readme: string, heading: RegExp): Step[] {
  const text = readFileSync(join(ROOT, readme), "utf8");
  const at = text.split("\n").findIndex((line) => heading.test(line));
  assert.ok(at >= 0, `${readme}: no heading ${heading}`);
  const rest = text.split("\n").slice(at + 1);
  const open = rest.findIndex((line) => line === "```sh");
  const block = rest.slice(open + 1, rest.indexOf("```", open + 1));
  return block.flatMap((raw) => {
    const line = RUSSIAN.reduce((l, [ru, en]) => l.replace(ru, en), raw);
    if (line.startsWith("#")) {
      const ctrlC = /^# Ctrl\+C in terminal (\d)/.exec(line);
      return ctrlC ? [{ kind: "ctrl-c", terminal: Number(ctrlC[1]) } as Step] : []; // else a heading of its own
    }
    const [code, comment = ""] = splitUnquoted(line, " # ");
    return step(code!, comment.trim(), raw);
  });
}

/** Everything a block's run saw: each terminal's script, and when each line came (for "3 s later"). */
type Run = { terminals: Map<number, Script>; at: WeakMap<object, number>; senders: Script[] };

const received = (script: Script | undefined) => script?.stdout().filter((line) => line.startsWith("RECEIVED: ")) ?? [];
/** A line as the README shows it: exact, or a prefix when it ends in "…". */
const shows = (line: string, expected: string) =>
  expected.endsWith("…") ? line.startsWith(expected.slice(0, -1).trimEnd()) : line === expected;

async function until(what: string, check: () => boolean, timeout = 60_000) {
  for (const start = Date.now(); !check(); await sleep(100))
    assert.ok(Date.now() - start < timeout, `waited ${timeout / 1000} s for ${what}`);
}

/** Runs one step as a student would, and checks what it promises. */
async function run(ctx: Context, step: Step, env: Record<string, string>, seen: Run) {
  if (step.kind === "env") return Object.assign(env, step.vars);
  if (step.kind === "restart") return ctx.restartBroker();
  if (step.kind === "delete") return ctx.channel((ch) => ch.deleteQueue(step.queue));
  if (step.kind === "ctrl-c") {
    const script = seen.terminals.get(step.terminal);
    assert.ok(script, `Ctrl+C in terminal ${step.terminal}: nothing runs there`);
    // A terminal's Ctrl+C reaches npx too, which dies of it; the script itself stops quietly (its exit 0 is the
    // errors suite's to check).
    const exit = await script.stop("SIGINT");
    assert.ok(exit.code === 0 || exit.signal === "SIGINT", `terminal ${step.terminal}: ${JSON.stringify(exit)}`);
    assert.deepEqual(script.stderr(), [], `terminal ${step.terminal}: nothing on stderr after Ctrl+C`);
    return seen.terminals.delete(step.terminal);
  }
  const { script, args, terminals, times, expect } = step;
  const long = /receive|worker/.test(script);
  const before = new Map([...seen.terminals].map(([n, s]) => [n, received(s).length]));
  for (let time = 0; time < times; time++)
    for (const terminal of long ? terminals : [terminals[0]!]) {
      const label = `terminal ${terminal}: ${[script, ...args].join(" ")}`;
      const started = ctx.start(label, script, args, { ...env, LAB_RUNTIME: "npx" });
      started.onLine((line) => seen.at.set(line, Date.now()));
      const ends = expect.own.some((line) => line.startsWith("ERROR")) || !long;
      if (ends) {
        const exit = await started.exited;
        const error = expect.own.find((line) => line.startsWith("ERROR"));
        assert.equal(
          exit.code === 0,
          !error,
          `${label}: exit ${exit.code}; it printed ${started.lines.map((l) => l.text).join(" | ")}`,
        );
        const all = started.lines.map((line) => line.text);
        for (const line of expect.own)
          assert.ok(
            all.some((text) => shows(text, line)),
            `${label} → ${line}: ${all.join(" | ")}`,
          );
        if (!long) seen.senders.push(started);
      } else {
        seen.terminals.set(terminal, started);
        for (const line of expect.own.length ? expect.own : ["Waiting for messages..."])
          await until(`${label} → ${line}`, () => started.stdout().some((text) => shows(text, line)));
        if (expect.thenCtrlC) await run(ctx, { kind: "ctrl-c", terminal }, env, seen);
      }
    }
  // Where the message went: exactly the terminals named get one more RECEIVED (with the lines named).
  const targets = expect.oneOf ?? expect.to;
  if (!targets) return;
  const more = (n: number) => received(seen.terminals.get(n)).length - (before.get(n) ?? 0);
  await until(`RECEIVED in terminal ${targets.join(" or ")}`, () =>
    expect.oneOf ? targets.some((n) => more(n) >= 1) : targets.every((n) => more(n) >= 1),
  );
  await sleep(1000); // a message that went astray has had time to arrive
  const got = [...seen.terminals.keys()].filter((n) => more(n) > 0).sort();
  if (expect.oneOf)
    assert.equal(got.length, 1, `exactly one of terminals ${targets.join(", ")}, got ${got.join(", ")}`);
  else assert.deepEqual(got, [...targets].sort(), `the message reached terminals ${got.join(", ")}`);
  const where = seen.terminals.get(got[0]!)!;
  for (const line of expect.lines)
    await until(`terminal ${got[0]}: ${line}`, () => where.stdout().some((text) => shows(text, line)));
  if (expect.laterBy) {
    const [first, last] = expect.lines.map((line) => where.lines.find((l) => l.text === line)!);
    const took = seen.at.get(last!)! - seen.at.get(first!)!;
    // The sleep is in the script; the pipes can only delay the first line: a margin below, a generous one above.
    assert.ok(took >= expect.laterBy - 1000 && took < expect.laterBy + 5000, `${expect.lines[1]} ${took} ms later`);
  }
}

/** What the text around a block says it shows, beyond its "→ …". */
const PROSE: Record<string, (seen: Run) => void> = {
  part1: (seen) => assert.equal(received(seen.terminals.get(1)).length, 3, "as many RECEIVED as sends"),
  part2: (seen) => {
    // One worker does the long task; meanwhile the other gets all three short ones (prefetch 1).
    const [busy, free] = [1, 2].map((n) => received(seen.terminals.get(n)));
    const long = busy!.some((line) => line.includes("long")) ? busy! : free!;
    const other = long === busy ? free! : busy!;
    assert.deepEqual(other, ["RECEIVED: Short 1", "RECEIVED: Short 2", "RECEIVED: Short 3"], "the free worker");
    assert.deepEqual(long, ["RECEIVED: A long task...................."], "the busy worker: nothing more");
  },
  part3: (seen) => {
    for (const n of [1, 2]) assert.deepEqual(received(seen.terminals.get(n)), ["RECEIVED: Hello everyone"]);
  },
};

/** Two busy loops, one per core of a 2-core machine: the README's commands must show what they say under load. */
function load(): ChildProcess[] {
  return [1, 2].map(() => spawn(process.execPath, ["-e", "for (;;);"], { stdio: "ignore" }));
}

/** The README's block under each section's heading, in both languages. */
const HEADINGS: Record<string, [RegExp, RegExp]> = {
  part1: [/^## 1\. /, /^## Part 1:/],
  part2: [/^## 2\. /, /^## Part 2:/],
  part3: [/^## 3\. /, /^## Part 3:/],
  part4: [/^## 4\. /, /^## Part 4:/],
  part5: [/^## 5\. /, /^## Part 5:/],
  task1: [/^### Задание 1/, /^### Task 1/],
  task2: [/^### Задание 2/, /^### Task 2/],
};
/** The queue the Task 1 block's `export LAB_GROUP=… LAB_SURNAME=…` names. */
const TASK1_QUEUE = "inbo-04_laptev";

export function readmeCases(sections: Section[]): Scenario[] {
  // A section the READMEs do not walk through (yet) has no block here: add its heading to HEADINGS with its block.
  return sections
    .filter((section) => HEADINGS[section.id])
    .flatMap((section) =>
      (["README.ru.md", "README.md"] as const).map((readme): Scenario => {
        const heading = HEADINGS[section.id]![readme === "README.md" ? 1 : 0];
        const steps = blockSteps(readme, heading);
        return {
          title: `${readme}, ${section.id}: its block, run in order with npx tsx under load, shows what it says`,
          queues: [...(section.queues ?? []), ...(section.id === "task1" ? [TASK1_QUEUE] : [])],
          exchanges: section.exchanges,
          restarts: steps.some((s) => s.kind === "restart") || undefined,
          alone: true, // the busy loops would starve the scenarios that time their scripts
          timeout: 6 * 60_000,
          onRabbitMQ4: section.onRabbitMQ4 && refusedByRabbitMQ4(section.onRabbitMQ4.refuses, [section.receiver]),
          async run(ctx) {
            const seen: Run = { terminals: new Map(), at: new WeakMap(), senders: [] };
            const env: Record<string, string> = {};
            const busy = load();
            try {
              for (const s of steps) await run(ctx, s, env, seen);
              PROSE[section.id]?.(seen);
            } finally {
              for (const loop of busy) loop.kill("SIGKILL");
            }
          },
        };
      }),
    );
}
