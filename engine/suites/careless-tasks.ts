// What a careless student does with the task scripts, and the order of a receiver's lines: the options end at the
// message, each task script says first what it uses, and "Waiting for messages..." comes before a message already
// queued (issue 17's items 7-10). Part of the careless suite (carelessCases in careless.ts).
import assert from "node:assert/strict";
import type { Scenario, Section } from "../section.ts";
import { assertClean, refusedByRabbitMQ4, results, take } from "../expect.ts";

const shown = (argv: string[]) => JSON.stringify(argv);

/** A task script's options come before the message and only they: from the first other word on, every word is the
 * message, "--help" and a trailing "--" too (variant 3 sleeps a second per "-"). */
const TASK_WORDS: { argv: string[]; sent: string }[] = [
  { argv: ["Task", "--"], sent: "Task --" },
  { argv: ["Task", "--", "x"], sent: "Task -- x" },
  { argv: ["How", "to", "--help"], sent: "How to --help" },
  { argv: ["A", "--variant", "1"], sent: "A --variant 1" },
];
const taskWords = ({ argv, sent }: (typeof TASK_WORDS)[number]): Scenario => ({
  title: `tasks/task2/send.ts --variant 3 ${shown(argv)}: the options end at the message, it sends ${JSON.stringify(sent)}`,
  queues: ["task2_topic_queue"],
  exchanges: ["task2_topic"],
  async run(ctx) {
    assertClean(await ctx.run("send", "tasks/task2/send.ts", ["--variant", "3", ...argv]), [`SENT: ${sent}`]);
    assert.equal(await take(ctx, "task2_topic_queue"), sent);
  },
});

/** Each task script says first what it uses: its variant (from --variant, or the ticket's number by the lab's rule:
 * its last digit % 3, 0 is 3) and the names, so a typo (`--group inbo 04`) shows at once. */
const ME = ["--group", "inbo-04", "--surname", "careless"];
const VARIANT_LINES: { script: string; argv: string[]; says: string; queues: string[]; exchanges?: string[] }[] = [
  {
    script: "tasks/task1/receive.ts",
    argv: ["--ticket", "17", ...ME],
    says: "INFO: variant 1: queue inbo-04_careless (exclusive)",
    queues: ["inbo-04_careless"],
  },
  {
    script: "tasks/task1/send.ts",
    argv: ["--ticket", "12", ...ME, "Kept"],
    says: "INFO: variant 2: queue inbo-04_careless (durable), persistent messages",
    queues: ["inbo-04_careless"],
  },
  {
    script: "tasks/task2/send.ts",
    argv: ["--ticket", "30", "Task --"],
    says: "INFO: variant 3 (- topic, persistent tasks): exchange task2_topic → queue task2_topic_queue, key task.heavy",
    queues: ["task2_topic_queue"],
    exchanges: ["task2_topic"],
  },
  {
    script: "tasks/task2/worker.ts",
    argv: ["--variant", "1"],
    says: 'INFO: variant 1 (# fanout): exchange task2_fanout → queue task2_fanout_queue, binding ""',
    queues: ["task2_fanout_queue"],
    exchanges: ["task2_fanout"],
  },
];
const variantLine = ({ script, argv, says, queues, exchanges }: (typeof VARIANT_LINES)[number]): Scenario => ({
  title: `${script} ${argv.join(" ")}: first says ${JSON.stringify(says)}`,
  queues,
  exchanges,
  async run(ctx) {
    const started = ctx.start(script, script, argv);
    await started.waitFor(/^(SENT|Waiting for messages)/);
    assert.equal(started.stdout()[0], says);
    assert.equal(started.count(/^INFO: variant/), 1, "once");
  },
});

/** A message already waiting when a receiver starts comes after its "Waiting for messages...", as in pika. */
const waitingFirst = ({ id, sender, receiver, queues, exchanges, onRabbitMQ4 }: Section): Scenario => ({
  title: `${receiver.script}: a message already in the queue is RECEIVED after "Waiting for messages...", as in pika`,
  queues,
  exchanges,
  onRabbitMQ4: onRabbitMQ4 && refusedByRabbitMQ4(onRabbitMQ4.refuses, [receiver, sender]),
  async run(ctx) {
    if (id !== "part1") await ctx.consumer("declare", receiver.script, receiver.args).then((r) => r.stop("SIGINT"));
    assertClean(await ctx.run("send", sender.script, sender.args));
    const started = await ctx.consumer("receive", receiver.script, receiver.args);
    await started.waitFor(/^RECEIVED: /);
    const lines = results(started.stdout());
    assert.equal(lines[0], "Waiting for messages...", `first: ${lines.join(" | ")}`);
  },
});

/** These cases, over the sections' facts. */
export function taskCases(sections: Section[]): Scenario[] {
  return [
    ...TASK_WORDS.map(taskWords),
    ...VARIANT_LINES.map(variantLine),
    ...sections.filter(({ id }) => ["part1", "part2", "task1"].includes(id)).map(waitingFirst),
  ];
}
