// The report page as a person sees it: `npm run demo -- --part 1 2 3 4 5 --html report.html` runs
// parts 1–5 live and writes it (each part's topology drawn from the broker, part 2's timeline, the
// transcripts), and Debian's chromium opens it headless (puppeteer-core drives it; nothing is
// downloaded). The page must render without a console error or a request for anything outside it,
// each section's SVG must hold the nodes its receivers declare, and it must print to PDF with every
// section on a page of its own. A screenshot per section goes to test-output/screenshots/ (its path
// is printed, for CI's log).
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, describe, test } from "node:test";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { findBroker, handOff, isRabbitMQ4, type Broker } from "../engine/broker.ts";
import { ROOT, Script } from "../engine/proc.ts";
import { SECTIONS } from "../engine/sections/index.ts";
import { SERVER_NAMED } from "../engine/topology/graph.ts";
import { LABELS } from "../engine/topology/labels.ts";
import { LIVE_SECTIONS } from "../engine/live-topology.ts";

const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const OUT = join(ROOT, "test-output");
const SHOTS = join(OUT, "screenshots");

/** What each part's picture must hold, "kind:name": its exchange (or the default one), its named queue or one
 * server-named queue per receiver, and a consumer per receiver, named as the demo labels it. */
const EXPECTED = LIVE_SECTIONS.map((section) => ({
  id: section.id,
  nodes: [
    ...(section.exchanges ?? [LABELS.en.defaultExchange]).map((name) => `exchange:${name}`),
    ...(section.queues ?? section.receivers.map(() => "amq.gen-*")).map((name) => `queue:${name}`),
    ...section.receivers.map((r) => `consumer:${r.label}`),
  ].sort(),
}));

describe("the report page in Debian's chromium, headless", () => {
  let broker: Broker;
  let browser: Browser | undefined;
  let page: Page;
  const problems: string[] = []; // console errors, page errors, failed or outside requests
  const expected = EXPECTED;
  let why: string | undefined;
  /** Does the run's broker refuse this section's receivers (RabbitMQ 4, part 1)? */
  const refused = (id: string) => isRabbitMQ4(broker) && !!SECTIONS.find((s) => s.id === id)?.onRabbitMQ4;

  before(async () => {
    if (!existsSync(CHROMIUM)) {
      why = `no chromium at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM)`;
      if (process.env.CI) throw new Error(why); // under CI no test may be skipped
      return;
    }
    broker = await findBroker();
    await mkdir(SHOTS, { recursive: true });
    const file = join(OUT, "report.html");
    const parts = expected.map((e) => e.id.replace("part", ""));
    const demo = new Script("demo", "commands/demo.ts", ["--part", ...parts, "--html", file, "--lang", "en"], {
      ...handOff(broker),
      NO_COLOR: "1",
    });
    const exit = await demo.exited;
    const said = [...demo.stdout(), ...demo.stderr()];
    assert.equal(exit.code, 0, `the demo failed:\n${said.slice(-30).join("\n")}`);
    assert.ok(said.includes(`the report page: ${file}`), said.slice(-5).join("\n"));
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
    for (const section of expected) {
      if (refused(section.id)) {
        // RabbitMQ 4 refused its receivers (the demo checked it): no picture, and the page says why.
        const text = await page.$eval(`section#${section.id}`, (s) => s.textContent ?? "");
        assert.equal(await page.$(`section#${section.id} figure.topology`), null, `${section.id}: no picture`);
        assert.match(text, /no picture: refused by RabbitMQ 4/, `${section.id}: says why`);
        continue;
      }
      const seen = await page.$$eval(`section#${section.id} figure.topology svg g.node`, (gs) =>
        gs.map((g) => [g.getAttribute("data-kind"), g.getAttribute("data-name")]),
      );
      const named = seen.map(([kind, name]) => `${kind}:${SERVER_NAMED.test(name!) ? "amq.gen-*" : name}`);
      assert.deepEqual(named.sort(), section.nodes, `${section.id}: the drawn nodes`);
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
    for (const label of ["warning error", "info"]) {
      const got = await page.$$eval(
        "section#part4 tr.stdout",
        (trs, label) =>
          trs.filter(
            (tr) =>
              tr.querySelector("td.who")?.textContent === `[${label}]` &&
              tr.querySelector("td.text")?.textContent?.startsWith("RECEIVED: "),
          ).length,
        label,
      );
      assert.ok(got > 0, `part 4's transcript shows what [${label}] got`);
    }
    const probes = await page.$$eval("section#part3 .probe", (marks) => marks.length);
    assert.ok(probes > 0, "part 3's probe messages are marked as such");
  });

  test("a screenshot per section, in test-output/screenshots", async (t) => {
    if (why) return t.skip(why);
    for (const section of expected) {
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
