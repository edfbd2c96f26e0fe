// Unit tests of the topology tool on fixed data: the model (what a filter keeps), the graph (order,
// ids, words), the layout (geometry), the renderers (terminal, Mermaid, SVG), the report page, and
// where the management API is looked for. The live broker's side: test/topology-broker.test.ts.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { endpointFromEnv } from "../engine/topology/api.ts";
import { toGraph, type Graph } from "../engine/topology/graph.ts";
import { layout, type Box, type Metrics } from "../engine/topology/layout.ts";
import { renderMermaid } from "../engine/topology/mermaid.ts";
import { fromSnapshot, select, type Snapshot, type Topology } from "../engine/topology/model.ts";
import { renderReport, renderTimeline, type ReportSection } from "../engine/topology/report.ts";
import { renderSvg } from "../engine/topology/svg.ts";
import { FAIR_DISPATCH } from "../engine/topology/samples.ts";
import { renderTerminal } from "../engine/topology/terminal.ts";

// ---- a broker's state, as the management API gives it ----
const conn = (port: number) => ({
  connection_name: `127.0.0.1:${port} -> 127.0.0.1:5672`,
  peer_host: "127.0.0.1",
  peer_port: port,
});
const exchange = (name: string, type: string, durable = false) => ({
  name,
  type,
  durable,
  auto_delete: false,
  internal: false,
});
const queue = (name: string, flags: { durable?: boolean; owner?: number; ready?: number; unacked?: number } = {}) => ({
  name,
  durable: flags.durable ?? false,
  exclusive: flags.owner !== undefined,
  auto_delete: false,
  messages_ready: flags.ready,
  messages_unacknowledged: flags.unacked,
  owner_pid_details: flags.owner === undefined ? undefined : { name: conn(flags.owner).connection_name },
});
const binding = (source: string, destination: string, key: string) => ({
  source,
  destination,
  destination_type: "queue",
  routing_key: key,
});
const consumer = (queueName: string, port: number, prefetch: number, ack: boolean) => ({
  consumer_tag: `amq.ctag-${port}`,
  queue: { name: queueName },
  channel_details: { ...conn(port), number: 1 },
  prefetch_count: prefetch,
  ack_required: ack,
});
const QA = "amq.gen-AAAAAAAAAAAAAAAAAAAAAA";
const QB = "amq.gen-BBBBBBBBBBBBBBBBBBBBBB";
const QC = "amq.gen-CCCCCCCCCCCCCCCCCCCCCC";

function snapshot(): Snapshot {
  const queues = [
    queue("task_queue", { durable: true, ready: 3, unacked: 2 }),
    queue(QB, { owner: 40002, ready: 0, unacked: 0 }), // listed before QA: order must come from the drawing, not the API
    queue(QA, { owner: 40001, ready: 0, unacked: 0 }),
    queue(QC, { owner: 40003 }), // no statistics round yet: no counts
    queue("stray_queue", { durable: true, ready: 7, unacked: 0 }),
  ];
  return {
    vhost: "/",
    exchanges: [
      exchange("", "direct", true),
      exchange("amq.direct", "direct", true),
      exchange("direct_logs", "direct"),
      exchange("logs", "fanout"),
    ],
    queues,
    bindings: [
      ...queues.map((q) => binding("", q.name, q.name)), // the default exchange's, which the API lists too
      binding("direct_logs", QA, "warning"),
      binding("direct_logs", QA, "error"),
      binding("direct_logs", QB, "info"),
      binding("logs", QC, ""),
    ],
    consumers: [
      consumer("task_queue", 40012, 1, true),
      consumer("task_queue", 40011, 1, true),
      consumer(QA, 40001, 0, false),
      consumer(QB, 40002, 0, false),
      consumer(QC, 40003, 0, false),
    ],
    channels: [
      {
        connection_details: { name: conn(40020).connection_name, ...conn(40020) },
        consumer_count: 0,
        message_stats: { publish: 5 },
      },
      { connection_details: { name: conn(40001).connection_name, ...conn(40001) }, consumer_count: 1 },
    ],
  };
}
const part4 = () => select(fromSnapshot(snapshot()), { exchanges: ["direct_logs"] });
const part2 = () => select(fromSnapshot(snapshot()), { queues: ["task_queue"] });
const contains = (text: string, part: string) =>
  assert.ok(text.includes(part), `expected ${JSON.stringify(part)} in:\n${text}`);
const names = (t: Topology) => ({
  exchanges: t.exchanges.map((e) => e.name).sort(),
  queues: t.queues.map((q) => q.name).sort(),
  bindings: t.bindings.map((b) => `${b.source}→${b.destination}:${b.key}`).sort(),
  consumers: t.consumers.map((c) => c.peer).sort(),
});

describe("model: what a picture keeps", () => {
  const cases: [string, Parameters<typeof select>[1], ReturnType<typeof names>][] = [
    [
      "an exchange brings the queues bound to it, their bindings and consumers, and no default exchange",
      { exchanges: ["direct_logs"] },
      {
        exchanges: ["direct_logs"],
        queues: [QA, QB].sort(),
        bindings: [`direct_logs→${QA}:error`, `direct_logs→${QA}:warning`, `direct_logs→${QB}:info`],
        consumers: ["127.0.0.1:40001", "127.0.0.1:40002"],
      },
    ],
    [
      "a queue no exchange feeds comes with the default exchange, its name as the key",
      { queues: ["task_queue"] },
      {
        exchanges: [""],
        queues: ["task_queue"],
        bindings: ["→task_queue:task_queue"],
        consumers: ["127.0.0.1:40011", "127.0.0.1:40012"],
      },
    ],
    [
      "a bound queue brings the exchange that feeds it",
      { queues: [QC] },
      { exchanges: ["logs"], queues: [QC], bindings: [`logs→${QC}:`], consumers: ["127.0.0.1:40003"] },
    ],
    [
      "everything: no amq.* exchange without bindings, the default exchange only for the queues nothing else feeds",
      {},
      {
        exchanges: ["", "direct_logs", "logs"],
        queues: [QA, QB, QC, "stray_queue", "task_queue"].sort(),
        bindings: [
          "→stray_queue:stray_queue",
          "→task_queue:task_queue",
          `direct_logs→${QA}:error`,
          `direct_logs→${QA}:warning`,
          `direct_logs→${QB}:info`,
          `logs→${QC}:`,
        ].sort(),
        consumers: ["127.0.0.1:40001", "127.0.0.1:40002", "127.0.0.1:40003", "127.0.0.1:40011", "127.0.0.1:40012"],
      },
    ],
    [
      "connections: only their consumers and exclusive queues",
      { exchanges: ["direct_logs"], connections: [conn(40001).connection_name] },
      {
        exchanges: ["direct_logs"],
        queues: [QA],
        bindings: [`direct_logs→${QA}:error`, `direct_logs→${QA}:warning`],
        consumers: ["127.0.0.1:40001"],
      },
    ],
  ];
  for (const [title, filter, expected] of cases)
    test(title, () => assert.deepEqual(names(select(fromSnapshot(snapshot()), filter)), expected));

  test("flags and counts come through; a queue without a statistics round has no counts yet", () => {
    const t = fromSnapshot(snapshot());
    const q = (name: string) => t.queues.find((x) => x.name === name)!;
    assert.deepEqual(
      [q("task_queue").durable, q("task_queue").exclusive, q("task_queue").ready, q("task_queue").unacked],
      [true, false, 3, 2],
    );
    assert.deepEqual([q(QC).exclusive, q(QC).ready, q(QC).owner], [true, undefined, conn(40003).connection_name]);
  });

  test("publishers: counted when the API does not say where (rates_mode basic), drawn when it does", () => {
    assert.equal(fromSnapshot(snapshot()).hiddenPublishers, 1, "one open connection publishes, target unknown");
    const detailed = {
      ...snapshot(),
      incoming: { direct_logs: [{ channel_details: conn(40020), stats: { publish: 5 } }] },
    };
    const t = select(fromSnapshot(detailed), { exchanges: ["direct_logs"] });
    assert.deepEqual(
      t.producers.map((p) => [p.peer, p.exchanges]),
      [["127.0.0.1:40020", ["direct_logs"]]],
    );
    assert.equal(select(fromSnapshot(detailed), { exchanges: ["logs"] }).producers.length, 0, "not logs' producer");
    assert.deepEqual(
      toGraph(t).edges.filter((e) => e.from.startsWith("P")),
      [{ from: "P1", to: "X1", labels: [] }],
    );
  });
});

describe("graph: order, ids and words", () => {
  test("ids in drawing order; keys of one exchange → queue pair merged and sorted; consumers after their queues", () => {
    const g = toGraph(part4());
    assert.deepEqual(
      g.nodes.map((n) => [n.id, n.title]),
      [
        ["X1", "direct_logs"],
        ["Q1", QA],
        ["Q2", QB],
        ["C1", "127.0.0.1:40001"],
        ["C2", "127.0.0.1:40002"],
      ],
    );
    assert.deepEqual(g.edges, [
      { from: "X1", to: "Q1", labels: ["error", "warning"] },
      { from: "X1", to: "Q2", labels: ["info"] },
      { from: "Q1", to: "C1", labels: [] },
      { from: "Q2", to: "C2", labels: [] },
    ]);
  });

  test("stable: server-named queues numbered in the receivers' order, labelled consumers, no counts", () => {
    const t = part4();
    for (const c of t.consumers) c.label = c.peerPort === 40001 ? "warning error" : "info";
    const titles = (order: string[]) =>
      toGraph(t, { stable: true, order })
        .nodes.filter((n) => n.kind !== "exchange")
        .map((n) => [n.title, ...n.lines].join(" | "));
    assert.deepEqual(titles(["info", "warning error"]), [
      "amq.gen-… 1 | transient · exclusive",
      "amq.gen-… 2 | transient · exclusive",
      "info | prefetch ∞ | auto-ack",
      "warning error | prefetch ∞ | auto-ack",
    ]);
    const byInfoFirst = toGraph(t, { stable: true, order: ["info", "warning error"] });
    assert.deepEqual(
      byInfoFirst.edges.filter((e) => e.labels.length).map((e) => [e.to, e.labels.join()]),
      [
        ["Q1", "info"],
        ["Q2", "error,warning"],
      ],
    );
  });

  test("a fanout binding draws no key; the counts say ? until the API has them; Russian words", () => {
    const t = select(fromSnapshot(snapshot()), { exchanges: ["logs"] });
    const g = toGraph(t, { lang: "ru" });
    assert.deepEqual(g.edges[0].labels, []);
    assert.deepEqual(
      g.nodes.map((n) => n.lines),
      [
        ["fanout", "несохраняемый"],
        ["несохраняемая · эксклюзивная", "готово ? · без подтверждения ?"],
        ["prefetch ∞", "автоподтверждение"],
      ],
    );
  });

  test("the same data in any order draws the same", () => {
    const shuffled = snapshot();
    for (const list of [shuffled.exchanges, shuffled.queues, shuffled.bindings, shuffled.consumers]) list.reverse();
    const draw = (s: Snapshot) => renderMermaid(toGraph(select(fromSnapshot(s), {})));
    assert.equal(draw(shuffled), draw(snapshot()));
  });
});

describe("layout", () => {
  const metrics: Metrics = {
    size: (node, incoming) => ({ width: 10 + node.title.length, height: Math.max(5, incoming + 2) }),
    gap: (edges) => 4 + edges.length,
    gapY: 1,
    margin: 2,
  };
  const overlap = (a: Box, b: Box) =>
    a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
  const mid = (b: Box) => b.y + b.height / 2;
  const graphs: [string, Graph][] = [
    ["part 4", toGraph(part4())],
    ["part 2", toGraph(part2())],
    ["everything", toGraph(select(fromSnapshot(snapshot()), {}))],
    [
      "with producers",
      toGraph(
        select(
          fromSnapshot({ ...snapshot(), incoming: { direct_logs: [{ channel_details: conn(40020), stats: {} }] } }),
          {},
        ),
      ),
    ],
  ];
  for (const [name, graph] of graphs)
    test(`${name}: no two boxes overlap, columns left to right in P X Q C order, all inside the margins`, () => {
      const l = layout(graph, metrics);
      const boxes = [...l.boxes.values()];
      for (const [i, a] of boxes.entries())
        for (const b of boxes.slice(i + 1))
          assert.ok(!overlap(a, b), `${JSON.stringify(a)} and ${JSON.stringify(b)} overlap`);
      for (const [i, c] of l.columns.entries()) {
        if (i > 0) assert.ok(c.x > l.columns[i - 1].x + l.columns[i - 1].width, "a gap between columns");
        for (const n of graph.nodes.filter((n) => n.kind === c.kind)) assert.equal(l.boxes.get(n.id)!.x, c.x);
      }
      const order = ["producer", "exchange", "queue", "consumer"];
      assert.deepEqual(
        l.columns.map((c) => c.kind),
        order.filter((k) => graph.nodes.some((n) => n.kind === k)),
      );
      for (const b of boxes) {
        assert.ok(b.x >= metrics.margin && b.y >= metrics.margin, "inside the top and left margins");
        assert.ok(
          b.x + b.width <= l.width - metrics.margin && b.y + b.height <= l.height - metrics.margin,
          "inside the bottom and right margins",
        );
      }
      // Within a column, the graph's order from top to bottom.
      for (const c of l.columns) {
        const ys = graph.nodes.filter((n) => n.kind === c.kind).map((n) => l.boxes.get(n.id)!.y);
        assert.deepEqual(
          ys,
          [...ys].sort((a, b) => a - b),
        );
      }
    });

  test("a lone consumer is level with its queue; two sit around it; the exchange at its queues' mean height", () => {
    const l4 = layout(toGraph(part4()), metrics);
    assert.equal(mid(l4.boxes.get("C1")!), mid(l4.boxes.get("Q1")!));
    assert.equal(mid(l4.boxes.get("C2")!), mid(l4.boxes.get("Q2")!));
    assert.equal(mid(l4.boxes.get("X1")!), (mid(l4.boxes.get("Q1")!) + mid(l4.boxes.get("Q2")!)) / 2);
    const l2 = layout(toGraph(part2()), metrics);
    const [c1, c2, q] = ["C1", "C2", "Q1"].map((id) => l2.boxes.get(id)!);
    assert.ok(c1.y + c1.height < c2.y, "the two workers one above the other");
    assert.equal((mid(c1) + mid(c2)) / 2, mid(q), "the queue between them");
    assert.equal(mid(l2.boxes.get("X1")!), mid(q), "the default exchange level with the queue");
  });

  test("ports: the arrows into a node ordered by where they come from", () => {
    // One queue fed by two exchanges: the upper exchange's arrow gets the upper port.
    const s = snapshot();
    s.bindings.push(binding("logs", QA, ""));
    const g = toGraph(select(fromSnapshot(s), { queues: [QA] }));
    const l = layout(g, metrics);
    const into = g.edges.filter((e) => e.to === "Q1");
    assert.equal(into.length, 2);
    const top = into.sort((a, b) => l.boxes.get(a.from)!.y - l.boxes.get(b.from)!.y);
    assert.deepEqual(
      top.map((e) => l.ports.get(e)),
      [
        { index: 0, count: 2 },
        { index: 1, count: 2 },
      ],
    );
  });

  test("an exchange with no queue goes below the ones that have", () => {
    const s = snapshot();
    s.exchanges.push(exchange("a_lonely", "topic"));
    const g = toGraph(select(fromSnapshot(s), { exchanges: ["a_lonely", "direct_logs"] }));
    const l = layout(g, metrics);
    const lonely = l.boxes.get(g.nodes.find((n) => n.title === "a_lonely")!.id)!;
    const busy = l.boxes.get(g.nodes.find((n) => n.title === "direct_logs")!.id)!;
    assert.ok(lonely.y >= busy.y + busy.height + metrics.gapY, "below, with a gap");
  });
});

describe("terminal", () => {
  test("part 4, plain: the boxes, the keys on the arrows, the counts", () => {
    assert.equal(
      renderTerminal(toGraph(part4())),
      `
                                    ┌─ queue ────────────────────────┐     ┌─ consumer ──────┐
                                    │ amq.gen-AAAAAAAAAAAAAAAAAAAAAA │     │ 127.0.0.1:40001 │
                ┌─ error, warning ─▶│ transient · exclusive          ├────▶│ prefetch ∞      │
┌─ exchange ──┐ │                   │ ready 0 · unacked 0            │     │ auto-ack        │
│ direct_logs │ │                   └────────────────────────────────┘     └─────────────────┘
│ direct      ├─┤
│ transient   │ │                   ┌─ queue ────────────────────────┐     ┌─ consumer ──────┐
└─────────────┘ │                   │ amq.gen-BBBBBBBBBBBBBBBBBBBBBB │     │ 127.0.0.1:40002 │
                └─────────── info ─▶│ transient · exclusive          ├────▶│ prefetch ∞      │
                                    │ ready 0 · unacked 0            │     │ auto-ack        │
                                    └────────────────────────────────┘     └─────────────────┘`.slice(1),
    );
  });

  test("part 2: one queue, two workers, one trunk", () => {
    assert.equal(
      renderTerminal(toGraph(part2())),
      `
                                                                   ┌─ consumer ──────┐
                                                                   │ 127.0.0.1:40011 │
                                                               ┌──▶│ prefetch 1      │
┌─ exchange ─────────┐                 ┌─ queue ─────────────┐ │   │ manual ack      │
│ (default exchange) │                 │ task_queue          │ │   └─────────────────┘
│ direct             ├─── task_queue ─▶│ durable             ├─┤
│ durable            │                 │ ready 3 · unacked 2 │ │   ┌─ consumer ──────┐
└────────────────────┘                 └─────────────────────┘ │   │ 127.0.0.1:40012 │
                                                               └──▶│ prefetch 1      │
                                                                   │ manual ack      │
                                                                   └─────────────────┘`.slice(1),
    );
  });

  test("colour only when asked, and then every escape is closed on its line", () => {
    const g = toGraph(part4());
    assert.doesNotMatch(renderTerminal(g), /\x1b/, "no escape codes");
    const coloured = renderTerminal(g, { colour: true });
    contains(coloured, "\x1b[35m┌"); // exchanges in magenta
    for (const line of coloured.split("\n")) {
      const last = line.match(/\x1b\[\d+m/g)?.at(-1);
      assert.ok(last === undefined || last === "\x1b[0m", `colour reset before the end of ${JSON.stringify(line)}`);
    }
    assert.equal(coloured.replace(/\x1b\[\d+m/g, ""), renderTerminal(g), "the same picture without the colour");
  });

  test("nothing to draw says so; notes go below", () => {
    assert.equal(renderTerminal({ nodes: [], edges: [], notes: [] }), "nothing declared here");
    const everything = toGraph(select(fromSnapshot(snapshot()), {}));
    assert.match(renderTerminal(everything).split("\n").at(-1)!, /1 open connection publish; .*rates_mode = detailed/);
  });
});

describe("mermaid", () => {
  test("part 4: shapes, classes, keys on the arrows", () => {
    assert.equal(
      renderMermaid(toGraph(part4())),
      [
        "flowchart LR",
        `  X1{{"direct_logs<br/>direct<br/>transient"}}:::exchange`,
        `  Q1[["${QA}<br/>transient · exclusive<br/>ready 0 · unacked 0"]]:::queue`,
        `  Q2[["${QB}<br/>transient · exclusive<br/>ready 0 · unacked 0"]]:::queue`,
        `  C1(["127.0.0.1:40001<br/>prefetch ∞<br/>auto-ack"]):::consumer`,
        `  C2(["127.0.0.1:40002<br/>prefetch ∞<br/>auto-ack"]):::consumer`,
        `  X1 -->|"error<br/>warning"| Q1`,
        `  X1 -->|"info"| Q2`,
        `  Q1 --> C1`,
        `  Q2 --> C2`,
        "  classDef exchange fill:#fae8ff,stroke:#a21caf,color:#000",
        "  classDef queue fill:#cffafe,stroke:#0e7490,color:#000",
        "  classDef consumer fill:#dcfce7,stroke:#15803d,color:#000",
      ].join("\n"),
    );
  });

  test('what Mermaid would read is written as entity codes: " < > &, and # only before word;', () => {
    const g: Graph = {
      nodes: [{ id: "Q1", kind: "queue", title: `a"b<c>&d#e;`, lines: [] }],
      edges: [{ from: "X1", to: "Q1", labels: ["stock.#"] }],
      notes: [],
    };
    const text = renderMermaid(g);
    contains(text, `Q1[["a#34;b#60;c#62;#38;d#35;e;"]]`);
    contains(text, `X1 -->|"stock.#"| Q1`);
  });
});

describe("svg", () => {
  const svg = renderSvg(toGraph(part4()), { id: "part4" });
  test("one group per node and per arrow, with what they show in data-* attributes", () => {
    assert.deepEqual(
      [...svg.matchAll(/data-kind="(\w+)" data-name="([^"]*)"/g)].map((m) => `${m[1]}:${m[2]}`),
      ["exchange:direct_logs", `queue:${QA}`, `queue:${QB}`, "consumer:127.0.0.1:40001", "consumer:127.0.0.1:40002"],
    );
    assert.deepEqual(
      [...svg.matchAll(/class="edge" data-from="(\w+)" data-to="(\w+)" data-label="([^"]*)"/g)].map((m) => m.slice(1)),
      [
        ["X1", "Q1", "error, warning"],
        ["X1", "Q2", "info"],
        ["Q1", "C1", ""],
        ["Q2", "C2", ""],
      ],
    );
  });

  test("self-contained: its own ids, no link outside but the SVG namespace, text escaped", () => {
    contains(svg, `<marker id="part4-arrow"`);
    contains(svg, `url(#part4-arrow)`);
    assert.deepEqual([...svg.matchAll(/(?:href|src)=|url\((?!#part4-)/g)], []);
    assert.deepEqual(
      [...svg.matchAll(/https?:\/\/[^"]+/g)].map((m) => m[0]),
      ["http://www.w3.org/2000/svg"],
    );
    const odd: Graph = { nodes: [{ id: "Q1", kind: "queue", title: "<q&a>", lines: [] }], edges: [], notes: [] };
    contains(renderSvg(odd), "&lt;q&amp;a&gt;");
  });

  test("every box inside the picture", () => {
    const [width, height] = svg
      .match(/viewBox="0 0 ([\d.]+) ([\d.]+)"/)!
      .slice(1)
      .map(Number);
    for (const m of svg.matchAll(/<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"/g)) {
      const [x, y, w, h] = m.slice(1).map(Number);
      assert.ok(x >= 0 && y >= 0 && x + w <= width && y + h <= height, m[0]);
    }
  });
});

describe("report page", () => {
  const sections: ReportSection[] = [
    {
      id: "part2",
      ru: "2. Распределение задач по очередям",
      en: "Distributing tasks over queues (work queues)",
      commands: ["npx tsx part2/worker.ts", "npx tsx part2/send.ts A long task..."],
      transcript: [
        { at: 0, label: "worker 1", kind: "command", text: "npx tsx part2/worker.ts" },
        { at: 412, label: "worker 1", text: "Waiting for messages..." },
        { at: 1530, label: "worker 1", text: "RECEIVED: A long task..." },
        { at: 4541, label: "worker 1", text: "INFO: Done" },
        { at: 4600, kind: "step", text: "checking <the> queue & its depth", probe: true },
        { at: 4700, label: "send", kind: "stderr", text: "ERROR: oops" },
      ],
      topology: renderSvg(toGraph(part2()), { id: "part2" }),
      timeline: renderTimeline(FAIR_DISPATCH),
    },
    {
      id: "part4",
      ru: "4. Использование ключа маршрутизации",
      en: "Using a routing key",
      commands: [],
      transcript: [],
    },
  ];
  const page = renderReport(sections, { broker: "local broker", generated: "2025-01-01 12:00" });

  test("a section per lab section, in order, with both titles", () => {
    assert.deepEqual(
      [...page.matchAll(/<section class="lab" id="(\w+)"/g)].map((m) => m[1]),
      ["part2", "part4"],
    );
    contains(page, `<span lang="ru">2. Распределение задач по очередям</span>`);
    contains(page, `<span class="en" lang="en">Distributing tasks over queues (work queues)</span>`);
  });

  test("the transcript: times from the section's start, who said it, escaped text, probes marked", () => {
    const times = [...page.matchAll(/<td class="t">([^<]*)<\/td>/g)].map((m) => m[1]);
    assert.deepEqual(times, ["0.00 s", "0.41 s", "1.53 s", "4.54 s", "4.60 s", "4.70 s"]);
    contains(page, 'checking &lt;the&gt; queue &amp; its depth<span class="probe">probe</span>');
    contains(page, `<tr class="stderr">`);
    contains(page, "$ npx tsx part2/worker.ts");
  });

  test("self-contained and printable: no script, no outside resource, print rules", () => {
    assert.doesNotMatch(page, /<script|<link|<img|@import|url\((?!#)/);
    assert.deepEqual(
      [...new Set([...page.matchAll(/https?:\/\/[^"'\s)]+/g)].map((m) => m[0]))],
      ["http://www.w3.org/2000/svg"],
    );
    assert.match(page, /@media print \{[^]*@page \{ size: A4/);
    assert.match(page, /section\.lab \{ break-before: page;/);
  });

  test("in Russian: the page's words, the section titles unchanged", () => {
    const ru = renderReport(sections, { lang: "ru" });
    for (const part of [`<html lang="ru">`, "<h3>Протокол</h3>", "0.41 с"]) contains(ru, part);
  });

  test("the timeline: a row per worker, bars where the tasks were, one scale for both runs", () => {
    const svg = sections[0].timeline!;
    const runs = svg.split(`<g class="run"`).slice(1);
    const bars = (run: string) =>
      [
        ...run.matchAll(/data-worker="(\d)" data-body="([^"]+)">\n<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)"/g),
      ].map((m) => ({ worker: m[1], body: m[2], x: Number(m[3]), y: Number(m[4]), width: Number(m[5]) }));
    const [fair, roundRobin] = runs.map(bars);
    assert.deepEqual(
      roundRobin.map((b) => `${b.worker}:${b.body}`),
      ["1:long....", "1:short2.", "1:short4.", "2:short1.", "2:short3."],
      "a bar per task, on its worker's row",
    );
    const [long, short2] = roundRobin;
    assert.equal(long.y, short2.y, "one row per worker");
    assert.ok(Math.abs(long.width / short2.width - 4005 / 1001) < 0.01, "widths proportional to the tasks' times");
    assert.ok(short2.x >= long.x + long.width - 0.2, "round robin: short2 waits behind the long task");
    const short1 = (run: typeof fair) => run.find((b) => b.body === "short1.")!.width;
    assert.ok(Math.abs(short1(fair) / short1(roundRobin) - 1019 / 1011) < 0.01, "one time scale for both runs");
    contains(runs[0], "prefetch 1 — makespan 4.13 s");
    contains(runs[1], "round robin — makespan 6.04 s");
  });
});

describe("where the management API is", () => {
  const cases: [string, Record<string, string>, ReturnType<typeof endpointFromEnv>][] = [
    [
      "nothing set: localhost as guest",
      {},
      { base: "http://localhost:15672/api", user: "guest", password: "guest", vhost: "/" },
    ],
    [
      "AMQP_URL's host, credentials and virtual host",
      { AMQP_URL: "amqp://stud%40ent:p%3Ass@rabbit.example:5672/lab" },
      { base: "http://rabbit.example:15672/api", user: "stud@ent", password: "p:ss", vhost: "lab" },
    ],
    [
      "amqps: https on 15671; %2F is the default virtual host",
      { AMQP_URL: "amqps://u:p@rabbit.example/%2F" },
      { base: "https://rabbit.example:15671/api", user: "u", password: "p", vhost: "/" },
    ],
    [
      "RABBITMQ_API_URL overrides the place; its own credentials win, else AMQP_URL's",
      { AMQP_URL: "amqp://u:p@localhost", RABBITMQ_API_URL: "http://localhost:32771" },
      { base: "http://localhost:32771/api", user: "u", password: "p", vhost: "/" },
    ],
    [
      "RABBITMQ_API_URL with a path, /api or not, and credentials",
      { RABBITMQ_API_URL: "https://admin:secret@host.example/rabbitmq/api/" },
      { base: "https://host.example/rabbitmq/api", user: "admin", password: "secret", vhost: "/" },
    ],
  ];
  for (const [title, env, expected] of cases) test(title, () => assert.deepEqual(endpointFromEnv(env), expected));
});
