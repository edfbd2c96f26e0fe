// A cluster of the harness's own RabbitMQ nodes (not the lab's cluster/ scripts, nor the failover story that runs
// on it: engine/failover.ts).
import { startNode, type RabbitNode } from "./node.ts";
import type { NodeKind } from "./runtime.ts";

/** `size` nodes of one kind, joined into one cluster with rabbitmqctl join_cluster; all stopped if any step fails. */
export async function startCluster(size: number, options: { kind?: NodeKind } = {}): Promise<RabbitNode[]> {
  const started = await Promise.allSettled(Array.from({ length: size }, () => startNode(options)));
  const nodes = started.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []));
  try {
    const failed = started.find((result) => result.status === "rejected");
    if (failed) throw (failed as PromiseRejectedResult).reason;
    const [first, ...others] = nodes;
    for (const node of others) {
      await node.ctl("stop_app");
      await node.ctl("join_cluster", first.name);
      await node.start(); // start_app, then waits until AMQP answers
    }
    // Every node must see all of them running.
    for (const node of nodes) {
      const status = JSON.parse(await node.ctl("cluster_status", "--formatter", "json"));
      if (status.running_nodes?.length !== size)
        throw new Error(`${node.name} sees ${JSON.stringify(status.running_nodes)} running, not ${size} nodes`);
    }
    return nodes;
  } catch (err) {
    await Promise.all(nodes.map((node) => node.stop()));
    throw err;
  }
}
