// `npm test`: the smoke suite (test/smoke.test.ts), each section's "Проверка работоспособности" once; `--all`
// (npm run test:all): every other test file, the sections' and suites' first. It finds the broker once
// (LAB_BROKER's kind; by default AMQP_URL, localhost, or a testcontainers container), says which, then runs the
// files with node:test against it. Extra arguments go to node --test, e.g. `npm test -- test/part2.test.ts` runs
// one file. Before the tests, the fixed names they use are checked and deleted (engine/guard.ts): `npm test --
// --reset` deletes them whatever they hold, and is needed against a broker that is not on this machine.
import { spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { basename, join } from "node:path";
import { brokerOrExit, handOff } from "../engine/broker.ts";
import { clearOrExit, namesOf, refuseRemote, RESET } from "../engine/guard.ts";
import { ROOT } from "../engine/proc.ts";
import { SECTIONS } from "../engine/sections/index.ts";
import { README_BLOCKS, SMOKE, SUITES } from "../engine/suites/index.ts";

// Each section and suite runs in a test file of its own (node --test runs files in parallel).
const missing = [...SECTIONS, ...SUITES, SMOKE, README_BLOCKS]
  .map((suite) => `test/${suite.id}.test.ts`)
  .filter((file) => !existsSync(join(ROOT, file)));
if (missing.length) {
  console.error(`missing ${missing.join(", ")}: copy test/part1.test.ts (every test file is the same two lines)`);
  process.exit(1);
}

// --reset is this script's own (engine/guard.ts), and so are the selections. None: the smoke suite. --all: every
// test file but the smoke suite, whose scenarios are the sections' own. --sections: only the files of the sections
// and suites, which run the lab's scripts (test:runtimes: the runtime is what changes). --broker: every file that
// tests against this run's broker (test:rabbitmq4: the broker is what changes), that is --all but OWN_BROKERS.
// The other arguments go to node --test.
const ALL = "--all";
const SECTIONS_ONLY = "--sections";
const BROKER_ONLY = "--broker";
/** The harness's own tests that use no broker of this run's: its RabbitMQ nodes and the 3-node cluster (started by
 * those files themselves), the guard and lab.ts's table (each on a node of its own), and those with no broker: the documents, the topology
 * tool's unit tests, the tree. */
const OWN_BROKERS = [
  "rabbitmq-nodes",
  "cluster-failover",
  "guard",
  "lab",
  "check",
  "check-mutants",
  "docs",
  "topology",
  "tree",
].map((id) => `test/${id}.test.ts`);
const SMOKE_FILE = `test/${SMOKE.id}.test.ts`;
const reset = process.argv.includes(RESET);
const args = process.argv.slice(2).filter((arg) => ![RESET, ALL, SECTIONS_ONLY, BROKER_ONLY].includes(arg));
const named = args.some((arg) => arg.endsWith(".ts"));
const every = readdirSync(join(ROOT, "test"))
  .filter((name) => name.endsWith(".test.ts"))
  .sort()
  .map((name) => `test/${name}`)
  .filter((file) => file !== SMOKE_FILE);
const gone = OWN_BROKERS.filter((file) => !every.includes(file));
if (gone.length) throw new Error(`OWN_BROKERS in commands/test.ts names ${gone.join(", ")}, which is not there`);
const files = named
  ? []
  : process.argv.includes(SECTIONS_ONLY)
    ? [...SECTIONS, ...SUITES].map((suite) => `test/${suite.id}.test.ts`)
    : process.argv.includes(BROKER_ONLY)
      ? every.filter((file) => !OWN_BROKERS.includes(file))
      : process.argv.includes(ALL)
        ? every
        : [SMOKE_FILE];

// The fixed names of the suites that run: checked, then deleted, before any test file starts.
const ids = (named ? args.filter((arg) => arg.endsWith(".ts")) : files).map((file) => basename(file, ".test.ts"));
const names = namesOf(
  [...SECTIONS, ...SUITES, SMOKE, README_BLOCKS].filter((suite) => ids.includes(suite.id)).flatMap((s) => s.scenarios),
);
refuseRemote(names, reset, (line) => console.log(`# ${line}`));

const broker = await brokerOrExit();
console.log(`# broker: ${broker.how}, RabbitMQ ${broker.version}`);
await clearOrExit(broker, names, reset);
// A test run of its own, even when a test starts it (test/guard.test.ts): not a child of that test's runner.
const { NODE_TEST_CONTEXT: _, ...outside } = process.env;
// The lab's sections and suites first, then the harness's own tests (its nodes, clusters, the guard, the docs,
// the topology page): a RabbitMQ node starting on 2 cores would starve the scenarios that time their scripts.
const ours = new Set([...SECTIONS, ...SUITES, SMOKE, README_BLOCKS].map((suite) => `test/${suite.id}.test.ts`));
const phases = [files.filter((file) => ours.has(file)), files.filter((file) => !ours.has(file))];
let code = 0;
for (const phase of named ? [[]] : phases.filter((phase) => phase.length)) {
  const child = spawn(process.execPath, ["--import", "tsx", "--test", "--test-concurrency=4", ...args, ...phase], {
    cwd: ROOT,
    stdio: "inherit",
    // The scripts run compiled once (see engine/proc.ts) unless LAB_RUNTIME says otherwise.
    // LAB_RESET: --reset, for runScenario in the test files (set or cleared: only the flag decides).
    env: { LAB_RUNTIME: "compiled", ...outside, ...handOff(broker), LAB_RESET: reset ? "1" : "" },
  });
  code ||= await new Promise<number>((resolve) => child.once("exit", (code) => resolve(code ?? 1)));
}
await broker.dispose();
process.exit(code);
