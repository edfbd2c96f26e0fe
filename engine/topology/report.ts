// The demo's report page: one self-contained HTML file (no scripts, fonts or images from elsewhere)
// that reads on screen and prints to PDF, a section per lab section: its title in Russian and
// English, the commands, the transcript with times from the section's start, the topology drawn from
// the broker, and for part 2 the fair-dispatch timeline. Pure functions of their data.
import { LABELS, type Lang } from "./labels.ts";
import { xml } from "./svg.ts";

export type TranscriptLine = {
  /** Milliseconds since the section started. */
  at: number;
  /** Who printed it (a script's label, e.g. "worker 1"); none for the demo's own lines. */
  label?: string;
  text: string;
  /** command: a script started ($ …); step: what the check does; result: its verdict. */
  kind?: "command" | "stdout" | "stderr" | "step" | "result";
  /** A message sent only for a check, not one of the lab's: marked as such. */
  probe?: boolean;
  /** A verdict that is a failure (kind "result"): in red. */
  failed?: boolean;
};

/** A fair-dispatch run as the benchmark records it (engine/fair-dispatch.ts): one span per task. */
export type TimelineRun = {
  name: string;
  spans: { worker: number; body: string; start: number; end: number }[];
};

export type ReportSection = {
  /** "part1" … "part5", "task1", "task2": the anchor. */
  id: string;
  ru: string;
  en: string;
  commands: string[];
  transcript: TranscriptLine[];
  /** renderSvg's drawing of the section's topology, after its receivers started. */
  topology?: string;
  /** renderTimeline's drawing (part 2). */
  timeline?: string;
  /** e.g. "✓ 5 passed, 21.3 s". */
  summary?: string;
  failed?: boolean;
};

export type ReportOptions = {
  lang?: Lang;
  title?: string;
  /** Which broker, e.g. "local broker at amqp://localhost:5672". */
  broker?: string;
  /** When, as text (the caller's clock: the function stays pure). */
  generated?: string;
};

const seconds = (ms: number) => (Math.max(0, ms) / 1000).toFixed(2);
const LABEL_COLOURS = ["#0e7490", "#a21caf", "#1d4ed8", "#a16207", "#0f766e", "#be185d", "#4338ca"];
/** The same colour for the same label, as the demo's terminal does. */
const colourOf = (label: string) =>
  LABEL_COLOURS[[...label].reduce((sum, ch) => sum + ch.charCodeAt(0), 0) % LABEL_COLOURS.length];

const CSS = `
:root { color: #111; background: #fff; font-family: system-ui, "DejaVu Sans", "Segoe UI", sans-serif; line-height: 1.4; }
body { max-width: 1120px; margin: 2em auto; padding: 0 1.2em; }
h1 { font-size: 1.6em; margin: 0 0 .2em; }
h2 { font-size: 1.3em; margin: 0 0 .6em; }
h2 .en { display: block; font-size: .75em; font-weight: normal; color: #444; }
h3 { font-size: 1em; margin: 1.2em 0 .4em; color: #333; }
.meta { color: #555; margin: 0 0 1em; }
nav ol { columns: 2; padding-left: 1.4em; }
section.lab { border-top: 2px solid #d4d4d8; padding-top: 1em; margin-top: 2em; }
pre, table.transcript { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12px; }
pre.commands { background: #f4f4f5; padding: .6em .8em; border-radius: 4px; white-space: pre-wrap; }
figure { margin: .4em 0 1em; overflow-x: auto; break-inside: avoid; }
figure svg { max-width: 100%; height: auto; }
figcaption { color: #555; font-size: .9em; }
table.transcript { border-collapse: collapse; width: 100%; }
table.transcript td { padding: 0 .6em 0 0; vertical-align: top; white-space: pre-wrap; word-break: break-word; }
table.transcript td.t { text-align: right; color: #71717a; white-space: nowrap; width: 5.5em; }
table.transcript td.who { white-space: nowrap; width: 1%; }
tr.command td.text { color: #52525b; }
tr.stderr td.text { color: #b91c1c; }
tr.step td.text { color: #52525b; font-style: italic; }
tr.result td.text { font-weight: bold; }
tr.failed td.text { color: #b91c1c; }
.probe { font-size: .85em; border: 1px solid #a16207; color: #a16207; border-radius: 3px; padding: 0 .3em; margin-left: .4em; }
.summary { font-weight: bold; color: #15803d; }
.summary.failed { color: #b91c1c; }
@media print {
  @page { size: A4; margin: 12mm; }
  :root { font-size: 11pt; }
  body { max-width: none; margin: 0; padding: 0; }
  nav { display: none; }
  section.lab { break-before: page; border-top: none; margin-top: 0; }
  section.lab:first-of-type { break-before: auto; }
  figure { overflow: visible; }
  table.transcript tr { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
`;

function transcript(lines: TranscriptLine[], lang: Lang): string {
  const L = LABELS[lang];
  const rows = lines.map((line) => {
    const kind = line.kind ?? "stdout";
    const who = line.label ? `<span style="color:${colourOf(line.label)}">[${xml(line.label)}]</span>` : "";
    const text = kind === "command" ? `$ ${line.text}` : line.text;
    const probe = line.probe ? `<span class="probe">${xml(L.probe)}</span>` : "";
    return `<tr class="${kind}${line.probe ? " probe-line" : ""}${line.failed ? " failed" : ""}"><td class="t">${seconds(line.at)} ${L.seconds}</td><td class="who">${who}</td><td class="text">${xml(text)}${probe}</td></tr>`;
  });
  return `<table class="transcript">\n${rows.join("\n")}\n</table>`;
}

export function renderReport(sections: ReportSection[], options: ReportOptions = {}): string {
  const lang = options.lang ?? "en";
  const L = LABELS[lang];
  const title = options.title ?? "RabbitMQ — Практическая работа №5";
  const meta = [
    options.broker && `${L.broker}: ${xml(options.broker)}`,
    options.generated && `${L.generated}: ${xml(options.generated)}`,
  ].filter(Boolean);
  const out = [
    `<!doctype html>`,
    `<html lang="${lang}">`,
    `<head>`,
    `<meta charset="utf-8">`,
    `<meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<title>${xml(title)}</title>`,
    `<style>${CSS}</style>`,
    `</head>`,
    `<body>`,
    `<header>`,
    `<h1>${xml(title)}</h1>`,
    meta.length ? `<p class="meta">${meta.join(" · ")}</p>` : "",
    `<nav><h3>${L.contents}</h3><ol>`,
    ...sections.map((s) => `<li><a href="#${xml(s.id)}">${xml(s.ru)}</a> <span lang="en">(${xml(s.en)})</span></li>`),
    `</ol></nav>`,
    `</header>`,
  ];
  for (const s of sections) {
    out.push(
      `<section class="lab" id="${xml(s.id)}" data-section="${xml(s.id)}">`,
      `<h2><span lang="ru">${xml(s.ru)}</span><span class="en" lang="en">${xml(s.en)}</span></h2>`,
    );
    if (s.summary) out.push(`<p class="summary${s.failed ? " failed" : ""}">${xml(s.summary)}</p>`);
    if (s.commands.length)
      out.push(
        `<h3>${L.commands}</h3>`,
        `<pre class="commands">${s.commands.map((c) => `$ ${xml(c)}`).join("\n")}</pre>`,
      );
    if (s.topology) out.push(`<h3>${L.topology}</h3>`, `<figure class="topology">${s.topology}</figure>`);
    if (s.timeline)
      out.push(
        `<h3>${L.fairDispatch}</h3>`,
        `<figure class="timeline">${s.timeline}<figcaption>${xml(L.fairDispatchNote)}</figcaption></figure>`,
      );
    if (s.transcript.length) out.push(`<h3>${L.transcript}</h3>`, transcript(s.transcript, lang));
    out.push(`</section>`);
  }
  out.push(`</body>`, `</html>`, ``);
  return out.filter((line) => line !== "").join("\n");
}

const BAR_COLOURS = ["#fcd34d", "#93c5fd", "#86efac", "#f9a8d4", "#c4b5fd", "#fdba74"];

/** The fair-dispatch timeline as SVG: per run, one row per worker, each task a bar from its start to
 * its end; the same time scale for every run, whole seconds marked. */
export function renderTimeline(runs: TimelineRun[], options: { lang?: Lang; id?: string } = {}): string {
  const L = LABELS[options.lang ?? "en"];
  const workers = Math.max(1, ...runs.flatMap((r) => r.spans.map((s) => s.worker + 1)));
  const longest = Math.max(1000, ...runs.flatMap((r) => r.spans.map((s) => s.end)));
  const perSecond = 90;
  const [left, row, gap, head] = [100, 24, 6, 22];
  const totalSeconds = Math.ceil(longest / 1000);
  const x = (ms: number) => left + (ms / 1000) * perSecond;
  const runHeight = head + workers * (row + gap);
  const width = x(totalSeconds * 1000) + 20;
  const height = runs.length * runHeight + 30;
  const bodies = [...new Set(runs.flatMap((r) => r.spans.map((s) => s.body)))];
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="timeline" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${options.id ?? "timeline"}-title">`,
    `<title id="${options.id ?? "timeline"}-title">${xml(L.fairDispatch)}</title>`,
    `<g font-family="'DejaVu Sans Mono', Menlo, Consolas, monospace" font-size="12">`,
  ];
  runs.forEach((run, r) => {
    const top = r * runHeight;
    const makespan = Math.max(0, ...run.spans.map((s) => s.end));
    out.push(
      `<g class="run" data-run="${xml(run.name)}">`,
      `<text x="4" y="${top + 15}" font-weight="bold">${xml(run.name)} — ${L.makespan} ${(makespan / 1000).toFixed(2)} ${L.seconds}</text>`,
    );
    for (let w = 0; w < workers; w++) {
      const y = top + head + w * (row + gap);
      out.push(
        `<text x="4" y="${y + 16}" fill="#333">${xml(`${L.worker} ${w + 1}`)}</text>`,
        `<line x1="${left}" y1="${y + row}" x2="${x(totalSeconds * 1000)}" y2="${y + row}" stroke="#e4e4e7"/>`,
      );
      for (const s of run.spans.filter((s) => s.worker === w)) {
        const [x1, x2] = [x(s.start), Math.max(x(s.end), x(s.start) + 3)];
        const fill = BAR_COLOURS[bodies.indexOf(s.body) % BAR_COLOURS.length];
        const name = s.body.replace(/\.+$/, "");
        const fits = Math.floor((x2 - x1 - 6) / 7.23);
        out.push(
          `<g class="task" data-worker="${w + 1}" data-body="${xml(s.body)}">`,
          `<rect x="${x1.toFixed(1)}" y="${y + 2}" width="${(x2 - x1).toFixed(1)}" height="${row - 4}" rx="3" fill="${fill}" stroke="#52525b" stroke-width="0.8"/>`,
          fits > 0
            ? `<text x="${(x1 + 3).toFixed(1)}" y="${y + 16}">${xml(name.length > fits ? `${name.slice(0, Math.max(1, fits - 1))}…` : name)}</text>`
            : "",
          `</g>`,
        );
      }
    }
    out.push(`</g>`);
  });
  const axis = runs.length * runHeight + 4;
  out.push(`<line x1="${left}" y1="${axis}" x2="${x(totalSeconds * 1000)}" y2="${axis}" stroke="#333"/>`);
  for (let k = 0; k <= totalSeconds; k++)
    out.push(
      `<line x1="${x(k * 1000)}" y1="${axis}" x2="${x(k * 1000)}" y2="${axis + 5}" stroke="#333"/>`,
      `<text x="${x(k * 1000)}" y="${axis + 18}" text-anchor="middle" fill="#333">${k} ${L.seconds}</text>`,
    );
  out.push(`</g>`, `</svg>`);
  return out.filter((line) => line !== "").join("\n");
}
