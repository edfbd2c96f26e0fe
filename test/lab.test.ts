// lab.ts, tested once, with a table: each row is an input (the broker's state, AMQP_URL, a script and its words)
// → the one line the script prints, its exit code, and what is on the broker afterwards. On a RabbitMQ node of
// the harness's own: alarms, policies, users and a short consumer_timeout must never touch a broker that others use. The rows run one after another: an alarm blocks
// the whole node. `node --import tsx --test test/lab.test.ts` runs it alone (about two minutes).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createServer, type AddressInfo, type Server } from "node:net";
import { openSync, closeSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { nodeBroker } from "../engine/broker.ts";
import { startNode, type RabbitNode } from "../engine/rabbitmq/node.ts";
import { command, ROOT, Script } from "../engine/proc.ts";
import { Context } from "../engine/context.ts";
import { eventually, STACK } from "../engine/expect.ts";

let node: RabbitNode;
let ctx: Context;
const url = (user = "guest", password = "guest") => `amqp://${user}:${password}@127.0.0.1:${node.port}`;

/** Users with passwords amqplib takes unencoded in a URL, and one whose permissions lack "write", or are none. */
const USERS: [string, string][] = [
  ["u-colon", "a:b:c"],
  ["u-at", "x@y@z"],
  ["u-percent", "50%off"],
  ["u-cyrillic", "пароль-Ёж"],
  ["u-reader", "reader-pw"],
  ["u-none", "none-pw"],
];
const QUEUES = ["awesome_queue", "task_queue", "task2_fanout_queue", "quorum_task_queue"];

type Row = {
  what: string;
  script: string;
  args?: string[];
  /** AMQP_URL for it (default: guest on the node). */
  url?: () => string | Promise<string>;
  /** The broker made ready for it, and put back afterwards; `running`: called once the script has started. */
  given?: () => Promise<unknown>;
  undo?: () => Promise<unknown>;
  running?: (script: Script) => Promise<unknown>;
  /** Its one line: on stderr if `code` is not 0, else its last line on stdout. */
  says: RegExp;
  code: number;
  /** Never in its output (the password). */
  secret?: string;
  /** What is on the broker afterwards: `queue` holds `depth` messages ready. */
  then?: { queue: string; depth: number | undefined };
  /** WAITING lines (the broker blocks publishers) on stderr before the ERROR line, if any. */
  waiting?: boolean;
};

const ctl = (...args: string[]) => node.ctl(...args);
const policy = (pattern: string, max = 0) =>
  ctl("set_policy", "lab-full", pattern, `{"max-length":${max},"overflow":"reject-publish"}`, "--apply-to", "queues");
const alarm = () => ctl("set_vm_memory_high_watermark", "0.0000001");
const noAlarm = () => ctl("set_vm_memory_high_watermark", "0.4");
const noPolicy = () => ctl("clear_policy", "lab-full");

/** A local port that accepts connections and never answers (a broker too busy to speak). */
let silent: Server;
/** A local port where an HTTP server answers (the web UI's). */
let http: Server;
const portOf = (server: Server) => (server.address() as AddressInfo).port;

const SENDERS: [string, string[]][] = [
  ["part1/send.ts", []],
  ["part2/send.ts", ["Task."]],
  ["part3/send.ts", ["Hi"]],
  ["part4/send.ts", ["error", "Disk", "full"]],
  ["part5/send.ts", ["stock.usa.usd", "AAPL"]],
  ["tasks/task2/send.ts", ["--variant", "1", "Task #"]],
];

/** Task 2's worker, whose access `cut` takes away while it runs (every connection then closed): it says why, once. */
function workerCutOff(what: string, user: string, secret: string, cut: string[], undo: string[], says: RegExp): Row {
  return {
    what: `task 2's worker, ${what} while it runs`,
    script: "tasks/task2/worker.ts",
    args: ["--variant", "1"],
    url: () => url(user, secret),
    running: async (script) => {
      await script.waitFor("Waiting for messages...");
      await ctl(...cut);
      await ctl("close_all_connections", what);
    },
    undo: () => ctl(...undo),
    says,
    code: 1,
    secret,
  };
}

const ROWS: Row[] = [
  // AMQP_URL: every password amqplib takes logs in, and none is ever printed.
  ...USERS.slice(0, 4).flatMap(([user, password]): Row[] => [
    {
      what: `password ${JSON.stringify(password)} as typed`,
      script: "part2/send.ts",
      url: () => url(user, password),
      says: /^SENT: Task\.$/,
      code: 0,
      args: ["Task."],
    },
    {
      what: `password ${JSON.stringify(password)} percent-encoded`,
      script: "part2/send.ts",
      url: () => url(user, encodeURIComponent(password)),
      says: /^SENT: Task\.$/,
      code: 0,
      args: ["Task."],
    },
    {
      what: `a wrong password like ${JSON.stringify(password)}`,
      script: "part2/send.ts",
      url: () => url(user, `${password}!wrong`),
      says: new RegExp(`^ERROR: RabbitMQ at amqp://${user}:\\*\\*\\*\\*@127.0.0.1:\\d+ refused the login`),
      code: 1,
      secret: `${password}!wrong`,
    },
  ]),
  {
    what: 'a "/" in the password, not encoded',
    script: "part2/send.ts",
    url: () => url("u-colon", "a/b:c"),
    says: /^ERROR: AMQP_URL has an "@" after its host: write a "\/"/,
    code: 1,
    secret: "a/b:c",
  },
  {
    what: "a closed port, with a password",
    script: "part1/receive.ts",
    url: () => "amqp://u-at:x@y@z@127.0.0.1:1",
    says: /^ERROR: cannot reach RabbitMQ at amqp:\/\/u-at:\*\*\*\*@127.0.0.1:1: start it \(rabbitmq-server, or docker run /,
    code: 1,
    secret: "x@y@z",
  },
  {
    what: "amqps:// to the plain AMQP port",
    script: "part1/send.ts",
    url: () => `amqps://127.0.0.1:${node.port}`,
    says: /does not speak TLS on that port: amqp:\/\/ goes to 5672, amqps:\/\/ to the TLS port/,
    code: 1,
  },
  {
    what: "an HTTP server's port (the web UI's)",
    script: "part1/send.ts",
    url: () => `amqp://127.0.0.1:${portOf(http)}`,
    says: /does not answer as RabbitMQ: check the port \(AMQP is 5672; 15672 is the web UI\)/,
    code: 1,
  },
  {
    what: "a broker that accepts the connection and never answers (overloaded)",
    script: "part1/send.ts",
    url: () => `amqp://127.0.0.1:${portOf(silent)}`,
    says: /did not finish the AMQP handshake within 10 s: the broker is overloaded or starting/,
    code: 1,
  },
  {
    what: "a user with no permissions on the vhost",
    script: "part1/send.ts",
    url: () => url("u-none", "none-pw"),
    says: /^ERROR: RabbitMQ at \S+: vhost "\/" does not exist, or this user may not use it \(user "u-none"/,
    code: 1,
    secret: "none-pw",
  },
  // SENT means the broker has it: a publish refused (403) or nacked (a full queue) is one line, exit 1, nothing stored.
  ...SENDERS.map(([script, args]): Row => ({
    what: "a user who may not write",
    script,
    args,
    url: () => url("u-reader", "reader-pw"),
    says: /^ERROR: ACCESS_REFUSED - (write )?access to (exchange|queue) '.*' refused for user 'u-reader': user "u-reader" may not/,
    code: 1,
  })),
  ...(
    [
      ["part1/send.ts", [], "awesome_queue"],
      ["part2/send.ts", ["Task."], "task_queue"],
      ["tasks/task2/send.ts", ["--variant", "1", "Task #"], "task2_fanout_queue"],
    ] as const
  ).map(([script, args, queue]): Row => ({
    what: "a full queue (max-length 0, overflow reject-publish)",
    script,
    args: [...args],
    given: () => policy(`^${queue}$`),
    says: /refused the message \(nack\): the queue is full \(max-length with overflow reject-publish\)/,
    code: 1,
    then: { queue, depth: 0 },
  })),
  {
    what: "the cluster sender, its quorum queue full: retries back off and end",
    script: "cluster/send.ts",
    args: ["1"],
    // A quorum queue rejects a publish only once it is over its limit (a classic one already at it): two in, limit 1.
    given: async () => {
      await ctx.channel(async (ch) => {
        await ch.assertQueue("quorum_task_queue", { durable: true, arguments: { "x-queue-type": "quorum" } });
        for (const task of ["Old 1.", "Old 2."]) ch.sendToQueue("quorum_task_queue", Buffer.from(task));
      });
      await eventually(async () => (await ctx.queueDepth("quorum_task_queue")) === 2);
      await policy("^quorum_task_queue$", 1);
    },
    undo: noPolicy,
    says: /^ERROR: Task 1\. not confirmed after 10 tries: message nacked$/,
    code: 1,
    then: { queue: "quorum_task_queue", depth: 2 },
  },
  // Blocked publishers: said at once, and the sender goes on when the alarm clears, or gives up.
  {
    what: "a memory alarm that clears after 2 s",
    script: "part2/send.ts",
    args: ["Blocked."],
    given: alarm,
    undo: noAlarm,
    running: async (script) => {
      await waitForStderr(script, /^WAITING: /);
      await sleep(2000);
      await noAlarm();
    },
    says: /^SENT: Blocked\.$/,
    code: 0,
    waiting: true,
    then: { queue: "task_queue", depth: 1 },
  },
  {
    what: "a memory alarm that lasts",
    script: "part1/send.ts",
    given: alarm,
    undo: noAlarm,
    says: /^ERROR: RabbitMQ at \S+ blocked publishers for 30 s: low on memory$/,
    code: 1,
    waiting: true,
  },
  // A task longer than the broker's consumer_timeout: the channel is closed, the task goes back to the queue.
  {
    what: "a task longer than consumer_timeout (1 s here)",
    script: "part2/worker.ts",
    given: async () => {
      await ctl("eval", "application:set_env(rabbit, consumer_timeout, 1000).");
      await ctx.run("send", "part2/send.ts", ["Long....."]);
    },
    undo: () => ctl("eval", "application:unset_env(rabbit, consumer_timeout)."),
    says: /^ERROR: PRECONDITION_FAILED - delivery acknowledgement on channel 1 timed out\S* .*consumer_timeout/,
    code: 1,
    then: { queue: "task_queue", depth: 1 },
  },
  // The task 2 worker reconnects after a lost connection, but a refused login or vhost is final.
  workerCutOff(
    "its password changed",
    "u-colon",
    "a:b:c",
    ["change_password", "u-colon", "changed"],
    ["change_password", "u-colon", "a:b:c"],
    /^ERROR: RabbitMQ at amqp:\/\/u-colon:\*\*\*\*@\S+ refused the login/,
  ),
  workerCutOff(
    "its permissions removed",
    "u-at",
    "x@y@z",
    ["clear_permissions", "u-at"],
    ["set_permissions", "u-at", ".*", ".*", ".*"],
    /^ERROR: RabbitMQ at amqp:\/\/u-at:\*\*\*\*@\S+: vhost "\/" does not exist, or this user may not use it/,
  ),
];

/** Waits until `script` prints a line on stderr that matches. */
async function waitForStderr(script: Script, pattern: RegExp) {
  for (let waited = 0; !script.stderr().some((line) => pattern.test(line)); waited += 100) {
    assert.ok(waited < 15_000, `[${script.label}] waited 15 s for ${pattern} on stderr`);
    await sleep(100);
  }
}

/** None of the rows' queues (each row puts back what else it changed: `undo`). */
const noQueues = () => ctx.channel(async (ch) => Promise.all(QUEUES.map((queue) => ch.deleteQueue(queue))));

describe("lab.ts: one line for every failure, on a node of our own", { concurrency: false }, () => {
  before(async () => {
    // A channel checks its consumers' ack timeout every tick: 100 ms here, not a minute.
    node = await startNode({ env: { RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS: "-rabbit channel_tick_interval 100" } });
    ctx = new Context(nodeBroker(node));
    for (const [user, password] of USERS) await ctl("add_user", user, password);
    for (const [user] of USERS.slice(0, 4)) await ctl("set_permissions", user, ".*", ".*", ".*");
    await ctl("set_permissions", "u-reader", ".*", "", ".*");
    silent = createServer(() => {}).listen(0, "127.0.0.1");
    http = createServer((socket) => socket.end("HTTP/1.1 400 Bad Request\r\n\r\n")).listen(0, "127.0.0.1");
    await Promise.all([silent, http].map((server) => new Promise((ready) => server.once("listening", ready))));
  });
  after(async () => {
    silent?.close();
    http?.close();
    await ctx?.stopAll();
    await node?.stop();
  });

  for (const row of ROWS) {
    test(`${row.script}: ${row.what} → ${row.code ? "one ERROR line" : row.says.source}, exit ${row.code}`, async () => {
      await noQueues();
      await row.given?.();
      try {
        await check(row);
      } finally {
        await row.undo?.();
      }
    });
  }

  /** Runs the row's script and checks its line, its exit code, and the broker afterwards. */
  async function check(row: Row) {
    const env = { AMQP_URL: (await row.url?.()) ?? url() };
    const script = ctx.start(row.script, row.script, row.args ?? [], env);
    await row.running?.(script);
    const exit = await script.exited;
    const [stdout, stderr] = [script.stdout(), script.stderr()];
    const seen = `it printed:\n${script.lines.map((line) => `  ${line.stream}: ${line.text}`).join("\n")}`;
    assert.deepEqual(exit, { code: row.code, signal: null }, `exit ${row.code}; ${seen}`);
    assert.ok(!stderr.some((line) => STACK.test(line)), `no stack trace; ${seen}`);
    const errors = stderr.filter((line) => !line.startsWith("WAITING: "));
    if (row.waiting) assert.match(stderr[0] ?? "", /^WAITING: RabbitMQ at \S+ blocks publishers: low on memory/, seen);
    else assert.equal(errors.length, stderr.length, `no WAITING line; ${seen}`);
    if (row.code) {
      assert.equal(errors.length, 1, `one line on stderr; ${seen}`);
      assert.match(errors[0]!, row.says, seen);
      assert.ok(!stdout.some((line) => line.startsWith("SENT: ")), `no SENT; ${seen}`);
    } else {
      assert.deepEqual(errors, [], `nothing on stderr; ${seen}`);
      assert.match(stdout.at(-1) ?? "", row.says, seen);
    }
    if (row.secret) assert.ok(!script.lines.some((line) => line.text.includes(row.secret!)), `no password; ${seen}`);
    if (row.then) assert.equal(await ctx.queueDepth(row.then.queue), row.then.depth, `${row.then.queue} afterwards`);
  }

  test("Ctrl+C while the broker blocks publishers: the sender stops at once, exit 130", async () => {
    await noQueues();
    await alarm();
    const script = ctx.start("part2/send.ts", "part2/send.ts", ["Never."], { AMQP_URL: url() });
    await waitForStderr(script, /^WAITING: /);
    const exit = await script.stop("SIGINT");
    assert.deepEqual(exit, { code: 130, signal: null });
    assert.deepEqual(script.stdout(), [], "no SENT");
    await noAlarm();
  });

  test("stdout on a full disk (> /dev/full): one ERROR line, exit 1, no stack trace", () => {
    const full = openSync("/dev/full", "w");
    try {
      const [file, argv] = command("part2/send.ts", ["Full."]);
      const ran = spawnSync(file, argv, {
        cwd: ROOT,
        env: { ...process.env, AMQP_URL: url() },
        stdio: ["ignore", full, "pipe"],
        encoding: "utf8",
      });
      assert.equal(ran.status, 1, ran.stderr);
      assert.deepEqual(ran.stderr.trim().split("\n"), ["ERROR: cannot write the output: ENOSPC"]);
    } finally {
      closeSync(full);
    }
  });
});
