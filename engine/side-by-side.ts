// docs/side-by-side.md, as `npm run side-by-side` (commands/side-by-side.ts) writes it: the lab's pika programs
// (engine/pika/*.py) and the TypeScript scripts step by step: for each step of the lab (connect, channel, declare, publish or consume, ack,
// close) the pika line and the TypeScript line, found in the files themselves, with links to them. The tasks have
// no pika code in the lab: each is paired with the part it builds on. test/docs.test.ts fails when the page is not
// what this writes.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import prettier from "prettier";
import { ROOT } from "./proc.ts";
import { SECTIONS } from "./sections/index.ts";

export const PAGE = "docs/side-by-side.md";

/** The lab's steps in pika's order: what each is called, and how to find its line in pika and in TypeScript. */
const STEPS: [string, RegExp, RegExp][] = [
  ["подключение к брокеру", /BlockingConnection/, /amqp\.connect\(/],
  ["канал", /connection\.channel\(\)/, /create(Confirm)?Channel\(/],
  ["обменник", /exchange_declare/, /assertExchange\(/],
  ["очередь", /queue_declare/, /assertQueue\(/],
  ["справедливое распределение", /basic_qos/, /prefetch\(/],
  ["связь очереди с обменником", /queue_bind/, /bindQueue\(/],
  ["отправка", /basic_publish/, /\.publish\(|sendToQueue\(/],
  ["подтверждение брокера (нет в pika)", /(?!)/, /waitForConfirms\(/],
  ["«SENT»", /print\(f?'SENT/, /SENT: /],
  ["обработчик сообщения", /def process_message/, /function processMessage|consume\(queue, async/],
  ["«RECEIVED»", /print\(f?'RECEIVED/, /RECEIVED: /],
  ["подтверждение обработки", /basic_ack/, /\.ack\(msg\)/],
  ["подписка на очередь", /basic_consume/, /\.consume\(/],
  ["«Waiting for messages...»", /Waiting for messages/, /Waiting for messages/],
  ["закрытие", /connection\.close\(\)/, /connection\.close\(\)/],
];

/** The tasks' scripts, each beside the part whose pika code it follows. */
const TASKS: [string, string, string][] = [
  ["Задание 1, поставщик", "part1_send.py", "tasks/task1/send.ts"],
  ["Задание 1, потребитель", "part1_receive.py", "tasks/task1/receive.ts"],
  ["Задание 2, поставщик", "part2_send.py", "tasks/task2/send.ts"],
  ["Задание 2, потребитель", "part2_worker.py", "tasks/task2/worker.ts"],
];

/** A line as a table cell: its code without a trailing comment, in as many backticks as it needs. */
function cell(text: string) {
  const code = text
    .replace(/\s+\/\/ .*$/, "")
    .trim()
    .replaceAll("|", "\\|");
  return code.includes("`") ? `\`\` ${code} \`\`` : `\`${code}\``;
}

/** One program against the other, a row per step that either has. */
function pair(title: string, pika: string, ts: string): string {
  const [python, typescript] = [`engine/pika/${pika}`, ts].map((path) =>
    readFileSync(join(ROOT, path), "utf8").split("\n"),
  );
  const line = (lines: string[], pattern: RegExp, path: string) => {
    const at = lines.findIndex((text) => pattern.test(text) && !/^\s*(#|\/\/)/.test(text));
    return at < 0 ? "—" : `[${at + 1}](../${path}#L${at + 1}) ${cell(lines[at]!)}`;
  };
  const rows = STEPS.map(([step, inPika, inTs]) => [
    step,
    line(python!, inPika, `engine/pika/${pika}`),
    line(typescript!, inTs, ts),
  ])
    .filter(([, a, b]) => a !== "—" || b !== "—")
    .map((row) => `| ${row.join(" | ")} |`);
  return [
    `### ${title}`,
    "",
    `[\`engine/pika/${pika}\`](../engine/pika/${pika}) и [\`${ts}\`](../${ts})`,
    "",
    "| шаг | pika | TypeScript |",
    "| --- | --- | --- |",
    ...rows,
    "",
  ].join("\n");
}

/** The page, formatted as `npm run format` would leave it. */
export async function render(): Promise<string> {
  const parts = [
    "# Код методички на pika и скрипты на TypeScript, шаг за шагом",
    "",
    "<!-- Written by `npm run side-by-side` (commands/side-by-side.ts) from the files below; do not edit: " +
      "test/docs.test.ts fails when this page differs from what the files give. -->",
    "",
    "Для каждого раздела: строка программы на pika из методички (как её запускают проверки, `engine/pika/`) и строка " +
      "скрипта на TypeScript, которая делает то же, в порядке методички: подключение, канал, объявления, отправка " +
      "или подписка, подтверждение, закрытие. Номер строки ведёт в файл. Всё, чего нет в методичке (`--help`, " +
      "`AMQP_URL`, ошибки одной строкой, Ctrl+C, блокировка брокером), скрипты берут из одного модуля, " +
      "[`lab.ts`](../lab.ts). Поставщики на TypeScript ждут подтверждения брокера (`waitForConfirms`) и только потом " +
      "печатают `SENT`: pika в методичке печатает сразу после `basic_publish` и может потерять сообщение незаметно. " +
      "У заданий нет кода на pika, поэтому они стоят рядом с разделом, на котором построены.",
    "",
  ];
  for (const section of SECTIONS) {
    if (!section.interop) continue;
    parts.push(`## ${section.ru}`, "");
    parts.push(pair("Поставщик", section.interop.sender, section.sender.script));
    parts.push(
      pair(
        section.id === "part2" ? "Потребитель (обработчик задач)" : "Потребитель",
        section.interop.receiver,
        section.receiver.script,
      ),
    );
  }
  parts.push("## Задания", "");
  for (const [title, pika, ts] of TASKS) parts.push(pair(title, pika, ts));
  const options = await prettier.resolveConfig(join(ROOT, PAGE));
  return prettier.format(parts.join("\n"), { ...options, filepath: join(ROOT, PAGE) });
}
