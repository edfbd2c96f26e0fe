// The topology tool against a real broker: for each of parts 1–5, the section's receivers run as the
// lab says, and what the management API shows, and so what is drawn, must be exactly what the
// section declares: its exchanges, bindings and queues with their flags, one consumer per receiver on
// that receiver's own connection. Also: docs/topology.md is what a live run draws, `npm run topology`
// as a student runs it (its three outputs, --watch with the counts moving), and its error lines.
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import { findBroker, isRabbitMQ4, type Broker } from "../engine/broker.ts";
import { withLock } from "../engine/lock.ts";
import { assertFailed } from "../engine/expect.ts";
import { ROOT } from "../engine/proc.ts";
import { draw, waitForTopology, type Topology } from "../engine/topology/index.ts";
import {
  DOC,
  READMES,
  LIVE_SECTIONS,
  apiFor,
  bothLangs,
  readmePictures,
  topologyDoc,
  withSection,
  type Live,
  type Pictures,
} from "../engine/live-topology.ts";
import type { Lang } from "../engine/topology/labels.ts";
import { summary } from "../engine/topology/summary.ts";

const run = promisify(execFile);

/** `npm run topology -- args` as a student runs it (tsx, whatever LAB_RUNTIME says for the lab's scripts). */
async function topology(args: string[], env: Record<string, string> = {}) {
  const child = run(process.execPath, ["--import", "tsx", "commands/topology.ts", ...args], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: "", ...env },
  });
  const done = await child.then(
    ({ stdout, stderr }) => ({ code: 0, signal: null, stdout, stderr }),
    (err: any) => ({
      code: err.code ?? 1,
      signal: err.signal ?? null,
      stdout: err.stdout ?? "",
      stderr: err.stderr ?? "",
    }),
  );
  const lines = (text: string) => text.split("\n").filter((line) => line !== "");
  return { ...done, stdout: lines(done.stdout), stderr: lines(done.stderr), lines: [] };
}

/** More that a section shows, besides its declarations. */
const EXTRA: Record<string, (live: Live) => Promise<void>> = {
  // --watch redraws with the counts moving: two workers busy (unacked 2), one task waiting (ready 1).
  async part2({ ctx }) {
    const watch = spawn(
      process.execPath,
      ["--import", "tsx", "commands/topology.ts", "--watch", "--queue", "task_queue"],
      {
        cwd: ROOT,
        env: { ...process.env, AMQP_URL: ctx.broker.url },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    const lines: string[] = [];
    const listeners = new Set<() => void>();
    createInterface({ input: watch.stdout }).on("line", (line) => {
      lines.push(line);
      for (const listener of listeners) listener();
    });
    /** Waits until a frame shows `text`. */
    const seen = (text: string) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (!lines.some((line) => line.includes(text))) return;
          clearTimeout(timer);
          listeners.delete(check);
          resolve();
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`--watch never showed "${text}":\n${lines.join("\n")}`));
        }, 20_000);
        listeners.add(check);
        check();
      });
    try {
      await seen("ready 0 · unacked 0");
      // Eight seconds of work each: longer than the API's statistics round (5 s), so the state is seen.
      for (const n of [1, 2, 3]) {
        const sent = await ctx.run(`send ${n}`, "part2/send.ts", [`Task ${n}........`]);
        assert.equal(sent.code, 0, sent.stderr.join("\n"));
      }
      await seen("ready 1 · unacked 2");
      watch.kill("SIGINT");
      const [code] = await new Promise<[number | null]>((resolve) => watch.once("exit", (c) => resolve([c])));
      assert.equal(code, 0, "Ctrl+C stops --watch cleanly");
    } finally {
      watch.kill("SIGKILL");
    }
  },
  // The three outputs of the CLI, on the live part 4.
  async part4({ ctx, topology: t }) {
    const env = { AMQP_URL: ctx.broker.url };
    const plain = await topology(["--exchange", "direct_logs"], env);
    assert.deepEqual([plain.code, plain.stderr], [0, []]);
    const text = plain.stdout.join("\n");
    for (const part of [
      "┌─ exchange",
      "│ direct_logs",
      "─ error, warning ─▶",
      "─ info ─▶",
      ...t.queues.map((q) => q.name),
    ])
      assert.ok(text.includes(part), `the drawing shows ${part}:\n${text}`);
    assert.doesNotMatch(text, /\x1b/, "no colour when piped");

    const mermaid = await topology(["--exchange", "direct_logs", "--mermaid", "--stable"], env);
    assert.equal(mermaid.stdout[0], "flowchart LR");
    assert.ok(mermaid.stdout.includes(`  X1 -->|"error<br/>warning"| Q1`), mermaid.stdout.join("\n"));

    const dir = await mkdtemp(join(tmpdir(), "topology-"));
    try {
      const file = join(dir, "part4.svg");
      const svg = await topology(["--exchange", "direct_logs", "--svg", file], env);
      assert.deepEqual(svg.stdout, [`${file}: 1 exchanges, 2 queues, 2 consumers`]);
      const drawn = await readFile(file, "utf8");
      assert.equal(drawn.match(/data-kind="queue"/g)?.length, 2);
      assert.ok(drawn.includes(`data-name="direct_logs"`), "the exchange is drawn");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
};

describe("topology on a live broker", { concurrency: true }, () => {
  let broker: Broker;
  before(async () => {
    broker = await findBroker();
  });
  after(() => broker?.dispose());

  const mermaid = new Map<string, Promise<Record<Lang, string> | undefined>>();
  for (const section of LIVE_SECTIONS) {
    let settle!: { resolve: (text: Record<Lang, string> | undefined) => void; reject: (err: unknown) => void };
    const drawn = new Promise<Record<Lang, string> | undefined>((resolve, reject) => (settle = { resolve, reject }));
    drawn.catch(() => {}); // reported by the section's own test
    mermaid.set(section.id, drawn);
    const receivers = section.receivers.map((r) => [r.script, ...r.args].join(" ")).join(", ");
    test(`${section.id}: exactly what ${receivers} declare, one consumer per receiver on its own connection`, async () => {
      try {
        const text = await withSection(broker, section, async (live) => {
          assert.deepEqual(summary(live.topology), section.expected);
          // The drawings show it all: every node in the SVG, the keys on its arrows.
          const svg = draw(live.topology, "svg", { id: section.id });
          const kinds = (kind: string) => svg.match(new RegExp(`data-kind="${kind}"`, "g"))?.length ?? 0;
          assert.deepEqual(
            [kinds("exchange"), kinds("queue"), kinds("consumer")],
            [live.topology.exchanges.length, live.topology.queues.length, section.receivers.length],
          );
          await EXTRA[section.id]?.(live);
          return bothLangs(section, live.topology);
        });
        // undefined: RabbitMQ 4 refused the section's receivers, as withSection checked; no picture.
        assert.ok(text || isRabbitMQ4(broker), `${section.id}: drawn`);
        settle.resolve(text);
      } catch (err) {
        settle.reject(err);
        throw err;
      }
    });
  }

  test("docs/topology.md and the READMEs' pictures are what a live run of parts 1–5 draws (else: npx tsx commands/topology-docs.ts)", async () => {
    const drawn: Pictures = new Map();
    for (const [id, text] of mermaid) {
      const both = await text;
      if (both) drawn.set(id, both);
    }
    const doc = await readFile(DOC, "utf8");
    const readmes = await Promise.all(
      READMES.map(async ({ file, lang }) => ({ file, lang, readme: await readFile(file, "utf8") })),
    );
    for (const { file, readme } of readmes)
      assert.equal(
        (readme.match(/<!-- topology part\d -->/g) ?? []).length,
        LIVE_SECTIONS.length,
        `${file}: a picture per part`,
      );
    if (drawn.size === LIVE_SECTIONS.length) {
      assert.equal(doc, topologyDoc(drawn));
      for (const { file, lang, readme } of readmes)
        assert.equal(readme, readmePictures(readme, drawn, lang), `${file}: its pictures`);
    } else {
      // RabbitMQ 4 refused part 1 (its section's test checked that): the pictures it drew are the documents'.
      for (const [id, both] of drawn) {
        assert.ok(doc.includes(`\`\`\`mermaid\n${both.en}\n\`\`\``), `${DOC}: ${id}'s picture`);
        for (const { file, lang, readme } of readmes)
          assert.ok(
            readme.includes(`<!-- topology ${id} -->\n\n\`\`\`mermaid\n${both[lang]}\n`),
            `${file}: ${id}'s picture`,
          );
      }
    }
  });

  test("waitForTopology waits for the counts, which the API adds at its next statistics round", async () => {
    const section = LIVE_SECTIONS.find((s) => s.id === "part2")!; // its queue: RabbitMQ 3 and 4 alike
    await withSection(broker, section, async ({ api }) => {
      const t = await waitForTopology(api, section.filter, { counts: true, until: (t) => t.consumers.length === 2 });
      assert.deepEqual(
        t.queues.map((q) => [q.name, q.ready, q.unacked]),
        [["task_queue", 0, 0]],
      );
      assert.ok(draw(t, "terminal").includes("ready 0 · unacked 0"), draw(t, "terminal"));
    });
  });
});

describe("npm run topology: one ERROR line, no stack trace", { concurrency: true }, () => {
  let broker: Broker;
  before(async () => {
    broker = await findBroker();
  });
  after(() => broker?.dispose());
  /** The test broker's AMQP URL, changed. */
  const amqp = (change: (url: URL) => void) => {
    const url = new URL(broker.url);
    change(url);
    return url.href;
  };
  // Where the API is, as engine/live-topology.ts finds it (RABBITMQ_API_URL or the broker's host), without credentials.
  const apiBase = () => apiFor(broker).endpoint.base;
  const cases: [string, () => Record<string, string>, (string | RegExp)[]][] = [
    [
      "no management API: how to enable it",
      () => ({ AMQP_URL: broker.url, RABBITMQ_API_URL: "http://127.0.0.1:15999" }),
      [
        "no RabbitMQ management API at http://guest@127.0.0.1:15999/api (ECONNREFUSED)",
        "rabbitmq-plugins enable rabbitmq_management",
        "-p 15672:15672",
      ],
    ],
    [
      "no broker at all: how to start one",
      () => ({ AMQP_URL: "amqp://127.0.0.1:5999", RABBITMQ_API_URL: "http://127.0.0.1:15999" }),
      ["cannot reach RabbitMQ at amqp://127.0.0.1:5999 nor its management API", "rabbitmq-server"],
    ],
    [
      "a port that speaks no HTTP (the broker's AMQP port)",
      () => ({ AMQP_URL: broker.url, RABBITMQ_API_URL: `http://${new URL(broker.url).host}` }),
      ["no RabbitMQ management API at"],
    ],
    [
      "a wrong password: which setting to check, the password not shown",
      () => ({ AMQP_URL: amqp((url) => (url.password = "wrong-secret")), RABBITMQ_API_URL: apiBase() }),
      ["refused the login", "AMQP_URL or RABBITMQ_API_URL", /^(?![^]*wrong-secret)/],
    ],
    [
      "an unknown virtual host",
      () => ({ AMQP_URL: amqp((url) => (url.pathname = "/no-such-vhost")), RABBITMQ_API_URL: apiBase() }),
      [`no virtual host "no-such-vhost"`],
    ],
    [
      "RABBITMQ_API_URL that is no URL",
      () => ({ RABBITMQ_API_URL: "localhost 15672" }),
      ["RABBITMQ_API_URL is not a URL"],
    ],
  ];
  for (const [title, env, says] of cases)
    // names []: no scenario's names, but not while another test restarts the broker ("*").
    test(title, () =>
      withLock(broker.url, [], async () => assertFailed(await topology([], { AMQP_URL: "", ...env() }), says)),
    );
});
