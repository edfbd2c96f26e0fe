// docs/testing.md's "Adding a section", done: a throw-away part6 (part 1's scripts, copied) added to a copy of
// the tree by exactly the checklist's steps, then the checklist's checks run there: `npm test` without the test
// file says it is missing; with it, the typecheck passes, `npm test -- test/part6.test.ts` passes against this
// run's broker (handed down in the environment), and the smoke suite has part6's check. If a step stops being
// enough, or the checklist stops naming a file the steps touch, this fails.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { ROOT } from "../engine/proc.ts";

const SECTION = `// Part 6: a throw-away section (test/add-a-section.test.ts), part 1's scripts under another folder.
import assert from "node:assert/strict";
import type { Section } from "../section.ts";

export const part6: Section = {
  id: "part6",
  ru: "6. Раздел на выброс",
  title: "A throw-away section",
  sender: { script: "part6/send.ts", args: [] },
  receiver: { script: "part6/receive.ts", args: [] },
  queues: ["awesome_queue"],
  onRabbitMQ4: { refuses: "awesome_queue" },
  scenarios: [
    {
      title: "a send gives a receipt",
      smoke: true,
      queues: ["awesome_queue"],
      async run(ctx) {
        const receiver = await ctx.consumer("receive", "part6/receive.ts");
        const send = await ctx.run("send", "part6/send.ts");
        assert.equal(send.code, 0, send.stderr.join("\\n"));
        await receiver.waitFor("RECEIVED: My first message");
      },
    },
  ],
};
`;

/** What the checklist's steps touch, each of which it must name. */
const TOUCHED = ["part6/send.ts", "part6/receive.ts", "engine/sections/part6.ts", "engine/sections/index.ts"];
const TEST_FILE = "test/part6.test.ts";

const copy = mkdtempSync(join(tmpdir(), "rabbitmq-lab-part6-"));
after(() => rmSync(copy, { recursive: true, force: true }));

/** A command in the copy: its exit code and output (stdout and stderr together). */
function inCopy(file: string, args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd: copy, env: process.env, maxBuffer: 16 << 20 }, (err, stdout, stderr) =>
      resolve({ code: err ? Number(err.code ?? 1) : 0, output: `${stdout}${stderr}` }),
    );
  });
}
const tsx = (args: string[]) => inCopy(process.execPath, ["--import", "tsx", ...args]);

test("docs/testing.md's checklist names every file that adding a section touches", () => {
  const doc = readFileSync(join(ROOT, "docs/testing.md"), "utf8");
  const checklist = doc.slice(
    doc.indexOf("## Adding a section"),
    doc.indexOf("\n## ", doc.indexOf("## Adding a section") + 1),
  );
  for (const file of [...TOUCHED, TEST_FILE]) assert.ok(checklist.includes(file), `the checklist names ${file}`);
});

test(
  "a section added by the checklist, in a copy of the tree: typecheck, its test and the smoke suite pass",
  { timeout: 5 * 60_000 },
  async () => {
    // The tree as it is, without node_modules (linked), .git and test output.
    cpSync(ROOT, copy, {
      recursive: true,
      filter: (path) => !/\/(node_modules|\.git|test-output)$/.test(path),
    });
    symlinkSync(join(ROOT, "node_modules"), join(copy, "node_modules"), "dir");

    // 0. The scripts: part 1's, in a folder of their own.
    for (const script of ["send.ts", "receive.ts"]) cpSync(join(copy, "part1", script), join(copy, "part6", script));
    // 1. engine/sections/part6.ts.
    writeFileSync(join(copy, "engine/sections/part6.ts"), SECTION);
    // 2. engine/sections/index.ts: part6 in SECTIONS, after part5.
    const indexFile = join(copy, "engine/sections/index.ts");
    const index = readFileSync(indexFile, "utf8");
    const added = index
      .replace(/^(import \{ part5 \} from "\.\/part5\.ts";)$/m, `$1\nimport { part6 } from "./part6.ts";`)
      .replace(/^(export const SECTIONS\b.*\bpart5),/m, "$1, part6,");
    assert.equal(added.split("part6").length, 4, "engine/sections/index.ts: part6 imported and listed in SECTIONS");
    writeFileSync(indexFile, added);

    // Without its test file, npm test stops and says which.
    const missing = await tsx(["commands/test.ts"]);
    assert.notEqual(missing.code, 0);
    assert.match(missing.output, /missing test\/part6\.test\.ts/);
    // 3. test/part6.test.ts: a copy of test/part1.test.ts.
    cpSync(join(copy, "test/part1.test.ts"), join(copy, TEST_FILE));

    const typecheck = await inCopy(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "--noEmit"]);
    assert.equal(typecheck.code, 0, `npm run typecheck:\n${typecheck.output}`);
    const ran = await tsx(["commands/test.ts", TEST_FILE]);
    assert.equal(ran.code, 0, `npm test -- ${TEST_FILE}:\n${ran.output}`);
    assert.match(ran.output, /^# pass 1$/m, ran.output);
    const smoke = await tsx([
      "-e",
      'import("./engine/suites/index.ts").then(({ SMOKE }) => console.log(SMOKE.scenarios.map((s) => s.title).join("\\n")))',
    ]);
    assert.ok(smoke.output.split("\n").includes("part6: a send gives a receipt"), `the smoke suite:\n${smoke.output}`);
  },
);
