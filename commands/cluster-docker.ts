// The cluster in Docker, for `npm run cluster` on a machine without RabbitMQ of its own: cluster/compose.yaml
// (three rabbitmq:4-management nodes, joined by peer discovery) brought up by testcontainers. Each node is a
// ClusterNode of engine/failover.ts: kill() is `docker kill --signal SIGKILL`, ctl() runs rabbitmqctl in the container.
import { join } from "node:path";
import { ROOT } from "../engine/proc.ts";
import type { ClusterNode } from "../engine/failover.ts";

export const COMPOSE = "cluster/compose.yaml";
const SERVICES = ["rabbit1", "rabbit2", "rabbit3"];

/** The three nodes of cluster/compose.yaml, clustered; `stop` takes them all down (data too). */
export async function startDockerCluster(): Promise<{ nodes: ClusterNode[]; stop(): Promise<void> }> {
  let testcontainers: typeof import("testcontainers");
  let up;
  try {
    testcontainers = await import("testcontainers");
    const { DockerComposeEnvironment, Wait } = testcontainers;
    up = await new DockerComposeEnvironment(join(ROOT, "cluster"), "compose.yaml")
      .withDefaultWaitStrategy(Wait.forHealthCheck())
      .withStartupTimeout(180_000)
      .up();
  } catch (err: any) {
    const said = String(err.message).split("\n")[0];
    throw new Error(
      `${COMPOSE} needs Docker with "docker compose" (testcontainers: ${said}); or install RabbitMQ ` +
        `("apt-get install rabbitmq-server") and npm run cluster starts 3 nodes of it instead`,
    );
  }
  const environment = up;
  const client = await testcontainers.getContainerRuntimeClient();
  const nodes = SERVICES.map((service): ClusterNode => {
    const container = environment.getContainer(`${service}-1`);
    return {
      name: `rabbit@${service}`,
      url: `amqp://guest:guest@${container.getHost()}:${container.getMappedPort(5672)}`,
      async ctl(...args) {
        const { exitCode, stdout, output } = await container.exec(["rabbitmqctl", ...args]);
        if (exitCode !== 0)
          throw new Error(`rabbitmqctl ${args.join(" ")} in ${service} failed (${exitCode}): ${output}`);
        return stdout;
      },
      async kill() {
        await client.container.getById(container.getId()).kill({ signal: "SIGKILL" });
      },
    };
  });
  try {
    // Peer discovery joins them as they boot: wait until the first sees all three.
    await nodes[0]!.ctl("await_online_nodes", String(SERVICES.length), "--timeout", "120");
  } catch (err) {
    await environment.down();
    throw err;
  }
  return { nodes, stop: async () => void (await environment.down({ removeVolumes: true })) };
}
