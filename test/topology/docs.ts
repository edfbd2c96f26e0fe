// Writes docs/topology.md and the pictures in docs/topology.ru.md (the Russian README links there): parts 1–5
// drawn as Mermaid from a live run (see live.ts).
//   npx tsx test/topology/docs.ts
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { findBroker } from "../lib/broker.ts";
import { ROOT } from "../lib/proc.ts";
import { livePictures, readmePictures, topologyDoc } from "./live.ts";

export const DOC = join(ROOT, "docs/topology.md");
/** The documents with a picture of each part between markers (see live.ts), with the language of their pictures.
 * The READMEs link to docs/topology.md (English) and docs/topology.ru.md. */
export const READMES = [{ file: join(ROOT, "docs/topology.ru.md"), lang: "ru" }] as const;

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
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
}
