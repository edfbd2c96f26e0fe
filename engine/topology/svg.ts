// The topology as a self-contained SVG (no fonts or scripts from elsewhere), laid out by layout.ts:
// P → X → Q → C in columns, the lab's shapes (a queue is a box with cells at its end), binding keys
// on the arrows just before the queue they lead to. Nodes and arrows carry data-* attributes, so a
// test (or a reader of the page's source) can tell what is drawn.
import type { Edge, Graph, Kind } from "./graph.ts";
import { LABELS, type Lang } from "./labels.ts";
import { layout } from "./layout.ts";

const FONT = 12;
const CHAR = 7.23; // the advance of a 12px monospace glyph (DejaVu Sans Mono, Menlo, Consolas: 0.6 em)
const LINE = 16;
const PAD_X = 12;
const PAD_Y = 8;
const CAPTION = 13; // the kind's name above the title
const CELLS = 34; // a queue's cells, at its right end
const POINT = 12; // an exchange's pointed ends

const COLOURS: Record<Kind, { fill: string; stroke: string }> = {
  producer: { fill: "#dbeafe", stroke: "#1d4ed8" },
  exchange: { fill: "#fae8ff", stroke: "#a21caf" },
  queue: { fill: "#cffafe", stroke: "#0e7490" },
  consumer: { fill: "#dcfce7", stroke: "#15803d" },
};

export const xml = (text: string) =>
  text.replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch]!);
const textWidth = (text: string) => [...text].length * CHAR;
const n = (v: number) => String(Math.round(v * 10) / 10);
const labelOf = (e: Edge) => e.labels.join(", ");

export type SvgOptions = {
  lang?: Lang;
  /** Prefix of the ids inside (arrow markers): SVGs inlined in one page need different ones. */
  id?: string;
  /** The picture's accessible title. */
  title?: string;
};

export function renderSvg(graph: Graph, options: SvgOptions = {}): string {
  const L = LABELS[options.lang ?? "en"];
  const id = options.id ?? "topology";
  const l = layout(graph, {
    size: (node, incoming) => {
      const inner = Math.max(...[node.title, ...node.lines].map(textWidth), textWidth(L[node.kind]) * 0.85);
      const extra = node.kind === "queue" ? CELLS : node.kind === "exchange" ? 2 * POINT : 0;
      const height = PAD_Y * 2 + CAPTION + LINE * (1 + node.lines.length);
      return { width: inner + 2 * PAD_X + extra, height: Math.max(height, (incoming + 1) * 14) };
    },
    gap: (edges) => Math.max(48, ...edges.map((e) => (e.labels.length ? textWidth(labelOf(e)) + 64 : 0))),
    gapY: 18,
    margin: 12,
  });
  const notesHeight = graph.notes.length * LINE + (graph.notes.length ? 8 : 0);
  const width = Math.max(l.width, ...graph.notes.map((t) => textWidth(t) + 24), graph.nodes.length ? 0 : 240);
  const height = l.height + notesHeight + (graph.nodes.length ? 0 : LINE);
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="topology" width="${n(width)}" height="${n(height)}" viewBox="0 0 ${n(width)} ${n(height)}" role="img" aria-labelledby="${id}-title">`,
    `<title id="${id}-title">${xml(options.title ?? L.topology)}</title>`,
    `<defs><marker id="${id}-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#444"/></marker></defs>`,
    `<g font-family="'DejaVu Sans Mono', Menlo, Consolas, monospace" font-size="${FONT}">`,
  );

  // Arrows: flat from the source, a curve across the gap, flat again through the label to the target.
  for (const e of graph.edges) {
    const from = l.boxes.get(e.from)!;
    const to = l.boxes.get(e.to)!;
    const port = l.ports.get(e)!;
    const [x1, y1] = [from.x + from.width, from.y + from.height / 2];
    const [x2, y2] = [to.x, to.y + (to.height * (port.index + 1)) / (port.count + 1)];
    const label = labelOf(e);
    const flat = label ? textWidth(label) + 24 : 12;
    const bend = x2 - flat;
    const c = (bend - x1) / 2;
    const path = `M${n(x1)},${n(y1)} C${n(x1 + c)},${n(y1)} ${n(bend - c)},${n(y2)} ${n(bend)},${n(y2)} L${n(x2 - 1)},${n(y2)}`;
    out.push(
      `<g class="edge" data-from="${e.from}" data-to="${e.to}" data-label="${xml(label)}">`,
      `<path d="${path}" fill="none" stroke="#444" stroke-width="1.3" marker-end="url(#${id}-arrow)"/>`,
    );
    if (label) {
      const lx = x2 - 14 - textWidth(label);
      out.push(
        `<rect x="${n(lx - 3)}" y="${n(y2 - 8)}" width="${n(textWidth(label) + 6)}" height="16" fill="#fff"/>`,
        `<text x="${n(lx)}" y="${n(y2 + 4)}" fill="#92400e">${xml(label)}</text>`,
      );
    }
    out.push(`</g>`);
  }

  for (const node of graph.nodes) {
    const b = l.boxes.get(node.id)!;
    const { fill, stroke } = COLOURS[node.kind];
    const [x, y, w, h] = [b.x, b.y, b.width, b.height];
    out.push(
      `<g class="node ${node.kind}" data-id="${node.id}" data-kind="${node.kind}" data-name="${xml(node.title)}">`,
    );
    const paint = `fill="${fill}" stroke="${stroke}" stroke-width="1.5"`;
    if (node.kind === "exchange") {
      const points = [
        [x + POINT, y],
        [x + w - POINT, y],
        [x + w, y + h / 2],
        [x + w - POINT, y + h],
        [x + POINT, y + h],
        [x, y + h / 2],
      ];
      out.push(`<polygon points="${points.map(([px, py]) => `${n(px)},${n(py)}`).join(" ")}" ${paint}/>`);
    } else {
      const radius = node.kind === "queue" ? 3 : Math.min(h / 2, 18);
      out.push(`<rect x="${n(x)}" y="${n(y)}" width="${n(w)}" height="${n(h)}" rx="${radius}" ${paint}/>`);
    }
    if (node.kind === "queue")
      for (let k = 0; k < 4; k++) {
        const cx = x + w - CELLS + 2 + (k * (CELLS - 4)) / 4;
        out.push(`<line x1="${n(cx)}" y1="${n(y)}" x2="${n(cx)}" y2="${n(y + h)}" stroke="${stroke}"/>`);
      }
    const left = x + PAD_X + (node.kind === "exchange" ? POINT : 0);
    out.push(
      `<text x="${n(left)}" y="${n(y + PAD_Y + 9)}" font-size="10" fill="${stroke}">${xml(L[node.kind])}</text>`,
      `<text x="${n(left)}" y="${n(y + PAD_Y + CAPTION + 12)}" font-weight="bold" fill="#111">${xml(node.title)}</text>`,
    );
    node.lines.forEach((line, i) =>
      out.push(
        `<text x="${n(left)}" y="${n(y + PAD_Y + CAPTION + 12 + LINE * (i + 1))}" fill="#333">${xml(line)}</text>`,
      ),
    );
    out.push(`</g>`);
  }
  const notes = graph.nodes.length ? graph.notes : [L.empty, ...graph.notes];
  notes.forEach((note, i) =>
    out.push(`<text class="note" x="12" y="${n(l.height + 4 + LINE * (i + 1) - 4)}" fill="#555">${xml(note)}</text>`),
  );
  out.push(`</g>`, `</svg>`);
  return out.join("\n");
}
