// `npm run side-by-side`: writes docs/side-by-side.md (engine/side-by-side.ts), each of the lab's pika programs
// and its TypeScript script, step by step. test/docs.test.ts fails when the page is not what this writes.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "../engine/proc.ts";
import { PAGE, render } from "../engine/side-by-side.ts";

writeFileSync(join(ROOT, PAGE), await render());
console.log(`wrote ${PAGE}`);
