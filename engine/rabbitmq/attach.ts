// A node another process started: what a test file needs to restart the node its runner started.
import { readdirSync, readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { answers } from "./host.ts";
import type { RabbitNode } from "./node.ts";
import { runtime, TIMEOUT, Tools, type NodeKind, type Runtime } from "./runtime.ts";

/** What another process needs to reach and control a node (JSON-safe): `attachNode(handle)` there. */
export type NodeHandle = Pick<RabbitNode, "name" | "kind" | "port" | "dir" | "managementPort">;

export const handleOf = ({ name, kind, port, dir, managementPort }: RabbitNode): NodeHandle => ({
  name,
  kind,
  port,
  dir,
  managementPort,
});

/** The pid of the beam.smp of the node `name`, from /proc: every process of a node has its name in its environment. */
function beamOf(name: string): number | undefined {
  const mine = `\0RABBITMQ_NODENAME=${name}\0`;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, "utf8").trim() !== "beam.smp") continue;
      if (`\0${readFileSync(`/proc/${entry}/environ`, "latin1")}`.includes(mine)) return Number(entry);
    } catch {} // gone meanwhile
  }
  return undefined;
}

/** A node of another process: ctl, cli and restart work from here; kill and start stay with the process that
 * started it, and stop() only lets go of it (that process stops it). */
class Attached extends Tools implements RabbitNode {
  readonly kind: NodeKind;
  readonly port: number;
  readonly url: string;
  readonly managementPort?: number;
  readonly dir: string;

  constructor(rt: Runtime, handle: NodeHandle) {
    super(rt, handle.name);
    ({ kind: this.kind, port: this.port, dir: this.dir, managementPort: this.managementPort } = handle);
    this.url = `amqp://guest:guest@127.0.0.1:${handle.port}`;
  }

  get pid() {
    return beamOf(this.name);
  }

  async restart(): Promise<void> {
    await this.ctl("stop_app");
    await this.ctl("start_app");
    for (const deadline = Date.now() + TIMEOUT.start; !(await answers(this.url)); await sleep(200))
      if (Date.now() > deadline) throw new Error(`${this.name} did not answer on port ${this.port} after start_app`);
  }

  private owner(): never {
    throw new Error(`${this.name} belongs to the process that started it: only that one kills or starts it`);
  }

  async kill(): Promise<void> {
    this.owner();
  }

  async start(): Promise<void> {
    this.owner();
  }

  async stop(): Promise<void> {}
}

/** Attaches to a running node that another process started (its `handleOf`), e.g. to restart it from a test file. */
export async function attachNode(handle: NodeHandle): Promise<RabbitNode> {
  const node = new Attached(await runtime(handle.kind), handle);
  if (node.pid === undefined) throw new Error(`no RabbitMQ node ${handle.name} runs on this machine`);
  return node;
}
