// Runs one plan of `npm run check` against the broker (engine/check/plans.ts): alone on it (the harness's lock:
// nothing else of ours runs meanwhile, and its restart cuts into nothing), after a look at the lab's fixed names
// (foreign data stops it unless --reset, engine/guard.ts), and leaves the broker as it found it: every program
// ended with its process group, every queue and exchange that appeared during the check deleted.
import type { Broker } from "../broker.ts";
import { clearNames } from "../guard.ts";
import { withLock } from "../lock.ts";
import type { Lang } from "../topology/labels.ts";
import { CheckContext, Stop, type Role, type Said, type Verdict } from "./context.ts";
import type { Plan } from "./plans.ts";
import type { Exchange, Queue } from "./state.ts";
import { setTimeout as sleep } from "node:timers/promises";

export type Result = { verdicts: Verdict[]; transcript: Said[]; ms: number };

/** The check that runs in this process, for abortCheck; and its ending, once begun. */
let running: { ctx: CheckContext; queues: Set<string>; exchanges: Set<string> } | undefined;
let ending: Promise<void> | undefined;

/** Ends the running check, once, whoever asks first (its own end, or Ctrl+C): its programs ended, a restart under way
 * finished (once begun, it does), what the programs created deleted. Every caller waits for the same ending. */
export function abortCheck(): Promise<void> {
  if (!running) return ending ?? Promise.resolve();
  const { ctx, queues, exchanges } = running;
  running = undefined;
  ending = (async () => {
    await ctx.stopAll();
    await ctx.restarting?.catch(() => {});
    await cleanUp(ctx, queues, exchanges);
  })();
  return ending;
}

export async function runCheck(
  broker: Broker & Required<Pick<Broker, "ctl">>,
  plan: Plan,
  programs: Record<Role, string>,
  {
    lang,
    cwd,
    reset,
    say,
    bound,
  }: { lang: Lang; cwd: string; reset: boolean; say?: (line: Said) => void; bound?: number },
): Promise<Result> {
  return withLock(broker.url, ["*"], async () => {
    await clearNames(broker, plan.names, reset);
    const ctx = new CheckContext(broker, programs, lang, cwd, say);
    if (bound) ctx.bound = bound;
    const [queues, exchanges] = await Promise.all([ctx.state.queues(), ctx.state.exchanges()]);
    running = { ctx, queues: new Set(queues.map((q) => q.name)), exchanges: new Set(exchanges.map((e) => e.name)) };
    const t0 = Date.now();
    let stopped: string | undefined;
    try {
      await plan.run(ctx);
    } catch (err: any) {
      stopped = err instanceof Stop ? err.message : `${err?.message ?? err}`.split("\n")[0]!;
      if (/ECONNREFUSED|ECONNRESET|CONNECTION_FORCED|Socket closed/.test(stopped))
        stopped = ctx.t(`the broker stopped answering: ${stopped}`, `брокер перестал отвечать: ${stopped}`);
      stopped = stopped.replace(/^the broker did not answer/, ctx.t("$&", "брокер не ответил на"));
    } finally {
      await abortCheck();
    }
    // A step that could not be done: the check it was for failed, the ones after it did not run.
    for (const check of plan.checks.filter((c) => !ctx.verdicts.some((v) => v.id === c.id))) {
      const title = lang === "ru" ? check.ru : check.en;
      const first = stopped && !ctx.verdicts.some((v) => v.status === "fail" && v.seen === stopped);
      if (first) ctx.verdicts.push({ id: check.id, title, status: "fail", expected: "", seen: stopped! });
      else ctx.notRun(check.id, title, "", stopped ? ctx.t(`an earlier step failed`, `не удался предыдущий шаг`) : "?");
    }
    const order = plan.checks.map((c) => c.id);
    ctx.verdicts.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
    return { verdicts: ctx.verdicts, transcript: ctx.transcript, ms: Date.now() - t0 };
  });
}

/** Deletes what the check's programs created: queues and exchanges that were not there before it. */
async function cleanUp(ctx: CheckContext, queues: Set<string>, exchanges: Set<string>) {
  // Right after a restart rabbitmqctl may not answer yet: asked again for a while, so that nothing is left behind.
  let now: [Queue[], Exchange[]] | undefined;
  for (let tries = 0; !now && tries < 30; tries++)
    now = await Promise.all([ctx.state.queues(), ctx.state.exchanges()]).catch(() => sleep(500).then(() => undefined));
  if (!now)
    throw new Error(
      ctx.t(
        "could not list the broker's queues to delete what the check created",
        "не удалось получить список очередей брокера, чтобы удалить созданное проверкой",
      ),
    );
  for (const q of now[0]) if (!queues.has(q.name)) await ctx.remove("queue", q.name);
  for (const e of now[1])
    if (!exchanges.has(e.name) && e.name && !e.name.startsWith("amq.")) await ctx.remove("exchange", e.name);
}
