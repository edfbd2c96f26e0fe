// `npm run topology`: draws what is declared on the broker now, in the shape of the lab's figures:
// producers (where the API says where they publish) → exchanges → bindings → queues → consumers.
// Read from the management HTTP API (see engine/topology/api.ts for where it looks).
//   npm run topology                        the terminal drawing (colour on a TTY, plain when piped)
//   npm run topology -- --mermaid           a Mermaid flowchart (GitHub, report tools)
//   npm run topology -- --svg topology.svg  a self-contained SVG
//   npm run topology -- --watch             redraw once a second while you run the lab's commands
//   npm run topology -- --exchange direct_logs --queue task_queue   only these (and what they bring)
import { writeFile } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import { masked } from "../engine/broker.ts";
import { amqpAnswers } from "../engine/topology/api.ts";
import { ApiError, ManagementApi, draw, endpointFromEnv, langFromEnv, readTopology } from "../engine/topology/index.ts";
import type { Lang } from "../engine/topology/index.ts";

const argv = yargs(hideBin(process.argv))
  .scriptName("npm run topology --")
  .usage(
    "$0 [--mermaid | --svg FILE] [--watch] [--exchange NAME]... [--queue NAME]...\n\n" +
      "Draws the exchanges, bindings, queues and consumers on the broker now, from its management API " +
      "(RABBITMQ_API_URL, or AMQP_URL's host and credentials on port 15672).",
  )
  .option("mermaid", { type: "boolean", describe: "print a Mermaid flowchart instead of the terminal drawing" })
  .option("svg", { type: "string", describe: "write an SVG drawing to this file", requiresArg: true })
  .option("watch", {
    type: "boolean",
    describe: "redraw once a second (the API updates message counts every few seconds)",
  })
  .option("exchange", { type: "string", array: true, describe: "only this exchange and the queues bound to it" })
  .option("queue", { type: "string", array: true, describe: "only this queue, with the exchanges that feed it" })
  .option("lang", { choices: ["en", "ru"] as const, describe: "language of the labels (default: from LANG)" })
  .option("stable", {
    type: "boolean",
    describe: "the same output for the same declarations: no server-made names, no counts",
  })
  .conflicts("mermaid", "svg")
  .conflicts("mermaid", "watch")
  .strict()
  .wrap(Math.min(110, process.stdout.columns || 110))
  .version(false)
  .help()
  .parseSync();

const amqpUrl = process.env.AMQP_URL || "amqp://localhost:5672";
const DOCKER = "docker run -it --rm --name rabbitmq -p 5672:5672 -p 15672:15672 rabbitmq:3-management";

/** One ERROR line, as the lab's scripts say it; no API and no broker either: say that the broker is down. */
async function fail(err: any): Promise<never> {
  let line = err instanceof ApiError ? err.message : String(err?.message ?? err).split("\n")[0];
  if (err instanceof ApiError && err.unreachable && !(await amqpAnswers(amqpUrl)))
    line = `cannot reach RabbitMQ at ${masked(amqpUrl)} nor its management API: start it with "${DOCKER}" or "rabbitmq-server", or set AMQP_URL`;
  console.error(`ERROR: ${line}`);
  process.exit(1);
}

let api: ManagementApi;
try {
  api = new ManagementApi(endpointFromEnv());
} catch (err) {
  await fail(err);
}
const lang: Lang = (argv.lang as Lang | undefined) ?? langFromEnv();
const filter = { exchanges: argv.exchange, queues: argv.queue };
const tty = process.stdout.isTTY === true && process.env.TERM !== "dumb";
const colour = tty && !process.env.NO_COLOR;
const options = { lang, stable: argv.stable, colour, id: "topology" };

/** One picture: the drawing, or where the SVG went. */
async function once(): Promise<string> {
  const topology = await readTopology(api, filter);
  if (argv.svg !== undefined) {
    await writeFile(argv.svg, `${draw(topology, "svg", options)}\n`);
    return `${argv.svg}: ${topology.exchanges.length} exchanges, ${topology.queues.length} queues, ${topology.consumers.length} consumers`;
  }
  return draw(topology, argv.mermaid ? "mermaid" : "terminal", options);
}

if (!argv.watch) {
  console.log(await once().catch(fail));
  process.exit(0);
}

// --watch: a fresh screen each second on a terminal; piped, a frame only when it changed.
const header = () =>
  `${api.where} · vhost ${api.endpoint.vhost} · ${new Date().toLocaleTimeString("en-GB")} · Ctrl+C stops`;
let previous = await once().catch(fail); // no API at all: say so once and stop
const stop = () => {
  if (tty) process.stdout.write("\x1b[?25h\n");
  process.exit(0);
};
process.once("SIGINT", stop).once("SIGTERM", stop);
process.stdout.on("error", () => process.exit(0)); // a closed pipe
if (tty) process.stdout.write("\x1b[?25l");
for (let first = true; ; first = false) {
  // The broker may restart while the student works: show the error and keep trying.
  const frame = first ? previous : await once().catch((err) => `ERROR: ${err.message}`);
  if (tty) process.stdout.write(`\x1b[H\x1b[2J${header()}\n\n${frame}\n`);
  else if (first || frame !== previous) process.stdout.write(`${first ? "" : "\n"}${header()}\n${frame}\n`);
  previous = frame;
  await sleep(1000);
}
