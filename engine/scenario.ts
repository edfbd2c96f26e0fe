// A scenario is one "Проверка работоспособности" of the lab, written once: the tests run it with
// node:test (defineTests) and the demo runs it with a transcript (commands/demo.ts). It drives the
// real scripts as child processes and asserts with node:assert.
import type { Channel } from "amqplib";
import { withLock } from "./lock.ts";
import { nodeBroker, withChannel, withConfirmChannel, type Broker } from "./broker.ts";
import { Script, type Line } from "./proc.ts";
import { startNode, type RabbitNode } from "./rabbitmq/node.ts";
import { WAITING } from "./expect.ts";
import { clearNames, ForeignError, lockKeys, namesOf, onThisMachine, remoteNotice, REMOTE_WAYS } from "./guard.ts";

export type Scenario = {
  /** What it shows, as a sentence: the test's name and the demo's line. */
  title: string;
  /** The fixed broker names it uses: deleted before and after, and never used by two scenarios at once. */
  queues?: string[];
  exchanges?: string[];
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

/** The body of a check's own message (Context.routes): the demo marks it wherever a script prints it. */
export const PROBE = "probe";

export type Hooks = {
  /** A script started (the demo prints its lines). */
  started?(script: Script): void;
  /** A step worth narrating; `probe`: it sends a message of the check's own, not one of the lab's. */
  step?(text: string, probe?: boolean): void;
};

export class Context {
  readonly broker: Broker;
  private readonly hooks: Hooks;
  private readonly scripts: Script[] = [];

  constructor(broker: Broker, hooks: Hooks = {}) {
    this.broker = broker;
    this.hooks = hooks;
  }

  /** Starts a lab script (path from the project root) against the scenario's broker; `env` overrides (e.g. a bad AMQP_URL). */
  start(label: string, script: string, args: string[] = [], env: Record<string, string> = {}): Script {
    const started = new Script(label, script, args, { AMQP_URL: this.broker.url, ...env });
    this.scripts.push(started);
    this.hooks.started?.(started);
    return started;
  }

  /** Starts a script and waits for it to exit: for senders and bad input. */
  async run(label: string, script: string, args: string[] = [], env: Record<string, string> = {}) {
    const started = this.start(label, script, args, env);
    const exit = await started.exited;
    return { ...exit, stdout: started.stdout(), stderr: started.stderr(), lines: started.lines as Line[] };
  }

  /** Starts a receiver or worker and waits until it says it is consuming. */
  async consumer(
    label: string,
    script: string,
    args: string[] = [],
    env: Record<string, string> = {},
  ): Promise<Script> {
    const started = this.start(label, script, args, env);
    await started.waitFor(WAITING);
    return started;
  }

  step(text: string, probe = false) {
    this.hooks.step?.(text, probe);
  }

  /** Runs `fn` on a RabbitMQ node of the scenario's own (for kill -9 and stop_app, which must not hit a
   * broker that others use), with a Context of its own; stops its scripts, then the node, whatever happens. */
  async onOwnNode<T>(fn: (ctx: Context, node: RabbitNode) => Promise<T>): Promise<T> {
    this.step("starting a RabbitMQ node of our own");
    const node = await startNode({ kind: isRabbitMQ4(this.broker) ? "4.3" : "3" }); // the scenario's RabbitMQ
    const own = new Context(nodeBroker(node), this.hooks);
    try {
      return await fn(own, node);
    } finally {
      await own.stopAll();
      await node.stop();
    }
  }

  async restartBroker() {
    if (!this.broker.restart) throw new Error(`${this.broker.how} cannot be restarted from here`);
    this.step("restarting the broker (stop_app, start_app)");
    await this.broker.restart();
  }

  /** A fresh channel for one check; a failed check closes only its own channel. */
  channel<T>(fn: (channel: Channel) => Promise<T>): Promise<T> {
    return withChannel(this.broker, fn);
  }

  /** The queue's ready message count, or undefined if it does not exist. */
  queueDepth(queue: string): Promise<number | undefined> {
    return this.channel((ch) => ch.checkQueue(queue).then((ok) => ok.messageCount)).catch(() => undefined);
  }

  /** Does a message with this routing key reach any queue through `exchange`? (mandatory publish) */
  routes(exchange: string, routingKey: string): Promise<boolean> {
    this.step(
      `probe: "${PROBE}" to ${exchange ? `"${exchange}"` : "the default exchange"}, key "${routingKey}", mandatory`,
      true,
    );
    return withConfirmChannel(this.broker, async (channel) => {
      let returned = false;
      channel.on("return", () => (returned = true));
      channel.publish(exchange, routingKey, Buffer.from(PROBE), { mandatory: true });
      // The broker returns an unroutable message before it confirms it. (Not before it answers a
      // channel close: amqplib drops every frame but close-ok once it is closing.)
      await channel.waitForConfirms();
      return !returned;
    });
  }

  /** Stops every script still running (SIGKILL: the scenario is over). */
  async stopAll() {
    await Promise.all(this.scripts.map((script) => script.stop("SIGKILL")));
  }
}

/** Is it RabbitMQ 4? There the sections with `onRabbitMQ4` expect their scripts to be refused. */
export const isRabbitMQ4 = (broker: Pick<Broker, "version">) => broker.version.startsWith("4.");

/** On RabbitMQ 4, the refusal `scenario` checks there instead of its own run, if it has one. */
export const refusalOn = (broker: Broker, scenario: Scenario): Refusal | undefined =>
  isRabbitMQ4(broker) ? scenario.onRabbitMQ4 : undefined;

/** Runs one scenario: takes its names, cleans them before and after, stops its scripts. `timeout`
 * counts from when the names are taken: waiting for the lock (other scenarios, other test runs on
 * the same broker) is not the scenario's fault. Before, names that hold what is not this run's stop
 * it with a ForeignError, and so does a broker not on this machine, unless `reset` (engine/guard.ts;
 * the test files get it from run.ts as LAB_RESET=1). */
export async function runScenario(
  broker: Broker,
  scenario: Scenario,
  hooks?: Hooks,
  { timeout = scenario.timeout ?? 60_000, reset = process.env.LAB_RESET === "1" } = {},
): Promise<void> {
  const names = namesOf([scenario]);
  if (!reset && !onThisMachine(broker.url))
    throw new ForeignError(`${remoteNotice(broker.url, names)!.join(" ")} ${REMOTE_WAYS}`);
  await withLock(broker.url, scenario.restarts || scenario.alone ? ["*"] : lockKeys(names), async () => {
    await clearNames(broker, names, reset);
    const ctx = new Context(broker, hooks);
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the scenario took longer than ${timeout} ms`)), timeout);
    });
    try {
      await Promise.race([(refusalOn(broker, scenario) ?? scenario).run(ctx), expired]);
    } finally {
      clearTimeout(timer);
      await ctx.stopAll();
      // What the scenario left is its own: deleted whatever it holds (a ForeignError is for "before" only).
      await clearNames(broker, names, true).catch((err) => {
        throw err instanceof ForeignError ? new Error(`cleaning up after the scenario: ${err.message}`) : err;
      });
    }
  });
}

/** Why `scenario` cannot run against `broker` from here, or undefined if it can. The tests fail on
 * a reason under CI (no test may be skipped there) and skip otherwise; the demo marks it skipped. */
export async function whyNot(broker: Broker, scenario: Scenario): Promise<string | undefined> {
  if (scenario.restarts && !broker.restart)
    return `it restarts the broker, which cannot be done from here for ${broker.how} (needs rabbitmqctl on this machine or a container)`;
  return scenario.unavailable?.();
}
