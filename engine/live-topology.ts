// The lab's parts 1–5 drawn from a live broker: each part's receivers started as the lab says (the
// section's fixed names held and cleaned as the scenarios do), the topology read once it has settled.
// Used by test/topology-broker.test.ts and by `npx tsx commands/topology-docs.ts`, which writes
// docs/topology.md (the Mermaid diagrams the README shows).
import { join } from "node:path";
import type { Broker } from "./broker.ts";
import { ROOT } from "./proc.ts";
import { refusedByRabbitMQ4 } from "./expect.ts";
import type { Script } from "./proc.ts";
import { runScenario } from "./scenario.ts";
import { type Context, type Hooks } from "./context.ts";
import { SECTIONS } from "./sections/index.ts";
import { ManagementApi, endpointFromEnv } from "./topology/api.ts";
import { draw, waitForTopology } from "./topology/index.ts";
import type { Lang } from "./topology/labels.ts";
import type { Filter, Topology } from "./topology/model.ts";
import type { Summary } from "./topology/summary.ts";
import { portLabels } from "./topology/sockets.ts";

export const DOC = join(ROOT, "docs/topology.md");
/** The documents with a picture of each part between markers, with the language of their pictures. The READMEs
 * link to docs/topology.md (English) and docs/topology.ru.md. */
export const READMES = [{ file: join(ROOT, "docs/topology.ru.md"), lang: "ru" }] as const;

export type Receiver = { label: string; script: string; args: string[] };
/** A section's picture, as its file gives it (`picture`, engine/section.ts): nothing here repeats a section's facts. */
export type LiveSection = {
  id: string;
  receivers: Receiver[];
  /** The section's fixed names: held (engine/lock.ts) and deleted before and after, as its scenarios do. */
  queues?: string[];
  exchanges?: string[];
  /** What its picture shows: the section's names. */
  filter: Filter;
  /** What the broker must show while the receivers run. */
  expected: Summary;
};

/** The sections with a picture, in the lab's order. */
export const LIVE_SECTIONS: LiveSection[] = SECTIONS.flatMap(({ id, receiver, queues, exchanges, picture }) =>
  picture
    ? [
        {
          id,
          receivers: picture.receivers.map(({ label, args }) => ({ label, script: receiver.script, args })),
          queues,
          exchanges,
          filter: { queues, exchanges },
          expected: picture.expected,
        },
      ]
    : [],
);

/** The management API of `broker`: its own (a node of the harness's own), else RABBITMQ_API_URL if set, else
 * the broker's AMQP URL's host and user. */
export const apiFor = (broker: Broker) =>
  new ManagementApi(
    endpointFromEnv({ AMQP_URL: broker.url, RABBITMQ_API_URL: broker.api ?? process.env.RABBITMQ_API_URL }),
  );

/** The command a student types, quoted for a shell where it needs it. */
export const commandOf = (r: { script: string; args: string[] }) =>
  ["npx tsx", r.script, ...r.args.map((a) => (/^[\w.,:/=@+-]+$/.test(a) ? a : `"${a}"`))].join(" ");

export type Live = {
  ctx: Context;
  api: ManagementApi;
  scripts: Script[];
  /** Client port → receiver label, read again (a script's connection is new after a reconnect). */
  labels: () => Promise<Map<number, string>>;
  /** The section's topology once every receiver consumes, its consumers named by their receivers. */
  topology: Topology;
};

/** Runs `fn` while `section`'s receivers run, with its topology settled; stops them after; `fn`'s result.
 * On RabbitMQ 4, for a section it refuses (part 1), checks that each receiver is refused with its one line
 * and that no queue was made, and gives undefined: there is nothing to draw. `hooks`: as the demo's (every
 * script started, every step). */
export async function withSection<T>(
  broker: Broker,
  section: LiveSection,
  fn: (live: Live) => Promise<T>,
  hooks?: Hooks,
): Promise<T | undefined> {
  const api = apiFor(broker);
  const refuses = SECTIONS.find((s) => s.id === section.id)?.onRabbitMQ4?.refuses;
  let result: T | undefined;
  await runScenario(
    broker,
    {
      title: `the topology of ${section.id}`,
      queues: section.queues,
      exchanges: section.exchanges,
      // On RabbitMQ 4 (see refusalOn), the receivers of a section it refuses are checked to be refused instead.
      onRabbitMQ4: refuses ? refusedByRabbitMQ4(refuses, section.receivers) : undefined,
      async run(ctx) {
        const scripts = await Promise.all(section.receivers.map((r) => ctx.consumer(r.label, r.script, r.args)));
        const labels = () => portLabels(scripts.map((s) => ({ pid: s.pid, label: s.label })));
        // Every receiver consuming, and each named: the API may list a consumer before its connection's
        // client port, which names it. (Where /proc shows no ports, as for a broker in Docker, unnamed.)
        const named = (await labels()).size > 0;
        const topology = await waitForTopology(api, section.filter, {
          until: (t) =>
            t.consumers.length === section.receivers.length && (!named || t.consumers.every((c) => c.label)),
          labels,
        });
        result = await fn({ ctx, api, scripts, labels, topology });
      },
    },
    hooks,
  );
  return result;
}

/** A section's picture as Mermaid that is the same on every run (the receivers' labels in their order). */
export const stableMermaid = (section: LiveSection, topology: Topology, lang: Lang = "en") =>
  draw(topology, "mermaid", { stable: true, order: section.receivers.map((r) => r.label), lang });

/** A section's stable Mermaid in both languages: docs/topology.md and README.md show English, README.ru.md Russian. */
export type Pictures = Map<string, Record<Lang, string>>;
export const bothLangs = (section: LiveSection, topology: Topology): Record<Lang, string> => ({
  en: stableMermaid(section, topology, "en"),
  ru: stableMermaid(section, topology, "ru"),
});

/** The READMEs show each part's picture under its commands, between these two lines. */
const README_PICTURE = /<!-- topology (part\d) -->\n[\s\S]*?<!-- \/topology -->/g;

/** `readme` with each part's picture put in (see README_PICTURE), in `lang`. */
export function readmePictures(readme: string, pictures: Pictures, lang: Lang): string {
  return readme.replace(
    README_PICTURE,
    (_, id: string) =>
      `<!-- topology ${id} -->\n\n\`\`\`mermaid\n${pictures.get(id)?.[lang] ?? ""}\n\`\`\`\n\n<!-- /topology -->`,
  );
}

/** docs/topology.md from each section's stable Mermaid. */
export function topologyDoc(pictures: Pictures): string {
  const out = [
    "# The lab's topologies, drawn from a live broker",
    "",
    "Each part's receivers were started as the lab says, and `npm run topology -- --mermaid --stable` drew what they",
    "declared: exchanges with their type, bindings with their keys, queues with their flags, consumers with their",
    "prefetch. Server-named queues (`amq.gen-…`) are numbered per receiver, and message counts are left out, so that",
    "every run draws the same. Regenerate with `npx tsx commands/topology-docs.ts`; `npm run test:all`",
    "(test/topology-broker.test.ts) draws them again and fails if this file differs.",
  ];
  for (const section of LIVE_SECTIONS) {
    const titles = SECTIONS.find((s) => s.id === section.id);
    out.push(
      "",
      `## ${titles?.ru ?? section.id}`,
      "",
      `_${titles?.title ?? ""}_`,
      "",
      "```sh",
      ...section.receivers.map(commandOf),
      "```",
      "",
      "```mermaid",
      pictures.get(section.id)?.en ?? "",
      "```",
    );
  }
  return `${out.join("\n")}\n`;
}

/** Every section's stable Mermaid from a live run (the sections side by side: their names differ). */
export async function livePictures(broker: Broker): Promise<Pictures> {
  const pairs = await Promise.all(
    LIVE_SECTIONS.map(async (section) => {
      const both = await withSection(broker, section, async ({ topology }) => bothLangs(section, topology));
      if (!both) throw new Error(`${broker.how} refuses ${section.id}: draw the pictures on RabbitMQ 3`);
      return [section.id, both] as const;
    }),
  );
  return new Map(pairs);
}
