// The cluster story, written once for `npm run cluster`, the cluster tests and the bench's failover figure:
// the quorum work queue on a cluster of nodes, cluster/worker.ts and cluster/send.ts each connected to a
// node of their own, the queue leader's node killed (kill -9) mid-stream, and the count of what was lost.
import type { Channel } from "amqplib";
import { readFileSync } from "node:fs";
import { withChannel, type Broker } from "./broker.ts";
import { eventually } from "./expect.ts";
import { Script, type Line } from "./proc.ts";

export const QUEUE = "quorum_task_queue"; // as in cluster/send.ts and cluster/worker.ts
export const SENDER = "cluster/send.ts";
export const WORKER = "cluster/worker.ts";

/** A node of the cluster, as the story needs it: engine/rabbitmq/node.ts's RabbitNode, or a container (commands/cluster-docker.ts). */
export interface ClusterNode {
  readonly name: string; // rabbit@host: what list_queues says a queue's leader is
  readonly url: string; // AMQP, with credentials
  readonly pid?: number; // the broker's VM on this machine, if it runs here (its memory is read from /proc)
  /** rabbitmqctl on this node; its stdout. */
  ctl(...args: string[]): Promise<string>;
  /** kill -9 of the node's VM; resolves when it is gone. */
  kill(): Promise<void>;
}

export type StoryOptions = {
  /** How many workers: the first is connected to the leader's node, the others each to another node. */
  workers: number;
  /** Tasks the sender sends, and how many a second; the leader is killed once `killAfter` are confirmed. */
  tasks: number;
  perSecond: number;
  killAfter: number;
  /** Which node declares the queue, and so leads it (client-local placement); default the first. */
  leader?: number;
  /** Each line of the transcript: the story's steps and what the scripts print. */
  print?: (text: string) => void;
  /** Print every SENT and DONE line, not only those from the kill until the stream resumes (else a count a second). */
  verbose?: boolean;
};

export type Outcome = {
  /** Tasks the broker confirmed (the sender printed SENT), tasks done at least once, confirmed ones never
   * done, and tasks done more than once (allowed: at-least-once). */
  confirmed: number;
  done: number;
  lost: number;
  twice: number;
  /** Tasks confirmed after the kill: the stream went on. */
  confirmedAfterKill: number;
  /** From the kill to the first task done that a worker received after it (GRACE), in seconds. */
  resumedAfter: number;
  leaderBefore: string;
  leaderAfter: string;
  killed: ClusterNode;
  /** Messages left in the queue at the end (ready + unacknowledged), seen from a survivor. */
  left: number;
  /** The scripts, with what each printed and when (ms since the story began). */
  scripts: { label: string; script: Script; lines: (Line & { at: number })[] }[];
};

/** The leader of the quorum queue, as `node` sees it, or undefined if it has none right now. */
export async function leaderOf(node: ClusterNode, queue = QUEUE): Promise<string | undefined> {
  const queues = JSON.parse(await node.ctl("list_queues", "name", "leader", "--formatter", "json", "--quiet"));
  return queues.find((entry: { name: string }) => entry.name === queue)?.leader;
}

/** Messages in the queue (ready + unacknowledged), as `node` sees it. */
export async function depthOf(node: ClusterNode, queue = QUEUE): Promise<number | undefined> {
  const queues = JSON.parse(await node.ctl("list_queues", "name", "messages", "--formatter", "json", "--quiet"));
  return queues.find((entry: { name: string }) => entry.name === queue)?.messages;
}

/** Resident memory of the nodes' VMs, in MB (those that run on this machine). */
export function memoryMB(nodes: ClusterNode[]): number | undefined {
  const pids = nodes.flatMap((node) => (node.pid ? [node.pid] : []));
  if (!pids.length) return undefined;
  const kB = pids.map((pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0));
  return kB.reduce((a, b) => a + b, 0) / 1024;
}

/** An AMQP_URL list that starts at `first` and goes on through the others. */
const urlsFrom = (nodes: ClusterNode[], first: number) =>
  nodes
    .map((_, i) => nodes[(first + i) % nodes.length]!.url)
    .join(",")
    .replaceAll("guest:guest@", ""); // amqplib's default user, as a student's URL would be

/** A node as engine/broker.ts's Broker, for withChannel and the bench's helpers; it starts and stops nothing. */
export const asBroker = (node: ClusterNode): Broker => ({
  kind: "cluster",
  url: node.url,
  how: node.name,
  version: "",
  dispose: async () => {},
});

/** Runs `fn` with a channel to `node`. */
export const withNode = <T>(node: ClusterNode, fn: (channel: Channel) => Promise<T>): Promise<T> =>
  withChannel(asBroker(node), fn);

/** Declares the queue as the scripts do, afresh, through `node`: with client-local placement, `node` leads it. */
export const freshQueue = (node: ClusterNode) =>
  withNode(node, async (channel) => {
    await channel.deleteQueue(QUEUE);
    await channel.assertQueue(QUEUE, { durable: true, arguments: { "x-queue-type": "quorum" } });
  });

/** RabbitMQ's version, from the AMQP handshake. */
export const versionOf = (node: ClusterNode) =>
  withNode(node, async (channel) => String(channel.connection.serverProperties.version));

/**
 * RabbitMQ 4 holds the tasks of a consumer whose node is unreachable for consumer_disconnected_timeout (60 s by
 * default) before it hands them out again: it cannot tell a dead node from a partition, after which the consumer
 * may still ack. A policy shortens that for the story's queue; RabbitMQ 3 returns them as soon as the node is down.
 */
export const DISCONNECTED_TIMEOUT = 5000;
export async function shortenDisconnectedTimeout(nodes: ClusterNode[]): Promise<string | undefined> {
  if (Number((await versionOf(nodes[0]!)).split(".")[0]) < 4) return undefined;
  const definition = JSON.stringify({ "consumer-disconnected-timeout": DISCONNECTED_TIMEOUT });
  await nodes[0]!.ctl("set_policy", "--apply-to", "quorum_queues", "story", `^${QUEUE}$`, definition);
  return `rabbitmqctl set_policy --apply-to quorum_queues story '^${QUEUE}$' '${definition}'`;
}

const ROUTINE = /^(SENT|RECEIVED|DONE): /;

/**
 * The stream has resumed when a worker is done with a task it received after the kill. A line reaches this
 * process a little after the script printed it, more so on a busy machine: a task received within GRACE ms of
 * the kill may have been handed out before it, and does not count.
 */
const GRACE = 100;

export async function story(nodes: ClusterNode[], options: StoryOptions): Promise<Outcome> {
  const print = options.print ?? (() => {});
  const began = performance.now();
  const now = () => performance.now() - began;
  const stamp = (ms: number) => `${(ms / 1000).toFixed(2).padStart(6)} s`;
  const step = (text: string) => print(`${stamp(now())}  ${text}`);
  const short = (name: string) => name.replace(/@.*/, "");

  const first = options.leader ?? 0;
  await freshQueue(nodes[first]!);
  const leaderBefore = await leaderOf(nodes[first]!);
  const killed = nodes.find((node) => node.name === leaderBefore);
  if (!killed) throw new Error(`the queue's leader ${leaderBefore} is none of ${nodes.map((n) => n.name).join(", ")}`);
  const at = nodes.indexOf(killed);
  step(`${QUEUE}: a quorum queue on ${nodes.map((n) => short(n.name)).join(", ")}; leader ${short(killed.name)}`);

  const scripts: Outcome["scripts"] = [];
  let killedAt = Infinity;
  let resumedAt = Infinity;
  const received = new Map<Script, number>(); // when each worker received its latest task
  // In full: every line but the routine ones, which are counted, or shown from the kill until the stream resumes.
  const inFull = (ms: number) => options.verbose || (ms >= killedAt && ms <= resumedAt + 300);
  let counted = "";
  const count = () => {
    const numbers = scripts.map(({ script }) => script.count(/^(SENT|DONE): /));
    const text = scripts
      .map(({ label }, i) => `[${label}] ${numbers[i]} ${label === "send" ? "sent" : "done"}`)
      .join(" · ");
    if (text !== counted && numbers.some((n) => n > 0) && !inFull(now())) step((counted = text));
  };
  const ticker = setInterval(count, 1000);
  /** Starts a script whose AMQP_URL begins with nodes[node]. */
  const start = (label: string, file: string, node: number, args: string[] = []) => {
    const script = new Script(label, file, args, { AMQP_URL: urlsFrom(nodes, node) });
    const lines: Outcome["scripts"][number]["lines"] = [];
    script.onLine((line) => {
      const ms = now();
      lines.push({ ...line, at: ms });
      if (line.text.startsWith("RECEIVED: ")) received.set(script, ms);
      if (line.text.startsWith("DONE: ") && (received.get(script) ?? 0) > killedAt + GRACE)
        resumedAt = Math.min(resumedAt, ms);
      if (!ROUTINE.test(line.text) || (inFull(ms) && !line.text.startsWith("RECEIVED: ")))
        print(`${stamp(ms)}  [${label}] ${line.stream === "stderr" ? "! " : ""}${line.text}`);
    });
    scripts.push({ label, script, lines });
    step(`[${label}] AMQP_URL=${urlsFrom(nodes, node)} npx tsx ${[file, ...args].join(" ")}`);
    return script;
  };
  try {
    // Worker 1 on the leader's node; the other workers and the sender each on the next node.
    const workers = Array.from({ length: options.workers }, (_, i) => start(`worker ${i + 1}`, WORKER, at + i));
    await Promise.all(workers.map((worker) => worker.waitFor("Waiting for messages...", { timeout: 30_000 })));
    const sender = start("send", SENDER, at + options.workers, [String(options.tasks), String(options.perSecond)]);
    await sender.waitFor(/^SENT: /, { times: options.killAfter, timeout: 60_000 });

    const ready = await withNode(killed, async (channel) => (await channel.checkQueue(QUEUE)).messageCount);
    count();
    step(`kill -9 ${short(killed.name)} (pid ${killed.pid ?? "?"}), the leader; ${ready} tasks ready in the queue`);
    killedAt = now();
    await killed.kill();
    const survivor = nodes.find((node) => node !== killed)!;

    const exit = await sender.exited;
    if (exit.code !== 0)
      throw new Error(`the sender failed (${exit.signal ?? exit.code}): ${sender.stderr().join(" ")}`);
    const tasks = (pattern: RegExp, lines: string[]) => lines.flatMap((text) => pattern.exec(text)?.[1] ?? []);
    const confirmed = new Set(tasks(/^SENT: (.*)$/, sender.stdout()));
    const times = () => {
      const done = new Map<string, number>();
      for (const task of workers.flatMap((worker) => tasks(/^DONE: (.*)$/, worker.stdout())))
        done.set(task, (done.get(task) ?? 0) + 1);
      return done;
    };
    // Every confirmed task done, and nothing left in the queue (a task handed out again may still be at work).
    await eventually(async () => [...confirmed].every((task) => times().has(task)), 30_000 + DISCONNECTED_TIMEOUT);
    const leaderAfter = (await leaderOf(survivor)) ?? "none";
    step(`leader now ${short(leaderAfter)} (was ${short(killed.name)})`);
    await eventually(async () => (await depthOf(survivor)) === 0, 30_000);
    const left = (await depthOf(survivor)) ?? NaN;
    count();
    step(`${QUEUE}: ${left} messages left`);
    const done = times();
    return {
      confirmed: confirmed.size,
      done: done.size,
      lost: [...confirmed].filter((task) => !done.has(task)).length,
      twice: [...done.values()].filter((n) => n > 1).length,
      confirmedAfterKill: scripts.at(-1)!.lines.filter((line) => line.at > killedAt && /^SENT: /.test(line.text))
        .length,
      resumedAfter: (resumedAt - killedAt) / 1000,
      leaderBefore: leaderBefore!,
      leaderAfter,
      killed,
      left,
      scripts,
    };
  } finally {
    clearInterval(ticker);
    await Promise.all(scripts.map(({ script }) => script.stop()));
  }
}

/** The story's last line. */
export const summary = (o: Outcome) =>
  `cluster: ${o.confirmed} confirmed, ${o.done} done, ${o.lost} lost, ${o.twice} done twice, resumed after ${o.resumedAfter.toFixed(2)} s`;
