// What a scenario runs with: the broker, and the one way to start the lab's scripts against it (every
// script it starts gets AMQP_URL), its channels and probes; stopped when the scenario ends (engine/scenario.ts).
import type { Channel } from "amqplib";
import { isRabbitMQ4, nodeBroker, withChannel, withConfirmChannel, type Broker } from "./broker.ts";
import { Script, type Line } from "./proc.ts";
import { startNode, type RabbitNode } from "./rabbitmq/node.ts";
import { WAITING } from "./lines.ts";

/** How long a receiver or worker may take to say it is consuming (Context.consumer). */
const CONSUMER_START = 45_000;

/** The body of a check's own message (Context.routes): the demo marks it wherever a script prints it. */
export const PROBE = "probe";

export type Hooks = {
  /** A script started (the demo prints its lines). */
  started?(script: Script): void;
  /** A step worth narrating; `probe`: it sends a message of the check's own, not one of the lab's. */
  step?(text: string, probe?: boolean): void;
};

export class Context {
  readonly broker: Broker;
  private readonly hooks: Hooks;
  private readonly scripts: Script[] = [];

  constructor(broker: Broker, hooks: Hooks = {}) {
    this.broker = broker;
    this.hooks = hooks;
  }

  /** Starts a lab script (path from the project root) against the scenario's broker; `env` overrides (e.g. a bad AMQP_URL). */
  start(label: string, script: string, args: string[] = [], env: Record<string, string> = {}): Script {
    const started = new Script(label, script, args, { AMQP_URL: this.broker.url, ...env });
    this.scripts.push(started);
    this.hooks.started?.(started);
    return started;
  }

  /** Starts a script and waits for it to exit: for senders and bad input. */
  async run(label: string, script: string, args: string[] = [], env: Record<string, string> = {}) {
    const started = this.start(label, script, args, env);
    const exit = await started.exited;
    return { ...exit, stdout: started.stdout(), stderr: started.stderr(), lines: started.lines as Line[] };
  }

  /** Starts a receiver or worker and waits until it says it is consuming. */
  async consumer(
    label: string,
    script: string,
    args: string[] = [],
    env: Record<string, string> = {},
  ): Promise<Script> {
    const started = this.start(label, script, args, env);
    // A script that fails exits, and that fails the wait at once; a slow start is no failure: tsx transforms the
    // script at every start, and on a loaded 2-core machine (the runtimes' matrix beside other runs) it took > 15 s.
    await started.waitFor(WAITING, { timeout: CONSUMER_START });
    return started;
  }

  step(text: string, probe = false) {
    this.hooks.step?.(text, probe);
  }

  /** Runs `fn` on a RabbitMQ node of the scenario's own (for kill -9 and stop_app, which must not hit a
   * broker that others use), with a Context of its own; stops its scripts, then the node, whatever happens. */
  async onOwnNode<T>(fn: (ctx: Context, node: RabbitNode) => Promise<T>): Promise<T> {
    this.step("starting a RabbitMQ node of our own");
    const node = await startNode({ kind: isRabbitMQ4(this.broker) ? "4.3" : "3" }); // the scenario's RabbitMQ
    const own = new Context(nodeBroker(node), this.hooks);
    try {
      return await fn(own, node);
    } finally {
      await own.stopAll();
      await node.stop();
    }
  }

  async restartBroker() {
    if (!this.broker.restart) throw new Error(`${this.broker.how} cannot be restarted from here`);
    this.step("restarting the broker (stop_app, start_app)");
    await this.broker.restart();
  }

  /** A fresh channel for one check; a failed check closes only its own channel. */
  channel<T>(fn: (channel: Channel) => Promise<T>): Promise<T> {
    return withChannel(this.broker, fn);
  }

  /** The queue's ready message count, or undefined if it does not exist. */
  queueDepth(queue: string): Promise<number | undefined> {
    return this.channel((ch) => ch.checkQueue(queue).then((ok) => ok.messageCount)).catch(() => undefined);
  }

  /** Does a message with this routing key reach any queue through `exchange`? (mandatory publish) */
  routes(exchange: string, routingKey: string): Promise<boolean> {
    this.step(
      `probe: "${PROBE}" to ${exchange ? `"${exchange}"` : "the default exchange"}, key "${routingKey}", mandatory`,
      true,
    );
    return withConfirmChannel(this.broker, async (channel) => {
      let returned = false;
      channel.on("return", () => (returned = true));
      channel.publish(exchange, routingKey, Buffer.from(PROBE), { mandatory: true });
      // The broker returns an unroutable message before it confirms it. (Not before it answers a
      // channel close: amqplib drops every frame but close-ok once it is closing.)
      await channel.waitForConfirms();
      return !returned;
    });
  }

  /** Stops every script still running (SIGKILL: the scenario is over). */
  async stopAll() {
    await Promise.all(this.scripts.map((script) => script.stop("SIGKILL")));
  }
}
