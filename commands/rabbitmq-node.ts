// engine/rabbitmq/node.ts from the command line (npm run rabbitmq-node -- ...):
//   build                                 builds RabbitMQ 4.3's chroot unless it is cached; prints its directory
//   start [--kind 3|4.3] [--management] [--cluster N] [--config "key = value"]...
//                                         starts a node (or a cluster), prints how to reach it, stops it on Ctrl+C
import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import { ensureRabbitmq43 } from "../engine/rabbitmq/chroot.ts";
import { startCluster } from "../engine/rabbitmq/cluster.ts";
import { startNode, type NodeKind } from "../engine/rabbitmq/node.ts";

await yargs(hideBin(process.argv))
  .scriptName("npm run rabbitmq-node --")
  .command(
    "build",
    "build RabbitMQ 4.3's Debian forky chroot unless it is cached",
    {},
    async () => void console.log(await ensureRabbitmq43()),
  )
  .command(
    "start",
    "start a node or a cluster until Ctrl+C",
    (args) =>
      args
        .option("kind", { type: "string", choices: ["3", "4.3"] as const, default: "3" as NodeKind })
        .option("management", { type: "boolean", default: false })
        .option("cluster", { type: "number", describe: "this many nodes, clustered" })
        .option("config", { type: "string", array: true, describe: "an extra rabbitmq.conf line" }),
    async ({ kind, management, cluster, config }) => {
      const nodes = cluster
        ? await startCluster(cluster, { kind })
        : [await startNode({ kind, management, config: config?.map(String) })];
      for (const node of nodes)
        console.log(
          [
            `${node.name}  ${node.url}`,
            node.managementPort ? `  http://127.0.0.1:${node.managementPort}` : "",
            `  beam ${node.pid}  ${node.dir}`,
          ].join(""),
        );
      console.log("Ctrl+C stops and removes them");
      const stop = async () => {
        await Promise.all(nodes.map((node) => node.stop()));
        process.exit(0);
      };
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
      setInterval(() => {}, 1 << 30); // until a signal
    },
  )
  .demandCommand(1)
  .strict()
  .fail((message, err, y) => {
    console.error(err ? err.message : `${message}\n\n${y.help()}`);
    process.exit(1);
  })
  .parse();
