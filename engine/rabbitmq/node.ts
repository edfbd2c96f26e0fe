// The harness's own RabbitMQ nodes: throw-away brokers on free ports, each in a temp dir of its own,
// for tests that kill, restart or cluster a broker (never the machine's own rabbit@localhost).
//   kind "3":   this machine's rabbitmq-server (3.10 on Debian bookworm), run as the rabbitmq user;
//   kind "4.3": RabbitMQ 4.3 from Debian forky, in a chroot that ensureRabbitmq43() builds once and caches.
// Every node runs `rabbitmq-server` in the foreground as a child of this process; whatever a test
// forgets, the 'exit' and signal handlers of orphans.ts kill. Beside it: runtime.ts (how a kind runs its
// programs), chroot.ts (the 4.3 chroot), orphans.ts (the clean-up), attach.ts (another process's node),
// cluster.ts (nodes joined into a cluster), host.ts (ports, /proc). See node.md.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import {
  appendFileSync,
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { answers, children, chownTree, excerpt, freePorts, key } from "./host.ts";
import { installHandlers, PREFIX, running, sweepOrphans } from "./orphans.ts";
import {
  baseEnv,
  rabbitmqUser,
  runtime,
  spawnOptions,
  TIMEOUT,
  Tools,
  type NodeKind,
  type Runtime,
} from "./runtime.ts";

export type { NodeKind } from "./runtime.ts";

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

/** Default rabbitmq.conf lines per kind (besides the listeners). */
const DEFAULTS: Record<NodeKind, string[]> = {
  "3": [],
  // RabbitMQ 4.3's own default, as the official image has it: transient non-exclusive queues denied. Debian's
  // package permits them by default (its do-not-deprecate-transient_nonexcl_queues.patch); this line undoes that.
  // `= true` in a caller's config permits them (node.md).
  "4.3": ["deprecated_features.permit.transient_nonexcl_queues = false"],
};

let sequence = 0;

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
