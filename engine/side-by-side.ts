// docs/side-by-side.md, as `npm run side-by-side` (commands/side-by-side.ts) writes it: each of the lab's pika
// programs (engine/pika/*.py) next to its TypeScript port, pair by pair, from the files themselves. The pairs
// are the sections' `interop` facts (engine/sections/index.ts). test/docs.test.ts fails when the page is not this.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import prettier from "prettier";
import { ROOT } from "./proc.ts";
import { SECTIONS } from "./sections/index.ts";

export const PAGE = "docs/side-by-side.md";

/** A file as a fenced block, the fence longer than any run of backticks in it. */
function block(path: string, language: string) {
  const text = readFileSync(join(ROOT, path), "utf8").trimEnd();
  const fence = "`".repeat(Math.max(3, ...(text.match(/`+/g) ?? []).map((run) => run.length + 1)));
  const lines = text.split("\n").length;
  return [`[\`${path}\`](../${path}), ${lines} lines:`, "", `${fence}${language}`, text, fence].join("\n");
}

/** The page, formatted as `npm run format` would leave it. */
export async function render(): Promise<string> {
  const parts = [
    "# The lab's pika programs and their TypeScript ports",
    "",
    "<!-- Written by `npm run side-by-side` (commands/side-by-side.ts) from the files below; do not edit: " +
      "test/docs.test.ts fails when this page differs from what the files give. -->",
    "",
    "Each part of the lab, its Python + pika program first, then the TypeScript port in this project, both " +
      "whole. The pika programs are the lab's code as `engine/pika/` runs it against the TypeScript scripts; " +
      "the comment at the top of each says how it differs from the lab's text. The TypeScript scripts are " +
      "longer by what the lab leaves out: `--help`, a one-line `ERROR:` for every failure (`fail()`, at the " +
      "bottom), and a clean stop on Ctrl+C. The graded tasks have no pika code in the lab, so they are not here.",
    "",
  ];
  for (const section of SECTIONS) {
    if (!section.interop) continue;
    parts.push(`## ${section.ru}`, "", `_${section.title}_`, "");
    for (const [role, pika, ts] of [
      ["Sender", section.interop.sender, section.sender.script],
      ["Receiver", section.interop.receiver, section.receiver.script],
    ]) {
      parts.push(`### ${role}: \`${ts}\``, "", "**pika**", "", block(`engine/pika/${pika}`, "python"), "");
      parts.push("**TypeScript**", "", block(ts, "ts"), "");
    }
  }
  const options = await prettier.resolveConfig(join(ROOT, PAGE));
  return prettier.format(parts.join("\n"), { ...options, filepath: join(ROOT, PAGE) });
}
