// The lab's pika programs (engine/pika/*.py) and the TypeScript scripts on one broker: for every
// section that has them, a TypeScript sender to a pika receiver and a pika sender to a TypeScript
// receiver, with either one declaring the queue or exchange first. Any difference in the declarations
// (amqplib's defaults are not pika's) would fail the second declaration with 406 PRECONDITION_FAILED.
import assert from "node:assert/strict";
import type { Command, Scenario, Section } from "../section.ts";
import type { Context } from "../context.ts";
import { PYTHON, Script } from "../proc.ts";
import { assertClean, refusedByRabbitMQ4 } from "../expect.ts";

type Side = "TypeScript" | "pika";
const SIDES: Side[] = ["TypeScript", "pika"];
const other = (side: Side): Side => (side === "pika" ? "TypeScript" : "pika");

/** A section that has the interop cases. */
type Paired = Section & Required<Pick<Section, "interop">>;

/** The section's sender or receiver on one side: the pika program runs with the TypeScript script's arguments. */
function program({ interop, ...section }: Paired, role: "sender" | "receiver", side: Side): Command {
  const { script, args } = section[role];
  return { script: side === "pika" ? `engine/pika/${interop[role]}` : script, args };
}

/** Why the pika programs cannot run here, if they cannot (asked once). */
let pikaCheck: Promise<string | undefined> | undefined;
function noPika(): Promise<string | undefined> {
  pikaCheck ??= (async () => {
    const check = new Script("pika check", "engine/pika/check_pika.py");
    const exit = await check.exited.catch((err) => ({ code: String(err.message) }));
    if (exit.code === 0) return undefined;
    const said = check.stderr().at(-1) ?? exit.code;
    return `the interop tests need Python with pika at ${PYTHON} (set PYTHON, or apt-get install python3-pika): ${said}`;
  })();
  return pikaCheck;
}

async function sendFrom(ctx: Context, section: Paired, side: Side) {
  const { script, args } = program(section, "sender", side);
  assertClean(await ctx.run(`${side} sender`, script, args), [`SENT: ${section.interop.sent}`]);
}

const interop = (section: Paired, senderSide: Side, senderFirst: boolean): Scenario => {
  const receiverSide = other(senderSide);
  const [first, second] = senderFirst ? (["sender", "receiver"] as const) : (["receiver", "sender"] as const);
  const { sent, pikaReceived, kept } = section.interop;
  const printed = receiverSide === "pika" && pikaReceived ? pikaReceived : `RECEIVED: ${sent}`;
  // On RabbitMQ 4, where the section has `onRabbitMQ4`: the first and the second are refused alike.
  const sides = { sender: senderSide, receiver: receiverSide };
  const refused = [first, second].map((role) => program(section, role, sides[role]));
  return {
    title: `${section.id}: ${senderSide} sender → ${receiverSide} receiver, the ${first} declares first, the ${second} agrees`,
    queues: section.queues,
    exchanges: section.exchanges,
    unavailable: noPika,
    onRabbitMQ4: section.onRabbitMQ4 && refusedByRabbitMQ4(section.onRabbitMQ4.refuses, refused),
    async run(ctx) {
      if (senderFirst) await sendFrom(ctx, section, senderSide);
      const { script, args } = program(section, "receiver", receiverSide);
      const receiver = await ctx.consumer(`${receiverSide} receiver`, script, args);
      await sendFrom(ctx, section, senderSide);
      const times = senderFirst && kept ? 2 : 1; // a message sent before there was a queue is gone
      await receiver.waitFor(printed, { times });
      assert.equal(receiver.count(/^RECEIVED: /), times, "no other message");
      assert.deepEqual(receiver.stderr(), [], "nothing on the receiver's stderr");
    },
  };
};

/** The interop cases of every section that has `interop`. */
export function interopCases(sections: Section[]): Scenario[] {
  return sections
    .filter((section): section is Paired => section.interop !== undefined)
    .flatMap((section) => SIDES.flatMap((side) => [interop(section, side, false), interop(section, side, true)]));
}
