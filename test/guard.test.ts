// The tests and the demo never destroy what is not theirs (engine/guard.ts). On a RabbitMQ node of this
// file's own (engine/rabbitmq/node.ts), "someone else" leaves messages, a consumer, a bound queue or an exclusive
// queue on the lab's fixed names, as another student on a shared server would. `npm run demo` and `npm test`
// (commands/demo.ts and commands/test.ts as child processes) must stop with one line and leave it all as it was, or,
// with --reset, delete it and go on; against a broker not on this machine they say what they would delete
// and create, and need --reset. Then runScenario itself, and the rule for "on this machine".
import assert from "node:assert/strict";
import amqp, { type Channel } from "amqplib";
import { hostname, networkInterfaces } from "node:os";
import { after, before, describe, test } from "node:test";
import { withConfirmChannel, type Broker } from "../engine/broker.ts";
import { eventually } from "../engine/expect.ts";
import { ForeignError, onThisMachine } from "../engine/guard.ts";
import { lockEntries, withLock } from "../engine/lock.ts";
import { startNode, type RabbitNode } from "../engine/rabbitmq/node.ts";
import { Script } from "../engine/proc.ts";
import { Context } from "../engine/context.ts";
import { runScenario } from "../engine/scenario.ts";
import { type Scenario } from "../engine/section.ts";

/** RFC 5737's TEST-NET-1: an address for documentation, never this machine's. */
const REMOTE = "amqp://guest:secret@192.0.2.1:5672";

/** The ways on that every refusal names. */
const WAYS = ["a broker of your own", "a vhost of your own", "AMQP_URL=amqp://user:password@host:5672/<vhost>"];

let node: RabbitNode;
before(async () => {
  node = await startNode();
});
after(() => node?.stop());
const nodeBroker = (): Broker => ({
  kind: "auto",
  url: node.url,
  how: node.name,
  version: "",
  dispose: async () => {},
});

// ---- what someone else leaves ----

/** What someone else left: how it looks now ("gone" once deleted), and how to tidy it up afterwards. */
type Left = { state(): Promise<string>; tidy(): Promise<void> };
type Leave = (ctx: Context) => Promise<Left>;

/** A connection of someone else's (for a consumer or an exclusive queue: they last as long as it does). */
async function connection() {
  const connection = await amqp.connect(node.url);
  connection.on("error", () => {});
  const channel = async (): Promise<Channel> => {
    const channel = await connection.createChannel();
    channel.on("error", () => {});
    return channel;
  };
  return { channel, close: () => connection.close().catch(() => {}) };
}

/** The queue's counts, seen from another connection. */
const counts = (ctx: Context, queue: string) =>
  ctx
    .channel((ch) => ch.checkQueue(queue))
    .then(
      (ok) => `${ok.messageCount} messages, ${ok.consumerCount} consumers`,
      () => "gone",
    );

/** Deletes what a case used on the node, whatever it holds. */
const tidy = (ctx: Context, queues: string[], exchanges: string[] = []) =>
  ctx.channel(async (ch) => {
    for (const queue of queues) await ch.deleteQueue(queue);
    for (const exchange of exchanges) await ch.deleteExchange(exchange);
  });

/** `n` persistent messages waiting in `queue` (a durable queue; quorum if asked). */
const messages =
  (queue: string, n: number, type = "classic"): Leave =>
  async (ctx) => {
    await withConfirmChannel(ctx.broker, async (ch) => {
      await ch.assertQueue(queue, { durable: true, arguments: { "x-queue-type": type } });
      for (let i = 1; i <= n; i++) ch.sendToQueue(queue, Buffer.from(`someone's task ${i}`), { persistent: true });
      await ch.waitForConfirms();
    });
    return { state: () => counts(ctx, queue), tidy: () => tidy(ctx, [queue]) };
  };

/** A receiver of someone else's, consuming from `queue`. */
const consumer =
  (queue: string): Leave =>
  async (ctx) => {
    const theirs = await connection();
    const ch = await theirs.channel();
    await ch.assertQueue(queue, { durable: false });
    await ch.consume(queue, () => {});
    return { state: () => counts(ctx, queue), tidy: () => theirs.close().then(() => tidy(ctx, [queue])) };
  };

/** A receiver of someone else's with its own queue bound to `exchange` (fanout). */
const bound =
  (exchange: string): Leave =>
  async (ctx) => {
    const theirs = await connection();
    const ch = await theirs.channel();
    await ch.assertExchange(exchange, "fanout", { durable: false });
    const { queue } = await ch.assertQueue("", { exclusive: true });
    await ch.bindQueue(queue, exchange, "");
    const state = () =>
      ctx
        .channel((ch) => ch.checkExchange(exchange))
        .then(
          async () => ((await ctx.routes(exchange, "")) ? "bound" : "unbound"),
          () => "gone",
        );
    return { state, tidy: () => theirs.close().then(() => tidy(ctx, [], [exchange])) };
  };

/** A receiver of someone else's that declared `queue` exclusive (task 1, variant 1): only its connection sees it. */
const exclusive =
  (queue: string): Leave =>
  async () => {
    const theirs = await connection();
    await (await theirs.channel()).assertQueue(queue, { exclusive: true });
    const state = async () =>
      (await theirs.channel()).checkQueue(queue).then(
        (ok) => `exclusive, ${ok.messageCount} messages`,
        () => "gone",
      );
    return { state, tidy: theirs.close };
  };

// ---- npm run demo and npm test, as a student runs them ----

type Run = {
  title: string;
  command: "npm run demo" | "npm test";
  args: string[];
  leave?: Leave[];
  /** Left while the run is under way: after its own clean-up, before its first scenario takes the name
   * (this test queues for the name's lock between the two). `lock`: the name as the lock knows it. */
  during?: { leave: Leave; lock: string };
  /** AMQP_URL, if not the node's. */
  url?: string;
  code: 0 | 1;
  /** Said on stderr; `oneLine`: stderr is that one line. */
  says?: string[];
  oneLine?: boolean;
  /** Said on stdout. */
  prints?: string[];
  /** Said nowhere. */
  never?: string[];
  /** What became of what was left. */
  after?: "kept" | "gone";
};

const STOP = (what: string) => [what, "Not this run's, so not deleted", "vhost '/'", ...WAYS, "--reset"];
const REMOTE_NOTICE = ["amqp://guest:****@192.0.2.1:5672 is not on this machine", "To go ahead, run with --reset"];
const NO_BROKER = "no broker answers";

const RUNS: Run[] = [
  {
    title: "the issue's case: 2 tasks in task_queue, then the demo of part 2: it stops with one line, the tasks stay",
    command: "npm run demo",
    args: ["--part", "2"],
    leave: [messages("task_queue", 2)],
    code: 1,
    says: [...STOP("queue 'task_queue' holds 2 messages and has 0 consumers"), "delete it anyway"],
    oneLine: true,
    after: "kept",
  },
  {
    title: "someone's receiver on awesome_queue, then the part 1 tests: they stop with one line, the receiver stays",
    command: "npm test",
    args: ["test/part1.test.ts"],
    leave: [consumer("awesome_queue")],
    code: 1,
    says: STOP("queue 'awesome_queue' holds 0 messages and has 1 consumer"),
    oneLine: true,
    after: "kept",
  },
  {
    title: "someone's queue bound to logs, then the demo of part 3: it stops with one line, the binding stays",
    command: "npm run demo",
    args: ["--part", "3"],
    leave: [bound("logs")],
    code: 1,
    says: STOP("exchange 'logs' has queues bound to it"),
    oneLine: true,
    after: "kept",
  },
  {
    title: "someone's running task 1 receiver (variant 1, exclusive inbo-04_laptev), then the task 1 tests: one line",
    command: "npm test",
    args: ["test/task1.test.ts"],
    leave: [exclusive("inbo-04_laptev")],
    code: 1,
    says: ["queue 'inbo-04_laptev' is exclusive to another connection", ...WAYS],
    oneLine: true,
    after: "kept",
  },
  {
    title: "tasks in task_queue and a queue bound to logs, then the tests of parts 2 and 3: one line names both",
    command: "npm test",
    args: ["test/part2.test.ts", "test/part3.test.ts"],
    leave: [messages("task_queue", 1), bound("logs")],
    code: 1,
    says: [
      "queue 'task_queue' holds 1 message and has 0 consumers; exchange 'logs' has queues bound to it",
      "delete them anyway",
    ],
    oneLine: true,
    after: "kept",
  },
  {
    title: "a task sent to task_queue while the demo of part 2 runs: its next scenario stops the demo with one line",
    command: "npm run demo",
    args: ["--part", "2"],
    during: { leave: messages("task_queue", 1), lock: "queue:task_queue" },
    code: 1,
    says: STOP("queue 'task_queue' holds 1 message and has 0 consumers"),
    oneLine: true,
    prints: ["▶ one long task"],
    never: ["failed", "Demo:"],
    after: "kept",
  },
  {
    title: "a receiver started on awesome_queue while the part 1 tests run: the scenario fails with the one line",
    command: "npm test",
    args: ["test/part1.test.ts"],
    during: { leave: consumer("awesome_queue"), lock: "queue:awesome_queue" },
    code: 1,
    prints: ["queue 'awesome_queue' holds 0 messages and has 1 consumer", "# fail 1"],
    after: "kept",
  },
  {
    title: "--reset: 2 messages in awesome_queue, the demo of part 1 deletes them and passes",
    command: "npm run demo",
    args: ["--part", "1", "--reset"],
    leave: [messages("awesome_queue", 2)],
    code: 0,
    prints: ["Demo: 1 passed, 0 failed, 0 skipped"],
    after: "gone",
  },
  {
    title: "--reset: someone's receiver on awesome_queue, the part 1 tests delete the queue and pass",
    command: "npm test",
    args: ["--reset", "test/part1.test.ts"],
    leave: [consumer("awesome_queue")],
    code: 0,
    prints: ["# pass 1", "# fail 0"],
    after: "gone",
  },
  {
    title: "a broker not on this machine: the demo lists what it would delete and create, and stops before connecting",
    command: "npm run demo",
    args: ["--part", "1"],
    url: REMOTE,
    code: 1,
    says: [...REMOTE_NOTICE, "queues: awesome_queue", "exchanges: none"],
    never: [NO_BROKER, "secret"],
  },
  {
    title: "a broker not on this machine: the tests list what they would delete and create, and stop before connecting",
    command: "npm test",
    args: ["test/part3.test.ts", "test/task2.test.ts"],
    url: REMOTE,
    code: 1,
    says: [
      ...REMOTE_NOTICE,
      "queues: task2_direct_queue, task2_fanout_queue, task2_topic_queue",
      "exchanges: logs, task2_direct, task2_fanout, task2_topic",
    ],
    never: [NO_BROKER, "secret"],
  },
  {
    title: "a broker not on this machine, and a test file that uses no fixed name: no --reset needed, it goes on",
    command: "npm test",
    args: ["test/docs.test.ts"],
    url: REMOTE,
    code: 1, // goes on to connect: nothing answers at a documentation address
    says: [NO_BROKER],
    never: ["not on this machine"],
  },
  {
    title: "a broker not on this machine, with --reset: the demo says what it will delete and create, and goes on",
    command: "npm run demo",
    args: ["--part", "1", "--reset"],
    url: REMOTE,
    code: 1, // goes on to connect: nothing answers at a documentation address
    prints: ["192.0.2.1:5672 is not on this machine", "queues: awesome_queue", "Going ahead: --reset was given."],
    says: [NO_BROKER],
  },
];

const includes = (lines: string[], text: string) => lines.some((line) => line.includes(text));

describe("the tests and the demo never destroy what is not theirs", () => {
  for (const run of RUNS) {
    test(`${run.command} -- ${run.args.join(" ")}: ${run.title}`, { timeout: 120_000 }, async () => {
      const ctx = new Context(nodeBroker());
      const [left, before]: [Left[], string[]] = [[], []];
      const leave = async (what: Leave) => {
        const l = await what(ctx);
        left.push(l);
        before.push(await l.state());
      };
      try {
        for (const what of run.leave ?? []) await leave(what);
        // The child finds its broker itself, from AMQP_URL (not this test run's), and has no --reset of ours.
        const env = { AMQP_URL: run.url ?? node.url, LAB_BROKER: "", LAB_BROKER_FOUND: "", LAB_RESET: "" };
        const file = run.command === "npm test" ? "commands/test.ts" : "commands/demo.ts";
        const start = () => new Script(run.command, file, run.args, env);
        const child = run.during ? await meanwhile(start, run.during.lock, () => leave(run.during!.leave)) : start();
        const exit = await child.exited;
        const [stdout, stderr] = [child.stdout(), child.stderr().filter((line) => line.trim())];
        const printed = `stdout:\n${stdout.join("\n")}\nstderr:\n${stderr.join("\n")}`;
        assert.equal(exit.code, run.code, `exit ${run.code}; ${printed}`);
        if (run.oneLine) assert.equal(stderr.length, 1, `one line on stderr; ${printed}`);
        for (const text of run.says ?? []) assert.ok(includes(stderr, text), `stderr says "${text}"; ${printed}`);
        for (const text of run.prints ?? []) assert.ok(includes(stdout, text), `stdout says "${text}"; ${printed}`);
        for (const text of run.never ?? [])
          assert.ok(!includes([...stdout, ...stderr], text), `"${text}" nowhere; ${printed}`);
        const now = await Promise.all(left.map((l) => l.state()));
        if (run.after === "kept") assert.deepEqual(now, before, "what was left is as it was");
        if (run.after === "gone")
          assert.deepEqual(
            now,
            before.map(() => "gone"),
            "what was left is deleted",
          );
      } finally {
        for (const l of left) await l.tidy();
      }
    });
  }
});

/** Starts the child while this test holds `lock`, waits until the child's clean-up queues for it, queues
 * behind that, lets go: the child cleans up, `act` runs, then the child's first scenario takes the name. */
async function meanwhile(start: () => Script, lock: string, act: () => Promise<void>): Promise<Script> {
  const entries = async (mine: boolean) =>
    (await lockEntries(node.url)).filter((entry) => (entry.pid === process.pid) === mine).length;
  let acted: Promise<void> | undefined;
  const child = await withLock(node.url, [lock], async () => {
    const child = start();
    assert.ok(await eventually(async () => (await entries(false)) > 0, 30_000), "the run queues for the lock");
    acted = withLock(node.url, [lock], act);
    assert.ok(await eventually(async () => (await entries(true)) === 2), "this test queues behind it");
    return child;
  });
  await acted;
  return child;
}

// ---- runScenario, the one way every test and the demo use a fixed name ----

type Direct = {
  title: string;
  leave?: Leave;
  names: Pick<Scenario, "queues" | "exchanges">;
  reset?: boolean;
  /** A broker at this URL instead of the node. */
  url?: string;
  /** The ForeignError says these; without, the scenario runs. */
  throws?: string[];
  after?: "kept" | "gone";
};

const DIRECT: Direct[] = [
  {
    title: "a queue with messages: a ForeignError before the scenario runs; the messages stay",
    leave: messages("guard_queue", 3),
    names: { queues: ["guard_queue"] },
    throws: ["queue 'guard_queue' holds 3 messages and has 0 consumers", ...WAYS, "--reset to delete it anyway"],
    after: "kept",
  },
  {
    title: "a queue with messages, reset: the scenario runs, and the queue is deleted",
    leave: messages("guard_queue", 3),
    names: { queues: ["guard_queue"] },
    reset: true,
    after: "gone",
  },
  {
    title: "an empty queue that nobody consumes: deleted without reset (nothing is lost), the scenario runs",
    leave: messages("guard_queue", 0),
    names: { queues: ["guard_queue"] },
    after: "gone",
  },
  {
    title: "an empty quorum queue (which refuses a conditional delete): deleted without reset, the scenario runs",
    leave: messages("guard_quorum", 0, "quorum"),
    names: { queues: ["guard_quorum"] },
    after: "gone",
  },
  {
    title: "a quorum queue with a message: a ForeignError; the message stays",
    leave: messages("guard_quorum", 1, "quorum"),
    names: { queues: ["guard_quorum"] },
    throws: ["queue 'guard_quorum' holds 1 message and has 0 consumers"],
    after: "kept",
  },
  {
    title: "an exchange with a queue bound to it: a ForeignError; the binding stays",
    leave: bound("guard_exchange"),
    names: { exchanges: ["guard_exchange"] },
    throws: ["exchange 'guard_exchange' has queues bound to it", "--reset to delete it anyway"],
    after: "kept",
  },
  {
    title: "an exchange with a queue bound to it, reset: the scenario runs, and the exchange is deleted",
    leave: bound("guard_exchange"),
    names: { exchanges: ["guard_exchange"] },
    reset: true,
    after: "gone",
  },
  {
    title: "a broker not on this machine: a ForeignError naming what it would delete, before connecting",
    names: { queues: ["guard_queue"], exchanges: ["guard_exchange"] },
    url: REMOTE,
    throws: ["192.0.2.1:5672 is not on this machine", "queues: guard_queue", "exchanges: guard_exchange", "--reset"],
  },
];

describe("runScenario checks its names before it deletes them", () => {
  for (const c of DIRECT) {
    test(c.title, { timeout: 60_000 }, async () => {
      const broker = c.url ? { ...nodeBroker(), url: c.url } : nodeBroker();
      const ctx = new Context(nodeBroker());
      const left = await c.leave?.(ctx);
      try {
        const before = await left?.state();
        let ran = false;
        const scenario: Scenario = { title: c.title, ...c.names, run: async () => void (ran = true) };
        const outcome = await runScenario(broker, scenario, {}, { reset: c.reset ?? false }).then(
          () => undefined,
          (err) => err,
        );
        if (c.throws) {
          assert.ok(outcome instanceof ForeignError, `a ForeignError, not ${outcome}`);
          assert.ok(!outcome.message.includes("secret"), "no password");
          for (const text of c.throws)
            assert.ok(outcome.message.includes(text), `it says "${text}": ${outcome.message}`);
          assert.equal(ran, false, "the scenario did not run");
        } else {
          assert.equal(outcome, undefined);
          assert.equal(ran, true, "the scenario ran");
        }
        if (c.after === "kept") assert.equal(await left!.state(), before, "what was left is as it was");
        if (c.after === "gone") assert.equal(await left!.state(), "gone", "what was left is deleted");
      } finally {
        await left?.tidy();
      }
    });
  }

  test("scenarios of one run that share a name: each leaves messages and a consumer while it runs, none stops the other", async () => {
    const broker = nodeBroker();
    const queue = "guard_shared";
    const leaving = (n: number): Scenario => ({
      title: `leaves a message and a consumer (${n})`,
      queues: [queue],
      async run(ctx) {
        const mine = await connection();
        const ch = await mine.channel();
        await ch.assertQueue(queue, { durable: false });
        ch.sendToQueue(queue, Buffer.from(`left by ${n}`));
        await ch.consume(queue, () => {}, { noAck: false }); // takes it, never acks
        await ch.checkQueue(queue); // the broker has seen all of it
        assert.equal(await counts(ctx, queue), "0 messages, 1 consumers");
        // The connection stays open: the clean-up after the scenario deletes the queue from under it.
        setTimeout(mine.close, 1000).unref();
      },
    });
    await Promise.all([1, 2, 3].map((n) => runScenario(broker, leaving(n), {}, { reset: false })));
    assert.equal(await counts(new Context(broker), queue), "gone");
  });
});

// ---- the rule: which brokers are on this machine ----

test("which AMQP URLs are on this machine (no --reset needed) and which are not", () => {
  const own = Object.values(networkInterfaces())
    .flatMap((list) => list ?? [])
    .map((a) => (a.family === "IPv6" ? `[${a.address}]` : a.address));
  const table: [string, boolean][] = [
    ["amqp://localhost", true],
    ["amqp://guest:guest@LOCALHOST:5672/", true],
    ["amqp://127.0.0.1:5672", true],
    ["amqp://127.0.0.2:5672", true], // all of 127.0.0.0/8 is loopback
    ["amqp://[::1]:5672", true],
    ["amqp://[::ffff:127.0.0.1]:5672", true], // IPv4-mapped loopback
    ["amqp://", true], // amqplib's default host: localhost
    [`amqp://${hostname()}:5672`, true],
    ...own.map((host): [string, boolean] => [`amqp://${host}:5672`, true]),
    ["amqp://192.0.2.1:5672", false],
    ["amqps://student:password@course.example.org:5671/group", false],
    ["amqp://[2001:db8::1]:5672", false],
    ["amqp://localhost.example.org", false],
    ["amqp://128.0.0.1", false],
  ];
  for (const [url, local] of table) assert.equal(onThisMachine(url), local, url);
});

// ---- "this run" rests on the lock: every run on this machine that uses a broker takes the same one ----

test("one broker's URL however spelled takes one lock; another port or vhost takes another", async () => {
  const base = "amqp://guest:guest@127.0.0.1:1"; // nothing connects: only the lock is taken
  const table: [string, boolean][] = [
    ["amqp://localhost:1", true],
    ["amqp://student:secret@LOCALHOST:1/", true],
    ["amqp://[::1]:1/%2f", true], // %2f: the default vhost "/", as amqplib reads it
    ["amqp://127.0.0.1:2", false],
    ["amqp://127.0.0.1:1/other", false],
  ];
  await withLock(base, ["queue:guard_probe"], async () => {
    for (const [url, same] of table) {
      const seen = (await lockEntries(url)).some((entry) => entry.pid === process.pid);
      assert.equal(seen, same, `${url} ${same ? "shares" : "does not share"} the lock of ${base}`);
    }
  });
});
