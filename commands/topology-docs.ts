// Writes docs/topology.md and the pictures in docs/topology.ru.md (the Russian README links there): parts 1–5
// drawn as Mermaid from a live run (engine/live-topology.ts).
//   npx tsx commands/topology-docs.ts
import { readFile, writeFile } from "node:fs/promises";
import { findBroker } from "../engine/broker.ts";
import { DOC, livePictures, READMES, readmePictures, topologyDoc } from "../engine/live-topology.ts";

const broker = await findBroker();
try {
  const pictures = await livePictures(broker);
  await writeFile(DOC, topologyDoc(pictures));
  console.log(`wrote ${DOC}`);
  for (const { file, lang } of READMES) {
    await writeFile(file, readmePictures(await readFile(file, "utf8"), pictures, lang));
    console.log(`wrote the pictures in ${file}`);
  }
} finally {
  await broker.dispose();
}
