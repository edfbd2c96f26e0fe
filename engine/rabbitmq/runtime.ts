// How a kind of node runs its programs: kind "3" this machine's rabbitmq-server as the rabbitmq user, kind "4.3"
// the forky chroot's (chroot.ts); and what every node does the same way with them, its CLI tools (Tools).
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ensureRabbitmq43 } from "./chroot.ts";

export type NodeKind = "3" | "4.3"; // "3": this machine's rabbitmq-server (3.10 here); "4.3": the forky chroot

export const BIN = "/usr/lib/rabbitmq/bin"; // the scripts themselves, not /usr/sbin's wrapper (it redirects the server's output)
const HOME = "/var/lib/rabbitmq"; // the rabbitmq user's home: its Erlang cookie
export const TIMEOUT = { start: 120_000, stop: 20_000, ctl: 120_000 };

/** A program to spawn; `asUser`: spawn switches to the rabbitmq user itself (else the command does). */
export type Command = { file: string; args: string[]; asUser: boolean };

export type Runtime = {
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

export function rabbitmqUser(root: string): { uid: number; gid: number } {
  const line = readFileSync(join(root, "etc/passwd"), "utf8")
    .split("\n")
    .find((entry) => entry.startsWith("rabbitmq:"));
  if (!line) throw new Error(`no rabbitmq user in ${join(root, "etc/passwd")}`);
  const [, , uid, gid] = line.split(":");
  return { uid: Number(uid), gid: Number(gid) };
}

export async function runtime(kind: NodeKind): Promise<Runtime> {
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
export const baseEnv = (): Record<string, string> => ({
  PATH: "/usr/sbin:/usr/bin:/sbin:/bin",
  HOME,
  LANG: "C.UTF-8",
  ERL_EPMD_ADDRESS: "127.0.0.1",
});

/** spawn's options for `command`, run as the rabbitmq user of `rt`. */
export const spawnOptions = (rt: Runtime, command: Command, env: Record<string, string>, cwd = "/") => ({
  env,
  cwd,
  ...(command.asUser ? { uid: rt.uid, gid: rt.gid } : {}),
});

export function runTool(rt: Runtime, tool: string, args: string[]): Promise<string> {
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

/** What every node does the same way, whether this process started it or attached to it: its CLI tools. */
export abstract class Tools {
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
