// `npm test`: find the broker once (LAB_BROKER's kind; by default AMQP_URL, localhost, or a
// testcontainers container), say which, then run every test file with node:test against it. Extra
// arguments go to node --test, e.g. `npm test -- test/part2.test.ts` runs one file.
import { spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { brokerOrExit, handOff } from "./lib/broker.ts";
import { ROOT } from "./lib/proc.ts";
import { SECTIONS, SUITES } from "./scenarios/index.ts";

// Each section and suite runs in a test file of its own (node --test runs files in parallel).
const missing = [...SECTIONS, ...SUITES]
  .map((suite) => `test/${suite.id}.test.ts`)
  .filter((file) => !existsSync(join(ROOT, file)));
if (missing.length) {
  console.error(`missing ${missing.join(", ")}: copy test/part1.test.ts (every test file is the same two lines)`);
  process.exit(1);
}

const broker = await brokerOrExit();
console.log(`# broker: ${broker.how}, RabbitMQ ${broker.version}`);

const args = process.argv.slice(2);
const files = args.some((arg) => arg.endsWith(".ts"))
  ? []
  : readdirSync(new URL(".", import.meta.url))
      .filter((name) => name.endsWith(".test.ts"))
      .sort()
      .map((name) => `test/${name}`);
const child = spawn(process.execPath, ["--import", "tsx", "--test", "--test-concurrency=4", ...args, ...files], {
  cwd: ROOT,
  stdio: "inherit",
  // The scripts run compiled once (see test/lib/proc.ts) unless LAB_RUNTIME says otherwise.
  env: { LAB_RUNTIME: "compiled", ...process.env, ...handOff(broker) },
});
const code = await new Promise<number>((resolve) => child.once("exit", (code) => resolve(code ?? 1)));
await broker.dispose();
process.exit(code);
