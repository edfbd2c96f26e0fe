// The harness's own RabbitMQ nodes (engine/rabbitmq/node.ts), checked against themselves: what a test that
// kills, restarts or clusters a broker relies on. Slow (each node takes seconds to start), so every
// test starts as few nodes as it can, and stops them in `finally` whatever happened.
import assert from "node:assert/strict";
import amqp from "amqplib";
import { execFile, spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { test } from "node:test";
import { promisify } from "node:util";
import { createInterface } from "node:readline";
import { withChannel, withConfirmChannel } from "../engine/broker.ts";
import { eventually } from "../engine/expect.ts";
import { ROOT } from "../engine/proc.ts";
import { attachNode, handleOf } from "../engine/rabbitmq/attach.ts";
import { startCluster } from "../engine/rabbitmq/cluster.ts";
import { answers } from "../engine/rabbitmq/host.ts";
import { startNode, type RabbitNode } from "../engine/rabbitmq/node.ts";
import { sweepOrphans } from "../engine/rabbitmq/orphans.ts";

const run = promisify(execFile);

/** Is there a process `pid` (a zombie too)? */
const alive = (pid: number) => existsSync(`/proc/${pid}`);

/** No process left of these pids, and no temp dir. */
async function assertGone(pids: number[], dir: string) {
  assert.ok(await eventually(async () => !pids.some(alive), 10_000), `no process of ${pids.join(", ")} left`);
  assert.ok(!existsSync(dir), `${dir} removed`);
}

/** Sends `bodies` to `queue` as persistent messages, confirmed by the broker. */
const publish = (node: RabbitNode, queue: string, bodies: string[]) =>
  withConfirmChannel(node, async (channel) => {
    for (const body of bodies) channel.sendToQueue(queue, Buffer.from(body), { persistent: true });
    await channel.waitForConfirms();
  });

/** Takes every message of `queue` (acknowledged), in order. */
const drain = (node: RabbitNode, queue: string) =>
  withChannel(node, async (channel) => {
    const bodies: string[] = [];
    for (let message; (message = await channel.get(queue, { noAck: true }));) bodies.push(message.content.toString());
    return bodies;
  });

const count = (node: RabbitNode, queue: string) =>
  withChannel(node, async (channel) => (await channel.checkQueue(queue)).messageCount);

/** Declares a server-named queue: "declared", or the code the broker closed the connection with
 * (a denied deprecated feature closes the connection, 541 INTERNAL_ERROR, not just the channel). */
async function declare(node: RabbitNode, options: { durable: boolean; exclusive: boolean }) {
  const connection = await amqp.connect(node.url);
  let code: number | undefined;
  connection.on("error", (err: { code?: number }) => (code = err.code));
  try {
    const channel = await connection.createChannel();
    channel.on("error", () => {});
    await channel.assertQueue("", options);
    return "declared";
  } catch {
    return code;
  } finally {
    await connection.close().catch(() => {});
  }
}

for (const { kind, version } of [
  { kind: "3", version: /^3\./ },
  { kind: "4.3", version: /^4\.3\./ },
] as const) {
  test(`kind ${kind}: a persistent message survives kill -9, start, stop_app + start and restart; stop leaves nothing`, async () => {
    const node = await startNode({ kind, management: true });
    const pids: number[] = [];
    try {
      // node.pid is the broker's own VM, not a wrapper script.
      assert.equal(await node.ctl("eval", "os:getpid()."), `"${node.pid}"\n`);
      pids.push(node.pid!);
      const overview = await fetch(`http://127.0.0.1:${node.managementPort}/api/overview`, {
        headers: { authorization: `Basic ${Buffer.from("guest:guest").toString("base64")}` },
      }).then((response) => response.json());
      assert.match(overview.rabbitmq_version, version);
      assert.equal(overview.node, node.name);

      const queue = `node-test-${kind}`;
      await withChannel(node, (channel) => channel.assertQueue(queue, { durable: true }));
      await publish(node, queue, ["kept"]);
      await node.syncMetadata(); // the queue's declaration on disk (RabbitMQ 3 writes it up to 2 s late)

      await node.kill();
      assert.equal(node.pid, undefined);
      assert.ok(!alive(pids[0]), "the beam is gone");
      assert.equal(await answers(node.url), false);

      await node.start();
      pids.push(node.pid!);
      assert.notEqual(node.pid, pids[0]);
      assert.equal(await count(node, queue), 1, "the message outlived kill -9");

      await node.ctl("stop_app");
      assert.equal(await answers(node.url), false);
      await node.start();
      assert.equal(node.pid, pids[1], "start after stop_app: the same VM");

      await node.restart();
      assert.equal(node.pid, pids[1]);
      assert.deepEqual(await drain(node, queue), ["kept"]);
    } finally {
      await node.stop();
    }
    await assertGone(pids, node.dir);
    await node.stop(); // idempotent
    await assert.rejects(node.start(), /was stopped/);
  });
}

test("attachNode: another process restarts this process's node; kill and start stay with the owner", async () => {
  const node = await startNode();
  try {
    await withChannel(node, async (channel) => {
      await channel.assertQueue("node-test-durable", { durable: true });
      await channel.assertQueue("node-test-transient", { durable: false });
    });
    const code = [
      `import { attachNode } from "./engine/rabbitmq/attach.ts";`,
      `const node = await attachNode(JSON.parse(process.argv[1]));`,
      `await node.restart();`,
      `await node.kill().catch((err) => console.log(err.message));`,
      `console.log(node.pid);`,
    ].join("\n");
    const args = ["--import", "tsx", "--input-type=module", "-e", code, "--", JSON.stringify(handleOf(node))];
    const { stdout } = await run(process.execPath, args, { cwd: ROOT });
    const [refused, pid] = stdout.trim().split("\n");
    assert.match(refused, /belongs to the process that started it/);
    assert.equal(pid, String(node.pid), "it found the node's beam");
    const exists = (queue: string) =>
      withChannel(node, (channel) => channel.checkQueue(queue)).then(
        () => true,
        () => false,
      );
    assert.equal(await exists("node-test-durable"), true, "the durable queue outlived the restart");
    assert.equal(await exists("node-test-transient"), false, "the restart dropped the transient queue");
    await assert.rejects(attachNode({ ...handleOf(node), name: "lab-0-0@localhost" }), /no RabbitMQ node lab-0-0/);
  } finally {
    await node.stop();
  }
});

test(`kind 4.3: a transient non-exclusive queue is refused (541) by default, accepted when permitted`, async () => {
  const permit = "deprecated_features.permit.transient_nonexcl_queues";
  for (const { how, config, refused } of [
    { how: "by default (the harness's default config)", config: [], refused: true },
    { how: `${permit} = true`, config: [`${permit} = true`], refused: false },
  ]) {
    const node = await startNode({ kind: "4.3", config });
    try {
      // What stays allowed either way: durable, or exclusive.
      assert.equal(await declare(node, { durable: true, exclusive: false }), "declared");
      assert.equal(await declare(node, { durable: false, exclusive: true }), "declared");
      assert.equal(await declare(node, { durable: false, exclusive: false }), refused ? 541 : "declared", how);
    } finally {
      await node.stop();
    }
  }
});

test(`kind 3, a cluster of 3: the quorum queue's leader is killed, the queue goes on via another node`, async () => {
  const nodes = await startCluster(3, { kind: "3" });
  try {
    const status = JSON.parse(await nodes[0].ctl("cluster_status", "--formatter", "json"));
    assert.deepEqual(status.running_nodes.sort(), nodes.map((node) => node.name).sort());

    const queue = "node-test-quorum";
    await withChannel(nodes[0], (channel) =>
      channel.assertQueue(queue, { durable: true, arguments: { "x-queue-type": "quorum" } }),
    );
    await publish(nodes[0], queue, ["one", "two", "three"]);
    const leader = async (node: RabbitNode) => {
      const queues = JSON.parse(await node.ctl("list_queues", "name", "leader", "--formatter", "json"));
      return queues.find((entry: { name: string }) => entry.name === queue)?.leader as string | undefined;
    };
    const first = await leader(nodes[0]);
    const killed = nodes.find((node) => node.name === first);
    assert.ok(killed, `the leader ${first} is one of the cluster's nodes`);
    await killed.kill();

    const other = nodes.find((node) => node !== killed)!;
    // A new leader, elected by the two left: the queue answers again, with its messages.
    assert.ok(
      await eventually(async () => {
        const now = await leader(other).catch(() => undefined);
        return now !== undefined && now !== first;
      }, 30_000),
      "a new leader",
    );
    await publish(other, queue, ["four"]);
    assert.deepEqual(await drain(other, queue), ["one", "two", "three", "four"]);
  } finally {
    await Promise.all(nodes.map((node) => node.stop()));
  }
  for (const node of nodes) assert.ok(!existsSync(node.dir));
});

test("a node that fails to start: the error shows why, nothing is left", async () => {
  const mine = () => readdirSync(tmpdir()).filter((entry) => entry.startsWith(`rabbitmq-lab-node-${process.pid}-`));
  const before = mine();
  await assert.rejects(startNode({ config: ["no_such.setting = 1"] }), /no_such\.setting/);
  assert.deepEqual(mine(), before);
});

/** Starts a kind "3" node in a process of its own that then waits (or returns, with `wait` false). */
async function nodeInChild(wait: boolean) {
  const code = [
    `import { startNode } from "./engine/rabbitmq/node.ts";`,
    `const node = await startNode();`,
    `console.log(JSON.stringify({ pid: node.pid, dir: node.dir }));`,
    `if (process.argv.includes("--wait")) setInterval(() => {}, 1000);`,
  ].join("\n");
  const args = ["--import", "tsx", "--input-type=module", "-e", code, "--", ...(wait ? ["--wait"] : [])];
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const { value: line } = await lines.next();
  assert.ok(line, "the child printed its node");
  const { pid, dir } = JSON.parse(line) as { pid: number; dir: string };
  return { child, exited, pid, dir };
}

test("the last resort: a process that ends without stop() takes its node with it", async () => {
  for (const signal of [undefined, "SIGTERM", "SIGKILL"] as const) {
    const { child, exited, pid, dir } = await nodeInChild(signal !== undefined);
    try {
      assert.ok(alive(pid) && existsSync(dir), "the child's node runs");
      if (signal) child.kill(signal);
      await exited;
      // SIGKILL leaves no chance to clean up: the next process to start a node removes the orphan.
      if (signal === "SIGKILL") sweepOrphans();
      await assertGone([pid], dir);
    } finally {
      child.kill("SIGKILL");
      if (alive(pid)) process.kill(pid, "SIGKILL");
    }
  }
});
