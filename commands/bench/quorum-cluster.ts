// "Beyond one broker": quorum queues against classic durable ones, on a 3-node cluster and on one node of
// the harness's own (engine/rabbitmq/node.ts, this machine's RabbitMQ on private ports), and the failover time of the
// cluster story (engine/failover.ts, the real cluster/ scripts) over several kills of the leader's node.
import { withChannel, withConfirmChannel } from "../../engine/broker.ts";
import { startCluster } from "../../engine/rabbitmq/cluster.ts";
import { startNode, type NodeKind, type RabbitNode } from "../../engine/rabbitmq/node.ts";
import {
  asBroker,
  memoryMB,
  shortenDisconnectedTimeout,
  story,
  versionOf,
  type Outcome,
} from "../../engine/failover.ts";
import { consumeTime, publishConfirmed } from "./safety.ts";
import { fixed, int, median, type Report } from "./report.ts";

export type Sizes = { messages: number; batch: number; rounds: number; kills: number };

const TYPES = { classic: {}, quorum: { "x-queue-type": "quorum" } } as const;
type Setup = { where: string; type: keyof typeof TYPES; node: RabbitNode };
type Rates = { where: string; type: keyof typeof TYPES; publish: number; prefetch1: number; prefetch100: number };
const queueOf = ({ type }: Setup) => `bench_cluster_${type}`;

/** Milliseconds for one round on one setup: publish with confirms, then drain at prefetch 1 and 100. */
async function round({ node, ...setup }: Setup, sizes: Sizes) {
  const broker = asBroker(node);
  const queue = queueOf({ node, ...setup });
  const publish = await withConfirmChannel(broker, (ch) => publishConfirmed(ch, queue, sizes.messages, sizes.batch));
  await withChannel(broker, (ch) => ch.purgeQueue(queue));
  const drain = (prefetch: number, n: number) => consumeTime(broker, n, prefetch, { queue, persistent: true });
  return { publish, prefetch1: await drain(1, sizes.messages / 5), prefetch100: await drain(100, sizes.messages) };
}

/** Rounds taking turns over the setups, so that a slow moment of the machine hits every row alike; each row
 * keeps its fastest round. In messages a second (prefetch 1 drains a fifth of the messages: it is slow). */
async function rates(setups: Setup[], sizes: Sizes, progress: (text: string) => void): Promise<Rates[]> {
  const runs = setups.map(() => [] as Awaited<ReturnType<typeof round>>[]);
  for (const setup of setups)
    await withChannel(asBroker(setup.node), (ch) =>
      ch.assertQueue(queueOf(setup), { durable: true, arguments: TYPES[setup.type] }),
    );
  try {
    for (let r = 1; r <= sizes.rounds; r++)
      for (const [i, setup] of setups.entries()) {
        progress(`cluster: ${setup.type} queue on ${setup.where}, round ${r} of ${sizes.rounds}`);
        runs[i]!.push(await round(setup, sizes));
      }
  } finally {
    for (const setup of setups) await withChannel(asBroker(setup.node), (ch) => ch.deleteQueue(queueOf(setup)));
  }
  const rate = (n: number, ms: number[]) => (n / Math.min(...ms)) * 1000;
  return setups.map(({ where, type }, i) => ({
    where,
    type,
    publish: rate(
      sizes.messages,
      runs[i]!.map((run) => run.publish),
    ),
    prefetch1: rate(
      sizes.messages / 5,
      runs[i]!.map((run) => run.prefetch1),
    ),
    prefetch100: rate(
      sizes.messages,
      runs[i]!.map((run) => run.prefetch100),
    ),
  }));
}

/** The section, on nodes of `kind`: this machine's RabbitMQ 3, or 4.3 (when the rest of the bench runs on 4.3). */
export async function cluster(sizes: Sizes, kind: NodeKind, progress: (text: string) => void): Promise<Report> {
  progress(`cluster: starting 3 clustered nodes and 1 single node, RabbitMQ kind ${kind}`);
  const began = performance.now();
  const started = await Promise.allSettled([startCluster(3, { kind }), startNode({ kind })]);
  const [nodes, single] = started.map((result) => (result.status === "fulfilled" ? result.value : undefined)) as [
    RabbitNode[] | undefined,
    RabbitNode | undefined,
  ];
  try {
    for (const result of started) if (result.status === "rejected") throw result.reason;
    if (!nodes || !single) throw new Error("unreachable");
    const startSeconds = (performance.now() - began) / 1000;
    const memory = { cluster: memoryMB(nodes)!, single: memoryMB([single])! };
    const version = await versionOf(single);
    const setups = [
      ...(["classic", "quorum"] as const).map((type) => ({ where: "one node", type, node: single })),
      ...(["classic", "quorum"] as const).map((type) => ({ where: "3-node cluster", type, node: nodes[0]! })),
    ];
    const rows = await rates(setups, sizes, progress);

    await shortenDisconnectedTimeout(nodes);
    const kills: Outcome[] = [];
    for (let kill = 0; kill < sizes.kills; kill++) {
      // The node the last kill took runs again; each kill takes another node, the queue declared there.
      await Promise.all(nodes.filter((node) => node.pid === undefined).map((node) => node.start()));
      progress(`cluster: failover, kill ${kill + 1} of ${sizes.kills}`);
      kills.push(await story(nodes, { workers: 2, tasks: 60, perSecond: 30, killAfter: 20, leader: kill % 3 }));
    }
    const seconds = kills.map((k) => k.resumedAfter);
    const failover = {
      kills: kills.map((k) => ({ killed: k.killed.name, ...pick(k) })),
      medianSeconds: median(seconds),
      lost: kills.reduce((sum, k) => sum + k.lost, 0),
    };
    const rate = (v: number) => int(v);
    return {
      name: "cluster",
      data: { version, startSeconds, memoryMB: memory, sizes, rows, failover },
      blocks: [
        { kind: "heading", text: "5. Beyond one broker: quorum queues on a 3-node cluster" },
        {
          kind: "text",
          text:
            `RabbitMQ ${version} nodes of the harness's own on this machine (engine/rabbitmq/node.ts): 3 joined into a cluster and ` +
            `1 alone, started in ${fixed(startSeconds)} s; resident memory ${int(memory.cluster)} MB for the 3 ` +
            `(${int(memory.cluster / 3)} MB each), ${int(memory.single)} MB for the single one, idle. ` +
            `One amqplib connection to the queue's node (the leader, for a quorum queue: 3 replicas on the cluster, ` +
            `1 on one node), ${int(sizes.messages)} persistent 100-byte messages published with confirms in batches of ` +
            `${sizes.batch}; then drained by one consumer with manual acks (${int(sizes.messages / 5)} of them at ` +
            `prefetch 1). ${sizes.rounds === 1 ? "One round." : `Best of ${sizes.rounds} rounds, the four taking turns.`}`,
        },
        {
          kind: "table",
          columns: ["queue", "where", "publish + confirms msg/s", "consume prefetch 1 msg/s", "prefetch 100 msg/s"],
          rows: rows.map((r) => [r.type, r.where, rate(r.publish), rate(r.prefetch1), rate(r.prefetch100)]),
        },
        {
          kind: "text",
          text:
            `Failover: the cluster story (npm run cluster) ${sizes.kills} time${sizes.kills === 1 ? "" : "s"}: 2 ` +
            `cluster/worker.ts and 1 cluster/send.ts (60 tasks of 0.1 s, 30 a second), each on a node of its own, the ` +
            `quorum queue's leader killed (kill -9) after 20 confirmed tasks, each time another node. Resumed: from the ` +
            `kill to the first task done that a worker received after it. Median ${fixed(failover.medianSeconds, 2)} s; ` +
            `${failover.lost} confirmed task${failover.lost === 1 ? "" : "s"} lost in all.`,
        },
        {
          kind: "table",
          columns: ["kill", "leader killed", "resumed after", "confirmed", "done", "lost", "done twice"],
          rows: kills.map((k, i) => [
            String(i + 1),
            k.killed.name.replace(/@.*/, ""),
            `${fixed(k.resumedAfter, 2)} s`,
            String(k.confirmed),
            String(k.done),
            String(k.lost),
            String(k.twice),
          ]),
        },
      ],
    };
  } finally {
    await Promise.all([...(nodes ?? []), single].map((node) => node?.stop()));
  }
}

const pick = ({ confirmed, done, lost, twice, resumedAfter }: Outcome) => ({
  confirmed,
  done,
  lost,
  twice,
  resumedAfter,
});
