// What the CLI (commands/topology.ts), the demo and the tests use: read the topology from the management
// API, wait until it has settled, and draw it in one of three forms.
import type { ManagementApi } from "./api.ts";
import { toGraph, type GraphOptions } from "./graph.ts";
import { renderMermaid } from "./mermaid.ts";
import { fromSnapshot, labelPeers, select, type Filter, type Topology } from "./model.ts";
import { renderSvg, type SvgOptions } from "./svg.ts";
import { renderTerminal, type TerminalOptions } from "./terminal.ts";
import { setTimeout as sleep } from "node:timers/promises";

export { ApiError, ManagementApi, endpointFromEnv, type Endpoint } from "./api.ts";
export { LABELS, langFromEnv, type Lang, type Labels } from "./labels.ts";
export type { Filter, Topology } from "./model.ts";
export { portLabels } from "./sockets.ts";
export { renderReport, renderTimeline, type ReportSection, type TranscriptLine, type TimelineRun } from "./report.ts";

export type Format = "terminal" | "mermaid" | "svg";
export type DrawOptions = GraphOptions & TerminalOptions & SvgOptions;

/** The broker's topology now, cut down to `filter`; `labels` names connections by client port (portLabels). */
export async function readTopology(
  api: ManagementApi,
  filter: Filter = {},
  labels?: Map<number, string>,
): Promise<Topology> {
  const topology = select(fromSnapshot(await api.snapshot(filter.exchanges)), filter);
  return labels ? labelPeers(topology, labels) : topology;
}

/** What a drawing shows but the counts: when it is the same twice running, the picture has settled. */
export function shape(t: Topology): string {
  const sorted = <T>(xs: T[]) => xs.map((x) => JSON.stringify(x)).sort();
  return JSON.stringify([
    sorted(t.exchanges),
    sorted(t.queues.map(({ ready, unacked, ...q }) => q)),
    sorted(t.bindings),
    sorted(t.consumers.map(({ tag, connection, peer, peerPort, ...c }) => [c, connection])),
    sorted(t.producers),
  ]);
}

export type WaitOptions = {
  /** What must be true of it (e.g. "two consumers"), besides being the same on two reads in a row. */
  until?: (t: Topology) => boolean;
  /** Also wait for every queue's counts (the API adds them at its next statistics round, within ~5 s). */
  counts?: boolean;
  /** Connections' names by client port, read again on each try (a script's connection may be new). */
  labels?: () => Promise<Map<number, string>>;
  timeout?: number;
  interval?: number;
};

/** Reads the topology until it has settled. Queues, bindings and consumers show at once (consumers
 * within ~1 s); message counts only at the API's next statistics round (collect_statistics_interval,
 * 5 s by default). Throws, with the last state, if it does not settle within `timeout` ms. */
export async function waitForTopology(
  api: ManagementApi,
  filter: Filter,
  { until = () => true, counts = false, labels, timeout = 15_000, interval = 250 }: WaitOptions = {},
): Promise<Topology> {
  const start = Date.now();
  let last: string | undefined;
  for (;;) {
    const t = await readTopology(api, filter, await labels?.());
    const now = shape(t);
    const counted = !counts || t.queues.every((q) => q.ready !== undefined && q.unacked !== undefined);
    if (now === last && counted && until(t)) return t;
    if (Date.now() - start > timeout)
      throw new Error(`the topology did not settle in ${timeout} ms; last seen:\n${draw(t, "terminal")}`);
    last = now;
    await sleep(interval);
  }
}

export function draw(t: Topology, format: Format, options: DrawOptions = {}): string {
  const graph = toGraph(t, options);
  if (format === "mermaid") return renderMermaid(graph);
  if (format === "svg") return renderSvg(graph, options);
  return renderTerminal(graph, options);
}
