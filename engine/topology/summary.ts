// What a picture says, in words a test can compare: each exchange with its type and flags, each queue with its
// flags, its bindings, who owns it and who consumes from it (by receiver label). A section's `picture.expected`
// (engine/section.ts) is one, as the lab's text and figures 5.2–5.9 say; test/topology-broker.test.ts compares it
// with the summary of what a live broker shows.
import { SERVER_NAMED } from "./graph.ts";
import type { Topology } from "./model.ts";

export type QueueSummary = {
  /** Its name; "amq.gen-*" for a server-named queue. */
  name: string;
  flags: string;
  /** The receiver whose connection owns it, if exclusive. */
  owner: string | undefined;
  bindings: string[];
  consumers: string[];
};
export type Summary = { exchanges: string[]; queues: QueueSummary[] };

export function summary(t: Topology): Summary {
  const who = (connection?: string) => t.consumers.find((c) => c.connection === connection)?.label ?? "?";
  return {
    exchanges: t.exchanges.map(
      (e) =>
        `${e.name || "(default)"}: ${e.type}, ${e.durable ? "durable" : "transient"}${e.autoDelete ? ", auto-delete" : ""}`,
    ),
    queues: t.queues
      .map((q) => ({
        name: SERVER_NAMED.test(q.name) ? "amq.gen-*" : q.name,
        flags: [q.durable ? "durable" : "transient", q.exclusive && "exclusive", q.autoDelete && "auto-delete"]
          .filter(Boolean)
          .join(", "),
        owner: q.exclusive ? who(q.owner) : undefined,
        bindings: t.bindings
          .filter((b) => b.destination === q.name)
          .map((b) => `${b.source || "(default)"} ${JSON.stringify(b.key)}`)
          .sort(),
        consumers: t.consumers
          .filter((c) => c.queue === q.name)
          .map((c) => `${c.label}: prefetch ${c.prefetch}, ${c.ack ? "manual ack" : "auto-ack"}`)
          .sort(),
      }))
      .sort((a, b) => a.consumers.join().localeCompare(b.consumers.join())),
  };
}

/** A receiver's own server-named exclusive queue, bound with `bindings`, consumed with auto-ack. */
export const exclusiveFor = (label: string, bindings: string[]): QueueSummary => ({
  name: "amq.gen-*",
  flags: "transient, exclusive",
  owner: label,
  bindings,
  consumers: [`${label}: prefetch 0, auto-ack`],
});
