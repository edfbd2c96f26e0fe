// `npm run check`'s checks, per section of the lab and per task variant: what each section's "Проверка
// работоспособности" and each variant promise, judged by what the broker sees (queues, exchanges, bindings,
// consumers, delivery modes, a restart) and by which receiver printed each message's mark (a token in the message;
// their output is never matched line by line). The programs are called the lab's way: a sender gets its message
// as its arguments (parts 4 and 5: the routing key first), a receiver its binding keys.
import { setTimeout as sleep } from "node:timers/promises";
import type { Script } from "../proc.ts";
import { CheckContext, Stop, token } from "./context.ts";
import type { Consumer, Queue } from "./state.ts";

export type Check = { id: string; en: string; ru: string };
export type Plan = {
  /** What it checks, in both languages (the report's heading). */
  en: string;
  ru: string;
  /** In the order their verdicts come. */
  checks: Check[];
  /** The lab's fixed names it may meet: looked at before the check (engine/guard.ts: foreign data needs --reset). */
  names: { queues: string[]; exchanges: string[] };
  /** It restarts the broker (the persistence checks). */
  restarts: boolean;
  /** How its programs are called, for the report: [role, what they get]. */
  calls: string[];
  run(ctx: CheckContext): Promise<void>;
};
export type Choice = { section: string; variant?: number; group?: string; surname?: string };

/** The sections `npm run check` knows, and their variants. */
export const CHECKABLE: Record<string, number[]> = {
  part1: [],
  part2: [],
  part3: [],
  part4: [],
  part5: [],
  task1: [1, 2, 3],
  task2: [1, 2, 3],
};

const SYMBOLS = ["#", "*", "-", "."];

// ---- the checks, by id ----
const C = {
  sender: {
    id: "sender",
    en: "each run of the sender ends by itself with exit code 0",
    ru: "каждый запуск поставщика завершается сам с кодом 0",
  },
  queue: {
    id: "queue",
    en: "the queue's name and flags, as the broker has them",
    ru: "имя и флаги очереди, как их видит брокер",
  },
  exchange: {
    id: "exchange",
    en: "the exchange's type (and durability where the variant keeps messages)",
    ru: "тип обменника (и его сохраняемость, где вариант хранит сообщения)",
  },
  queues: {
    id: "queues",
    en: "each receiver has a queue of its own, exclusive, bound to the exchange",
    ru: "у каждого потребителя своя эксклюзивная очередь, привязанная к обменнику",
  },
  bindings: {
    id: "bindings",
    en: "each receiver's queue is bound with exactly the keys it was given",
    ru: "очередь каждого потребителя привязана ровно с заданными ему ключами",
  },
  delivery: {
    id: "delivery",
    en: "each message reached exactly the receivers its routing meant, once",
    ru: "каждое сообщение пришло ровно тем потребителям, кому его направила маршрутизация, один раз",
  },
  gone: {
    id: "gone",
    en: "the queue is deleted once its receiver stops",
    ru: "очередь удаляется, когда её потребитель останавливается",
  },
  exclusive: {
    id: "exclusive",
    en: "a second receiver cannot use the exclusive queue",
    ru: "второй потребитель не может использовать эксклюзивную очередь",
  },
  sleep: {
    id: "sleep",
    en: "a worker sleeps 1 s per symbol of its own, none for other symbols",
    ru: "обработчик спит 1 с на каждый свой символ и не спит на чужих",
  },
  prefetch: {
    id: "prefetch",
    en: "prefetch 1 and manual acks: a busy worker gets no new task",
    ru: "prefetch 1 и ручные подтверждения: занятый обработчик не получает новых задач",
  },
  shared: {
    id: "shared",
    en: "two workers share one queue: each task done once, both get a share",
    ru: "два обработчика делят одну очередь: каждая задача выполнена один раз, работа есть у обоих",
  },
  persist: {
    id: "restart",
    en: "queued tasks survive a broker restart",
    ru: "задачи в очереди переживают перезапуск брокера",
  },
  lose: {
    id: "restart",
    en: "queued tasks may be lost on a broker restart, and are (transient)",
    ru: "задачи в очереди могут теряться при перезапуске брокера, и теряются (несохраняемые)",
  },
} satisfies Record<string, Check>;

type Flag = "durable" | "exclusive" | "auto_delete";
const FLAG_WORDS: Record<Flag, [string, string]> = {
  durable: ["durable", "сохраняемая"],
  exclusive: ["exclusive", "эксклюзивная"],
  auto_delete: ["auto-delete", "автоудаляемая"],
};
/** A queue flag in words: "durable", "not durable"... */
const flagWord = (ctx: CheckContext, flag: Flag, on: boolean) => {
  const [en, ru] = FLAG_WORDS[flag];
  return on ? ctx.t(en, ru) : ctx.t(`not ${en}`, flag === "durable" ? `не${ru}` : `не ${ru}`);
};
/** The queue's three flags in words. */
const flags = (ctx: CheckContext, q: Pick<Queue, Flag>) =>
  (["durable", "exclusive", "auto_delete"] as const).map((flag) => flagWord(ctx, flag, q[flag])).join(", ");

/** Does a message with `key` reach a queue bound with `binding` on an exchange of `type`? (AMQP 0-9-1's rules) */
export function routes(type: string, binding: string, key: string): boolean {
  if (type === "fanout") return true;
  if (type === "direct") return binding === key;
  if (type !== "topic") return false; // headers: the lab has none
  const match = (b: string[], k: string[]): boolean => {
    if (!b.length) return !k.length;
    const [first, ...rest] = b;
    if (first === "#") return match(rest, k) || (k.length > 0 && match(b, k.slice(1)));
    return k.length > 0 && (first === "*" || first === k[0]) && match(rest, k.slice(1));
  };
  return match(binding.split("."), key.split("."));
}

/** Records a verdict for check `c`. */
const judge = (ctx: CheckContext, c: Check, ok: boolean, expected: string, seen: string) =>
  ctx.verdict(c.id, ctx.t(c.en, c.ru), ok, expected, seen);

/** Waits until every mark is seen as often as expected in its program's output, then a second more (a duplicate
 * would show), at most `ms`. */
async function settle(ctx: CheckContext, wanted: { script: Script; mark: string; times: number }[], ms = 15_000) {
  await ctx.until(() => wanted.every((w) => ctx.seen(w.script, w.mark) >= w.times), ms);
  await sleep(1000);
}

/** The queue whose ready count grew by at least `n` since `before`, new or not. */
async function grownBy(ctx: CheckContext, before: Queue[], n: number): Promise<Queue | undefined> {
  const ready = new Map(before.map((q) => [q.name, q.messages_ready]));
  return (await ctx.state.queues()).find((q) => q.messages_ready - (ready.get(q.name) ?? 0) >= n);
}

/** Runs the sender once per args list, one after another. */
async function sendAll(ctx: CheckContext, runs: string[][]) {
  for (const [i, args] of runs.entries()) await ctx.send(`send ${i + 1}`, args);
}

/** The receivers got the messages (marks) sent to `queue`: each once; judged as `delivery`. */
async function deliveredOnce(ctx: CheckContext, receiver: Script, marks: string[]) {
  const times = new Map<string, number>();
  for (const mark of marks) times.set(mark, (times.get(mark) ?? 0) + 1);
  const wanted = [...times].map(([mark, n]) => ({ script: receiver, mark, times: n }));
  await settle(ctx, wanted);
  const wrong = wanted.filter((w) => ctx.seen(receiver, w.mark) !== w.times);
  judge(
    ctx,
    C.delivery,
    !wrong.length,
    ctx.t(`${marks.length} message(s), each printed once`, `${marks.length} сообщ., каждое напечатано один раз`),
    wrong.length
      ? wrong
          .map((w) =>
            ctx.t(
              `"${w.mark}" ${ctx.seen(receiver, w.mark)} time(s) of ${w.times}`,
              `«${w.mark}»: ${ctx.seen(receiver, w.mark)} раз из ${w.times}`,
            ),
          )
          .join("; ")
      : ctx.t(`all ${marks.length}, once each`, `все ${marks.length}, по одному разу`),
  );
}

/** The queue is gone within a few seconds of its receiver's Ctrl+C: judged as `gone`. */
async function goneWith(ctx: CheckContext, receiver: Script, queue: string) {
  await ctx.stop(receiver);
  const gone = await ctx.until(async () => (await ctx.depth(queue)) === undefined, 5000);
  judge(
    ctx,
    C.gone,
    gone,
    ctx.t(`${queue} deleted`, `${queue} удалена`),
    gone
      ? ctx.t(`${queue} deleted`, `${queue} удалена`)
      : ctx.t(`${queue} still there 5 s after`, `${queue} осталась и через 5 с`),
  );
}

/** With no receiver running: the sender's two messages wait in `queue`; the broker restarts; `keep`: they are still
 * there, else they are gone. Not run where the broker cannot be restarted from here, or the queue cannot survive. */
async function overRestart(ctx: CheckContext, queue: Queue, keep: boolean, check: Check) {
  const title = ctx.t(check.en, check.ru);
  const expected = keep
    ? ctx.t(`${queue.name} still holds both`, `в ${queue.name} обе остались`)
    : ctx.t(`both gone`, `обе потеряны`);
  if (!ctx.broker.restart)
    return ctx.notRun(
      check.id,
      title,
      expected,
      ctx.t(
        "the broker cannot be restarted from here (rabbitmqctl on this machine, or --container)",
        "брокер нельзя перезапустить отсюда (нужен rabbitmqctl на этой машине или --container)",
      ),
    );
  if (keep && !queue.durable)
    return ctx.notRun(
      check.id,
      title,
      expected,
      ctx.t(
        `${queue.name} is not durable: nothing in it can survive (see "queue")`,
        `${queue.name} несохраняемая: в ней ничего не переживёт перезапуск (см. «queue»)`,
      ),
    );
  const before = (await ctx.depth(queue.name)) ?? 0;
  await sendAll(ctx, [[token()], [token()]]);
  const queued = ((await ctx.depth(queue.name)) ?? 0) - before;
  const modes = (await ctx.peek(queue.name, before + 2)).slice(before).map((m) => m.mode ?? 1);
  ctx.note(ctx.t("restarting the broker (stop_app, start_app)", "перезапуск брокера (stop_app, start_app)"));
  await ctx.restart();
  const after = await ctx.depth(queue.name);
  const left = (after ?? 0) - before;
  const ok = queued === 2 && (keep ? left === 2 : (after ?? 0) === 0);
  const seen = ctx.t(
    `${queued} queued (delivery mode ${modes.join(", ") || "-"}); after the restart ${after === undefined ? `${queue.name} is gone` : `${left} left`}`,
    `в очереди ${queued} (delivery mode ${modes.join(", ") || "-"}); после перезапуска ${after === undefined ? `${queue.name} нет` : `осталось ${left}`}`,
  );
  judge(ctx, check, ok, expected, seen);
}

// ---- part 1 and task 1: one queue, one receiver ----

function part1(): Plan {
  return {
    en: "Part 1: one sender, one queue, one receiver",
    ru: "Часть 1. Один поставщик, одна очередь, один потребитель",
    checks: [C.sender, C.queue, C.delivery],
    names: { queues: ["awesome_queue"], exchanges: [] },
    restarts: false,
    calls: ["send: run 3 times", "receive: started once, after"],
    async run(ctx) {
      const before = await ctx.state.queues();
      const failed = [];
      for (const i of [1, 2, 3]) failed.push(await ctx.tryToSend(`send ${i}`, [token()]));
      const why = failed.filter((f) => f !== undefined);
      const all = ctx.t("3 runs, exit 0", "3 запуска, код 0");
      judge(ctx, C.sender, !why.length, all, why.join("; ") || all);
      const q = await grownBy(ctx, before, 3);
      if (!q) throw new Stop(ctx.t("the 3 messages are in no queue", "3 сообщения не попали ни в одну очередь"));
      const want = { durable: false, exclusive: false, auto_delete: false };
      const ok =
        q.name === "awesome_queue" &&
        q.durable === want.durable &&
        q.exclusive === want.exclusive &&
        q.auto_delete === want.auto_delete;
      judge(ctx, C.queue, ok, `awesome_queue: ${flags(ctx, want)}`, `${q.name}: ${flags(ctx, q)}`);
      const bodies = (await ctx.peek(q.name, q.messages_ready)).slice(-3).map((m) => m.body); // the lab's sender ignores its arguments: its body is the mark
      const { script } = await ctx.consumer("receive");
      await deliveredOnce(ctx, script, bodies);
    },
  };
}

function task1({ variant = 0, group = "", surname = "" }: Choice): Plan {
  const name = `${group}_${surname}`;
  const want = [
    { exclusive: true },
    { durable: true, exclusive: false, auto_delete: false },
    { exclusive: false, auto_delete: true },
  ][variant - 1]!;
  const wanted = (ctx: CheckContext) =>
    Object.entries(want)
      .map(([flag, on]) => flagWord(ctx, flag as Flag, on))
      .join(", ");
  const judgeQueue = (ctx: CheckContext, q: Queue) =>
    judge(
      ctx,
      C.queue,
      q.name === name && Object.entries(want).every(([flag, on]) => q[flag as keyof typeof want] === on),
      `${name}: ${wanted(ctx)}`,
      `${q.name}: ${flags(ctx, q)}`,
    );
  const kinds = ["exclusive", "durable", "auto-delete"];
  return {
    en: `Task 1, variant ${variant} (${kinds[variant - 1]} queue ${name})`,
    ru: `Задание 1, вариант ${variant} (${["эксклюзивная", "сохраняемая", "автоудаляемая"][variant - 1]} очередь ${name})`,
    checks: [
      [C.queue, C.delivery, C.exclusive, C.gone],
      [C.queue, C.delivery, C.persist],
      [C.queue, C.delivery, C.gone],
    ][variant - 1]!,
    names: { queues: [name], exchanges: [] },
    restarts: variant === 2,
    calls:
      variant === 1
        ? ["receive: started first", "send: run twice", "receive: a second one"]
        : ["send: run twice", "receive: started after"],
    async run(ctx) {
      if (variant === 1) {
        // An exclusive queue lives with its receiver's connection: the receiver first.
        const first = await ctx.consumer("receive 1");
        const q = (await ctx.state.queue(first.consumers[0]!.queue_name))!;
        judgeQueue(ctx, q);
        const marks = [token(), token()];
        await sendAll(
          ctx,
          marks.map((m) => [m]),
        );
        await deliveredOnce(ctx, first.script, marks);
        const second = ctx.start("receive", "receive 2");
        const ended = await Promise.race([second.exited, sleep(8000).then(() => undefined)]);
        const users = (await ctx.state.consumers()).filter((c) => c.queue_name === q.name).length;
        judge(
          ctx,
          C.exclusive,
          users === 1,
          ctx.t(`${q.name} keeps 1 consumer`, `у ${q.name} остаётся 1 потребитель`),
          ctx.t(
            `${q.name} has ${users} consumer(s); receive 2 ${ended ? `exited with ${ended.signal ?? ended.code}` : "still runs after 8 s"}`,
            `у ${q.name} потребителей: ${users}; receive 2 ${ended ? `завершился с кодом ${ended.signal ?? ended.code}` : "работает и через 8 с"}`,
          ),
        );
        await ctx.stop(second);
        return goneWith(ctx, first.script, q.name);
      }
      const before = await ctx.state.queues();
      const marks = [token(), token()];
      await sendAll(
        ctx,
        marks.map((m) => [m]),
      );
      const q = (await ctx.state.queue(name)) ?? (await grownBy(ctx, before, 2));
      if (!q)
        throw new Stop(
          ctx.t(
            `the 2 messages are in no queue (${name} does not exist)`,
            `2 сообщения не попали ни в одну очередь (${name} нет)`,
          ),
        );
      judgeQueue(ctx, q);
      const receiver = await ctx.consumer("receive");
      await deliveredOnce(ctx, receiver.script, marks);
      if (variant === 3) return goneWith(ctx, receiver.script, q.name);
      await ctx.stop(receiver.script);
      await overRestart(ctx, q, true, C.persist);
    },
  };
}

// ---- parts 3, 4 and 5: an exchange, receivers with queues of their own ----

type Routed = { type: string; receivers: string[][]; keys?: string[]; judgeBindings: boolean; gone: boolean };

function routed(en: string, ru: string, names: string[], r: Routed): Plan {
  const checks = [
    C.exchange,
    C.queues,
    ...(r.judgeBindings ? [C.bindings] : []),
    C.delivery,
    ...(r.gone ? [C.gone] : []),
  ];
  const messageArgs = (key: string | undefined, mark: string) => (key === undefined ? [mark] : [key, mark]);
  return {
    en,
    ru,
    checks,
    names: { queues: [], exchanges: names },
    restarts: false,
    calls: [
      `send: ${r.keys ? "<routing key> <message>" : "<message>"}, once first (to declare the exchange), then once per message`,
      ...r.receivers.map((keys, i) => `receive ${i + 1}: ${keys.join(" ") || "(no arguments)"}`),
    ],
    async run(ctx) {
      // The lab's receivers bind to the exchange the sender declares: the sender runs once first.
      await ctx.send("send 0", messageArgs(r.keys?.[0], token()));
      const receivers: { script: Script; consumers: Consumer[]; keys: string[] }[] = [];
      for (const [i, keys] of r.receivers.entries())
        receivers.push({ ...(await ctx.consumer(`receive ${i + 1}`, keys)), keys });
      const bindings = await ctx.state.bindings();
      const queueOf = (rc: (typeof receivers)[number]) => rc.consumers[0]!.queue_name;
      const from = bindings.filter((b) => b.source_name !== "" && b.destination_name === queueOf(receivers[0]!));
      const exchangeName = from[0]?.source_name;
      if (exchangeName === undefined)
        throw new Stop(
          ctx.t(
            `receive 1's queue ${queueOf(receivers[0]!)} is bound to no exchange`,
            `очередь receive 1 ${queueOf(receivers[0]!)} не привязана ни к одному обменнику`,
          ),
        );
      const exchange = (await ctx.state.exchange(exchangeName))!;
      judge(
        ctx,
        C.exchange,
        exchange.type === r.type,
        r.type,
        `${exchangeName}: ${exchange.type}${exchange.durable ? ctx.t(", durable", ", сохраняемый") : ""}`,
      );
      const queues = await ctx.state.queues();
      const own = receivers.map((rc) => queues.find((q) => q.name === queueOf(rc)));
      const keysOf = (rc: (typeof receivers)[number]) =>
        bindings
          .filter((b) => b.source_name === exchangeName && b.destination_name === queueOf(rc))
          .map((b) => b.routing_key);
      const distinct = new Set(receivers.map(queueOf)).size === receivers.length;
      judge(
        ctx,
        C.queues,
        distinct &&
          own.every((q) => q?.exclusive) &&
          receivers.every((rc) =>
            bindings.some((b) => b.source_name === exchangeName && b.destination_name === queueOf(rc)),
          ),
        ctx.t(
          `${receivers.length} queues, exclusive, bound to ${exchangeName}`,
          `${receivers.length} очереди, эксклюзивные, привязаны к ${exchangeName}`,
        ),
        receivers
          .map(
            (rc, i) =>
              `receive ${i + 1}: ${queueOf(rc)} (${own[i] ? flags(ctx, own[i]!) : "?"}; ${keysOf(rc).length ? ctx.t("bound", "привязана") : ctx.t("not bound", "не привязана")})`,
          )
          .join("; "),
      );
      if (r.judgeBindings)
        judge(
          ctx,
          C.bindings,
          receivers.every((rc) => [...new Set(keysOf(rc))].sort().join(" ") === [...rc.keys].sort().join(" ")),
          receivers.map((rc, i) => `receive ${i + 1}: ${rc.keys.join(", ")}`).join("; "),
          receivers.map((rc, i) => `receive ${i + 1}: ${keysOf(rc).join(", ") || "-"}`).join("; "),
        );
      const sent = (r.keys ?? [undefined, undefined]).map((key) => ({ key, mark: token() }));
      await sendAll(
        ctx,
        sent.map((m) => messageArgs(m.key, m.mark)),
      );
      // What the broker's own bindings and exchange type route where: judged apart from the "bindings" check.
      const wanted = receivers.flatMap((rc) =>
        sent.map((m) => ({
          script: rc.script,
          mark: m.mark,
          key: m.key,
          times: keysOf(rc).some((b) => routes(exchange.type, b, m.key ?? "")) ? 1 : 0,
        })),
      );
      await settle(ctx, wanted);
      const wrong = wanted.filter((w) => ctx.seen(w.script, w.mark) !== w.times);
      const label = (w: (typeof wanted)[number]) => `${w.script.label}${w.key === undefined ? "" : ` "${w.key}"`}`;
      judge(
        ctx,
        C.delivery,
        !wrong.length,
        ctx.t(
          `${wanted.filter((w) => w.times).length} deliveries as bound, none else`,
          `${wanted.filter((w) => w.times).length} доставок по привязкам, и больше ни одной`,
        ),
        wrong.length
          ? wrong
              .map((w) =>
                ctx.t(
                  `${label(w)}: printed ${ctx.seen(w.script, w.mark)}, expected ${w.times}`,
                  `${label(w)}: напечатано ${ctx.seen(w.script, w.mark)}, ожидалось ${w.times}`,
                ),
              )
              .join("; ")
          : ctx.t("as bound", "по привязкам"),
      );
      if (r.gone) await goneWith(ctx, receivers[0]!.script, queueOf(receivers[0]!));
    },
  };
}

// ---- part 2 and task 2: workers sharing a queue ----

type Work = { symbol: string; type?: string; keep: boolean; durableExchange: boolean };

function work(en: string, ru: string, names: { queues: string[]; exchanges: string[] }, w: Work): Plan {
  const others = SYMBOLS.filter((s) => s !== w.symbol).join("");
  return {
    en,
    ru,
    checks: [...(w.type ? [C.exchange] : []), C.queue, C.sleep, C.prefetch, C.shared, w.keep ? C.persist : C.lose],
    names,
    restarts: true,
    calls: ["send: <message> (its words)", "worker: started twice, no arguments"],
    async run(ctx) {
      if (w.type) await ctx.send("send 0", [token()]); // the exchange (and queue) the worker may expect
      const w1 = await ctx.consumer("worker 1");
      const name = w1.consumers[0]!.queue_name;
      if (w.type) {
        const source = (await ctx.state.bindingsOf(name))[0]?.source_name;
        const exchange = source === undefined ? undefined : await ctx.state.exchange(source);
        const expected = `${w.type}${w.durableExchange ? ctx.t(", durable", ", сохраняемый") : ""}`;
        judge(
          ctx,
          C.exchange,
          !!exchange && exchange.type === w.type && (!w.durableExchange || exchange.durable),
          expected,
          exchange
            ? `${exchange.name}: ${exchange.type}${exchange.durable ? ctx.t(", durable", ", сохраняемый") : ctx.t(", not durable", ", несохраняемый")}`
            : ctx.t(`${name} is bound to no exchange`, `${name} не привязана ни к одному обменнику`),
        );
      }
      const q = (await ctx.state.queue(name))!;
      const want = { durable: w.keep || !w.type, exclusive: false, auto_delete: false }; // variant 2 may be transient
      judge(
        ctx,
        C.queue,
        (q.durable || !want.durable) && !q.exclusive && !q.auto_delete,
        want.durable ? flags(ctx, want) : flags(ctx, want).replace(/^[^,]+, /, ""),
        `${q.name}: ${flags(ctx, q)}`,
      );
      await ctx.until(async () => (await ctx.depth(name)) === 0, 15_000); // the first message, or old ones, done
      await sleep(500);

      // sleep: worker 1 alone; three of the check's own tasks straight into the queue.
      const [m1, m2, m3] = [token(), token(), token()];
      const t0 = await ctx.probe(name, [`${m1} ${w.symbol.repeat(2)}${others}`, `${m2} ${others}`, `${m3} ${others}`]);
      await ctx.until(() => ctx.seen(w1.script, m3) > 0, 15_000);
      const [a2, a3] = [ctx.firstAt(w1.script, m2), ctx.firstAt(w1.script, m3)];
      const first = a2 === undefined ? undefined : a2 - t0;
      const second = a2 === undefined || a3 === undefined ? undefined : a3 - a2;
      judge(
        ctx,
        C.sleep,
        first !== undefined && second !== undefined && first >= 1700 && first <= 3500 && second < 700,
        ctx.t(
          `"${w.symbol.repeat(2)}${others}": 2 s; "${others}": none (±0.3–1.5 s)`,
          `«${w.symbol.repeat(2)}${others}»: 2 с; «${others}»: 0 (±0,3–1,5 с)`,
        ),
        first === undefined || second === undefined
          ? ctx.t("worker 1 did not print all three within 15 s", "worker 1 не напечатал все три за 15 с")
          : ctx.t(
              `${(first / 1000).toFixed(1)} s, then ${(second / 1000).toFixed(1)} s`,
              `${(first / 1000).toFixed(1)} с, затем ${(second / 1000).toFixed(1)} с`,
            ),
      );

      // prefetch and shared: a long task, then short ones while it runs.
      const w2 = await ctx.consumer("worker 2");
      const workers = [w1, w2];
      const long = token();
      await ctx.send("send long", [long, w.symbol.repeat(4)]);
      await ctx.until(() => workers.some((x) => ctx.seen(x.script, long) > 0), 10_000);
      const pids = new Set(workers.flatMap((x) => x.consumers.map((c) => c.channel_pid)));
      const unacked = new Map<string, number>();
      let polling = true;
      const poll = (async () => {
        while (polling) {
          for (const ch of await ctx.state.channels().catch(() => []))
            if (pids.has(ch.pid)) unacked.set(ch.pid, Math.max(unacked.get(ch.pid) ?? 0, ch.messages_unacknowledged));
        }
      })();
      const shorts = [token(), token(), token()];
      await Promise.all(shorts.map((mark, i) => ctx.send(`send short ${i + 1}`, [mark, others])));
      const marks = [long, ...shorts];
      await ctx.until(() => marks.every((m) => workers.some((x) => ctx.seen(x.script, m) > 0)), 15_000);
      await sleep(1000); // a duplicate would show
      polling = false;
      await poll;
      const channels = await ctx.state.channels().catch(() => []);
      const prefetchOf = (x: (typeof workers)[number]) =>
        x.consumers.map(
          (c) => (c.prefetch_count || channels.find((ch) => ch.pid === c.channel_pid)?.global_prefetch_count) ?? 0,
        );
      const acks = workers.every((x) => x.consumers.every((c) => c.ack_required));
      const most = Math.max(0, ...unacked.values());
      judge(
        ctx,
        C.prefetch,
        workers.every((x) => prefetchOf(x).every((p) => p === 1)) && acks && most <= 1,
        ctx.t(
          "prefetch 1, manual acks, at most 1 unacked per worker",
          "prefetch 1, ручные подтверждения, не больше 1 неподтверждённой на обработчик",
        ),
        ctx.t(
          `prefetch ${workers.map((x) => prefetchOf(x).join("/")).join(" and ")}, ${acks ? "manual acks" : "auto-ack"}, at most ${most} unacked`,
          `prefetch ${workers.map((x) => prefetchOf(x).join("/")).join(" и ")}, ${acks ? "ручные подтверждения" : "автоподтверждение"}, неподтверждённых до ${most}`,
        ),
      );
      const holders = marks.map((m) => workers.filter((x) => ctx.seen(x.script, m) > 0).length);
      const shares = workers.map((x) => marks.filter((m) => ctx.seen(x.script, m) > 0).length);
      const sameQueue = w2.consumers.every((c) => c.queue_name === name);
      judge(
        ctx,
        C.shared,
        sameQueue && holders.every((n) => n === 1) && shares.every((n) => n > 0),
        ctx.t(
          `both on ${name}; 4 tasks, each by one worker; both busy`,
          `оба на ${name}; 4 задачи, каждая у одного обработчика; работа у обоих`,
        ),
        ctx.t(
          `${sameQueue ? `both on ${name}` : `worker 2 on ${w2.consumers[0]!.queue_name}`}; tasks per worker ${shares.join(" and ")}; done by ${holders.join(", ")} worker(s)`,
          `${sameQueue ? `оба на ${name}` : `worker 2 на ${w2.consumers[0]!.queue_name}`}; задач у обработчиков ${shares.join(" и ")}; выполнено обработчиками: ${holders.join(", ")}`,
        ),
      );

      // restart: the tasks done (the long one too), the workers stopped, two tasks from the sender wait.
      await ctx.until(async () => {
        const now = await ctx.state.queue(name);
        return !now || now.messages_ready + now.messages_unacknowledged === 0;
      }, 10_000);
      await Promise.all(workers.map((x) => ctx.stop(x.script)));
      await overRestart(ctx, q, w.keep, w.keep ? C.persist : C.lose);
    },
  };
}

/** The plan of a section (and variant): what `npm run check` runs. */
export function planOf(choice: Choice): Plan {
  const v = choice.variant ?? 0;
  switch (choice.section) {
    case "part1":
      return part1();
    case "part2":
      return work(
        "Part 2: workers sharing a queue",
        "Часть 2. Распределение задач по очередям",
        { queues: ["task_queue"], exchanges: [] },
        { symbol: ".", keep: true, durableExchange: false },
      );
    case "part3":
      return routed(
        "Part 3: fanout to every receiver",
        "Часть 3. Отправка сообщений в несколько очередей сразу",
        ["logs"],
        { type: "fanout", receivers: [[], []], judgeBindings: false, gone: true },
      );
    case "part4":
      return routed("Part 4: direct routing", "Часть 4. Использование ключа маршрутизации", ["logs", "direct_logs"], {
        type: "direct",
        receivers: [["info"], ["warning", "error"]],
        keys: ["info", "warning", "error", "debug"],
        judgeBindings: true,
        gone: false,
      });
    case "part5":
      return routed(
        "Part 5: topic routing",
        "Часть 5. Использование тематик для маршрутизации",
        ["logs", "topic_logs"],
        {
          type: "topic",
          receivers: [["*.usa.*"], ["*.*.rub", "stock.#"]],
          keys: ["stock.usa.usd", "bond.russia.rub", "stock.russia.rub", "bond.usa.rub", "etf.uk.gbp"],
          judgeBindings: true,
          gone: false,
        },
      );
    case "task1":
      return task1(choice);
    case "task2": {
      const variant = [
        { symbol: "#", type: "fanout", keep: true },
        { symbol: "*", type: "direct", keep: false },
        { symbol: "-", type: "topic", keep: true },
      ][v - 1]!;
      const words = `"${variant.symbol}", ${variant.type}, ${variant.keep ? "kept" : "may be lost"}`;
      return work(
        `Task 2, variant ${v} (${words})`,
        `Задание 2, вариант ${v} («${variant.symbol}», ${variant.type}, ${variant.keep ? "сообщения хранятся" : "могут теряться"})`,
        { queues: [], exchanges: [] },
        { ...variant, durableExchange: variant.keep },
      );
    }
  }
  throw new Error(`no section ${choice.section}`);
}
