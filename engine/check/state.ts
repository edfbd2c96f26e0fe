// What the broker holds, as `npm run check` reads it: queues, exchanges, bindings and consumers in the vhost of
// the broker's URL, read with rabbitmqctl (Broker.ctl: this machine's, a node of the harness's own, or a container's).
// The check judges a student's programs by these, never by the text they print.
import type { Broker } from "../broker.ts";

/** A step could not be done (a program that never consumed, a sender that failed, a broker that stopped
 * answering): the checks that need it are not run. */
export class Stop extends Error {}

export type Queue = {
  name: string;
  durable: boolean;
  auto_delete: boolean;
  exclusive: boolean;
  messages_ready: number;
  messages_unacknowledged: number;
  consumers: number;
};
export type Exchange = { name: string; type: string; durable: boolean; auto_delete: boolean };
export type Binding = { source_name: string; destination_name: string; destination_kind: string; routing_key: string };
export type Consumer = {
  queue_name: string;
  channel_pid: string;
  consumer_tag: string;
  ack_required: boolean;
  prefetch_count: number;
};
export type Channel = {
  pid: string;
  prefetch_count: number;
  global_prefetch_count: number;
  messages_unacknowledged: number;
};

const COLUMNS = {
  queues: ["name", "durable", "auto_delete", "exclusive", "messages_ready", "messages_unacknowledged", "consumers"],
  exchanges: ["name", "type", "durable", "auto_delete"],
  bindings: ["source_name", "destination_name", "destination_kind", "routing_key"],
  consumers: ["queue_name", "channel_pid", "consumer_tag", "ack_required", "prefetch_count"],
  channels: ["pid", "prefetch_count", "global_prefetch_count", "messages_unacknowledged"],
};

/** The vhost of an AMQP URL ("/" when it names none). */
export const vhostOf = (url: string) => decodeURIComponent(new URL(url).pathname.slice(1)) || "/";

export class State {
  private readonly broker: Broker & Required<Pick<Broker, "ctl">>;
  private readonly vhost: string;

  constructor(broker: Broker & Required<Pick<Broker, "ctl">>) {
    this.broker = broker;
    this.vhost = vhostOf(broker.url);
  }

  private async list<T>(what: keyof typeof COLUMNS): Promise<T[]> {
    // list_channels and list_consumers take no -p for channels: channels are listed for every vhost (the
    // consumer list is per vhost); what is not ours is told apart by the diffs (consumersSince).
    const vhost = what === "channels" ? [] : ["-p", this.vhost];
    let out: string;
    try {
      out = await this.broker.ctl(`list_${what}`, "-q", "--formatter", "json", ...vhost, ...COLUMNS[what]);
    } catch (err: any) {
      // rabbitmqctl's first line says why (a stopped app, a node down), before its usage text.
      const said = `${err.stderr ?? ""}\n${err.stdout ?? ""}\n${err.message}`.split("\n").find((l) => l.trim()) ?? "";
      throw new Stop(`the broker did not answer rabbitmqctl list_${what}: ${said.replace(/^Error:\s*/, "").trim()}`);
    }
    return JSON.parse(out) as T[];
  }

  queues = () => this.list<Queue>("queues");
  exchanges = () => this.list<Exchange>("exchanges");
  bindings = () => this.list<Binding>("bindings");
  consumers = () => this.list<Consumer>("consumers");
  channels = () => this.list<Channel>("channels");

  async queue(name: string): Promise<Queue | undefined> {
    return (await this.queues()).find((queue) => queue.name === name);
  }

  async exchange(name: string): Promise<Exchange | undefined> {
    return (await this.exchanges()).find((exchange) => exchange.name === name);
  }

  /** The bindings of `queue` from exchanges of the student's (not the default exchange's one per queue). */
  async bindingsOf(queue: string): Promise<Binding[]> {
    return (await this.bindings()).filter((b) => b.destination_name === queue && b.source_name !== "");
  }
}

/** A consumer as one key (its channel and tag). */
export const consumerKey = (c: Consumer) => `${c.channel_pid} ${c.consumer_tag}`;
