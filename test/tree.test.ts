// The tree says what is what (docs/testing.md, "Map"): engine/ the checks and the harness, commands/ what users
// run, test/ node:test files only; imports go one way, and no module of the engine imports itself back. A plain
// node:test file, no broker.
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { test } from "node:test";
import { ROOT } from "../engine/proc.ts";

/** Every file under `dir` (a path from the root), as paths from the root. */
const filesUnder = (dir: string): string[] =>
  readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = `${dir}/${name}`;
    return statSync(join(ROOT, path)).isDirectory() ? (name === "node_modules" ? [] : filesUnder(path)) : [path];
  });

/** The modules a .ts file imports by a relative path, as paths from the root. */
const importsOf = (file: string): string[] =>
  [...readFileSync(join(ROOT, file), "utf8").matchAll(/^(?:import|export)\b[^"]*?from "(\.{1,2}\/[^"]+)"/gm)].map(
    ([, spec]) => relative(ROOT, resolve(ROOT, dirname(file), spec!)),
  );

test("test/ holds node:test files only", () => {
  const others = filesUnder("test").filter((file) => !file.endsWith(".test.ts"));
  assert.deepEqual(others, [], "test/ holds these, which are no test files");
});

test("imports go one way: the engine imports neither commands/ nor test/, commands/ no test file", () => {
  for (const file of filesUnder("engine").filter((f) => f.endsWith(".ts")))
    for (const imported of importsOf(file))
      assert.ok(!/^(commands|test)\//.test(imported), `${file} imports ${imported}`);
  for (const file of filesUnder("commands").filter((f) => f.endsWith(".ts")))
    for (const imported of importsOf(file)) assert.ok(!imported.startsWith("test/"), `${file} imports ${imported}`);
});

test("no module of the engine imports one that imports it (no cycle, types included)", () => {
  const engine = filesUnder("engine").filter((f) => f.endsWith(".ts"));
  const graph = new Map(engine.map((file) => [file, importsOf(file).filter((f) => f.startsWith("engine/"))]));
  const done = new Set<string>();
  const visit = (file: string, path: string[]) => {
    const at = path.indexOf(file);
    assert.equal(at, -1, `a cycle: ${[...path.slice(at), file].join(" → ")}`);
    if (done.has(file)) return;
    for (const next of graph.get(file) ?? []) visit(next, [...path, file]);
    done.add(file);
  };
  for (const file of engine) visit(file, []);
});
