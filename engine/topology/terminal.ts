// The topology drawn with box-drawing characters, for a terminal (colour only if asked: on a TTY).
// Each arrow leaves its node on the middle row, runs to a vertical "trunk" of its own source in the
// gap, and ends on a port row of its target with its label (the binding keys) just before the ▶.
import type { Edge, Graph, Kind } from "./graph.ts";
import { LABELS, type Lang } from "./labels.ts";
import { layout, type Box, type Layout } from "./layout.ts";

const UP = 1,
  DOWN = 2,
  LEFT = 4,
  RIGHT = 8;
const GLYPHS: Record<number, string> = {
  [LEFT | RIGHT]: "─",
  [LEFT]: "─",
  [RIGHT]: "─",
  [UP | DOWN]: "│",
  [UP]: "│",
  [DOWN]: "│",
  [DOWN | RIGHT]: "┌",
  [DOWN | LEFT]: "┐",
  [UP | RIGHT]: "└",
  [UP | LEFT]: "┘",
  [UP | DOWN | RIGHT]: "├",
  [UP | DOWN | LEFT]: "┤",
  [DOWN | LEFT | RIGHT]: "┬",
  [UP | LEFT | RIGHT]: "┴",
  [UP | DOWN | LEFT | RIGHT]: "┼",
};

type Style = "title" | "key" | Kind | undefined;
const ANSI: Record<Exclude<Style, undefined>, string> = {
  title: "1",
  key: "33",
  producer: "34",
  exchange: "35",
  queue: "36",
  consumer: "32",
};

class Canvas {
  private readonly cells: { bits: number; ch?: string; style?: Style }[][];
  constructor(width: number, height: number) {
    this.cells = Array.from({ length: height }, () => Array.from({ length: width }, () => ({ bits: 0 })));
  }
  private cell(x: number, y: number) {
    return this.cells[y]?.[x];
  }
  /** A line from (x1, y1) to (x2, y2), horizontal or vertical. */
  line(x1: number, y1: number, x2: number, y2: number, style?: Style) {
    const [dx, dy] = [Math.sign(x2 - x1), Math.sign(y2 - y1)];
    for (let x = x1, y = y1; ; x += dx, y += dy) {
      const cell = this.cell(x, y);
      if (cell) {
        if (x < Math.max(x1, x2) && dx) cell.bits |= RIGHT;
        if (x > Math.min(x1, x2) && dx) cell.bits |= LEFT;
        if (y < Math.max(y1, y2) && dy) cell.bits |= DOWN;
        if (y > Math.min(y1, y2) && dy) cell.bits |= UP;
        if (style) cell.style ??= style;
      }
      if (x === x2 && y === y2) break;
    }
  }
  text(x: number, y: number, text: string, style?: Style) {
    [...text].forEach((ch, i) => {
      const cell = this.cell(x + i, y);
      if (cell) Object.assign(cell, { ch, style: style ?? cell.style });
    });
  }
  render(colour: boolean): string {
    return this.cells
      .map((row) => {
        let out = "";
        let open: Style;
        for (const cell of row) {
          const ch = cell.ch ?? (cell.bits ? GLYPHS[cell.bits] : " ");
          const style = ch === " " ? undefined : cell.style;
          if (colour && style !== open) {
            out += open ? "\x1b[0m" : "";
            out += style ? `\x1b[${ANSI[style]}m` : "";
            open = style;
          }
          out += ch;
        }
        return (out + (colour && open ? "\x1b[0m" : "")).trimEnd();
      })
      .join("\n")
      .replace(/\n+$/, "");
  }
}

const width = (text: string) => [...text].length;
/** A box's text rows: the title, then the lines, padded to an odd count so that the middle row is a line. */
const rows = (title: string, lines: string[]) => {
  const all = [title, ...lines];
  return all.length % 2 ? all : [...all, ""];
};

/** The row where an arrow leaves a box, and the row where arrow `index` of `count` arrives. */
const exitRow = (b: Box) => b.y + Math.floor(b.height / 2);
function portRow(b: Box, index: number, count: number) {
  const inner = b.height - 2;
  return b.y + 1 + Math.floor((inner - count) / 2) + index;
}

/** One trunk column per source, sources whose arrows span overlapping rows on different columns. */
function trunks(edges: Edge[], boxes: Map<string, Box>): Map<string, number> {
  const spans = new Map<string, [number, number]>();
  for (const e of edges) {
    const from = exitRow(boxes.get(e.from)!);
    const to = boxes.get(e.to)!;
    const [lo, hi] = spans.get(e.from) ?? [from, from];
    spans.set(e.from, [Math.min(lo, to.y), Math.max(hi, to.y + to.height - 1)]);
  }
  const columns: [number, number][][] = [];
  const result = new Map<string, number>();
  for (const [id, span] of [...spans].sort((a, b) => a[1][0] - b[1][0])) {
    let k = columns.findIndex((taken) => taken.every(([lo, hi]) => span[1] < lo || span[0] > hi));
    if (k < 0) k = columns.push([]) - 1;
    columns[k].push(span);
    result.set(id, k);
  }
  return result;
}
const labelOf = (e: Edge) => (e.labels.length ? ` ${e.labels.join(", ")} ` : "");

export type TerminalOptions = { lang?: Lang; colour?: boolean };

export function renderTerminal(graph: Graph, options: TerminalOptions = {}): string {
  const L = LABELS[options.lang ?? "en"];
  const kindName = (kind: Kind) => L[kind];
  if (graph.nodes.length === 0) return [L.empty, ...graph.notes].join("\n");
  // Boxes are laid out on whole rows: round every place (monotone, so order and gaps hold).
  const snapped = (l: Layout) => {
    for (const b of l.boxes.values()) b.y = Math.round(b.y);
    return l;
  };
  const rowsOf = new Map(graph.nodes.map((n) => [n.id, rows(n.title, n.lines)]));
  const l = snapped(
    layout(graph, {
      size: (node, incoming) => {
        const text = rowsOf.get(node.id)!;
        const inner = Math.max(...text.map(width), width(kindName(node.kind)) + 3);
        const height = Math.max(text.length, incoming + (incoming % 2 === text.length % 2 ? 0 : 1)) + 2;
        return { width: inner + 4, height };
      },
      gap: (edges, _left, _right, boxes) => {
        const trunkCount = Math.max(0, ...trunks(edges, boxes).values()) + 1;
        const label = Math.max(0, ...edges.map((e) => width(labelOf(e))));
        return 2 * trunkCount + 1 + label + 2;
      },
      gapY: 1,
      margin: 0,
    }),
  );
  const canvas = new Canvas(l.width, l.height);

  // Arrows first, then the boxes over them.
  l.columns.forEach((column, i) => {
    const next = l.columns[i + 1];
    if (!next) return;
    const ids = new Set(graph.nodes.filter((n) => n.kind === column.kind).map((n) => n.id));
    const edges = graph.edges.filter((e) => ids.has(e.from));
    const trunkOf = trunks(edges, l.boxes);
    const gapStart = column.x + column.width;
    for (const e of edges) {
      const from = l.boxes.get(e.from)!;
      const to = l.boxes.get(e.to)!;
      const port = l.ports.get(e)!;
      const y1 = exitRow(from);
      const y2 = portRow(to, port.index, port.count);
      const trunk = gapStart + 1 + 2 * trunkOf.get(e.from)!;
      canvas.line(from.x + from.width - 1, y1, trunk, y1); // from the border: it becomes ├
      canvas.line(trunk, y1, trunk, y2);
      canvas.line(trunk, y2, to.x - 1, y2);
      canvas.text(to.x - 1, y2, "▶");
      const label = labelOf(e);
      if (label) canvas.text(to.x - 2 - width(label), y2, label, "key");
    }
  });
  for (const node of graph.nodes) {
    const b = l.boxes.get(node.id)!;
    const [x2, y2] = [b.x + b.width - 1, b.y + b.height - 1];
    canvas.line(b.x, b.y, x2, b.y, node.kind);
    canvas.line(b.x, y2, x2, y2, node.kind);
    canvas.line(b.x, b.y, b.x, y2, node.kind);
    canvas.line(x2, b.y, x2, y2, node.kind);
    canvas.text(b.x + 2, b.y, ` ${kindName(node.kind)} `, node.kind);
    rowsOf.get(node.id)!.forEach((text, i) => canvas.text(b.x + 2, b.y + 1 + i, text, i === 0 ? "title" : undefined));
  }
  return [canvas.render(options.colour ?? false), ...graph.notes].join("\n");
}
