// The one way to start a lab script as a child process and read what it prints.
// LAB_RUNTIME picks how a script runs: "tsx" (default: this Node with tsx's loader), "compiled"
// (what tsx does at every start, esbuild's transform, done once and cached: plain Node then starts
// a script in a third of the time, which keeps `npm test` fast), "node" (Node 22.18+ strips the
// types itself), or "deno" (Deno 2, using this project's node_modules).
// A .py file (the lab's pika originals, for interop) runs with PYTHON.
import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { buildSync } from "esbuild";
import { createInterface, type Interface } from "node:readline";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));

export type Line = { stream: "stdout" | "stderr"; text: string };
export type Exit = { code: number | null; signal: NodeJS.Signals | null };

/** The Python that runs the lab's pika originals (engine/pika/*.py): PYTHON, or the system one. */
export const PYTHON = process.env.PYTHON || "/usr/bin/python3";

/** coreutils' stdbuf: makes a C program's stdout line-buffered into a pipe (ScriptOptions.shell). */
const STDBUF = "/usr/bin/stdbuf";

/** The program and arguments that run `script` (from the project root) as LAB_RUNTIME says. */
export function command(
  script: string,
  args: string[],
  runtime = process.env.LAB_RUNTIME ?? "tsx",
): [string, string[]] {
  if (script.endsWith(".py")) return [PYTHON, ["-u", script, ...args]]; // -u: print each line at once
  // The harness's own commands (commands/demo.ts, commands/test.ts) import modules: not single files, always tsx.
  if (/^(commands|engine|test)\//.test(script)) return [process.execPath, ["--import", "tsx", script, ...args]];
  if (runtime === "tsx") return [process.execPath, ["--import", "tsx", script, ...args]];
  if (runtime === "compiled") return [process.execPath, [compiled(script), ...args]];
  if (runtime === "node") return [process.execPath, [script, ...args]];
  if (runtime === "deno") return ["deno", ["run", "-A", script, ...args]];
  if (runtime === "npx") return ["npx", ["tsx", script, ...args]]; // as the READMEs print it (engine/suites/readme.ts)
  throw new Error(`LAB_RUNTIME must be tsx, compiled, node, deno or npx, not ${runtime}`);
}

/** The script transformed as tsx does it, with the shared module it imports (lab.ts) bundled in, kept under
 * node_modules/.cache (whose node_modules it imports from). The cache key is both files' text. */
function compiled(script: string): string {
  const path = relative(ROOT, resolve(ROOT, script));
  const hash = createHash("sha256");
  for (const file of [path, "lab.ts"]) hash.update(readFileSync(join(ROOT, file)));
  const out = join(
    ROOT,
    "node_modules/.cache/rabbitmq-lab",
    hash.digest("hex").slice(0, 16),
    path.replace(/\.ts$/, ".mjs"),
  );
  if (!existsSync(out)) {
    const { outputFiles } = buildSync({
      entryPoints: [join(ROOT, path)],
      bundle: true, // lab.ts in; the packages stay imports
      packages: "external",
      format: "esm",
      platform: "node",
      target: "node20",
      write: false,
    });
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(`${out}.${process.pid}`, outputFiles[0]!.contents);
    renameSync(`${out}.${process.pid}`, out); // atomic: parallel test files may compile the same script
  }
  return out;
}

/** How a Script runs other than a lab script: `shell`, `script` is a command line of someone else's (`npm run check`'s
 * student programs: "python3 send.py"), run by sh with `args` after it, in a process group of its own, with its
 * output line-buffered where we can ask for it (Python's PYTHONUNBUFFERED, stdbuf for C stdio), in `cwd`; `maxLines`: keep
 * only the first lines it prints (a program that floods its output cannot fill our memory). */
export type ScriptOptions = { shell?: boolean; maxLines?: number; cwd?: string };

/** A running lab script. `label` names it in messages and in the demo's transcript. */
export class Script {
  readonly lines: Line[] = [];
  readonly exited: Promise<Exit>;
  private readonly child: ChildProcess;
  private readonly stdoutReader: Interface;
  private readonly listeners = new Set<(line: Line) => void>();
  private readonly group: boolean;

  readonly label: string;
  readonly script: string;
  readonly args: string[];

  /** How many lines it printed beyond `maxLines` (not kept). */
  dropped = 0;

  constructor(
    label: string,
    script: string,
    args: string[] = [],
    env: Record<string, string> = {},
    { shell = false, maxLines = Infinity, cwd = ROOT }: ScriptOptions = {},
  ) {
    this.label = label;
    this.script = script;
    this.args = args;
    const [file, argv] = shell
      ? ([...(existsSync(STDBUF) ? [STDBUF, ["-oL", "-eL", "sh"]] : ["sh", []])] as [string, string[]])
      : command(script, args, env.LAB_RUNTIME); // `env` may pick the runtime for this one script
    if (shell) argv.push("-c", `${script} "$@"`, "sh", ...args);
    // npx starts the script as a process of its own: the two are a process group, signalled as one (as a terminal's
    // Ctrl+C does), or a SIGKILL of npx would leave the script running, holding our pipes open. So does a shell.
    this.group = shell || file === "npx";
    this.child = spawn(file, argv, {
      cwd,
      env: { ...process.env, ...(shell ? { PYTHONUNBUFFERED: "1" } : {}), ...env },
      stdio: ["ignore", "pipe", "pipe"],
      detached: this.group,
    });
    const read = (stream: Line["stream"]) =>
      createInterface({ input: this.child[stream]! }).on("line", (text) => {
        const line = { stream, text };
        if (this.lines.length < maxLines) this.lines.push(line);
        else this.dropped++;
        for (const listener of this.listeners) listener(line);
      });
    this.stdoutReader = read("stdout");
    const closed = [this.stdoutReader, read("stderr")].map((rl) => new Promise((done) => rl.once("close", done)));
    this.exited = new Promise<Exit>((resolve, reject) => {
      this.child.once("error", reject);
      this.child.once("exit", (code, signal) => void Promise.all(closed).then(() => resolve({ code, signal })));
    });
    this.exited.catch(() => {}); // reported by whoever awaits it
  }

  /** Its process id (the topology finds a script's connections by it). */
  get pid() {
    return this.child.pid;
  }

  /** Calls `listener` for every line printed from now on. */
  onLine(listener: (line: Line) => void) {
    this.listeners.add(listener);
  }

  stdout(): string[] {
    return this.lines.filter((line) => line.stream === "stdout").map((line) => line.text);
  }

  stderr(): string[] {
    return this.lines.filter((line) => line.stream === "stderr").map((line) => line.text);
  }

  /** How many stdout lines match. */
  count(pattern: string | RegExp): number {
    return this.stdout().filter((text) => matches(text, pattern)).length;
  }

  /** Waits until `times` stdout lines match `pattern`; fails if the script exits or time runs out. */
  async waitFor(pattern: string | RegExp, { times = 1, timeout = 15_000 } = {}): Promise<void> {
    if (this.count(pattern) >= times) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => finish(new Error(`timed out after ${timeout} ms`)), timeout);
      const finish = (err?: Error) => {
        clearTimeout(timer);
        this.listeners.delete(check);
        if (!err) return resolve();
        const seen = this.lines.map((line) => `    ${line.stream === "stderr" ? "! " : ""}${line.text}`).join("\n");
        reject(new Error(`[${this.label}] waited for ${times} × ${pattern}: ${err.message}; it printed:\n${seen}`));
      };
      const check = () => this.count(pattern) >= times && finish();
      this.listeners.add(check);
      this.exited.then((exit) => finish(new Error(`it exited (${exit.signal ?? exit.code})`)));
    });
  }

  /** Closes the read end of its stdout, as `| head` does when it has read enough: its next line gets EPIPE. */
  closeStdout() {
    this.stdoutReader.close(); // read no more (a destroyed stream would never let it close by itself)
    this.child.stdout!.destroy();
  }

  /** Sends a signal and waits for the exit. */
  async stop(signal: NodeJS.Signals = "SIGTERM"): Promise<Exit> {
    if (this.group) {
      try {
        process.kill(-this.child.pid!, signal); // npx and the script it started
      } catch {} // all gone already
    } else if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.exited;
  }
}

const matches = (text: string, pattern: string | RegExp) =>
  typeof pattern === "string" ? text === pattern : pattern.test(text);
