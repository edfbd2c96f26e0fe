// `npm test`: find the broker once (AMQP_URL, localhost, or a testcontainers container), say which,
// then run every test file with node:test against it. Extra arguments go to node --test,
// e.g. `npm test -- test/part2.test.ts` runs one file.
import { spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import { findBroker } from "./lib/broker.ts";
import { ROOT } from "./lib/proc.ts";

let broker;
try {
  broker = await findBroker();
} catch (err: any) {
  console.error(err.message);
  process.exit(1);
}
console.log(`# broker: ${broker.how}`);

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
  env: { LAB_RUNTIME: "compiled", ...process.env, AMQP_URL: broker.url, LAB_BROKER_CONTAINER: broker.container ?? "" },
});
const code = await new Promise<number>((resolve) => child.once("exit", (code) => resolve(code ?? 1)));
await broker.dispose();
process.exit(code);
