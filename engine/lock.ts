// A lock shared by every process on this machine that drives the lab's scripts (test files run
// in parallel processes, and the demo may run beside them). The lab's names are fixed
// (`task_queue`, `logs`...), so two scenarios that use the same name must not overlap, and a
// broker restart ("*") must have the broker to itself. Waiters are served in arrival order.
import { createHash } from "node:crypto";
import { mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

type Entry = { ticket: number; pid: number; names: string[] };
type State = { next: number; entries: Entry[] };

const conflicts = (a: string[], b: string[]) =>
  a.includes("*") || b.includes("*") || a.some((name) => b.includes(name));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err: any) {
    return err.code === "EPERM";
  }
}

/** One broker and vhost, however its URL is spelled (credentials, 127.0.0.1 or localhost, the default port or
 * vhost written out or not), so that every run on this machine that uses it takes the same lock. The local
 * default broker keeps the key it always had: amqp://localhost:5672. */
export function brokerKey(key: string): string {
  let url: URL;
  try {
    url = new URL(key);
  } catch {
    return key;
  }
  if (url.protocol !== "amqp:" && url.protocol !== "amqps:") return key;
  const host = url.hostname.toLowerCase();
  const port = url.port || (url.protocol === "amqps:" ? "5671" : "5672");
  const vhost = decodeURIComponent(url.pathname.slice(1)) || "/"; // as amqplib reads it
  const local = ["localhost", "127.0.0.1", "[::1]"].includes(host) ? "localhost" : host;
  return `${url.protocol}//${local}:${port}${vhost === "/" ? "" : `/${encodeURIComponent(vhost)}`}`;
}

/** The lock's directory: a hash of the whole key (its first bytes alone are the same for every node of ours). */
const dirOf = (key: string) =>
  join(tmpdir(), `rabbitmq-lab-lock-${createHash("sha256").update(brokerKey(key)).digest("hex").slice(0, 32)}`);

/** Who holds or waits for names of the broker `key` now, in arrival order (for tests that must act
 * between two holders). */
export async function lockEntries(key: string): Promise<Entry[]> {
  const state: State | undefined = await readFile(join(dirOf(key), "state.json"), "utf8")
    .then(JSON.parse)
    .catch(() => undefined);
  return state?.entries ?? [];
}

/** Runs `fn` while holding `names` (or "*": everything) for the broker `key` (its URL: see brokerKey). */
export async function withLock<T>(key: string, names: string[], fn: () => Promise<T>): Promise<T> {
  const dir = dirOf(key);
  await mkdir(dir, { recursive: true });
  const file = join(dir, "state.json");

  // The state file is read and written under a tiny mutex: mkdir is atomic.
  async function update<R>(change: (state: State) => R): Promise<R> {
    const mutex = join(dir, "mutex");
    for (;;) {
      try {
        await mkdir(mutex);
        break;
      } catch {
        const age = await stat(mutex).then(
          (s) => Date.now() - s.mtimeMs,
          () => 0,
        );
        if (age > 5000) await rm(mutex, { recursive: true, force: true }); // its owner died
        await sleep(10);
      }
    }
    try {
      const state: State = await readFile(file, "utf8").then(JSON.parse, () => ({ next: 0, entries: [] }));
      state.entries = state.entries.filter((entry) => alive(entry.pid));
      const result = change(state);
      // Atomically: on a loaded machine a mutex may be taken for stale while its owner still writes,
      // and a reader must never see a half-written file.
      await writeFile(`${file}.${process.pid}`, JSON.stringify(state));
      await rename(`${file}.${process.pid}`, file);
      return result;
    } finally {
      await rm(mutex, { recursive: true, force: true });
    }
  }

  const ticket = await update((state) => {
    state.entries.push({ ticket: state.next, pid: process.pid, names });
    return state.next++;
  });
  try {
    for (;;) {
      const granted = await update((state) => {
        if (!state.entries.some((entry) => entry.ticket === ticket)) throw new Error("lock entry vanished");
        return !state.entries.some((o) => o.ticket < ticket && conflicts(o.names, names));
      });
      if (granted) break;
      await sleep(25);
    }
    return await fn();
  } finally {
    await update((state) => {
      state.entries = state.entries.filter((entry) => entry.ticket !== ticket);
    });
  }
}
