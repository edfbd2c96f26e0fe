// Every node this process started is killed at its exit if nobody stopped it; the nodes of processes that died
// without cleaning up (SIGKILL leaves them no chance) are killed by the next startNode (sweepOrphans).
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FORKY } from "./chroot.ts";
import { alive } from "./host.ts";

/** Each node's temp dir starts with it, then the pid of the process that started it. */
export const PREFIX = "rabbitmq-lab-node-";

/** The nodes this process started and has not stopped: killed at exit. */
export const running = new Set<{ killSync(): void }>();
let handlersInstalled = false;

function killAllSync() {
  for (const node of running) node.killSync();
}

export function installHandlers() {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on("exit", killAllSync);
  for (const [signal, number] of [
    ["SIGINT", 2],
    ["SIGTERM", 15],
    ["SIGHUP", 1],
  ] as const) {
    // Alone, we stand in for the signal's default action (the 'exit' handler then kills the nodes);
    // beside other handlers, they decide, and the 'exit' handler stays the last resort.
    const handler = () => void (process.listenerCount(signal) === 1 && process.exit(128 + number));
    process.on(signal, handler);
  }
}

/**
 * Kills the nodes of processes that died without cleaning up (SIGKILL leaves them no chance) and removes
 * their dirs, here and in the chroot. startNode calls it.
 */
export function sweepOrphans() {
  const orphaned = (owner: number) => owner !== process.pid && !alive(owner);
  // Every process of a node (script, VM...) has the node's name, lab-<owner pid>-<n>@..., in its environment.
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const owner = /(?:^|\0)RABBITMQ_NODENAME=lab-(\d+)-\d+@/.exec(readFileSync(`/proc/${entry}/environ`, "latin1"));
      // Not an epmd a node started (none should: ensureEpmd), which others share.
      const epmd = () => readFileSync(`/proc/${entry}/comm`, "utf8").trim() === "epmd";
      if (owner && orphaned(Number(owner[1])) && !epmd()) process.kill(Number(entry), "SIGKILL");
    } catch {} // gone meanwhile
  }
  for (const tmp of [tmpdir(), join(FORKY, "tmp")]) {
    if (!existsSync(tmp)) continue; // no chroot yet
    for (const entry of readdirSync(tmp)) {
      const owner = new RegExp(`^${PREFIX}(\\d+)-`).exec(entry);
      if (owner && orphaned(Number(owner[1]))) rmSync(join(tmp, entry), { recursive: true, force: true });
    }
  }
}
