// `npm run cluster`: the work queue on a 3-node RabbitMQ cluster (docs/cluster.md). Starts the nodes
// (this machine's RabbitMQ on private ports; else, with Docker, three containers on one network), runs
// test/cluster/story.ts with the real scripts, prints the transcript and one last line, stops every node.
//   npm run cluster                       3 nodes, 2 workers, 90 tasks, the leader killed after 30
//   npm run cluster -- --kind 4.3         the same on RabbitMQ 4.3 (test/lib/node.ts builds it once)
//   npm run cluster -- --docker           containers, even where this machine has RabbitMQ
import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import { startCluster, type NodeKind } from "./lib/node.ts";
import { memoryMB, shortenDisconnectedTimeout, story, summary, type ClusterNode } from "./cluster/story.ts";

const argv = yargs(hideBin(process.argv))
  .scriptName("npm run cluster --")
  .usage("$0 [options]\n\nA 3-node RabbitMQ cluster, a quorum work queue, its leader's node killed mid-stream.")
  .option("kind", {
    type: "string",
    choices: ["3", "4.3"],
    default: "3",
    describe: "RabbitMQ of this machine (3) or 4.3",
  })
  .option("docker", { type: "boolean", default: false, describe: "three containers instead of local nodes" })
  .option("tasks", { type: "number", default: 90, describe: "tasks the sender sends" })
  .option("per-second", { type: "number", default: 30, describe: "how many a second (2 workers do 20)" })
  .option("kill-after", { type: "number", default: 30, describe: "confirmed tasks before the kill" })
  .option("verbose", { type: "boolean", default: false, describe: "every SENT and DONE line" })
  .strict()
  .version(false)
  .parseSync();

const began = performance.now();
const print = (text: string) => console.log(text);
let nodes: (ClusterNode & { stop(): Promise<void> })[] = [];
let code = 1;
try {
  console.log(`Starting 3 RabbitMQ nodes (kind ${argv.kind}) and joining them into a cluster...`);
  nodes = await startCluster(3, { kind: argv.kind as NodeKind });
  for (const node of nodes) console.log(`  ${node.name}  ${node.url}  (pid ${node.pid})`);
  console.log(
    `  ${((performance.now() - began) / 1000).toFixed(1)} s; memory of the 3 nodes: ${memoryMB(nodes)?.toFixed(0)} MB`,
  );
  const policy = await shortenDisconnectedTimeout(nodes);
  if (policy)
    console.log(`  RabbitMQ 4 holds a dead worker's task 60 s before handing it out again; here 5 s:\n  ${policy}`);
  const outcome = await story(nodes, {
    verbose: argv.verbose,
    workers: 2,
    tasks: argv.tasks,
    perSecond: argv.perSecond,
    killAfter: argv.killAfter,
    print,
  });
  console.log(summary(outcome));
  code = outcome.lost === 0 && outcome.left === 0 ? 0 : 1;
} catch (err: any) {
  console.error(`ERROR: ${err.message}`);
} finally {
  await Promise.all(nodes.map((node) => node.stop()));
}
process.exit(code);
