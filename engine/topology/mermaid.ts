// The topology as a Mermaid flowchart (GitHub and most report tools render it): the lab's shapes
// as near as Mermaid has them, hexagon exchanges, queues as boxes with bars, rounded consumers.
import type { Graph, Kind } from "./graph.ts";

const SHAPES: Record<Kind, [string, string]> = {
  producer: ["([", "])"],
  exchange: ["{{", "}}"],
  queue: ["[[", "]]"],
  consumer: ["([", "])"],
};
const CLASSES: Record<Kind, string> = {
  producer: "fill:#dbeafe,stroke:#1d4ed8,color:#000",
  exchange: "fill:#fae8ff,stroke:#a21caf,color:#000",
  queue: "fill:#cffafe,stroke:#0e7490,color:#000",
  consumer: "fill:#dcfce7,stroke:#15803d,color:#000",
};

/** Text inside a quoted Mermaid label: entity codes (#34; is '"') for what Mermaid or HTML would read. A "#" stays
 * as it is (`stock.#` reads the same in the Markdown's plain text) unless it would start an entity code itself
 * (Mermaid reads #word; as one). */
const escape = (text: string) => text.replace(/#(?=\w+;)|["<>&]/g, (ch) => `#${ch.charCodeAt(0)};`);
const label = (lines: string[]) =>
  `"${lines
    .filter((l) => l !== "")
    .map(escape)
    .join("<br/>")}"`;

export function renderMermaid(graph: Graph): string {
  const out = ["flowchart LR"];
  for (const node of graph.nodes) {
    const [open, close] = SHAPES[node.kind];
    out.push(`  ${node.id}${open}${label([node.title, ...node.lines])}${close}:::${node.kind}`);
  }
  for (const e of graph.edges) out.push(`  ${e.from} -->${e.labels.length ? `|${label(e.labels)}|` : ""} ${e.to}`);
  for (const [i, note] of graph.notes.entries()) out.push(`  N${i + 1}[${label([note])}]`);
  for (const kind of Object.keys(CLASSES) as Kind[])
    if (graph.nodes.some((n) => n.kind === kind)) out.push(`  classDef ${kind} ${CLASSES[kind]}`);
  return out.join("\n");
}
