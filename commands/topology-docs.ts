// Writes docs/topology.md and the pictures in README.md and README.ru.md: parts 1–5 drawn as Mermaid
// from a live run (see live.ts).
//   npx tsx commands/topology-docs.ts
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { findBroker } from "../engine/broker.ts";
import { ROOT } from "../engine/proc.ts";
import { livePictures, readmePictures, topologyDoc } from "../engine/live-topology.ts";

export const DOC = join(ROOT, "docs/topology.md");
/** The READMEs, with the language of their pictures. */
export const READMES = [
  { file: join(ROOT, "README.md"), lang: "en" },
  { file: join(ROOT, "README.ru.md"), lang: "ru" },
] as const;

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
