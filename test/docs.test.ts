// The documents that quote the code are still true to it. A plain node:test file (no broker needed):
// `npm run test:all` runs it with the rest, `node --import tsx --test test/docs.test.ts` alone.
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { ROOT } from "../engine/proc.ts";
import { PAGE, render } from "../engine/side-by-side.ts";

const read = (path: string) => readFileSync(join(ROOT, path), "utf8");

/** Where `actual` first differs from `expected`: the line (from 1) and both sides of it; a page that ends early,
 * or goes on too long, differs at the line after the shorter one's last ("(the end)"). */
function firstDifference(actual: string, expected: string): string {
  const [have, want] = [actual.split("\n"), expected.split("\n")];
  const at = Array.from({ length: Math.max(have.length, want.length) }, (_, i) => i).find((i) => have[i] !== want[i]);
  if (at === undefined) return "no line differs";
  const side = (line: string | undefined) => (line === undefined ? "(the end)" : JSON.stringify(line));
  return `line ${at + 1}: ${side(have[at])} instead of ${side(want[at])}`;
}

test("a stale page's message names the first line that differs, also when one page is a prefix of the other", () => {
  assert.equal(firstDifference("a\nb\nc", "a\nB\nc"), 'line 2: "b" instead of "B"');
  assert.equal(firstDifference("a\nb", "a\nb\nc"), 'line 3: (the end) instead of "c"');
  assert.equal(firstDifference("a\nb\nc\n", "a\nb"), 'line 3: "c" instead of (the end)');
});

test(`${PAGE} is what \`npm run side-by-side\` writes from the files`, async () => {
  const expected = await render();
  const actual = read(PAGE);
  if (actual !== expected)
    assert.fail(`${PAGE} is stale at ${firstDifference(actual, expected)}: run npm run side-by-side`);
});

test(`${PAGE} holds every pika program of engine/pika/`, () => {
  const page = read(PAGE);
  const programs = readdirSync(join(ROOT, "engine/pika")).filter((name) => /^part\d_\w+\.py$/.test(name));
  assert.ok(programs.length >= 10, `the lab's ten programs, found ${programs.join(", ")}`);
  for (const name of programs) assert.ok(page.includes(`](../engine/pika/${name})`), `${name} is on the page`);
});

// A link [`code`](file#L12) in a README says: line 12 of file holds `code`.
test("the READMEs' links to a line of code point at the code they quote", () => {
  for (const readme of ["README.md", "README.ru.md"]) {
    const links = [...read(readme).matchAll(/\[`([^`]+)`\]\(([^)#\s]+)#L(\d+)\)/g)];
    assert.ok(links.length >= 10, `${readme} links to the lines that meet the tasks' requirements`);
    for (const [, code, file, line] of links) {
      assert.ok(existsSync(join(ROOT, file)), `${readme}: ${file} exists`);
      const text = read(file).split("\n")[Number(line) - 1] ?? "";
      assert.ok(text.includes(code), `${readme}: ${file}:${line} holds \`${code}\`; it is now: ${text.trim()}`);
    }
  }
});

// A student reads the README while doing the lab: what they do not need then lives in docs/. (The teachers' section,
// `npm run check`, took the last 15 lines.)
test("the READMEs are short enough to read: README.md at most 315 lines, README.ru.md at most 355", () => {
  for (const [readme, most] of [
    ["README.md", 315],
    ["README.ru.md", 355],
  ] as const) {
    const lines = read(readme).trimEnd().split("\n").length;
    assert.ok(
      lines <= most,
      `${readme} has ${lines} lines (at most ${most}): move what the lab does not need to docs/`,
    );
  }
});

// One way to start a broker everywhere: the scripts' hint is the READMEs' command, so `docker exec rabbitmq …` works.
test("the scripts' hint for starting a broker is the READMEs' docker command", () => {
  const hint = /const DOCKER = "([^"]+)"/.exec(read("lab.ts"))?.[1];
  assert.ok(hint?.startsWith("docker run "), "lab.ts has the docker command");
  for (const readme of ["README.md", "README.ru.md"])
    assert.ok(read(readme).includes(hint!), `${readme} gives ${hint}`);
});
