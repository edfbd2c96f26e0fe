// `npm run test:runtimes`: the lab's checks again, on the runtimes students have besides this Node:
//   - Node 22 and Node 24, the scripts run with tsx (as `npx tsx part1/send.ts`);
//   - Node 24, the scripts run as `node part1/send.ts` (Node 22.18+ strips the types itself);
//   - Deno 2, the scripts run as `deno run -A part1/send.ts` (with this project's node_modules).
// The runtimes are npm packages, installed apart from the project so that `npm ci` stays small:
//   npm ci --prefix commands/runtimes --ignore-scripts
// (Node 22 and 24 as builds for linux-x64; elsewhere point NODE_22, NODE_24 or DENO at your own.)
// Extra arguments pick runs by name: `npm run test:runtimes -- deno node24-strip`.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { delimiter, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { brokerOrExit, handOff } from "../../engine/broker.ts";
import { ROOT } from "../../engine/proc.ts";

const INSTALL = "npm ci --prefix commands/runtimes --ignore-scripts";
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

function node(major: 22 | 24): string {
  const path = process.env[`NODE_${major}`] || here(`node_modules/node-${major}/bin/node`);
  if (!existsSync(path))
    throw new Error(`no Node ${major} at ${path}: run "${INSTALL}" (linux-x64) or set NODE_${major}`);
  return path;
}

function deno(): string {
  if (process.env.DENO) return process.env.DENO;
  // The deno package finds the binary of this platform's @deno/* package (what its bin script does).
  const api = here("node_modules/deno/install_api.cjs");
  if (!existsSync(api)) throw new Error(`no Deno: run "${INSTALL}" or set DENO`);
  return createRequire(import.meta.url)(api).runInstall();
}

/** A runtime to run the suite on: the Node that runs the test files, and the environment that picks how the scripts run. */
type Runtime = { id: string; name: string; node: () => string; env?: () => Record<string, string> };
const RUNS: Runtime[] = [
  { id: "node22", name: "Node 22, scripts with tsx", node: () => node(22), env: () => ({ LAB_RUNTIME: "tsx" }) },
  { id: "node24", name: "Node 24, scripts with tsx", node: () => node(24), env: () => ({ LAB_RUNTIME: "tsx" }) },
  {
    id: "node24-strip",
    name: "Node 24, scripts as `node file.ts`",
    node: () => node(24),
    env: () => ({ LAB_RUNTIME: "node" }),
  },
  {
    id: "deno",
    name: "Deno 2, scripts as `deno run -A file.ts`",
    node: () => process.execPath,
    env: () => ({ LAB_RUNTIME: "deno", PATH: `${dirname(deno())}${delimiter}${process.env.PATH}` }),
  },
];

const picked = process.argv.slice(2);
const unknown = picked.filter((id) => !RUNS.some((run) => run.id === id));
if (unknown.length) {
  console.error(`unknown run ${unknown.join(", ")}; the runs are ${RUNS.map((run) => run.id).join(", ")}`);
  process.exit(2);
}

// One broker for every run (a container, if it comes to that, is started once): they get it in AMQP_URL.
const broker = await brokerOrExit();

const results: string[] = [];
let failed = 0;
for (const run of RUNS.filter((run) => !picked.length || picked.includes(run.id))) {
  console.log(`\n# ${run.name}`);
  const start = performance.now();
  let code: number;
  try {
    // commands/test.ts runs every test file with the Node that runs it, and the scripts as LAB_RUNTIME says.
    const env = { ...process.env, ...run.env?.(), ...handOff(broker) };
    const child = spawn(run.node(), ["--import", "tsx", "commands/test.ts", "--sections"], {
      cwd: ROOT,
      stdio: "inherit",
      env,
    });
    code = await new Promise<number>((resolve, reject) => {
      child.once("error", reject);
      child.once("exit", (code) => resolve(code ?? 1));
    });
  } catch (err: any) {
    console.error(`# ${err.message}`);
    code = 1;
  }
  if (code !== 0) failed++;
  results.push(
    `# ${code === 0 ? "ok" : "FAILED"}  ${run.name}  (${((performance.now() - start) / 1000).toFixed(1)} s)`,
  );
}
await broker.dispose();
console.log(`\n${results.join("\n")}`);
console.log(`Runtimes: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
