// The one way the tests, the demo and the benchmark find, reach and restart RabbitMQ.
// LAB_BROKER names the kind of broker (default auto); each kind is one entry of KINDS below.
// A process that found the broker hands it to its child processes (handOff: AMQP_URL and
// LAB_BROKER_FOUND), so that a test file uses the runner's broker instead of finding or starting another.
import amqp, { type Channel, type ChannelModel, type ConfirmChannel } from "amqplib";
import { execFile, spawn } from "node:child_process";
import { closeSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { setTimeout as sleep } from "node:timers/promises";
import { attachNode, handleOf } from "./rabbitmq/attach.ts";
import { startNode, type NodeKind, type RabbitNode } from "./rabbitmq/node.ts";

const execute = promisify(execFile);
const LOCAL = "amqp://localhost:5672";
const IMAGE = "rabbitmq:3-management";

/** What a process knows of the broker it found, and hands to its child processes (JSON in LAB_BROKER_FOUND). */
export type Found = {
  /** The LAB_BROKER kind that found it. */
  kind: string;
  url: string;
  /** How it was found, for one line of output. */
  how: string;
  /** RabbitMQ's version, from the AMQP connection's server properties ("3.10.8"). */
  version: string;
  /** The kind's own note on how to control the broker (auto: "rabbitmqctl" or "docker:<container id>"; own and
   * rabbitmq4: the node's handle, JSON). */
  control?: string;
  /** Its management API (http://127.0.0.1:PORT), where the kind started it: the nodes of the harness's own. For
   * auto, none: the API is found from AMQP_URL's host, or RABBITMQ_API_URL (engine/topology/api.ts). */
  api?: string;
};

export type Broker = Found & {
  /** Restarts the RabbitMQ application (durable queues and persistent messages stay) and waits until it
   * answers; absent when this broker cannot be restarted from here. */
  restart?(): Promise<void>;
  /** rabbitmqctl for this broker (its node, or its container's): its stdout; absent where it cannot be run from
   * here. `npm run check` reads the broker's queues, exchanges, bindings and consumers with it. */
  ctl?(...args: string[]): Promise<string>;
  /** Stops what this process started for the broker (a container, a node); nothing for one it found or was handed. */
  dispose(): Promise<void>;
};

/** A kind of broker: finds or starts one; given what a parent process found, rebuilds that one without starting anything. */
type Kind = (found?: Found) => Promise<Broker>;

/** Masks the password of an AMQP URL. */
export const masked = (url: string) => url.replace(/\/\/([^:@/]*):[^@/]*@/, "//$1:****@");

/** The version of the RabbitMQ that accepts an AMQP connection at `url`, or undefined if none does. */
async function serverVersion(url: string, timeout = 3000): Promise<string | undefined> {
  try {
    const connection = await amqp.connect(url, { timeout });
    await connection.close();
    return String(connection.connection.serverProperties.version);
  } catch {
    return undefined;
  }
}

/** Restarts the application of the node that `ctl` (rabbitmqctl, some way) reaches, and waits until `url` answers. */
async function restartApp(url: string, ctl: string[]): Promise<void> {
  await bothSteps(ctl);
  for (let tries = 0; !(await serverVersion(url)); tries++) {
    if (tries > 100) throw new Error(`the broker did not come back after a restart`);
    await sleep(100);
  }
}

/** stop_app and start_app in one shell in a process group of its own, its output in a file: a Ctrl+C, or this
 * process ending, between the two cannot leave the broker stopped. Once begun, a restart finishes. */
async function bothSteps(ctl: string[]): Promise<void> {
  const log = join(tmpdir(), `rabbitmq-lab-restart-${process.pid}-${Date.now()}.log`);
  const out = openSync(log, "w");
  const both = '"$@" stop_app; stopped=$?; "$@" start_app || exit; exit $stopped';
  const child = spawn("sh", ["-c", both, "sh", ...ctl], { detached: true, stdio: ["ignore", out, out] });
  closeSync(out);
  const code = await new Promise((done) => child.once("exit", done).once("error", done));
  const said = readFileSync(log, "utf8").trim();
  rmSync(log, { force: true });
  if (code !== 0) throw new Error(`${ctl.join(" ")} stop_app, start_app: ${code}: ${said}`);
}

/** auto, handed down or just found: restartable through its container or this machine's rabbitmqctl, if either. */
function autoBroker(found: Found): Broker {
  const { control } = found;
  const ctl =
    control === "rabbitmqctl"
      ? ["rabbitmqctl"]
      : control?.startsWith("docker:")
        ? ["docker", "exec", control.slice("docker:".length), "rabbitmqctl"]
        : undefined;
  return {
    ...found,
    restart: ctl && (() => restartApp(found.url, ctl)),
    ctl: ctl && (async (...args) => (await execute(ctl[0]!, [...ctl.slice(1), ...args])).stdout),
    dispose: async () => {},
  };
}

/** "rabbitmqctl" if `url` is this machine's default node (port 5672) and it runs, so that rabbitmqctl can restart it. */
async function localControl(url: string): Promise<string | undefined> {
  const { hostname, port } = new URL(url);
  if (!["localhost", "127.0.0.1", "::1", "[::1]"].includes(hostname) || !["", "5672"].includes(port)) return undefined;
  // ping: is the node up, whether or not its app runs (another test run may be restarting it).
  return execute("rabbitmqctl", ["-q", "ping"]).then(
    () => "rabbitmqctl",
    () => undefined,
  );
}

/**
 * auto: today's way, for students and CI:
 *   1. AMQP_URL, if set;
 *   2. else amqp://localhost:5672, if a broker answers there;
 *   3. else a throw-away `rabbitmq:3-management` container, started with testcontainers.
 */
async function auto(found?: Found): Promise<Broker> {
  if (found) return autoBroker(found);
  const url = process.env.AMQP_URL || LOCAL;
  const [control, first] = await Promise.all([localControl(url), serverVersion(url, 10_000)]);
  let version = first;
  // A local node that is up but does not answer is most likely being restarted by a test run: wait for it.
  for (let tries = 0; !version && control && tries < 30; tries++)
    version = await sleep(500).then(() => serverVersion(url));
  if (version) {
    const how = process.env.AMQP_URL ? `AMQP_URL (${masked(url)})` : `local broker at ${LOCAL}`;
    return autoBroker({ kind: "auto", url, how, version, control });
  }
  if (process.env.AMQP_URL) throw new Error(`AMQP_URL is set, but no broker answers at ${masked(url)}`);
  return container();
}

/** `npm run check`'s broker: the one the student's programs reach, so never a container of testcontainers' (on a port
 * of its own): the one handed down by a parent, else AMQP_URL or localhost:5672; controlled (restarted, read with
 * rabbitmqctl) through the Docker container `container` if given, else this machine's rabbitmqctl if it is the
 * local default node. Throws one line if nothing answers. */
export async function reachBroker(container?: string): Promise<Broker> {
  const handed = process.env.LAB_BROKER_FOUND;
  const url = handed ? (JSON.parse(handed) as Found).url : process.env.AMQP_URL || LOCAL;
  if (handed && !container) return findBroker();
  const [local, version] = await Promise.all([container ? undefined : localControl(url), serverVersion(url, 10_000)]);
  if (!version) {
    const why = await amqp.connect(url, { timeout: 10_000 }).then(
      (connection) => connection.close().then(() => "it answered only now"),
      (err: Error) =>
        /ConnectionOpenOk/.test(err.message) // amqplib's words for a refused vhost
          ? `the vhost "${decodeURIComponent(new URL(url).pathname.slice(1)) || "/"}" does not exist, or this user may not use it`
          : String(err.message).split("\n")[0],
    );
    throw new Error(
      `cannot connect to ${masked(url)}: ${why} (the programs are checked on the broker they reach: AMQP_URL, or localhost:5672)`,
    );
  }
  const how = process.env.AMQP_URL ? `AMQP_URL (${masked(url)})` : `local broker at ${LOCAL}`;
  return autoBroker({ kind: "auto", url, how, version, control: container ? `docker:${container}` : local });
}

async function container(): Promise<Broker> {
  let started;
  try {
    const { RabbitMQContainer } = await import("@testcontainers/rabbitmq");
    started = await new RabbitMQContainer(IMAGE).start();
  } catch (err: any) {
    throw new Error(
      [
        "No RabbitMQ to test against. Any one of these will do:",
        `  1. set AMQP_URL to a broker (amqp://user:password@host:5672)`,
        `  2. run one on localhost:5672: "docker run -it --rm --name rabbitmq -p 5672:5672 -p 15672:15672 ${IMAGE}" or "rabbitmq-server"`,
        `  3. have Docker running, so that testcontainers can start ${IMAGE} (it said: ${String(err.message).split("\n")[0]})`,
      ].join("\n"),
    );
  }
  const url = started.getAmqpUrl();
  const version = (await serverVersion(url, 10_000)) ?? "unknown";
  const how = `testcontainers ${IMAGE} at ${url}`;
  const broker = autoBroker({ kind: "auto", url, how, version, control: `docker:${started.getId()}` });
  return { ...broker, dispose: async () => void (await started.stop()) };
}

/**
 * A node of the harness's own (engine/rabbitmq/node.ts) on a free port, started for this run and stopped by dispose();
 * a child process attaches to it by its handle (`control`), so that it can restart it too.
 */
function ownNode(name: string, kind: NodeKind, what: string): Kind {
  return async (found) => {
    if (found) {
      const node = await attachNode(JSON.parse(found.control!));
      return { ...found, restart: () => node.restart(), ctl: (...args) => node.ctl(...args), dispose: async () => {} };
    }
    const node = await startNode({ kind, management: true }); // the API: the demo's pictures
    const version = await serverVersion(node.url, 10_000);
    if (!version) {
      await node.stop();
      throw new Error(`the RabbitMQ node ${node.name} started, but does not answer at ${node.url}`);
    }
    return nodeBroker(node, { kind: name, how: `${what}, node ${node.name} at ${node.url}`, version });
  };
}

/** A node of the harness's own (engine/rabbitmq/node.ts) as a Broker: its restart is stop_app, start_app; dispose() stops it.
 * A child process attaches to it by its handle (`control`). */
export function nodeBroker(node: RabbitNode, found: Partial<Found> = {}): Broker {
  return {
    kind: "own",
    url: node.url,
    how: `own node ${node.name}`,
    version: node.kind, // "3" or "4.3", until the caller asks the node itself
    control: JSON.stringify(handleOf(node)),
    api: node.managementPort ? `http://127.0.0.1:${node.managementPort}` : undefined,
    ...found,
    restart: () => node.restart(),
    ctl: (...args) => node.ctl(...args),
    dispose: () => node.stop(),
  };
}

/** The kinds of broker, by their LAB_BROKER name. */
const KINDS: Record<string, Kind> = {
  auto,
  // ── Broker kinds plug in here, one entry each (docs/testing.md, "Adding a broker kind"). ──
  own: ownNode("own", "3", "this machine's RabbitMQ, a node of the harness's own"),
  // As the official rabbitmq:4-management image does by default: transient non-exclusive queues denied.
  rabbitmq4: ownNode(
    "rabbitmq4",
    "4.3",
    "RabbitMQ 4.3 (transient non-exclusive queues denied, as in the official image)",
  ),
};

let found: Promise<Broker> | undefined;

/** The broker of this process: the one its parent handed down, else the one LAB_BROKER's kind finds (once). */
export function findBroker(): Promise<Broker> {
  found ??= (async () => {
    const handed = process.env.LAB_BROKER_FOUND;
    if (handed) {
      const parent: Found = JSON.parse(handed);
      return kind(parent.kind)(parent);
    }
    return kind(process.env.LAB_BROKER || "auto")();
  })();
  return found;
}

function kind(name: string): Kind {
  const entry = KINDS[name];
  if (!entry) throw new Error(`LAB_BROKER must be one of ${Object.keys(KINDS).join(", ")}, not "${name}"`);
  return entry;
}

/** findBroker for a command's main: without a broker it prints why (and the ways to get one) and exits 1. */
export async function brokerOrExit(): Promise<Broker> {
  try {
    return await findBroker();
  } catch (err: any) {
    console.error(err.message);
    process.exit(1);
  }
}

/** The environment that makes findBroker in a child process use this same broker. */
export function handOff(broker: Broker): Record<string, string> {
  const { kind, url, how, version, control, api } = broker;
  const found: Found = { kind, url, how, version, control, api };
  // Its own management API for the child's tools too (npm run topology), which find it by RABBITMQ_API_URL.
  return { AMQP_URL: url, ...(api ? { RABBITMQ_API_URL: api } : {}), LAB_BROKER_FOUND: JSON.stringify(found) };
}

/** What withChannel needs of a broker: its URL (a Broker, or a node of engine/rabbitmq/node.ts). */
type Reach = Pick<Broker, "url">;

/**
 * Runs `fn` with a channel of its own for checks and clean-up, then closes it: the channel first, so that
 * what `fn` published is sent. noDelay as in the lab scripts: with Nagle on, a connect took ~50 ms, not ~5.
 */
export function withChannel<T>(broker: Reach, fn: (channel: Channel) => Promise<T>): Promise<T> {
  return using(broker, (connection) => connection.createChannel(), fn);
}

/** withChannel with a confirm channel: the broker confirms each publish (waitForConfirms). */
export function withConfirmChannel<T>(broker: Reach, fn: (channel: ConfirmChannel) => Promise<T>): Promise<T> {
  return using(broker, (connection) => connection.createConfirmChannel(), fn);
}

async function using<C extends Channel, T>(
  broker: Reach,
  open: (connection: ChannelModel) => Promise<C>,
  fn: (channel: C) => Promise<T>,
): Promise<T> {
  const connection = await amqp.connect(broker.url, { noDelay: true });
  connection.on("error", () => {});
  try {
    const channel = await open(connection);
    channel.on("error", () => {});
    const result = await fn(channel);
    await channel.close().catch(() => {});
    return result;
  } finally {
    await connection.close().catch(() => {});
  }
}

/** Is it RabbitMQ 4? There the sections with `onRabbitMQ4` expect their scripts to be refused. */
export const isRabbitMQ4 = (broker: Pick<Broker, "version">) => broker.version.startsWith("4.");
