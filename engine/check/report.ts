// How `npm run check` says what it found: a line per check, a summary line, the JSON for a grading script.
// In English or Russian (--lang, or a Russian LANG), as the demo.
import { masked, type Broker } from "../broker.ts";
import type { Lang } from "../topology/labels.ts";
import type { Verdict } from "./context.ts";

export const CHECK_WORDS = {
  en: {
    check: "check",
    broker: "broker",
    programs: "programs",
    page: "page",
    status: { pass: "PASS", fail: "FAIL", "not run": "NOT RUN" },
    expected: "expected",
    seen: "seen",
    says: (restarts: boolean) =>
      `It starts your programs (each in a process group of its own, ended after the check), lets them create what they declare, ${restarts ? "restarts the broker once (stop_app, start_app: durable queues and persistent messages stay), " : ""}and then deletes every queue and exchange that appeared during the check.`,
    summary: (n: number, pass: number, fail: number, notRun: number, s: string) =>
      `${n} checks: ${pass} passed, ${fail} failed, ${notRun} not run (${s} s)`,
  },
  ru: {
    check: "проверка",
    broker: "брокер",
    programs: "программы",
    page: "страница",
    status: { pass: "ПРОЙДЕНО", fail: "НЕ ПРОЙДЕНО", "not run": "НЕ ЗАПУСКАЛОСЬ" },
    expected: "ожидалось",
    seen: "получено",
    says: (restarts: boolean) =>
      `Проверка запускает ваши программы (каждую в своей группе процессов, все завершаются после проверки), даёт им создать то, что они объявляют, ${restarts ? "один раз перезапускает брокер (stop_app, start_app: сохраняемые очереди и сообщения остаются), " : ""}а затем удаляет все очереди и обменники, появившиеся за время проверки.`,
    summary: (n: number, pass: number, fail: number, notRun: number, s: string) =>
      `проверок: ${n}; пройдено ${pass}, не пройдено ${fail}, не запускалось ${notRun} (${s.replace(".", ",")} с)`,
  },
};

/** One line: status, the check, what was expected, what was seen. */
export function resultLine(v: Verdict, lang: Lang): string {
  const W = CHECK_WORDS[lang];
  const expected = v.expected ? ` · ${W.expected}: ${v.expected}` : "";
  return `${W.status[v.status].padEnd(lang === "ru" ? 14 : 8)} ${v.id.padEnd(9)} ${v.title}${expected} · ${W.seen}: ${v.seen}`;
}

export function summaryLine(verdicts: Verdict[], ms: number, lang: Lang): string {
  const count = (status: Verdict["status"]) => verdicts.filter((v) => v.status === status).length;
  return CHECK_WORDS[lang].summary(
    verdicts.length,
    count("pass"),
    count("fail"),
    count("not run"),
    (ms / 1000).toFixed(1),
  );
}

export function toJson(r: {
  section: string;
  variant?: number;
  group?: string;
  surname?: string;
  programs: Record<string, string>;
  broker: Broker;
  verdicts: Verdict[];
  ms: number;
}) {
  return {
    section: r.section,
    variant: r.variant ?? null,
    group: r.group ?? null,
    surname: r.surname ?? null,
    programs: r.programs,
    broker: { url: masked(r.broker.url), version: r.broker.version },
    ok: r.verdicts.every((v) => v.status === "pass"),
    checks: r.verdicts,
    ms: r.ms,
  };
}
