// Writes docs/topology.md: parts 1–5 drawn as Mermaid from a live run (see live.ts).
//   npx tsx test/topology/docs.ts
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { findBroker } from "../lib/broker.ts";
import { ROOT } from "../lib/proc.ts";
import { liveMermaid, topologyDoc } from "./live.ts";

export const DOC = join(ROOT, "docs/topology.md");

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const broker = await findBroker();
  try {
    await writeFile(DOC, topologyDoc(await liveMermaid(broker)));
    console.log(`wrote ${DOC}`);
  } finally {
    await broker.dispose();
  }
}
