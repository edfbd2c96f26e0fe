// What a part of the bench hands back: its raw figures (for --json) and blocks to print, rendered
// either as an aligned terminal table or as Markdown for docs/benchmarks.md.

export type Block =
  | { kind: "heading"; text: string }
  | { kind: "text"; text: string }
  | { kind: "table"; columns: string[]; rows: string[][] }
  | { kind: "pre"; lines: string[] };

export type Report = { name: string; data: unknown; blocks: Block[] };

/** A number with thousands separators: 44,123. */
export const int = (n: number) => Math.round(n).toLocaleString("en-US");
export const fixed = (n: number, digits = 1) => n.toFixed(digits);

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const numeric = (cell: string) => /^[-+×x~≈]?[\d.,]+( ?(ms|s|%|×|msg\/s))?$/.test(cell);

function terminalTable(columns: string[], rows: string[][]): string[] {
  const widths = columns.map((c, i) => Math.max(c.length, ...rows.map((r) => r[i].length)));
  const right = columns.map((_, i) => rows.length > 0 && rows.every((r) => numeric(r[i]) || r[i] === "–"));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (right[i] ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join("  ")
      .trimEnd();
  return [line(columns), widths.map((w) => "─".repeat(w)).join("  "), ...rows.map(line)];
}

export function renderTerminal(reports: Report[], header: Block[]): string {
  const out: string[] = [];
  for (const block of [...header, ...reports.flatMap((r) => r.blocks)]) {
    if (block.kind === "heading") out.push("", `== ${block.text} ==`);
    if (block.kind === "text") out.push(block.text);
    if (block.kind === "table") out.push(...terminalTable(block.columns, block.rows).map((l) => `  ${l}`));
    if (block.kind === "pre") out.push(...block.lines.map((l) => `  ${l}`));
  }
  return out.join("\n") + "\n";
}

export function renderMarkdown(reports: Report[], header: Block[]): string {
  const out: string[] = [];
  const cell = (c: string) => c.replace(/\|/g, "\\|");
  for (const block of [...header, ...reports.flatMap((r) => r.blocks)]) {
    if (block.kind === "heading") out.push("", `#### ${block.text}`, "");
    if (block.kind === "text") out.push(block.text, "");
    if (block.kind === "table") {
      const right = block.columns.map((_, i) => block.rows.every((r) => numeric(r[i]) || r[i] === "–"));
      out.push(`| ${block.columns.map(cell).join(" | ")} |`);
      out.push(`|${right.map((r) => (r ? "---:" : "---")).join("|")}|`);
      for (const row of block.rows) out.push(`| ${row.map(cell).join(" | ")} |`);
      out.push("");
    }
    if (block.kind === "pre") out.push("```text", ...block.lines, "```", "");
  }
  return (
    out
      .join("\n")
      .replace(/\n{3,}/g, "\n\n")
      .trim() + "\n"
  );
}
