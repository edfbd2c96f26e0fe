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

/** Runs `fn` while holding `names` (or "*": everything) for the broker `key`. */
export async function withLock<T>(key: string, names: string[], fn: () => Promise<T>): Promise<T> {
  // A hash of the whole key: its first bytes alone are the same for every node of ours (amqp://guest:guest@127.0.0.1:3...).
  const dir = join(tmpdir(), `rabbitmq-lab-lock-${createHash("sha256").update(key).digest("hex").slice(0, 32)}`);
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
