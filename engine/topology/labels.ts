// The words of the drawings and of the report page, in English and in Russian (the lab's own terms:
// поставщик, обменник, связь, очередь, потребитель). The demo uses the same table for `--lang ru`.

export type Lang = "en" | "ru";

export type Labels = {
  producer: string;
  exchange: string;
  queue: string;
  consumer: string;
  binding: string;
  defaultExchange: string;
  /** A queue's flags (Russian: feminine, "очередь"). */
  durable: string;
  transient: string;
  exclusive: string;
  autoDelete: string;
  /** An exchange's flags (Russian: masculine, "обменник"). */
  exchangeDurable: string;
  exchangeTransient: string;
  exchangeAutoDelete: string;
  internal: string;
  ready: string;
  unacked: string;
  /** Not yet known: the management API fills the counts in at its next statistics round. */
  unknown: string;
  prefetch: string;
  /** Prefetch 0: no limit. */
  unlimited: string;
  manualAck: string;
  autoAck: string;
  published: string;
  /** A queue named by the broker (amq.gen-…), numbered per receiver in stable output. */
  serverNamed: string;
  empty: string;
  publishersHidden: (n: number) => string;
  // The report page.
  commands: string;
  transcript: string;
  topology: string;
  fairDispatch: string;
  fairDispatchNote: string;
  time: string;
  seconds: string;
  worker: string;
  makespan: string;
  probe: string;
  generated: string;
  broker: string;
  contents: string;
  // The demo's own lines (npm run demo -- --lang ru); the scenarios' titles and steps stay in English.
  passed: string;
  failed: string;
  skipped: string;
  of: string;
  refusedBy: (rabbitmq: string) => string;
  asExpected: string;
  summary: string;
  totalTime: string;
  pictureStep: string;
  noPicture: string;
  timelineStep: string;
  reportWritten: string;
};

export const LABELS: Record<Lang, Labels> = {
  en: {
    producer: "producer",
    exchange: "exchange",
    queue: "queue",
    consumer: "consumer",
    binding: "binding",
    defaultExchange: "(default exchange)",
    durable: "durable",
    transient: "transient",
    exclusive: "exclusive",
    autoDelete: "auto-delete",
    exchangeDurable: "durable",
    exchangeTransient: "transient",
    exchangeAutoDelete: "auto-delete",
    internal: "internal",
    ready: "ready",
    unacked: "unacked",
    unknown: "?",
    prefetch: "prefetch",
    unlimited: "∞",
    manualAck: "manual ack",
    autoAck: "auto-ack",
    published: "published",
    serverNamed: "server-named",
    empty: "nothing declared here",
    publishersHidden: (n) =>
      `${n} open connection${n === 1 ? "" : "s"} publish; where to is shown only with management.rates_mode = detailed`,
    commands: "Commands",
    transcript: "Transcript",
    topology: "Topology on the broker",
    fairDispatch: "Fair dispatch: prefetch 1 against round robin",
    fairDispatchNote: "One row per worker; each bar is a task, from RECEIVED to Done (one second per dot).",
    time: "time",
    seconds: "s",
    worker: "worker",
    makespan: "makespan",
    probe: "probe",
    generated: "Generated",
    broker: "Broker",
    contents: "Contents",
    passed: "passed",
    failed: "failed",
    skipped: "skipped",
    of: "of",
    refusedBy: (rabbitmq) => `refused by ${rabbitmq}`,
    asExpected: "as expected",
    summary: "Summary",
    totalTime: "Total time",
    pictureStep: "the section's topology: its receivers started as the lab says, drawn from the management API",
    noPicture: "no picture",
    timelineStep: "part 2's timeline: the same workload with prefetch 1, then round robin (the benchmark's run)",
    reportWritten: "the report page",
  },
  ru: {
    producer: "поставщик",
    exchange: "обменник",
    queue: "очередь",
    consumer: "потребитель",
    binding: "связь",
    defaultExchange: "(обменник по умолчанию)",
    durable: "устойчивая",
    // Not "временная": in the lab, «временная очередь» is part 3's exclusive, server-named one.
    transient: "несохраняемая",
    exclusive: "эксклюзивная",
    autoDelete: "автоудаляемая",
    exchangeDurable: "устойчивый",
    exchangeTransient: "несохраняемый",
    exchangeAutoDelete: "автоудаляемый",
    internal: "внутренний",
    ready: "готово",
    unacked: "без подтверждения",
    unknown: "?",
    prefetch: "prefetch",
    unlimited: "∞",
    manualAck: "ручное подтверждение",
    autoAck: "автоподтверждение",
    published: "отправлено",
    serverNamed: "имя от сервера",
    empty: "здесь ничего не объявлено",
    publishersHidden: (n) =>
      `открытых соединений, которые отправляют сообщения: ${n}; куда, видно только при management.rates_mode = detailed`,
    commands: "Команды",
    transcript: "Протокол",
    topology: "Схема на брокере",
    fairDispatch: "Справедливое распределение: prefetch 1 против round robin",
    fairDispatchNote: "Каждая строка — потребитель, каждая полоса — задача от RECEIVED до Done (секунда на точку).",
    time: "время",
    seconds: "с",
    worker: "потребитель",
    makespan: "общее время",
    probe: "проба",
    generated: "Создано",
    broker: "Брокер",
    contents: "Содержание",
    passed: "пройдено",
    failed: "не пройдено",
    skipped: "пропущено",
    of: "из",
    refusedBy: (rabbitmq) => `отклонено брокером ${rabbitmq}`,
    asExpected: "как и ожидалось",
    summary: "Итог",
    totalTime: "Общее время",
    pictureStep:
      "схема раздела: потребители запущены так, как сказано в работе, схема построена по данным management API",
    noPicture: "без схемы",
    timelineStep:
      "шкала времени части 2: одна и та же нагрузка с prefetch 1 и по очереди (round robin), как в бенчмарке",
    reportWritten: "страница отчёта",
  },
};

/** The language a user's environment asks for: Russian when LANG (or LC_ALL, LC_MESSAGES) says so. */
export function langFromEnv(env: NodeJS.ProcessEnv = process.env): Lang {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || "";
  return /^ru/i.test(locale) ? "ru" : "en";
}
