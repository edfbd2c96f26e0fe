// What the harness's RabbitMQ nodes need of this machine: free ports, /proc, files, and whether AMQP answers.
import amqp from "amqplib";
import { chownSync, existsSync, readdirSync, readFileSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { join } from "node:path";

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
export async function freePorts(count: number): Promise<number[]> {
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
export const alive = (pid: number) => existsSync(`/proc/${pid}`);

/** Pids of the children of `parent` whose command is `comm`, from /proc. */
export function children(parent: number, comm: string): number[] {
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
export function tail(file: string, lines = 25): string {
  try {
    return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no output)";
  }
}

/** What a failed start printed: its first error lines (the cause, as a rule) and its last lines. */
export function excerpt(file: string): string {
  const lines = tail(file, Infinity).split("\n");
  const first = lines.findIndex((line) => /\berror\b/i.test(line));
  const last = Math.max(0, lines.length - 25);
  const cause = first >= 0 && first < last ? [...lines.slice(first, Math.min(first + 10, last)), "..."] : [];
  return [...cause, ...lines.slice(last)].join("\n");
}

export const key = (line: string) => line.split("=")[0].trim();

export function chownTree(path: string, uid: number, gid: number) {
  chownSync(path, uid, gid);
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) chownTree(child, uid, gid);
    else chownSync(child, uid, gid);
  }
}
