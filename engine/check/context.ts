// What a check of a student's programs runs with (`npm run check`, engine/check/plans.ts): the broker and its state,
// the student's command lines, started the lab's way (sh, their arguments after them, AMQP_URL, AMQP_HOST and
// AMQP_PORT set for those that read them) each in a process group of its own with a bound on its time and output,
// and the verdicts. A program that hangs, crashes, floods its output or never connects fails its check within the
// bound; whatever it started is ended with it.
import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { withChannel, withConfirmChannel, type Broker } from "../broker.ts";
import { Script, type Line } from "../proc.ts";
import { consumerKey, State, Stop, type Consumer } from "./state.ts";
import type { Lang } from "../topology/labels.ts";
import type { TranscriptLine } from "../topology/report.ts";

/** How long a sender may take to end, and a receiver or worker to show up on the broker as a consumer, by default
 * (`npm run check -- --timeout S`): a cold `npx tsx` start on a loaded machine takes seconds. */
export const BOUND = 30_000;
/** How long after Ctrl+C (SIGINT) a receiver may take to end before it is killed. */
const STOP_BOUND = 5_000;
/** The lines kept of each program's output: more is counted, not kept. */
const MAX_LINES = 2_000;

export type Role = "send" | "receive";
export type Status = "pass" | "fail" | "not run";
export type Verdict = { id: string; title: string; status: Status; expected: string; seen: string };
/** A line of the run (the demo's page's TranscriptLine): `label` is the program's; none is the check's own. */
export type Said = TranscriptLine & { kind: NonNullable<TranscriptLine["kind"]> };

export { Stop };

/** A word no program would print by chance: a message's mark, found in a receiver's output whatever its format.
 * Letters and digits only: no sleep symbol (. # * -) and no routing-key dot in it. */
export const token = () => `m${randomBytes(5).toString("hex")}`;

const fmt = (said: Line[]) =>
  said
    .slice(-6)
    .map((l) => (l.stream === "stderr" ? `! ${l.text}` : l.text).slice(0, 200))
    .join(" | ") || "nothing";

export class CheckContext {
  readonly state: State;
  readonly verdicts: Verdict[] = [];
  readonly transcript: Said[] = [];
  private readonly started: Script[] = [];
  /** When each kept line of each program was read. */
  private readonly heard = new Map<Script, { at: number; text: string }[]>();
  private readonly t0 = Date.now();

  readonly broker: Broker & Required<Pick<Broker, "ctl">>;
  readonly programs: Record<Role, string>;
  readonly lang: Lang;
  readonly cwd: string;
  private readonly say: (line: Said) => void;
  /** BOUND, or what --timeout says. */
  bound = BOUND;

  constructor(
    broker: Broker & Required<Pick<Broker, "ctl">>,
    programs: Record<Role, string>,
    lang: Lang,
    cwd: string,
    say: (line: Said) => void = () => {},
  ) {
    this.broker = broker;
    this.programs = programs;
    this.lang = lang;
    this.cwd = cwd;
    this.say = say;
    this.state = new State(broker);
  }

  /** The text in the check's language. */
  t(en: string, ru: string) {
    return this.lang === "ru" ? ru : en;
  }

  note(text: string, kind: Said["kind"] = "step", label?: string, failed?: boolean) {
    const line: Said = { at: Date.now() - this.t0, text, kind, label, failed };
    this.transcript.push(line);
    this.say(line);
  }

  verdict(id: string, title: string, ok: boolean, expected: string, seen: string) {
    const v: Verdict = { id, title, status: ok ? "pass" : "fail", expected, seen };
    this.verdicts.push(v);
    this.note(`${ok ? "✓" : "✗"} ${id}: ${seen}`, "result", undefined, !ok);
  }

  notRun(id: string, title: string, expected: string, why: string) {
    this.verdicts.push({ id, title, status: "not run", expected, seen: why });
  }

  /** Starts the student's `role` program with `args` after its command line. */
  start(role: Role, label: string, args: string[] = []): Script {
    if (this.closed) throw new Stop(this.t("the check was stopped", "проверка остановлена"));
    const { hostname, port } = new URL(this.broker.url);
    const env = { AMQP_URL: this.broker.url, AMQP_HOST: hostname || "localhost", AMQP_PORT: port || "5672" };
    const script = new Script(label, this.programs[role], args, env, {
      shell: true,
      maxLines: MAX_LINES,
      cwd: this.cwd,
    });
    this.started.push(script);
    this.note(
      `$ ${this.programs[role]} ${args.map((a) => (/^[\w.@%+=:,/-]+$/.test(a) ? a : `'${a}'`)).join(" ")}`.trim(),
      "command",
      label,
    );
    const heard: { at: number; text: string }[] = [];
    this.heard.set(script, heard);
    script.onLine((line) => {
      if (heard.length >= MAX_LINES) return;
      heard.push({ at: Date.now(), text: line.text });
      this.note(line.text, line.stream, label);
    });
    return script;
  }

  /** Runs a sender to its end within the bound (a hang is killed): undefined if it ended with exit 0, else why not. */
  async tryToSend(label: string, args: string[]): Promise<string | undefined> {
    const script = this.start("send", label, args);
    const exit = await Promise.race([script.exited, sleep(this.bound).then(() => undefined)]);
    if (!exit) {
      await script.stop("SIGKILL");
      return this.t(
        `${label} did not end within ${this.bound / 1000} s (killed); it printed: ${fmt(script.lines)}`,
        `${label} не завершился за ${this.bound / 1000} с (остановлен); вывод: ${fmt(script.lines)}`,
      );
    }
    if (exit.code !== 0)
      return this.t(
        `${label} exited with ${exit.signal ?? exit.code}; it printed: ${fmt(script.lines)}`,
        `${label} завершился с кодом ${exit.signal ?? exit.code}; вывод: ${fmt(script.lines)}`,
      );
  }

  /** Runs a sender to its end within the bound; one that hangs, crashes or fails stops the step. */
  async send(label: string, args: string[]): Promise<void> {
    const failed = await this.tryToSend(label, args);
    if (failed) throw new Stop(failed);
  }

  /** Starts a receiver or worker and waits until the broker shows its consumers (new since it started). */
  async consumer(label: string, args: string[] = []): Promise<{ script: Script; consumers: Consumer[] }> {
    const before = new Set((await this.state.consumers()).map(consumerKey));
    const script = this.start("receive", label, args);
    const deadline = Date.now() + this.bound;
    let exited = false;
    script.exited.then(() => (exited = true));
    while (Date.now() < deadline && !exited) {
      const mine = (await this.state.consumers()).filter((c) => !before.has(consumerKey(c)));
      if (mine.length) return { script, consumers: mine };
      await sleep(200);
    }
    await script.stop("SIGKILL");
    const why = exited
      ? this.t("it exited", "он завершился")
      : this.t(`not within ${this.bound / 1000} s (killed)`, `за ${this.bound / 1000} с (остановлен)`);
    throw new Stop(
      this.t(
        `${label} never consumed from a queue: ${why}; it printed: ${fmt(script.lines)}`,
        `${label} так и не подписался на очередь: ${why}; вывод: ${fmt(script.lines)}`,
      ),
    );
  }

  /** Ctrl+C, as a student stops a receiver; killed if it does not end within the bound. */
  async stop(script: Script): Promise<void> {
    const ended = await Promise.race([script.stop("SIGINT"), sleep(STOP_BOUND).then(() => undefined)]);
    if (!ended) await script.stop("SIGKILL");
  }

  /** A broker restart under way: an abort waits for it, then cleans up. */
  restarting: Promise<void> | undefined;

  /** Restarts the broker (stop_app, start_app) and waits until it answers. */
  async restart(): Promise<void> {
    this.restarting = this.broker.restart!();
    await this.restarting;
  }

  /** Ended (Ctrl+C, or the check is over): no program starts any more. */
  private closed = false;

  /** Ends every program still running, with its process group; none starts after. */
  async stopAll() {
    this.closed = true;
    await Promise.all(this.started.map((script) => script.stop("SIGKILL")));
  }

  /** How many of the program's output lines contain `mark`. */
  seen(script: Script, mark: string) {
    return (this.heard.get(script) ?? []).filter((line) => line.text.includes(mark)).length;
  }

  /** When the program first printed a line containing `mark`. */
  firstAt(script: Script, mark: string): number | undefined {
    return this.heard.get(script)?.find((line) => line.text.includes(mark))?.at;
  }

  /** Waits until `done` holds (polled), at most `ms`. */
  async until(done: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      if (await done()) return true;
      await sleep(100);
    }
    return done();
  }

  /** The queue's ready count from AMQP (cheap), or undefined if it is gone. */
  depth(queue: string): Promise<number | undefined> {
    return withChannel(this.broker, (ch) => ch.checkQueue(queue)).then(
      (ok) => ok.messageCount,
      () => undefined,
    );
  }

  /** The messages in `queue` (body, delivery mode), read without taking them (unacked, then back in the queue). */
  peek(queue: string, count: number): Promise<{ body: string; mode?: number }[]> {
    return withChannel(this.broker, async (ch) => {
      const got: { body: string; mode?: number }[] = [];
      for (let i = 0; i < count; i++) {
        const msg = await ch.get(queue);
        if (!msg) break;
        got.push({ body: msg.content.toString(), mode: msg.properties.deliveryMode });
      }
      return got; // closing the channel puts them back
    });
  }

  /** The check's own messages straight into `queue` (the default exchange), confirmed; resolves with the time of the first confirm. */
  probe(queue: string, bodies: string[]): Promise<number> {
    this.note(
      this.t(
        `probe: ${bodies.length} message(s) of the check's own straight into ${queue}`,
        `проба: ${bodies.length} сообщ. проверки прямо в ${queue}`,
      ),
    );
    return withConfirmChannel(this.broker, async (ch) => {
      let first = 0;
      for (const body of bodies) {
        ch.sendToQueue(queue, Buffer.from(body));
        await ch.waitForConfirms();
        first ||= Date.now();
      }
      return first;
    });
  }

  /** Deletes a queue or an exchange (what the check's programs created). */
  async remove(kind: "queue" | "exchange", name: string) {
    await withChannel(this.broker, (ch) => (kind === "queue" ? ch.deleteQueue(name) : ch.deleteExchange(name))).catch(
      () => {},
    );
  }
}
