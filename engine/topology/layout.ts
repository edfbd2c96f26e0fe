// Our own layered layout, shared by the terminal (units: characters) and the SVG (units: pixels).
// Columns P → X → Q → C, left to right. Each queue takes a block of rows with its consumers beside
// it; an exchange sits at the mean height of the queues it feeds, a producer at that of its
// exchanges; a node pushed by its neighbour above keeps the order and a gap.
import { LAYERS, type Edge, type Graph, type Kind, type Node } from "./graph.ts";

export type Size = { width: number; height: number };
export type Box = Size & { x: number; y: number };

export type Metrics = {
  /** A node's size; `incoming`: how many arrows end on it (each gets a port of its own). */
  size(node: Node, incoming: number): Size;
  /** Horizontal room between two adjacent columns, for the arrows (and their labels) between them
   * (`boxes`: every node's box, its height final, its x not yet). */
  gap(edges: Edge[], left: Kind, right: Kind, boxes: Map<string, Box>): number;
  /** Vertical room between two nodes of a column. */
  gapY: number;
  margin: number;
};

export type Port = { index: number; count: number };
export type Layout = {
  boxes: Map<string, Box>;
  /** Per edge, its place among the arrows that end on the same node, top to bottom. */
  ports: Map<Edge, Port>;
  columns: { kind: Kind; x: number; width: number }[];
  width: number;
  height: number;
};

const centre = (b: Box) => b.y + b.height / 2;

/** Places `items` (already in order) at their wished-for tops (-Infinity: anywhere), each below the previous one. */
function stack(items: { box: Box; wish: number }[], gap: number) {
  let below: number | undefined; // the first free top under the previous item
  for (const { box, wish } of items) {
    box.y = below === undefined ? (Number.isFinite(wish) ? wish : 0) : Math.max(wish, below);
    below = box.y + box.height + gap;
  }
}

export function layout(graph: Graph, metrics: Metrics): Layout {
  const incoming = (id: string) => graph.edges.filter((e) => e.to === id);
  const outgoing = (id: string) => graph.edges.filter((e) => e.from === id);
  const boxes = new Map<string, Box>();
  for (const node of graph.nodes) boxes.set(node.id, { x: 0, y: 0, ...metrics.size(node, incoming(node.id).length) });
  const box = (id: string) => boxes.get(id)!;
  const column = (kind: Kind) => graph.nodes.filter((n) => n.kind === kind);
  const kindOf = new Map(graph.nodes.map((n) => [n.id, n.kind]));

  // Queues and their consumers, block by block.
  let top = 0;
  const placed = new Set<string>();
  for (const q of column("queue")) {
    const consumers = outgoing(q.id).map((e) => box(e.to));
    const stackHeight = consumers.reduce((sum, b) => sum + b.height, 0) + metrics.gapY * (consumers.length - 1);
    const height = Math.max(box(q.id).height, stackHeight);
    box(q.id).y = top + (height - box(q.id).height) / 2;
    let y = top + (height - stackHeight) / 2;
    for (const [i, c] of consumers.entries()) {
      c.y = y;
      y += c.height + metrics.gapY;
      placed.add(outgoing(q.id)[i].to);
    }
    top += height + metrics.gapY;
  }
  // Exchanges at the mean height of their queues, producers at that of their exchanges; a node with
  // no arrow to the right goes below the one before it.
  for (const [kind, right] of [
    ["exchange", "queue"],
    ["producer", "exchange"],
  ] as const) {
    const items = column(kind).map((n) => {
      const targets = outgoing(n.id)
        .filter((e) => kindOf.get(e.to) === right)
        .map((e) => box(e.to));
      const wish = targets.length
        ? targets.reduce((sum, b) => sum + centre(b), 0) / targets.length - box(n.id).height / 2
        : -Infinity;
      return { box: box(n.id), wish };
    });
    stack(items, metrics.gapY);
  }
  // Consumers whose queue is not drawn (none in practice) go below everything.
  stack(
    column("consumer")
      .filter((n) => !placed.has(n.id))
      .map((n) => ({ box: box(n.id), wish: top })),
    metrics.gapY,
  );

  // Everything down so that the highest node is at the margin.
  const all = [...boxes.values()];
  const highest = Math.min(...all.map((b) => b.y));
  for (const b of all) b.y += metrics.margin - (Number.isFinite(highest) ? highest : 0);

  // Columns left to right; an empty layer takes no room.
  const kinds = LAYERS.filter((kind) => column(kind).length > 0);
  const columns: Layout["columns"] = [];
  let x = metrics.margin;
  kinds.forEach((kind, i) => {
    if (i > 0) {
      const left = kinds[i - 1];
      const ids = new Set(column(left).map((n) => n.id));
      x += metrics.gap(
        graph.edges.filter((e) => ids.has(e.from)),
        left,
        kind,
        boxes,
      );
    }
    const width = Math.max(...column(kind).map((n) => box(n.id).width));
    for (const n of column(kind)) box(n.id).x = x;
    columns.push({ kind, x, width });
    x += width;
  });

  // Ports: the arrows into a node, ordered by where they come from.
  const ports = new Map<Edge, Port>();
  for (const node of graph.nodes) {
    const into = incoming(node.id).sort((a, b) => centre(box(a.from)) - centre(box(b.from)));
    into.forEach((e, index) => ports.set(e, { index, count: into.length }));
  }

  const height = all.length ? Math.max(...all.map((b) => b.y + b.height)) + metrics.margin : 2 * metrics.margin;
  return { boxes, ports, columns, width: x + metrics.margin, height };
}
