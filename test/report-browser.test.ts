// The report page as a person sees it: parts 1–5 run live (their receivers, part 4's messages too),
// their topology drawn and put on one page by renderReport, which Debian's chromium then opens
// headless (puppeteer-core drives it; nothing is downloaded). The page must render without a
// console error or a request for anything outside it, each section's SVG must hold the nodes its
// broker showed, and it must print to PDF with every section on a page of its own. A screenshot per
// section goes to test-output/screenshots/ (its path is printed, for CI's log).
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, describe, test } from "node:test";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { findBroker, type Broker } from "./lib/broker.ts";
import { ROOT } from "./lib/proc.ts";
import type { Hooks } from "./lib/scenario.ts";
import { SECTIONS } from "./scenarios/index.ts";
import { draw, renderReport, renderTimeline, type ReportSection, type TranscriptLine } from "./topology/index.ts";
import { LABELS } from "./topology/labels.ts";
import { LIVE_SECTIONS, commandOf, withSection } from "./topology/live.ts";
import { FAIR_DISPATCH } from "./topology/samples.ts";

const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const OUT = join(ROOT, "test-output");
const SHOTS = join(OUT, "screenshots");

/** The transcript of one section, as the demo will record it: times from the first script's start. */
function recorder() {
  let t0: number | undefined;
  const lines: TranscriptLine[] = [];
  const at = () => {
    const now = performance.now();
    return now - (t0 ??= now);
  };
  const hooks: Hooks = {
    started(script) {
      lines.push({ at: at(), label: script.label, kind: "command", text: commandOf(script) });
      script.onLine(({ stream, text }) => lines.push({ at: at(), label: script.label, kind: stream, text }));
    },
    step: (text) => lines.push({ at: at(), kind: "step", text }),
  };
  return { hooks, lines };
}

/** Runs a section live and makes its page section; `nodes`: what its SVG must hold, "kind:name". */
async function liveSection(broker: Broker, id: string): Promise<{ section: ReportSection; nodes: string[] }> {
  const live = LIVE_SECTIONS.find((s) => s.id === id)!;
  const titles = SECTIONS.find((s) => s.id === id)!;
  const { hooks, lines } = recorder();
  return withSection(
    broker,
    live,
    async ({ ctx, topology, scripts }) => {
      const svg = draw(topology, "svg", { id, order: live.receivers.map((r) => r.label) });
      if (id === "part4") {
        ctx.step("sending one message per severity");
        for (const args of [
          ["error", "Disk", "full"],
          ["info", "All", "good"],
          ["warning", "Low", "memory"],
        ])
          await ctx.run("send", "part4/send.ts", args);
        await Promise.all(scripts.map((s) => s.waitFor(/^RECEIVED: /, { times: s.label === "info" ? 1 : 2 })));
      }
      const L = LABELS.en;
      const nodes = [
        ...topology.exchanges.map((e) => `exchange:${e.name || L.defaultExchange}`),
        ...topology.queues.map((q) => `queue:${q.name}`),
        ...topology.consumers.map((c) => `consumer:${c.label}`),
      ].sort();
      const section: ReportSection = {
        id,
        ru: titles.ru,
        en: titles.title,
        commands: live.receivers.map(commandOf),
        transcript: [...lines],
        topology: svg,
        timeline: id === "part2" ? renderTimeline(FAIR_DISPATCH, { id: "fair" }) : undefined,
      };
      return { section, nodes };
    },
    hooks,
  );
}

describe("the report page in Debian's chromium, headless", () => {
  let broker: Broker;
  let browser: Browser | undefined;
  let page: Page;
  const problems: string[] = []; // console errors, page errors, failed or outside requests
  let expected: { section: ReportSection; nodes: string[] }[] = [];
  let why: string | undefined;

  before(async () => {
    if (!existsSync(CHROMIUM)) {
      why = `no chromium at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM)`;
      if (process.env.CI) throw new Error(why); // under CI no test may be skipped
      return;
    }
    broker = await findBroker();
    expected = await Promise.all(LIVE_SECTIONS.map((s) => liveSection(broker, s.id)));
    const html = renderReport(
      expected.map((e) => e.section),
      { broker: broker.how, generated: new Date().toISOString().slice(0, 16).replace("T", " ") },
    );
    await mkdir(SHOTS, { recursive: true });
    const file = join(OUT, "report.html");
    await writeFile(file, html);
    browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,
      // root in a container: no sandbox; /dev/shm may be small.
      args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
      timeout: 60_000,
      protocolTimeout: 60_000,
    });
    page = await browser.newPage();
    const url = pathToFileURL(file).href;
    page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
    page.on("pageerror", (err) => problems.push(`page error: ${err}`));
    page.on("requestfailed", (r) => problems.push(`failed: ${r.url()}`));
    page.on("request", (r) => r.url() !== url && problems.push(`outside the page: ${r.url()}`));
    await page.setViewport({ width: 1200, height: 900 });
    await page.goto(url, { waitUntil: "load" });
  });
  after(async () => {
    await browser?.close();
    await broker?.dispose();
  });

  test("it renders with no console error and asks for nothing outside itself", (t) => {
    if (why) return t.skip(why);
    assert.deepEqual(problems, []);
  });

  test("each section's SVG holds the nodes its broker showed, drawn at a size that fits", async (t) => {
    if (why) return t.skip(why);
    for (const { section, nodes } of expected) {
      const seen = await page.$$eval(`section#${section.id} figure.topology svg g.node`, (gs) =>
        gs.map((g) => `${g.getAttribute("data-kind")}:${g.getAttribute("data-name")}`),
      );
      assert.deepEqual(seen.sort(), nodes, `${section.id}: the drawn nodes`);
      const sizes = await page.$eval(`section#${section.id}`, (s) => {
        const svg = s.querySelector("figure.topology svg")!.getBoundingClientRect();
        const texts = [...s.querySelectorAll("figure.topology svg text")].map((e) => e.getBoundingClientRect().width);
        return { svg: svg.width, section: s.getBoundingClientRect().width, text: Math.min(...texts) };
      });
      assert.ok(sizes.svg > 100 && sizes.svg <= sizes.section, `${section.id}: the SVG fits: ${JSON.stringify(sizes)}`);
      assert.ok(sizes.text > 0, `${section.id}: its text has a width (a font was found)`);
    }
    const bars = await page.$$eval("section#part2 figure.timeline g.task", (gs) => gs.length);
    assert.equal(bars, 10, "part 2's timeline: a bar per task of both runs");
    const received = await page.$$eval("section#part4 tr.stdout td.text", (tds) =>
      tds.map((td) => td.textContent).filter((text) => text!.startsWith("RECEIVED: ")),
    );
    assert.equal(received.length, 3, `part 4's transcript shows what each receiver got: ${received.join(" | ")}`);
  });

  test("a screenshot per section, in test-output/screenshots", async (t) => {
    if (why) return t.skip(why);
    for (const { section } of expected) {
      const path = join(SHOTS, `${section.id}.png`);
      const element = (await page.$(`section#${section.id}`))!;
      const png = await element.screenshot({ path });
      assert.ok(png.length > 10_000, `${path}: a picture, not an empty box`);
      t.diagnostic(`screenshot: ${path}`);
    }
  });

  test("it prints to PDF, each section on a page of its own", async (t) => {
    if (why) return t.skip(why);
    const pdf = Buffer.from(await page.pdf({ format: "A4", printBackground: true }));
    const path = join(OUT, "report.pdf");
    await writeFile(path, pdf);
    t.diagnostic(`pdf: ${path}`);
    const pages = pdf.toString("latin1").match(/\/Type\s*\/Page(?!s)/g)?.length ?? 0;
    assert.ok(pages >= expected.length, `a page or more per section: ${pages} pages`);
    await page.emulateMediaType("print");
    const breaks = await page.$$eval("section.lab", (ss) => ss.map((s) => getComputedStyle(s).breakBefore));
    await page.emulateMediaType("screen");
    assert.deepEqual(
      breaks,
      expected.map((_, i) => (i === 0 ? "auto" : "page")),
      "the first section under the title, each other one on a new page",
    );
  });
});
