// A topology as the lab's figures draw it: layers P → X → Q → C, each node with its words, in a fixed
// order (so that output is the same for the same broker state) and with ids X1, Q1, C1... in that order.
import { LABELS, type Lang } from "./labels.ts";
import type { Queue, Topology } from "./model.ts";

export type Kind = "producer" | "exchange" | "queue" | "consumer";
export const LAYERS: Kind[] = ["producer", "exchange", "queue", "consumer"];

export type Node = { id: string; kind: Kind; title: string; lines: string[] };
/** An arrow; `labels` are the binding keys (or patterns) of an exchange → queue arrow. */
export type Edge = { from: string; to: string; labels: string[] };
export type Graph = { nodes: Node[]; edges: Edge[]; notes: string[] };

export type GraphOptions = {
  lang?: Lang;
  /** Output that does not change from run to run: server-named queues become `amq.gen-… 1, 2…`, consumers
   * without a label `C1, C2…`, and no message counts. */
  stable?: boolean;
  /** Show the ready / unacked counts (default: unless stable). */
  counts?: boolean;
  /** Consumer labels in the order their receivers started: numbers server-named queues in that order. */
  order?: string[];
};

export const SERVER_NAMED = /^amq\.gen-/;

const compare = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
/** Compares tuples of keys, first difference wins. */
const byKeys =
  <T>(...keys: ((x: T) => string | number)[]) =>
  (a: T, b: T) => {
    for (const key of keys) {
      const c = compare(key(a), key(b));
      if (c) return c;
    }
    return 0;
  };
const mean = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : Infinity);

export function toGraph(t: Topology, options: GraphOptions = {}): Graph {
  const L = LABELS[options.lang ?? "en"];
  const stable = options.stable ?? false;
  const counts = options.counts ?? !stable;
  const order = options.order ?? [];
  const dot = " · ";

  // The default exchange first, then those that feed a queue (the rest go below them), by name.
  const feeds = new Set(t.bindings.map((b) => b.source));
  const exchanges = [...t.exchanges].sort(
    byKeys(
      (e) => (e.name === "" ? 0 : 1),
      (e) => (feeds.has(e.name) ? 0 : 1),
      (e) => e.name,
    ),
  );
  const xIndex = new Map(exchanges.map((e, i) => [e.name, i]));
  const toQueue = t.bindings.filter((b) => b.destinationType === "queue");
  const consumersOf = (q: Queue) => t.consumers.filter((c) => c.queue === q.name);
  const rank = (q: Queue) =>
    Math.min(...consumersOf(q).map((c) => (c.label && order.includes(c.label) ? order.indexOf(c.label) : Infinity)));
  const keysOf = (q: Queue) =>
    toQueue
      .filter((b) => b.destination === q.name)
      .map((b) => `${b.source}\u0000${b.key}`)
      .sort()
      .join("\u0001");
  const queues = [...t.queues].sort(
    byKeys(
      (q) => mean(toQueue.filter((b) => b.destination === q.name).map((b) => xIndex.get(b.source) ?? Infinity)),
      (q) => rank(q),
      (q) => (stable && SERVER_NAMED.test(q.name) ? `~${keysOf(q)}` : q.name),
      (q) => q.name,
    ),
  );
  const qIndex = new Map(queues.map((q, i) => [q.name, i]));
  const consumers = [...t.consumers].sort(
    byKeys(
      (c) => qIndex.get(c.queue) ?? Infinity,
      (c) => (c.label && order.includes(c.label) ? order.indexOf(c.label) : Infinity),
      (c) => c.label ?? "",
      (c) => (stable ? "" : c.peer),
      (c) => (stable ? "" : c.tag),
    ),
  );
  const producers = [...t.producers].sort(
    byKeys(
      (p) => mean(p.exchanges.map((e) => xIndex.get(e) ?? Infinity)),
      (p) => p.label ?? "",
      (p) => (stable ? "" : p.peer),
    ),
  );

  const nodes: Node[] = [];
  const ids = new Map<string, string>(); // "exchange:logs" → "X1"
  const add = (kind: Kind, key: string, prefix: string, title: string, lines: string[]) => {
    const id = `${prefix}${nodes.filter((n) => n.kind === kind).length + 1}`;
    ids.set(`${kind}:${key}`, id);
    nodes.push({ id, kind, title, lines });
  };

  producers.forEach((p, i) => add("producer", p.connection, "P", p.label ?? (stable ? `P${i + 1}` : p.peer), []));
  for (const e of exchanges) {
    const flags = [
      e.durable ? L.exchangeDurable : L.exchangeTransient,
      e.autoDelete && L.exchangeAutoDelete,
      e.internal && L.internal,
    ];
    add("exchange", e.name, "X", e.name === "" ? L.defaultExchange : e.name, [e.type, flags.filter(Boolean).join(dot)]);
  }
  let serverNamed = 0;
  for (const q of queues) {
    const title = stable && SERVER_NAMED.test(q.name) ? `amq.gen-… ${++serverNamed}` : q.name;
    const flags = [q.durable ? L.durable : L.transient, q.exclusive && L.exclusive, q.autoDelete && L.autoDelete];
    const count = (n?: number) => (n === undefined ? L.unknown : String(n));
    const lines = [flags.filter(Boolean).join(dot)];
    if (counts) lines.push(`${L.ready} ${count(q.ready)}${dot}${L.unacked} ${count(q.unacked)}`);
    add("queue", q.name, "Q", title, lines);
  }
  consumers.forEach((c, i) => {
    const prefetch = `${L.prefetch} ${c.prefetch === 0 ? L.unlimited : c.prefetch}`;
    add("consumer", `${c.connection}/${c.tag}`, "C", c.label ?? (stable ? `C${i + 1}` : c.peer), [
      prefetch,
      c.ack ? L.manualAck : L.autoAck,
    ]);
  });

  const edges: Edge[] = [];
  const edge = (from: string | undefined, to: string | undefined, label?: string) => {
    if (!from || !to) return;
    const found = edges.find((e) => e.from === from && e.to === to);
    if (found) {
      if (label !== undefined && !found.labels.includes(label)) found.labels.push(label);
    } else edges.push({ from, to, labels: label === undefined ? [] : [label] });
  };
  for (const p of producers)
    for (const e of p.exchanges) edge(ids.get(`producer:${p.connection}`), ids.get(`exchange:${e}`));
  const byName = new Map(t.exchanges.map((e) => [e.name, e]));
  for (const b of toQueue) {
    // A fanout exchange ignores the key: draw none (unless someone gave one anyway).
    const label = byName.get(b.source)?.type === "fanout" && b.key === "" ? undefined : b.key;
    edge(ids.get(`exchange:${b.source}`), ids.get(`queue:${b.destination}`), label);
  }
  for (const c of consumers) edge(ids.get(`queue:${c.queue}`), ids.get(`consumer:${c.connection}/${c.tag}`));
  for (const e of edges) e.labels.sort();
  edges.sort(
    byKeys(
      (e) => nodes.findIndex((n) => n.id === e.from),
      (e) => nodes.findIndex((n) => n.id === e.to),
    ),
  );

  const notes = t.bindings
    .filter((b) => b.destinationType === "exchange")
    .map((b) => `${L.binding}: ${b.source} → ${b.destination}${b.key ? ` (${b.key})` : ""}`)
    .sort();
  if (t.hiddenPublishers) notes.push(L.publishersHidden(t.hiddenPublishers));
  return { nodes, edges, notes };
}
