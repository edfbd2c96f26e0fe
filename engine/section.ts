// What a section of the lab is to the engine: its scripts and names, its scenarios ("Проверка
// работоспособности" and whatever else it promises), and the facts the suites build their cases from.
// Types only: the sections (engine/sections/) fill them in, engine/scenario.ts runs them.
import type { Channel } from "amqplib";
import type { Context } from "./context.ts";
import type { Summary } from "./topology/summary.ts";

export type Scenario = {
  /** What it shows, as a sentence: the test's name and the demo's line. */
  title: string;
  /** The fixed broker names it uses: deleted before and after, and never used by two scenarios at once. */
  queues?: string[];
  exchanges?: string[];
  /** It is the section's "Проверка работоспособности" (for a task: one variant's), what `npm test` runs (the
   * smoke suite, engine/suites/index.ts): quick, on any broker, with no restart and no node of its own. */
  smoke?: boolean;
  /** It restarts the broker, so nothing else may run meanwhile. */
  restarts?: boolean;
  /** It starts RabbitMQ nodes of its own: nothing else runs meanwhile, so that scenarios that time their
   * scripts (one second per dot) are not starved of CPU by a node starting on a 2-core machine. */
  alone?: boolean;
  /** Its own time limit in ms, if it needs more than runScenario's default (e.g. it starts a node of its own). */
  timeout?: number;
  /** Why it cannot run on this machine (e.g. no Python with pika), or undefined if it can. */
  unavailable?(): Promise<string | undefined>;
  run(ctx: Context): Promise<void>;
  /** What it checks instead on RabbitMQ 4, which refuses a queue its scripts declare (set from the section's
   * `onRabbitMQ4`): `why` they are refused, for the demo and the test's name. */
  onRabbitMQ4?: Refusal;
};

/** RabbitMQ 4's refusal of a section's scripts, as a scenario checks it (refusedByRabbitMQ4 in expect.ts). */
export type Refusal = { why: string; run(ctx: Context): Promise<void> };

/** A lab script's command line (the script's path from the project root), with arguments it accepts. */
export type Command = {
  script: string;
  args: string[];
  /** What its usage text says when it is run without arguments, if it needs some. */
  usage?: string;
};

/** Scenarios that get a test file of their own, test/<id>.test.ts (a section, or a suite such as errors). */
export type Suite = {
  /** "part1" … "task2", "errors": its test file's name, and the demo's --section. */
  id: string;
  /** In English: the test file's heading, and the demo's. */
  title: string;
  scenarios: Scenario[];
};

/** A section of the lab (part1 … part5, task1, task2): its own file engine/sections/<id>.ts; their one list is engine/sections/index.ts. */
export type Section = Suite & {
  /** The lab's own heading, in Russian. */
  ru: string;
  /** Its sender and its receiver (or worker), with arguments that work, and the broker names they declare
   * with them: what the start-up bench times and what the error and interop cases run. */
  sender: Command;
  receiver: Command;
  queues?: string[];
  exchanges?: string[];
  /** For the bad-input cases (engine/suites/errors.ts); a section without it has none. */
  errors?: {
    /** Its queue or exchange declared with other settings than its scripts use, named as in RabbitMQ's error ("queue 'name'"). */
    clash: [string, (channel: Channel) => Promise<unknown>];
  };
  /** RabbitMQ 4 (4.3 by default, as the official image runs it) refuses the queue its scripts declare, neither
   * durable nor exclusive (541, the connection closed): its name. Every scenario that runs its scripts, the error and
   * interop cases too, then checks that refusal instead (engine/sections/index.ts). */
  onRabbitMQ4?: { refuses: string };
  /** For its picture (engine/live-topology.ts: the demo, test/topology-broker.test.ts, docs/topology.md and the
   * READMEs): its receivers as the lab starts them (each `receiver.script` with these arguments, named by `label`),
   * and what the broker then shows, as the lab's text and figures say (engine/topology/summary.ts). */
  picture?: { receivers: { label: string; args: string[] }[]; expected: Summary };
  /** For the interop cases (engine/suites/interop.ts): the lab's pika programs for `sender` and `receiver`. */
  interop?: {
    /** engine/pika/<file>.py, run with the same arguments. */
    sender: string;
    receiver: string;
    /** What both senders print after "SENT: "; the receivers print "RECEIVED: <sent>". */
    sent: string;
    /** What the pika receiver prints instead, if it differs. */
    pikaReceived?: string;
    /** Does a message sent before the receiver started wait for it? (a queue: yes; an exchange drops it) */
    kept: boolean;
  };
};
