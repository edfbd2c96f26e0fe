// What is declared on the broker, as the drawings need it: exchanges, bindings, queues, consumers and
// (where the management API says where they publish) producers. Built from the API's JSON by
// fromSnapshot, cut down to what one picture is about by select.

export type Exchange = { name: string; type: string; durable: boolean; autoDelete: boolean; internal: boolean };
export type Queue = {
  name: string;
  durable: boolean;
  exclusive: boolean;
  autoDelete: boolean;
  /** Ready and unacknowledged messages; undefined until the API's first statistics round for the queue. */
  ready?: number;
  unacked?: number;
  /** The connection that owns an exclusive queue: the API's owner_pid_details where it gives them (the
   * queue's own page, after a statistics round), else its consumers' (no other connection may consume). */
  owner?: string;
};
export type Binding = { source: string; destination: string; destinationType: "queue" | "exchange"; key: string };
export type Consumer = {
  tag: string;
  queue: string;
  /** The connection's name, e.g. "127.0.0.1:45590 -> 127.0.0.1:5672", and the client's side of it. */
  connection: string;
  peer: string;
  peerPort?: number;
  prefetch: number;
  /** Manual acknowledgements (false: auto-ack). */
  ack: boolean;
  /** Who it is, when the caller knows (e.g. the demo's "worker 1"). */
  label?: string;
};
export type Producer = { connection: string; peer: string; peerPort?: number; exchanges: string[]; label?: string };

export type Topology = {
  vhost: string;
  exchanges: Exchange[];
  queues: Queue[];
  bindings: Binding[];
  consumers: Consumer[];
  producers: Producer[];
  /** Open connections that publish, where the API does not say to which exchange (rates_mode basic). */
  hiddenPublishers: number;
};

// ---- the management API's JSON (only the fields used) ----
type ApiExchange = { name: string; type: string; durable: boolean; auto_delete: boolean; internal: boolean };
type ApiQueue = {
  name: string;
  durable: boolean;
  exclusive?: boolean;
  auto_delete: boolean;
  messages_ready?: number;
  messages_unacknowledged?: number;
  owner_pid_details?: { name: string };
};
type ApiBinding = { source: string; destination: string; destination_type: string; routing_key: string };
type ChannelDetails = { connection_name: string; peer_host: string; peer_port: number; number?: number };
type ApiConsumer = {
  consumer_tag: string;
  queue: { name: string };
  channel_details: ChannelDetails;
  prefetch_count: number;
  ack_required: boolean;
};
type ApiChannel = {
  connection_details: { name: string; peer_host: string; peer_port: number };
  consumer_count: number;
  message_stats?: { publish?: number };
};
/** An exchange's `incoming` list (rates_mode detailed only): who published to it. */
type ApiIncoming = { channel_details: ChannelDetails; stats: { publish?: number } };

export type Snapshot = {
  vhost: string;
  exchanges: ApiExchange[];
  queues: ApiQueue[];
  bindings: ApiBinding[];
  consumers: ApiConsumer[];
  channels: ApiChannel[];
  /** Per exchange name, when the API gives it (rates_mode detailed). */
  incoming?: Record<string, ApiIncoming[]>;
};

const peerOf = (d: { peer_host: string; peer_port: number }) => `${d.peer_host}:${d.peer_port}`;

export function fromSnapshot(s: Snapshot): Topology {
  const producers = new Map<string, Producer>();
  for (const [exchange, list] of Object.entries(s.incoming ?? {}))
    for (const { channel_details: d } of list) {
      const p = producers.get(d.connection_name) ?? {
        connection: d.connection_name,
        peer: peerOf(d),
        peerPort: d.peer_port,
        exchanges: [],
      };
      if (!p.exchanges.includes(exchange)) p.exchanges.push(exchange);
      producers.set(d.connection_name, p);
    }
  const publishing = new Set(
    s.channels
      .filter((c) => (c.message_stats?.publish ?? 0) > 0 && c.consumer_count === 0)
      .map((c) => c.connection_details.name),
  );
  return {
    vhost: s.vhost,
    exchanges: s.exchanges.map((e) => ({
      name: e.name,
      type: e.type,
      durable: e.durable,
      autoDelete: e.auto_delete,
      internal: e.internal,
    })),
    queues: s.queues.map((q) => ({
      name: q.name,
      durable: q.durable,
      exclusive: q.exclusive === true,
      autoDelete: q.auto_delete,
      ready: q.messages_ready,
      unacked: q.messages_unacknowledged,
      owner: q.exclusive
        ? (q.owner_pid_details?.name ??
          s.consumers.find((c) => c.queue.name === q.name)?.channel_details.connection_name)
        : undefined,
    })),
    bindings: s.bindings.map((b) => ({
      source: b.source,
      destination: b.destination,
      destinationType: b.destination_type === "exchange" ? "exchange" : "queue",
      key: b.routing_key,
    })),
    consumers: s.consumers.map((c) => ({
      tag: c.consumer_tag,
      queue: c.queue.name,
      connection: c.channel_details.connection_name,
      peer: peerOf(c.channel_details),
      peerPort: c.channel_details.peer_port,
      prefetch: c.prefetch_count,
      ack: c.ack_required,
    })),
    producers: [...producers.values()],
    hiddenPublishers: s.incoming ? 0 : publishing.size,
  };
}

/** What one picture is about. With neither exchanges nor queues: everything but the broker's own
 * amq.* exchanges. Named exchanges bring the queues bound to them; named queues bring the
 * exchanges they are bound from. `connections`: only their consumers and exclusive queues. */
export type Filter = { exchanges?: string[]; queues?: string[]; connections?: string[] };

export const isBuiltIn = (name: string) => name === "" || name.startsWith("amq.");

export function select(t: Topology, filter: Filter = {}): Topology {
  const everything = !filter.exchanges?.length && !filter.queues?.length;
  const mine = (connection?: string) => !filter.connections || filter.connections.includes(connection ?? "");
  const queueOk = (q: Queue) => !q.exclusive || mine(q.owner);
  const toQueues = t.bindings.filter((b) => b.destinationType === "queue" && b.source !== "");

  const exchanges = new Set(
    everything ? t.exchanges.filter((e) => !isBuiltIn(e.name)).map((e) => e.name) : (filter.exchanges ?? []),
  );
  const queues = new Set(
    t.queues
      .filter(queueOk)
      .filter(
        (q) =>
          everything ||
          filter.queues?.includes(q.name) ||
          toQueues.some((b) => b.destination === q.name && exchanges.has(b.source)),
      )
      .map((q) => q.name),
  );
  // Named queues bring their exchanges; in the full view, so do bindings from amq.* exchanges.
  for (const b of toQueues)
    if (queues.has(b.destination) && (everything || filter.queues?.includes(b.destination))) exchanges.add(b.source);

  // The default exchange is drawn for a queue that no other exchange feeds: the lab's parts 1 and 2.
  const fed = new Set(toQueues.map((b) => b.destination));
  const viaDefault = [...queues].filter((q) => !fed.has(q));
  const bindings: Binding[] = [
    ...viaDefault.map((q) => ({ source: "", destination: q, destinationType: "queue" as const, key: q })),
    ...t.bindings.filter(
      (b) =>
        b.source !== "" &&
        exchanges.has(b.source) &&
        (b.destinationType === "queue" ? queues.has(b.destination) : exchanges.has(b.destination)),
    ),
  ];
  if (viaDefault.length) exchanges.add("");
  return {
    vhost: t.vhost,
    exchanges: t.exchanges.filter((e) => exchanges.has(e.name)),
    queues: t.queues.filter((q) => queues.has(q.name)),
    bindings,
    consumers: t.consumers.filter((c) => queues.has(c.queue) && mine(c.connection)),
    producers: t.producers
      .map((p) => ({ ...p, exchanges: p.exchanges.filter((e) => exchanges.has(e)) }))
      .filter((p) => p.exchanges.length > 0 && mine(p.connection)),
    hiddenPublishers: everything ? t.hiddenPublishers : 0,
  };
}

/** Names consumers and producers by the client port of their connection (e.g. the demo's script labels). */
export function labelPeers(t: Topology, labels: Map<number, string>): Topology {
  const label = <T extends { peerPort?: number; label?: string }>(x: T): T => ({
    ...x,
    label: (x.peerPort !== undefined && labels.get(x.peerPort)) || x.label,
  });
  return { ...t, consumers: t.consumers.map(label), producers: t.producers.map(label) };
}
