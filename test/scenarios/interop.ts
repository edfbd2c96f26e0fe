// The lab's pika programs (test/interop/*.py) and the TypeScript scripts on one broker: for every
// part, a TypeScript sender to a pika receiver and a pika sender to a TypeScript receiver, with
// either one declaring the queue or exchange first. Any difference in the declarations (amqplib's
// defaults are not pika's) would fail the second declaration with 406 PRECONDITION_FAILED.
import assert from "node:assert/strict";
import type { Context, Scenario } from "../lib/scenario.ts";
import { PYTHON, Script } from "../lib/proc.ts";
import { assertClean } from "../lib/expect.ts";

type Side = "TypeScript" | "pika";
type Program = { script: Record<Side, string>; args: string[] };
type Part = {
  part: string;
  queues?: string[];
  exchanges?: string[];
  /** Does a message sent before the receiver started wait for it? (a queue: yes; an exchange: dropped) */
  kept: boolean;
  sender: Program;
  receiver: Program;
  /** What the sender prints after "SENT: ", and what each receiver prints for it. */
  sent: string;
  received: Record<Side, string>;
};

const program = (ts: string, py: string, args: string[] = []): Program => ({
  script: { TypeScript: ts, pika: `test/interop/${py}` },
  args,
});
const same = (line: string): Record<Side, string> => ({ TypeScript: line, pika: line });

const PARTS: Part[] = [
  {
    part: "part1",
    queues: ["awesome_queue"],
    kept: true,
    sender: program("part1/send.ts", "part1_send.py"),
    receiver: program("part1/receive.ts", "part1_receive.py"),
    sent: "My first message",
    // The lab's receiver prints the body as Python bytes.
    received: { TypeScript: "RECEIVED: My first message", pika: "RECEIVED: b'My first message'" },
  },
  {
    part: "part2",
    queues: ["task_queue"],
    kept: true,
    sender: program("part2/send.ts", "part2_send.py", ["Interop task"]),
    receiver: program("part2/worker.ts", "part2_worker.py"),
    sent: "Interop task",
    received: same("RECEIVED: Interop task"),
  },
  {
    part: "part3",
    exchanges: ["logs"],
    kept: false,
    sender: program("part3/send.ts", "part3_send.py", ["Interop", "log"]),
    receiver: program("part3/receive.ts", "part3_receive.py"),
    sent: "Interop log",
    received: same("RECEIVED: Interop log"),
  },
  {
    part: "part4",
    exchanges: ["direct_logs"],
    kept: false,
    sender: program("part4/send.ts", "part4_send.py", ["warning", "Interop", "log"]),
    receiver: program("part4/receive.ts", "part4_receive.py", ["warning", "error"]),
    sent: "warning: Interop log",
    received: same("RECEIVED: warning: Interop log"),
  },
  {
    part: "part5",
    exchanges: ["topic_logs"],
    kept: false,
    sender: program("part5/send.ts", "part5_send.py", ["stock.usa.usd", "Interop", "quote"]),
    receiver: program("part5/receive.ts", "part5_receive.py", ["*.usa.*", "stock.#"]),
    sent: "stock.usa.usd: Interop quote",
    received: same("RECEIVED: stock.usa.usd: Interop quote"),
  },
];

/** Why the pika programs cannot run here, if they cannot (asked once). */
let pikaCheck: Promise<string | undefined> | undefined;
function noPika(): Promise<string | undefined> {
  pikaCheck ??= (async () => {
    const check = new Script("pika check", "test/interop/check_pika.py");
    const exit = await check.exited.catch((err) => ({ code: String(err.message) }));
    if (exit.code === 0) return undefined;
    const said = check.stderr().at(-1) ?? exit.code;
    return `the interop tests need Python with pika at ${PYTHON} (set PYTHON, or apt-get install python3-pika): ${said}`;
  })();
  return pikaCheck;
}

async function send(ctx: Context, part: Part, side: Side) {
  const script = part.sender.script[side];
  assertClean(await ctx.run(`${side} sender`, script, part.sender.args), [`SENT: ${part.sent}`]);
}

const interop = (part: Part, senderSide: Side, senderFirst: boolean): Scenario => {
  const receiverSide: Side = senderSide === "pika" ? "TypeScript" : "pika";
  const [first, second] = senderFirst ? ["sender", "receiver"] : ["receiver", "sender"];
  return {
    section: part.part,
    title: `${part.part}: ${senderSide} sender → ${receiverSide} receiver, the ${first} declares first, the ${second} agrees`,
    queues: part.queues,
    exchanges: part.exchanges,
    unavailable: noPika,
    async run(ctx) {
      if (senderFirst) await send(ctx, part, senderSide);
      const receiver = await ctx.consumer(
        `${receiverSide} receiver`,
        part.receiver.script[receiverSide],
        part.receiver.args,
      );
      await send(ctx, part, senderSide);
      const times = senderFirst && part.kept ? 2 : 1; // a message sent before there was a queue is gone
      await receiver.waitFor(part.received[receiverSide], { times });
      assert.equal(receiver.count(/^RECEIVED: /), times, "no other message");
      assert.deepEqual(receiver.stderr(), [], "nothing on the receiver's stderr");
    },
  };
};

export const interopScenarios: Scenario[] = PARTS.flatMap((part) =>
  (["TypeScript", "pika"] as Side[]).flatMap((side) => [interop(part, side, false), interop(part, side, true)]),
);
