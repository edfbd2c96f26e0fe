// Which TCP connections a process has open, by the local port of each: the management API names a
// connection by its client's address, so this tells which consumer is which of our scripts.
// Linux only (/proc); elsewhere, and for a broker behind NAT (e.g. Docker's port mapping), the ports
// do not match and the drawing names consumers by their address instead.
import { readdir, readFile, readlink } from "node:fs/promises";

/** The local ports of `pid`'s TCP sockets (empty where /proc cannot tell). */
export async function localPorts(pid: number): Promise<number[]> {
  const inodes = new Set<string>();
  try {
    for (const fd of await readdir(`/proc/${pid}/fd`)) {
      const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => "");
      const inode = target.match(/^socket:\[(\d+)\]$/)?.[1];
      if (inode) inodes.add(inode);
    }
  } catch {
    return [];
  }
  const ports: number[] = [];
  for (const table of [`/proc/${pid}/net/tcp`, `/proc/${pid}/net/tcp6`]) {
    const text = await readFile(table, "utf8").catch(() => "");
    for (const line of text.split("\n").slice(1)) {
      const fields = line.trim().split(/\s+/);
      // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
      if (fields.length > 9 && inodes.has(fields[9])) ports.push(parseInt(fields[1].split(":")[1], 16));
    }
  }
  return ports;
}

/** Labels by local port, for labelPeers: each process's label on each of its connections. */
export async function portLabels(processes: { pid?: number; label: string }[]): Promise<Map<number, string>> {
  const labels = new Map<number, string>();
  for (const { pid, label } of processes)
    if (pid !== undefined) for (const port of await localPorts(pid)) labels.set(port, label);
  return labels;
}
