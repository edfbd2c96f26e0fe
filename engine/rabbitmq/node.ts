// The harness's own RabbitMQ nodes: throw-away brokers on free ports, each in a temp dir of its own,
// for tests that kill, restart or cluster a broker (never the machine's own rabbit@localhost).
//   kind "3":   this machine's rabbitmq-server (3.10 on Debian bookworm), run as the rabbitmq user;
//   kind "4.3": RabbitMQ 4.3 from Debian forky, in a chroot that ensureRabbitmq43() builds once and caches.
// Every node runs `rabbitmq-server` in the foreground as a child of this process; whatever a test
// forgets, the 'exit' and signal handlers below kill. See node.md.
import amqp from "amqplib";
import { execFile, spawn, spawnSync, type ChildProcess } from "node:child_process";
import {
  chownSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  closeSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
  appendFileSync,
} from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { withLock } from "../lock.ts";

export type NodeKind = "3" | "4.3"; // "3": this machine's rabbitmq-server (3.10 here); "4.3": the forky chroot

export interface RabbitNode {
  readonly name: string; // Erlang node name, e.g. "lab-<pid>-<n>@localhost"
  readonly kind: NodeKind;
  readonly port: number; // AMQP port on 127.0.0.1
  readonly url: string; // "amqp://guest:guest@127.0.0.1:<port>"
  readonly managementPort?: number; // if started with management
  readonly pid: number | undefined; // OS pid of the node's beam.smp (undefined while down)
  /** The node's temp dir, as this machine sees it (config, data, logs; `output.log` is the server's output). */
  readonly dir: string;
  /** rabbitmqctl -n <name> ... (the chroot's own for 4.3); its stdout. Throws with its output if it fails. */
  ctl(...args: string[]): Promise<string>;
  /** Another CLI tool of the node's kind, e.g. cli("rabbitmq-queues", "quorum_status", "q"); -n <name> is added. */
  cli(tool: "rabbitmq-diagnostics" | "rabbitmq-queues" | "rabbitmq-plugins", ...args: string[]): Promise<string>;
  /** Writes the node's definitions (queues, exchanges, bindings) to disk now. RabbitMQ 3 keeps them in Mnesia,
   * whose log (a disk_log) holds writes in the VM for up to 2 s: a kill -9 sooner after a declaration can lose the
   * queue, and the confirmed messages in it (erlang/otp#4392, "not a bug"). A test that kills a node right after
   * declaring calls this first, as a queue in real use was declared long before. RabbitMQ 4.3 keeps them in Khepri
   * (no Mnesia running): nothing to do. */
  syncMetadata(): Promise<void>;
  /** rabbitmqctl stop_app + start_app; resolves when AMQP answers again. */
  restart(): Promise<void>;
  /** kill -9 of the node's beam.smp; resolves when it is gone. */
  kill(): Promise<void>;
  /** Starts it again after kill() or stop_app, same data dir; resolves when AMQP answers. */
  start(): Promise<void>;
  /** SIGTERM to the beam, SIGKILL after a timeout, then removes the temp dir; idempotent. */
  stop(): Promise<void>;
}

export type NodeOptions = {
  kind?: NodeKind;
  /** Extra rabbitmq.conf lines; a line whose key a default line sets replaces that default. */
  config?: string[];
  /** rabbitmq_management on a port of its own (managementPort), on 127.0.0.1. */
  management?: boolean;
  /** Extra environment for rabbitmq-server, e.g. RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS (appended to ours). */
  env?: Record<string, string>;
};

/** Where the forky chroot is built; RABBITMQ_LAB_CACHE moves it. */
export const CACHE = process.env.RABBITMQ_LAB_CACHE || "/var/cache/rabbitmq-lab";
const FORKY = join(CACHE, "forky");
const READY = ".rabbitmq-lab-ready"; // written into the chroot when its build is complete
const BIN = "/usr/lib/rabbitmq/bin"; // the scripts themselves, not /usr/sbin's wrapper (it redirects the server's output)
const HOME = "/var/lib/rabbitmq"; // the rabbitmq user's home: its Erlang cookie
const TIMEOUT = { start: 120_000, stop: 20_000, ctl: 120_000 };
const PREFIX = "rabbitmq-lab-node-";

/** Default rabbitmq.conf lines per kind (besides the listeners). */
const DEFAULTS: Record<NodeKind, string[]> = {
  "3": [],
  // RabbitMQ 4.3's own default, as the official image has it: transient non-exclusive queues denied. Debian's
  // package permits them by default (its do-not-deprecate-transient_nonexcl_queues.patch); this line undoes that.
  // `= true` in a caller's config permits them (node.md).
  "4.3": ["deprecated_features.permit.transient_nonexcl_queues = false"],
};

// ---------------------------------------------------------------------------------------------
// How a kind runs its programs.

/** A program to spawn; `asUser`: spawn switches to the rabbitmq user itself (else the command does). */
type Command = { file: string; args: string[]; asUser: boolean };

type Runtime = {
  kind: NodeKind;
  /** "/" or the chroot. */
  root: string;
  /** The rabbitmq user there. */
  uid: number;
  gid: number;
  /** rabbitmq-server in the foreground, with the environment it is spawned with. */
  server: Command;
  /** A CLI tool (rabbitmqctl...). */
  tool(name: string, args: string[]): Command;
};

function rabbitmqUser(root: string): { uid: number; gid: number } {
  const line = readFileSync(join(root, "etc/passwd"), "utf8")
    .split("\n")
    .find((entry) => entry.startsWith("rabbitmq:"));
  if (!line) throw new Error(`no rabbitmq user in ${join(root, "etc/passwd")}`);
  const [, , uid, gid] = line.split(":");
  return { uid: Number(uid), gid: Number(gid) };
}

async function runtime(kind: NodeKind): Promise<Runtime> {
  if (kind === "3") {
    if (!existsSync(`${BIN}/rabbitmq-server`))
      throw new Error(
        `kind "3" needs this machine's RabbitMQ: apt-get install rabbitmq-server (no ${BIN}/rabbitmq-server)`,
      );
    return {
      kind,
      root: "/",
      ...rabbitmqUser("/"),
      server: { file: `${BIN}/rabbitmq-server`, args: [], asUser: true },
      tool: (name, args) => ({ file: `${BIN}/${name}`, args, asUser: true }),
    };
  }
  const root = await ensureRabbitmq43();
  const { uid, gid } = rabbitmqUser(root);
  const user = `--userspec=${uid}:${gid}`;
  return {
    kind,
    root,
    uid,
    gid,
    // RabbitMQ needs /proc (vm_memory_monitor crashes without it): mounted in a mount namespace of the
    // server's own, so that it goes away with the server. unshare and chroot exec, so the child's pid
    // is the rabbitmq-server script's, as for kind "3".
    server: {
      file: "unshare",
      args: [
        ...["--mount", "--propagation", "private", "/bin/sh", "-c"],
        `mount -t proc proc "$0/proc" && exec chroot ${user} "$0" ${BIN}/rabbitmq-server`,
        root,
      ],
      asUser: false,
    },
    tool: (name, args) => ({ file: "chroot", args: [user, root, `${BIN}/${name}`, ...args], asUser: false }),
  };
}

/** A clean environment for the rabbitmq user's programs (nothing of this process's, such as AMQP_URL). */
const baseEnv = (): Record<string, string> => ({
  PATH: "/usr/sbin:/usr/bin:/sbin:/bin",
  HOME,
  LANG: "C.UTF-8",
  ERL_EPMD_ADDRESS: "127.0.0.1",
});

/** spawn's options for `command`, run as the rabbitmq user of `rt`. */
const spawnOptions = (rt: Runtime, command: Command, env: Record<string, string>, cwd = "/") => ({
  env,
  cwd,
  ...(command.asUser ? { uid: rt.uid, gid: rt.gid } : {}),
});

function runTool(rt: Runtime, tool: string, args: string[]): Promise<string> {
  const command = rt.tool(tool, args);
  const options = { ...spawnOptions(rt, command, baseEnv()), timeout: TIMEOUT.ctl, maxBuffer: 64 << 20 };
  return new Promise((resolve, reject) => {
    execFile(command.file, command.args, options, (err, stdout, stderr) => {
      if (!err) return resolve(stdout);
      const output = `${stderr}${stdout}`.trim();
      reject(new Error(`${tool} ${args.join(" ")} failed (${err.code ?? err.signal}): ${output}`));
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Small helpers.

/** Does an AMQP connection to `url` open? */
export async function answers(url: string): Promise<boolean> {
  try {
    const connection = await amqp.connect(url, { timeout: 2000 });
    connection.on("error", () => {});
    await connection.close();
    return true;
  } catch {
    return false;
  }
}

/** `count` distinct free ports on 127.0.0.1, picked by the OS. */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
          const server = createServer();
          server.once("error", reject);
          server.listen(0, "127.0.0.1", () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((server) => (server.address() as AddressInfo).port);
  await Promise.all(servers.map((server) => new Promise((done) => server.close(done))));
  return ports;
}

/** Is there a process `pid` (a zombie too)? */
const alive = (pid: number) => existsSync(`/proc/${pid}`);

/** Pids of the children of `parent` whose command is `comm`, from /proc. */
function children(parent: number, comm: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const close = stat.lastIndexOf(")"); // "pid (comm) state ppid ...": comm may hold spaces
      const name = stat.slice(stat.indexOf("(") + 1, close);
      const ppid = Number(stat.slice(close + 2).split(" ")[1]);
      if (ppid === parent && name === comm) found.push(Number(entry));
    } catch {} // gone meanwhile
  }
  return found;
}

/** The last lines of a log. */
function tail(file: string, lines = 25): string {
  try {
    return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no output)";
  }
}

/** What a failed start printed: its first error lines (the cause, as a rule) and its last lines. */
function excerpt(file: string): string {
  const lines = tail(file, Infinity).split("\n");
  const first = lines.findIndex((line) => /\berror\b/i.test(line));
  const last = Math.max(0, lines.length - 25);
  const cause = first >= 0 && first < last ? [...lines.slice(first, Math.min(first + 10, last)), "..."] : [];
  return [...cause, ...lines.slice(last)].join("\n");
}

const key = (line: string) => line.split("=")[0].trim();

function chownTree(path: string, uid: number, gid: number) {
  chownSync(path, uid, gid);
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) chownTree(child, uid, gid);
    else chownSync(child, uid, gid);
  }
}

// ---------------------------------------------------------------------------------------------
// The registry: every node this process started, killed at exit if nobody stopped it.

const running = new Set<Node>();
let handlersInstalled = false;

function killAllSync() {
  for (const node of running) node.killSync();
}

function installHandlers() {
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

let sequence = 0;

// ---------------------------------------------------------------------------------------------
// A node.

/** What every node does the same way, whether this process started it or attached to it: its CLI tools. */
abstract class Tools {
  readonly name: string;
  protected readonly rt: Runtime;

  constructor(rt: Runtime, name: string) {
    this.rt = rt;
    this.name = name;
  }

  ctl(...args: string[]) {
    return runTool(this.rt, "rabbitmqctl", ["-n", this.name, ...args]);
  }

  cli(tool: string, ...args: string[]) {
    return runTool(this.rt, tool, ["-n", this.name, ...args]);
  }

  async syncMetadata(): Promise<void> {
    const said = await this.ctl(
      "eval",
      "case mnesia:system_info(is_running) of yes -> mnesia:sync_log(); _ -> ok end.",
    );
    if (said.trim() !== "ok") throw new Error(`${this.name}: mnesia:sync_log() said ${said.trim()}`);
  }
}

class Node extends Tools implements RabbitNode {
  readonly kind: NodeKind;
  readonly port: number;
  readonly url: string;
  readonly managementPort?: number;
  readonly dir: string;
  private readonly env: Record<string, string>;
  private readonly output: string;
  private child?: ChildProcess;
  private exited?: Promise<void>;
  private beam?: number;
  private stopping?: Promise<void>;

  constructor(rt: Runtime, options: NodeOptions, ports: { amqp: number; dist: number; management?: number }) {
    super(rt, `lab-${process.pid}-${++sequence}@localhost`);
    this.kind = rt.kind;
    this.port = ports.amqp;
    this.url = `amqp://guest:guest@127.0.0.1:${ports.amqp}`;
    this.managementPort = ports.management;

    // The dir lies where the node can see it: the chroot's /tmp for "4.3". `inside` is its path there.
    const tmp = rt.root === "/" ? tmpdir() : join(rt.root, "tmp");
    this.dir = mkdtempSync(join(tmp, `${PREFIX}${process.pid}-${sequence}-`));
    const inside = rt.root === "/" ? this.dir : `/tmp/${basename(this.dir)}`;
    this.output = join(this.dir, "output.log");

    const ours = [
      `listeners.tcp.local = 127.0.0.1:${ports.amqp}`,
      ...(ports.management ? [`management.tcp.port = ${ports.management}`, `management.tcp.ip = 127.0.0.1`] : []),
      // Everything also on the server's output, so that output.log tells why a start failed.
      "log.console = true",
      "log.console.level = info",
      "log.console.use_colors = off",
      ...DEFAULTS[rt.kind],
    ];
    const extra = options.config ?? [];
    const config = [...ours.filter((line) => !extra.some((mine) => key(mine) === key(line))), ...extra];
    writeFileSync(join(this.dir, "rabbitmq.conf"), config.join("\n") + "\n");
    writeFileSync(join(this.dir, "enabled_plugins"), options.management ? "[rabbitmq_management].\n" : "[].\n");
    writeFileSync(join(this.dir, "rabbitmq-env.conf"), "# empty: this node's settings come from its environment\n");
    mkdirSync(join(this.dir, "conf.d"));
    mkdirSync(join(this.dir, "mnesia"));
    mkdirSync(join(this.dir, "log"));
    chownTree(this.dir, rt.uid, rt.gid);

    // The machine's /etc/rabbitmq (rabbit@localhost's node name, port 5672) must not reach this node:
    // every file it would read is named here.
    const erlArgs = "-kernel inet_dist_use_interface {127,0,0,1}"; // distribution on loopback only
    this.env = {
      ...baseEnv(),
      RABBITMQ_NODENAME: this.name,
      RABBITMQ_DIST_PORT: String(ports.dist),
      RABBITMQ_CONFIG_FILE: `${inside}/rabbitmq.conf`,
      RABBITMQ_CONFIG_FILES: `${inside}/conf.d`,
      RABBITMQ_ADVANCED_CONFIG_FILE: `${inside}/advanced.config`,
      RABBITMQ_CONF_ENV_FILE: `${inside}/rabbitmq-env.conf`,
      RABBITMQ_MNESIA_BASE: `${inside}/mnesia`,
      RABBITMQ_LOG_BASE: `${inside}/log`,
      RABBITMQ_ENABLED_PLUGINS_FILE: `${inside}/enabled_plugins`,
      ERL_CRASH_DUMP: `${inside}/erl_crash.dump`,
      ...options.env,
      RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS: [erlArgs, options.env?.RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS ?? ""]
        .join(" ")
        .trim(),
    };
  }

  get pid() {
    return this.beam;
  }

  /** Spawns rabbitmq-server and waits until AMQP answers. */
  async launch(): Promise<void> {
    appendFileSync(this.output, `--- rabbitmq-server started by pid ${process.pid} at ${new Date().toISOString()}\n`);
    const log = openSync(this.output, "a");
    const { server } = this.rt;
    const options = spawnOptions(this.rt, server, this.env, this.rt.root === "/" ? this.dir : "/");
    // detached: a group of its own, so that a Ctrl+C in the terminal reaches us, not the broker first.
    const child = spawn(server.file, server.args, { ...options, stdio: ["ignore", log, log], detached: true });
    closeSync(log);
    child.unref(); // a node nobody stopped must not keep this process alive: the 'exit' handler kills it
    this.child = child;
    this.exited = new Promise<void>((resolve) => {
      child.once("exit", () => resolve());
      child.once("error", (err) => {
        appendFileSync(this.output, `spawn failed: ${err.message}\n`);
        resolve();
      });
    });
    void this.exited.then(() => {
      if (this.child === child) this.beam = undefined;
    });
    await this.ready(child);
  }

  private gone(child: ChildProcess) {
    return child.exitCode !== null || child.signalCode !== null || child.pid === undefined;
  }

  /** Waits for the beam to appear and AMQP to answer; fails with the output's last lines. */
  private async ready(child: ChildProcess = this.child!): Promise<void> {
    const deadline = Date.now() + TIMEOUT.start;
    for (;;) {
      if (this.gone(child) || child !== this.child)
        throw new Error(
          `RabbitMQ node ${this.name} (kind ${this.kind}) stopped while starting:\n${excerpt(this.output)}`,
        );
      if (this.beam === undefined && child.pid !== undefined) {
        // The script runs erl in the background; erl execs beam.smp, the script's child.
        [this.beam] = children(child.pid, "beam.smp");
      }
      if (this.beam !== undefined && (await answers(this.url))) return;
      if (Date.now() > deadline) {
        const why = this.beam ? `did not answer on port ${this.port}` : `has no beam.smp under pid ${child.pid}`;
        throw new Error(
          `RabbitMQ node ${this.name} (kind ${this.kind}) ${why} after ${TIMEOUT.start / 1000} s:\n${excerpt(this.output)}`,
        );
      }
      await sleep(200);
    }
  }

  /** Resolves when the server's process has exited (false if it did not within `ms`). */
  private async waitExit(ms: number): Promise<boolean> {
    if (!this.child || this.gone(this.child)) return true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms))); // ref'd: keeps us alive
    const done = await Promise.race([this.exited!.then(() => true), timeout]);
    clearTimeout(timer);
    return done;
  }

  async restart(): Promise<void> {
    await this.ctl("stop_app");
    await this.ctl("start_app");
    await this.ready();
  }

  async kill(): Promise<void> {
    if (this.stopping) throw new Error(`${this.name} was stopped`);
    const beam = this.beam;
    if (beam === undefined) return;
    process.kill(beam, "SIGKILL");
    // The script waits for the beam, then exits: its exit means the beam is gone.
    if (!(await this.waitExit(TIMEOUT.stop))) throw new Error(`${this.name}: beam ${beam} still there after kill -9`);
    this.beam = undefined;
  }

  async start(): Promise<void> {
    if (this.stopping) throw new Error(`${this.name} was stopped: start a new node`);
    if (this.child && !this.gone(this.child) && this.beam !== undefined) {
      await this.ctl("start_app"); // after stop_app: the VM runs, the app does not (a no-op if it does)
      return this.ready();
    }
    await this.launch();
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      const child = this.child;
      if (child && !this.gone(child)) {
        // SIGTERM to the beam stops RabbitMQ properly; the script forwards it too, if the beam is not known.
        process.kill(this.beam ?? child.pid!, "SIGTERM");
        if (!(await this.waitExit(TIMEOUT.stop))) {
          this.killSync();
          await this.waitExit(TIMEOUT.stop);
        }
      }
      this.beam = undefined;
      rmSync(this.dir, { recursive: true, force: true });
      running.delete(this);
    })();
    return this.stopping;
  }

  /** Last resort (exit handler): kill -9 of the server's whole process group, remove the dir. */
  killSync() {
    const group = this.child && !this.gone(this.child) ? -this.child.pid! : undefined;
    for (const pid of [group, this.beam]) {
      try {
        if (pid) process.kill(pid, "SIGKILL");
      } catch {} // already gone
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Starting nodes.

/** An epmd on the host (as the rabbitmq user, loopback only) before the first node, so that no node starts its own. */
let epmdChecked = false;
function ensureEpmd() {
  if (epmdChecked || !existsSync("/usr/bin/epmd")) return;
  epmdChecked = true;
  const { uid, gid } = rabbitmqUser("/");
  spawnSync("/usr/bin/epmd", ["-daemon"], { uid, gid, env: baseEnv(), cwd: "/", stdio: "ignore" });
}

export async function startNode(options: NodeOptions = {}): Promise<RabbitNode> {
  const rt = await runtime(options.kind ?? "3");
  installHandlers();
  sweepOrphans();
  ensureEpmd();
  const [amqpPort, dist, management] = await freePorts(3);
  const node = new Node(rt, options, { amqp: amqpPort, dist, management: options.management ? management : undefined });
  running.add(node);
  try {
    await node.launch();
  } catch (err) {
    await node.stop();
    throw err;
  }
  return node;
}

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

// ---------------------------------------------------------------------------------------------
// A node another process started: what a test file needs to restart the node its runner started.

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

// ---------------------------------------------------------------------------------------------
// RabbitMQ 4.3 in a Debian forky chroot, built once per machine.

/** The Debian mirror this machine's apt uses (RABBITMQ_LAB_MIRROR overrides): no host name in this repo. */
export function hostMirror(): string {
  if (process.env.RABBITMQ_LAB_MIRROR) return process.env.RABBITMQ_LAB_MIRROR;
  const files = ["/etc/apt/sources.list"];
  try {
    for (const entry of readdirSync("/etc/apt/sources.list.d").sort())
      if (entry.endsWith(".list") || entry.endsWith(".sources")) files.push(`/etc/apt/sources.list.d/${entry}`);
  } catch {}
  // [uri, suites] of every "deb" source, one-line (.list) and deb822 (.sources) formats alike.
  const sources: [string, string[]][] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      continue;
    }
    if (file.endsWith(".sources")) {
      for (const stanza of text.split(/\n\s*\n/)) {
        const field = (name: string) =>
          new RegExp(`^${name}:\\s*(.*)$`, "mi").exec(stanza.replace(/^#.*$/gm, ""))?.[1].trim().split(/\s+/) ?? [];
        if (!field("Types").includes("deb") || /^enabled:\s*no/im.test(stanza)) continue;
        for (const uri of field("URIs")) sources.push([uri, field("Suites")]);
      }
    } else {
      for (const line of text.split("\n")) {
        const words = line
          .replace(/\[[^\]]*\]/, "")
          .trim()
          .split(/\s+/);
        if (words[0] === "deb" && words.length >= 3) sources.push([words[1], [words[2]]]);
      }
    }
  }
  // The main archive: a plain suite name (not -security, -updates), a path ending in /debian.
  const main = sources.find(([uri, suites]) => /\/debian\/?$/.test(uri) && suites.some((s) => /^[a-z]+$/.test(s)));
  if (!main) throw new Error(`no Debian mirror found in ${files.join(", ")}: set RABBITMQ_LAB_MIRROR to one`);
  return main[0].replace(/\/$/, "");
}

let ensured: Promise<string> | undefined;

/** Builds (once per machine, under a lock) the forky chroot with rabbitmq-server 4.3; returns its directory. */
export function ensureRabbitmq43(): Promise<string> {
  ensured ??= (async () => {
    if (!existsSync(join(FORKY, READY)))
      await withLock(`rabbitmq-lab-forky-${FORKY}`, ["build"], async () => {
        if (!existsSync(join(FORKY, READY))) await buildForky();
      });
    // Without the host's /etc/hosts, "localhost" does not resolve in there (epmd_error ... nxdomain).
    if (readFileSync("/etc/hosts", "utf8") !== readFileSync(join(FORKY, "etc/hosts"), "utf8"))
      copyFileSync("/etc/hosts", join(FORKY, "etc/hosts"));
    return FORKY;
  })();
  ensured.catch(() => (ensured = undefined)); // a failed build may be tried again
  return ensured;
}

/**
 * Removes a chroot tree. A build killed midway leaves debootstrap's mounts in it (/proc, /sys, in a
 * container /dev nodes bound from the host): unmounted first, and rm never crosses into another file system.
 */
function removeTree(path: string) {
  if (!existsSync(path)) return;
  const mounts = readFileSync("/proc/self/mounts", "utf8")
    .split("\n")
    .map((line) => line.split(" ")[1]?.replace(/\\040/g, " "))
    .filter((point) => point && point.startsWith(`${path}/`))
    .sort((a, b) => b.length - a.length); // the deepest first
  for (const point of mounts) spawnSync("umount", ["-l", point]);
  const rm = spawnSync("rm", ["-rf", "--one-file-system", path], { encoding: "utf8" });
  if (rm.status !== 0) throw new Error(`could not remove ${path}: ${rm.stderr.trim()}`);
}

async function buildForky(): Promise<void> {
  if (process.getuid?.() !== 0) throw new Error(`building RabbitMQ 4.3's chroot in ${FORKY} needs root`);
  mkdirSync(CACHE, { recursive: true });
  const log = join(CACHE, "forky-build.log");
  writeFileSync(log, "");
  const step = (file: string, args: string[], env: Record<string, string> = {}) =>
    new Promise<void>((resolve, reject) => {
      appendFileSync(log, `$ ${file} ${args.join(" ")}\n`);
      const fd = openSync(log, "a");
      const child = spawn(file, args, { stdio: ["ignore", fd, fd], env: { ...process.env, ...env } });
      closeSync(fd);
      child.once("error", (err) => reject(new Error(`${file}: ${err.message}`)));
      child.once("exit", (code, signal) =>
        code === 0
          ? resolve()
          : reject(
              new Error(
                `building RabbitMQ 4.3's chroot: "${file} ${args.join(" ")}" failed (${code ?? signal}); the end of ${log}:\n${tail(log, 25)}`,
              ),
            ),
      );
    });

  const quiet = { DEBIAN_FRONTEND: "noninteractive" };
  if (spawnSync("sh", ["-c", "command -v debootstrap"]).status !== 0) {
    await step("apt-get", ["update", "-qq"], quiet);
    await step("apt-get", ["install", "-y", "-qq", "debootstrap"], quiet);
  }
  // Bookworm's debootstrap has no forky script: sid's does (forky's, where there is one).
  const scripts = "/usr/share/debootstrap/scripts";
  const script = existsSync(`${scripts}/forky`) ? `${scripts}/forky` : `${scripts}/sid`;
  // Under the lock, any other partial build is one whose builder died.
  for (const entry of readdirSync(CACHE))
    if (entry.startsWith(`${basename(FORKY)}.partial-`)) removeTree(join(CACHE, entry));
  const partial = `${FORKY}.partial-${process.pid}`;
  try {
    await step("debootstrap", ["--variant=minbase", "forky", partial, hostMirror(), script]);
    writeFileSync(join(partial, "usr/sbin/policy-rc.d"), "#!/bin/sh\n# no service starts in this chroot\nexit 101\n", {
      mode: 0o755,
    });
    copyFileSync("/etc/hosts", join(partial, "etc/hosts"));
    // The mirror's Release file may be older than its Valid-Until says, on a machine whose clock runs ahead.
    await step("chroot", [partial, "apt-get", "-qq", "-o", "Acquire::Check-Valid-Until=false", "update"], quiet);
    await step(
      "chroot",
      [partial, "apt-get", "install", "-y", "-qq", "--no-install-recommends", "rabbitmq-server"],
      quiet,
    );
    await step("chroot", [partial, "apt-get", "clean"]);
    const version = spawnSync("chroot", [partial, "dpkg-query", "-W", "-f", "${Version}", "rabbitmq-server"], {
      encoding: "utf8",
    }).stdout;
    if (!version.startsWith("4.3."))
      throw new Error(
        `forky now has rabbitmq-server ${version}, not 4.3.x: kind "4.3" needs another source (see node.md)`,
      );
    writeFileSync(join(partial, READY), `rabbitmq-server ${version}\n`);
    removeTree(FORKY); // an unfinished build, if any
    renameSync(partial, FORKY);
  } finally {
    removeTree(partial); // what is left of a failed build
  }
}
