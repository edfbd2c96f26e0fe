// "The cost of safety": how many messages per second amqplib and this broker move when the lab's
// protections are switched on one by one. Own queues (bench_*), under the lock, deleted afterwards.
// The non-durable ones are exclusive, declared on the connection that uses them: RabbitMQ 4.3 refuses
// queues that are neither durable nor exclusive.
import { once } from "node:events";
import type { Channel, ConfirmChannel, Options } from "amqplib";
import { withChannel, withConfirmChannel, type Broker } from "../../engine/broker.ts";
import { locked } from "../../engine/locked.ts";
import { fixed, int, type Report } from "./report.ts";

const TRANSIENT = "bench_transient";
const DURABLE = "bench_durable";
const CONSUME = "bench_consume";
const QUEUES = [TRANSIENT, DURABLE, CONSUME];
/** The one that could be someone else's (the others are exclusive): the bench's guard checks it first. */
export const SHARED_QUEUES = [DURABLE];
const BODY = Buffer.alloc(100, "x"); // 100-byte bodies
const TRANSIENT_QUEUE = { durable: false, exclusive: true };

export type Sizes = { messages: number; confirmEach: number; batch: number; rounds: number };

type Row = { group: "publish" | "consume"; name: string; messages: number; ms: number; rate: number };

/** Publishes `n` bodies, waiting for 'drain' when amqplib's buffer is full. */
export async function publish(channel: Channel, queue: string, n: number, options: Options.Publish) {
  for (let i = 0; i < n; i++) if (!channel.sendToQueue(queue, BODY, options)) await once(channel, "drain");
}

/** Waits until the queue holds `n` ready messages (all published ones have arrived). */
export async function depth(channel: Channel, queue: string, n: number) {
  while ((await channel.checkQueue(queue)).messageCount < n) await new Promise((r) => setTimeout(r, 1));
}

export async function timed(fn: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

async function publishRows(broker: Broker, sizes: Sizes): Promise<Row[]> {
  const n = sizes.messages;
  const rows: Row[] = [];
  const row = (name: string, messages: number, ms: number) =>
    rows.push({ group: "publish", name, messages, ms, rate: (messages / ms) * 1000 });
  await withChannel(broker, async (ch) => {
    await ch.assertQueue(TRANSIENT, TRANSIENT_QUEUE);
    await ch.assertQueue(DURABLE, { durable: true });
    for (const [name, queue, persistent] of [
      ["transient messages, non-durable queue", TRANSIENT, false],
      ["persistent messages, durable queue", DURABLE, true],
    ] as const) {
      const elapsed = await timed(async () => {
        await publish(ch, queue, n, { persistent });
        await depth(ch, queue, n);
      });
      row(name, n, elapsed);
      await ch.purgeQueue(queue);
    }
  });
  await withConfirmChannel(broker, async (ch) => {
    const each = sizes.confirmEach;
    row(
      "persistent + confirm, one message at a time",
      each,
      await timed(async () => {
        for (let i = 0; i < each; i++)
          await new Promise<void>((resolve, reject) =>
            ch.sendToQueue(DURABLE, BODY, { persistent: true }, (err) => (err ? reject(err) : resolve())),
          );
      }),
    );
    await ch.purgeQueue(DURABLE);
    row(`persistent + confirms, batches of ${sizes.batch}`, n, await publishConfirmed(ch, DURABLE, n, sizes.batch));
    await ch.purgeQueue(DURABLE);
  });
  return rows;
}

/** Times `n` persistent messages published in batches of `batch`, each batch confirmed before the next. */
export const publishConfirmed = (ch: ConfirmChannel, queue: string, n: number, batch: number) =>
  timed(async () => {
    for (let sent = 0; sent < n; sent += batch) {
      await publish(ch, queue, Math.min(batch, n - sent), { persistent: true });
      await ch.waitForConfirms();
    }
  });

/** Fills `queue` with `n` messages, then times one consumer draining it. By default the consume queue, declared
 * on this connection (exclusive: RabbitMQ 4 refuses a transient queue that is not); another queue must exist. */
export async function consumeTime(
  broker: Broker,
  n: number,
  prefetch: number | "auto-ack",
  { queue = CONSUME, persistent = false } = {},
): Promise<number> {
  return withChannel(broker, async (ch) => {
    if (queue === CONSUME) await ch.assertQueue(CONSUME, TRANSIENT_QUEUE);
    else await ch.purgeQueue(queue);
    await publish(ch, queue, n, { persistent });
    await depth(ch, queue, n);
    const noAck = prefetch === "auto-ack";
    if (!noAck) await ch.prefetch(prefetch);
    let seen = 0;
    let done = () => {};
    const finished = new Promise<void>((resolve) => (done = resolve));
    const start = performance.now();
    const { consumerTag } = await ch.consume(
      queue,
      (msg) => {
        if (!msg) return;
        if (!noAck) ch.ack(msg);
        if (++seen === n) done();
      },
      { noAck },
    );
    await finished;
    const elapsed = performance.now() - start;
    await ch.cancel(consumerTag);
    return elapsed;
  });
}

async function consumeRows(broker: Broker, sizes: Sizes): Promise<Row[]> {
  const rows: Row[] = [];
  for (const prefetch of ["auto-ack", 1, 10, 100] as const) {
    const elapsed = await consumeTime(broker, sizes.messages, prefetch);
    const name = prefetch === "auto-ack" ? "auto-ack (noAck: true)" : `manual ack, prefetch ${prefetch}`;
    rows.push({
      group: "consume",
      name,
      messages: sizes.messages,
      ms: elapsed,
      rate: (sizes.messages / elapsed) * 1000,
    });
  }
  return rows;
}

const clean = (broker: Broker) =>
  withChannel(broker, async (ch) => {
    for (const queue of QUEUES) await ch.deleteQueue(queue);
  });

export async function safety(broker: Broker, sizes: Sizes, progress: (text: string) => void): Promise<Report> {
  const rounds = await locked(
    broker,
    QUEUES.map((q) => `queue:${q}`),
    async () => {
      await clean(broker);
      try {
        const all: Row[][] = [];
        for (let round = 1; round <= sizes.rounds; round++) {
          progress(`cost of safety: publishing, round ${round} of ${sizes.rounds}`);
          const publishing = await publishRows(broker, sizes);
          progress(`cost of safety: consuming, round ${round} of ${sizes.rounds}`);
          all.push([...publishing, ...(await consumeRows(broker, sizes))]);
        }
        return all;
      } finally {
        await clean(broker);
      }
    },
  );
  // Each row keeps its fastest round: the one least disturbed by the rest of the machine.
  const rows = rounds[0].map((row, i) => {
    const runs = rounds.map((round) => round[i].ms);
    const ms = Math.min(...runs);
    return { ...row, ms, rate: (row.messages / ms) * 1000, runs };
  });
  const table = (group: Row["group"]) => {
    const mine = rows.filter((r) => r.group === group);
    const fastest = Math.max(...mine.map((r) => r.rate));
    return {
      kind: "table" as const,
      columns: [group === "publish" ? "publish" : "consume", "messages", "time", "msg/s", "vs fastest"],
      rows: mine.map((r) => [
        r.name,
        int(r.messages),
        `${int(r.ms)} ms`,
        int(r.rate),
        `${fixed(r.rate / fastest, 2)}×`,
      ]),
    };
  };
  return {
    name: "safety",
    data: { bodyBytes: BODY.length, sizes, rows },
    blocks: [
      { kind: "heading", text: "2. The cost of safety" },
      {
        kind: "text",
        text:
          `${BODY.length}-byte bodies, one amqplib connection (noDelay) to the broker. Publish rows without confirms stop ` +
          `when the queue holds every message; confirm rows when the last confirm is back (the broker has the message, ` +
          `on disk for persistent ones). Consume rows drain a queue filled beforehand with transient messages. ` +
          `Best of ${sizes.rounds} round${sizes.rounds === 1 ? "" : "s"}.`,
      },
      table("publish"),
      table("consume"),
    ],
  };
}
