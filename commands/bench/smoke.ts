// `npm test` in the bench: the smoke suite as a student runs it (commands/test.ts with no file), timed from
// its start to its exit, against the bench's own broker (handed down, as test:runtimes does: the same node or
// container, nothing started again). The project's target: at most 90 s on a quiet 2-core machine. Measured
// here, never asserted by a test: a test that times itself fails on a loaded machine.
import { handOff, type Broker } from "../../engine/broker.ts";
import { Script } from "../../engine/proc.ts";
import { fixed, type Report } from "./report.ts";

export const SMOKE_TARGET_SECONDS = 90;

export async function smoke(broker: Broker, reset: boolean, progress: (text: string) => void): Promise<Report> {
  progress("npm test (the smoke suite)");
  const start = performance.now();
  const run = new Script("npm test", "commands/test.ts", reset ? ["--reset"] : [], handOff(broker));
  const { code } = await run.exited;
  const seconds = (performance.now() - start) / 1000;
  const count = (name: string) =>
    Number(
      run
        .stdout()
        .find((line) => line.startsWith(`# ${name} `))
        ?.split(" ")[2],
    );
  const [tests, pass, fail] = ["tests", "pass", "fail"].map(count);
  if (code !== 0)
    progress(`npm test failed (exit ${code}):\n${run.stdout().concat(run.stderr()).slice(-40).join("\n")}`);
  return {
    name: "smoke",
    data: { seconds, code, tests, pass, fail },
    blocks: [
      { kind: "heading", text: "6. npm test (the smoke suite)" },
      {
        kind: "text",
        text:
          "Each section's «Проверка работоспособности» once (test/smoke.test.ts), as `npm test` runs it, from start to " +
          `exit; the target is ${SMOKE_TARGET_SECONDS} s on a quiet 2-core machine.`,
      },
      {
        kind: "table",
        columns: ["run", "tests", "passed", "failed", "exit", "wall time"],
        rows: [["npm test", `${tests}`, `${pass}`, `${fail}`, `${code}`, `${fixed(seconds)} s`]],
      },
    ],
  };
}
