// The cases `npm run check` is tested with (test/check.test.ts, test/check-mutants.test.ts): the programs of every
// section and variant (the lab's pika code, this project's scripts), the mutants (the pika code with one thing
// wrong, each failing exactly one check), the misbehaving programs, and the one way to run the command on them.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { handOff, type Broker } from "../broker.ts";
import { PYTHON, ROOT, Script } from "../proc.ts";
import type { Status } from "./context.ts";
import { CHECKABLE } from "./plans.ts";
import { SECTIONS } from "../sections/index.ts";

/** A section, or a task's variant, as the command takes it. */
export type Target = { section: string; variant?: number };
export type Programs = { send: string; receive: string };

/** Task 1's identity in the cases. */
const GROUP = "inbo-04";
const SURNAME = "check";

/** Every section and variant. */
export const TARGETS: Target[] = Object.entries(CHECKABLE).flatMap(([section, variants]) =>
  variants.length ? variants.map((variant) => ({ section, variant })) : [{ section }],
);

export const nameOf = ({ section, variant }: Target) => (variant ? `${section} variant ${variant}` : section);

/** The section of a target, as the engine knows it (its scripts, its pika programs). */
const sectionOf = ({ section }: Target) => SECTIONS.find((s) => s.id === section)!;

/** The pika files of a target (engine/pika/), sender and receiver: the section's interop programs; the tasks have
 * none there (the lab gives no code for them), so theirs are named after their scripts (task1_send.py...). */
function pikaFiles(target: Target): [string, string] {
  const { interop, sender, receiver } = sectionOf(target);
  if (interop) return [interop.sender, interop.receiver];
  return [sender, receiver].map((c) => `${target.section}_${basename(c.script, ".ts")}.py`) as [string, string];
}

/** An edit of a pika file: `from` (which must be in it) becomes `to`. */
export type Edit = { file: string; from: string; to: string };

/** The lab's pika code for a target, as a student's command lines; `edits` make a mutant (in a directory of its own). */
export function pika(target: Target, edits: Edit[] = []): Programs {
  const dir = edits.length ? mkdtempSync(join(tmpdir(), "rabbitmq-lab-mutant-")) : join(ROOT, "engine/pika");
  const env = target.variant ? `VARIANT=${target.variant} GROUP=${GROUP} SURNAME=${SURNAME} ` : "";
  const [send, receive] = pikaFiles(target).map((file) => {
    if (!edits.length) return `${env}${PYTHON} ${join(dir, file)}`;
    let text = readFileSync(join(ROOT, "engine/pika", file), "utf8");
    for (const edit of edits.filter((e) => e.file === file)) {
      if (!text.includes(edit.from)) throw new Error(`${file} has no "${edit.from}"`);
      text = text.replace(edit.from, edit.to);
    }
    writeFileSync(join(dir, file), text);
    return `${env}${PYTHON} ${join(dir, file)}`;
  }) as [string, string];
  return { send, receive };
}

/** This project's scripts for a target, run with tsx from the project's root. */
export function scripts(target: Target): Programs {
  const { sender, receiver } = sectionOf(target);
  const tasks = target.variant
    ? ` --variant ${target.variant}${target.section === "task1" ? ` --group ${GROUP} --surname ${SURNAME}` : ""}`
    : "";
  const run = (script: string) => `${process.execPath} --import tsx ${script}${tasks}`;
  return { send: run(sender.script), receive: run(receiver.script) };
}

/** A mutant: one thing wrong, so that `fails` fails and every other check passes (or, for `notRun`, cannot run). */
export type Mutant = { what: string; target: Target; edits: Edit[]; fails: string; notRun?: string[] };

export const MUTANTS: Mutant[] = [
  {
    what: "a part 1 sender that exits 1 after sending",
    target: { section: "part1" },
    edits: [
      { file: "part1_send.py", from: "connection.close()", to: "connection.close()\nsys.exit(1)" },
      { file: "part1_send.py", from: "import os", to: "import os\nimport sys" },
    ],
    fails: "sender",
  },
  {
    what: "a task 1 variant 2 solution whose queue is not durable",
    target: { section: "task1", variant: 2 },
    edits: [
      {
        file: "task1_send.py",
        from: "queue_declare(queue=queue_name, durable=True)",
        to: "queue_declare(queue=queue_name)",
      },
      { file: "task1_receive.py", from: "durable=variant == 2", to: "durable=False" },
    ],
    fails: "queue",
    notRun: ["restart"], // nothing in a transient queue can survive: said, not judged
  },
  {
    what: "a part 3 solution with a direct exchange",
    target: { section: "part3" },
    edits: [
      { file: "part3_send.py", from: "exchange_type='fanout'", to: "exchange_type='direct'" },
      { file: "part3_receive.py", from: "exchange_type='fanout'", to: "exchange_type='direct'" },
    ],
    fails: "exchange",
  },
  {
    what: "a part 3 receiver whose queue is auto-delete, not exclusive",
    target: { section: "part3" },
    edits: [
      {
        file: "part3_receive.py",
        from: "queue_declare(queue='', exclusive=True)",
        to: "queue_declare(queue='', auto_delete=True)",
      },
    ],
    fails: "queues",
  },
  {
    what: "a part 4 receiver bound with #",
    target: { section: "part4" },
    edits: [
      {
        file: "part4_receive.py",
        from: "queue=queue_name, routing_key=routing_key)",
        to: "queue=queue_name, routing_key='#')",
      },
    ],
    fails: "bindings",
  },
  {
    what: "a part 4 receiver that prints no message's text",
    target: { section: "part4" },
    edits: [
      {
        file: "part4_receive.py",
        from: "print(f'RECEIVED: {method.routing_key}: {body.decode()}')",
        to: "print(f'RECEIVED: {method.routing_key}')",
      },
    ],
    fails: "delivery",
  },
  {
    what: "a task 2 variant 1 worker that sleeps on another variant's symbol",
    target: { section: "task2", variant: 1 },
    edits: [{ file: "task2_worker.py", from: "{1: b'#'", to: "{1: b'*'" }],
    fails: "sleep",
  },
  {
    what: "a part 2 worker without prefetch 1",
    target: { section: "part2" },
    edits: [{ file: "part2_worker.py", from: "channel.basic_qos(prefetch_count=1)", to: "" }],
    fails: "prefetch",
  },
  {
    what: "a task 2 variant 1 worker with a queue of its own (every worker gets every task)",
    target: { section: "task2", variant: 1 },
    edits: [
      {
        file: "task2_worker.py",
        from: "queue_name = f'tasks_{exchange_type}_queue'",
        to: "queue_name = f'tasks_{exchange_type}_queue_{os.getpid()}'",
      },
    ],
    fails: "shared",
  },
  {
    what: "a task 2 variant 3 sender that publishes transient messages",
    target: { section: "task2", variant: 3 },
    edits: [{ file: "task2_send.py", from: "if variant != 2 else None", to: "if False else None" }],
    fails: "restart",
  },
];

/** Programs that misbehave; each fails its check within the bound, leaving nothing running. `marker`: a number
 * that everything they start has on its command line (`sleep <marker>`), to look for afterwards. */
export const MISBEHAVING: { what: string; target: Target; programs: (marker: string) => Programs; fails: string }[] = [
  {
    what: "a sender that hangs",
    target: { section: "part1" },
    programs: (marker) => ({ send: `sleep ${marker} #`, receive: pika({ section: "part1" }).receive }),
    fails: "sender",
  },
  {
    what: "a receiver that crashes",
    target: { section: "part3" },
    programs: () => ({ send: pika({ section: "part3" }).send, receive: "echo 'Traceback: boom' >&2; exit 3 #" }),
    fails: "exchange",
  },
  {
    what: "a receiver that floods its output and never connects, with a child of its own",
    target: { section: "part4" },
    programs: (marker) => ({ send: pika({ section: "part4" }).send, receive: `sleep ${marker} & yes flood #` }),
    fails: "exchange",
  },
];

export type Outcome = { ok: boolean; checks: { id: string; status: Status; expected: string; seen: string }[] };

/** Runs `npm run check -- <target> --json` on `programs` against `broker`; its JSON, or a throw with what it printed. */
export async function runCheckCommand(
  broker: Broker,
  target: Target,
  programs: Programs,
  extra: string[] = [],
): Promise<Outcome> {
  const args = [target.section, ...(target.variant ? ["--variant", `${target.variant}`] : [])];
  if (target.section === "task1") args.push("--group", GROUP, "--surname", SURNAME);
  args.push("--send", programs.send, "--receive", programs.receive, "--json", "--lang", "en", ...extra);
  const check = new Script(`check ${nameOf(target)}`, "commands/check.ts", args, {
    ...handOff(broker),
    INIT_CWD: ROOT,
  });
  await check.exited;
  const out = check.stdout().join("\n");
  try {
    return JSON.parse(out) as Outcome;
  } catch {
    throw new Error(`npm run check printed no JSON:\n${check.lines.map((l) => l.text).join("\n")}`);
  }
}

/** The checks of an outcome by status, for assertions: { fail: [...ids], "not run": [...], pass: [...] }. */
export const byStatus = (outcome: Outcome) => {
  const ids = (status: Status) => outcome.checks.filter((c) => c.status === status).map((c) => c.id);
  return { pass: ids("pass"), fail: ids("fail"), notRun: ids("not run") };
};
