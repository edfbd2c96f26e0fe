// `npm run cluster`: the work queue on a 3-node RabbitMQ cluster (docs/cluster.md). Starts the nodes (this
// machine's RabbitMQ on private ports, joined with rabbitmqctl join_cluster; without one, or with --docker,
// cluster/compose.yaml's three containers), runs engine/failover.ts with the real cluster/ scripts, prints
// its transcript and one last line, and stops every node, also on Ctrl+C or a failure.
//   npm run cluster                       3 nodes, 2 workers, 90 tasks, the leader killed after 30
//   npm run cluster -- --kind 4.3         the same on RabbitMQ 4.3 (engine/rabbitmq/node.ts builds it once)
//   npm run cluster -- --docker           cluster/compose.yaml, even where this machine has RabbitMQ
import { existsSync } from "node:fs";
import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import { startCluster } from "../engine/rabbitmq/cluster.ts";
import type { NodeKind } from "../engine/rabbitmq/runtime.ts";
import { COMPOSE, startDockerCluster } from "./cluster-docker.ts";
import { memoryMB, shortenDisconnectedTimeout, story, summary, type ClusterNode } from "../engine/failover.ts";

const argv = yargs(hideBin(process.argv))
  .scriptName("npm run cluster --")
  .usage("$0 [options]\n\nA 3-node RabbitMQ cluster, a quorum work queue, its leader's node killed mid-stream.")
  .option("kind", { type: "string", choices: ["3", "4.3"], default: "3", describe: "local nodes: RabbitMQ 3 or 4.3" })
  .option("docker", { type: "boolean", default: false, describe: `${COMPOSE}'s containers, not local nodes` })
  .option("tasks", { type: "number", default: 90, describe: "tasks the sender sends" })
  .option("per-second", { type: "number", default: 30, describe: "how many a second (2 workers do 20)" })
  .option("kill-after", { type: "number", default: 30, describe: "confirmed tasks before the kill" })
  .option("verbose", { type: "boolean", default: false, describe: "every SENT and DONE line" })
  .strict()
  .version(false)
  .parseSync();

const LOCAL = "/usr/lib/rabbitmq/bin/rabbitmq-server"; // kind "3" (engine/rabbitmq/node.ts); kind 4.3 builds its own
const docker = argv.docker || (argv.kind === "3" && !existsSync(LOCAL));
const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

let cluster: { nodes: ClusterNode[]; stop(): Promise<void> } | undefined;
let stopping = false;
async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  await cluster?.stop();
  process.exit(code);
}
process.once("SIGINT", () => stop(130)).once("SIGTERM", () => stop(143));

try {
  const began = performance.now();
  if (docker) {
    console.log(`Starting ${COMPOSE} (3 rabbitmq:4-management containers) with testcontainers...`);
    cluster = await startDockerCluster();
  } else {
    console.log(`Starting 3 RabbitMQ nodes (kind ${argv.kind}) and joining them into a cluster...`);
    const nodes = await startCluster(3, { kind: argv.kind as NodeKind });
    cluster = { nodes, stop: () => Promise.all(nodes.map((node) => node.stop())).then(() => {}) };
  }
  const { nodes } = cluster;
  for (const node of nodes) console.log(`  ${node.name}  ${node.url}${node.pid ? `  (pid ${node.pid})` : ""}`);
  const memory = memoryMB(nodes);
  console.log(`  up in ${seconds(began)}${memory ? `; resident memory of the 3: ${memory.toFixed(0)} MB` : ""}`);
  const policy = await shortenDisconnectedTimeout(nodes);
  if (policy)
    console.log(`  RabbitMQ 4 holds a dead worker's task 60 s before it hands it out again; 5 s here:\n  ${policy}`);
  const outcome = await story(nodes, {
    workers: 2,
    tasks: argv.tasks,
    perSecond: argv.perSecond,
    killAfter: argv.killAfter,
    verbose: argv.verbose,
    print: (text) => console.log(text),
  });
  console.log(summary(outcome));
  await stop(outcome.lost === 0 && outcome.left === 0 ? 0 : 1);
} catch (err: any) {
  console.error(`ERROR: ${err.message}`);
  await stop(1);
}
