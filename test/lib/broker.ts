// The one way the tests, the demo and the benchmark find, reach and restart RabbitMQ.
//   1. AMQP_URL, if set;
//   2. else amqp://localhost:5672, if a broker answers there;
//   3. else a throw-away `rabbitmq:3-management` container, started with testcontainers.
// A runner that resolved the broker once (test/run.ts) hands it to its children in
// AMQP_URL and LAB_BROKER_CONTAINER, so they reuse the same broker instead of starting another.
import amqp, { type Channel, type ConfirmChannel } from "amqplib";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { setTimeout as sleep } from "node:timers/promises";

const run = promisify(execFile);
const LOCAL = "amqp://localhost:5672";
const IMAGE = "rabbitmq:3-management";

export type Broker = {
  url: string;
  /** How it was found, for one line of output. */
  how: string;
  /** The container's id when testcontainers started it. */
  container?: string;
  /** Stops the container, if this process started one. */
  dispose(): Promise<void>;
};

/** Masks the password of an AMQP URL. */
export const masked = (url: string) => url.replace(/\/\/([^:@/]*):[^@/]*@/, "//$1:****@");

/** Does a broker accept an AMQP connection at `url`? */
export async function answers(url: string, timeout = 3000): Promise<boolean> {
  try {
    const connection = await amqp.connect(url, { timeout });
    await connection.close();
    return true;
  } catch {
    return false;
  }
}

let found: Promise<Broker> | undefined;

export function findBroker(): Promise<Broker> {
  found ??= locate();
  return found;
}

async function locate(): Promise<Broker> {
  const none = async () => {};
  if (process.env.AMQP_URL) {
    const url = process.env.AMQP_URL;
    if (!(await answers(url, 10_000))) throw new Error(`AMQP_URL is set, but no broker answers at ${masked(url)}`);
    const container = process.env.LAB_BROKER_CONTAINER || undefined;
    return {
      url,
      how: container ? `container ${container.slice(0, 12)}` : `AMQP_URL (${masked(url)})`,
      container,
      dispose: none,
    };
  }
  if (await answers(LOCAL)) return { url: LOCAL, how: `local broker at ${LOCAL}`, dispose: none };
  try {
    const { RabbitMQContainer } = await import("@testcontainers/rabbitmq");
    const started = await new RabbitMQContainer(IMAGE).start();
    const url = started.getAmqpUrl();
    return {
      url,
      how: `testcontainers ${IMAGE} at ${url}`,
      container: started.getId(),
      dispose: async () => void (await started.stop()),
    };
  } catch (err: any) {
    throw new Error(
      [
        "No RabbitMQ to test against. Any one of these will do:",
        `  1. set AMQP_URL to a broker (amqp://user:password@host:5672)`,
        `  2. run one on localhost:5672: "docker run -it --rm --name rabbitmq -p 5672:5672 -p 15672:15672 ${IMAGE}" or "rabbitmq-server"`,
        `  3. have Docker running, so that testcontainers can start ${IMAGE} (it said: ${String(err.message).split("\n")[0]})`,
      ].join("\n"),
    );
  }
}

/** Can this broker be restarted from here? (rabbitmqctl on this machine, or its container) */
export async function canRestart(broker: Broker): Promise<boolean> {
  if (broker.container) return true;
  const host = new URL(broker.url).hostname;
  if (!["localhost", "127.0.0.1", "::1", "[::1]"].includes(host)) return false;
  // ping: is the node up, whether or not its app runs ("status" fails while another test run has
  // stopped the app for its own restart, which made this say no now and then).
  return run("rabbitmqctl", ["-q", "ping"]).then(
    () => true,
    () => false,
  );
}

/** Restarts the RabbitMQ application (durable queues and persistent messages stay) and waits until it answers. */
export async function restartBroker(broker: Broker): Promise<void> {
  const ctl = (...args: string[]) =>
    broker.container ? run("docker", ["exec", broker.container, "rabbitmqctl", ...args]) : run("rabbitmqctl", args);
  await ctl("stop_app");
  await ctl("start_app");
  for (let tries = 0; !(await answers(broker.url)); tries++) {
    if (tries > 100) throw new Error(`the broker did not come back after a restart`);
    await sleep(100);
  }
}

/**
 * Runs `fn` with a channel of its own for checks and clean-up (a confirm channel with `{ confirm: true }`),
 * then closes it. noDelay as in the lab scripts: with amqplib's default (Nagle on) a connect took ~50 ms, not ~5.
 */
export function withChannel<T>(broker: Broker, fn: (channel: amqp.Channel) => Promise<T>): Promise<T>;
export function withChannel<T>(
  broker: Broker,
  fn: (channel: amqp.ConfirmChannel) => Promise<T>,
  options: { confirm: true },
): Promise<T>;
export async function withChannel<T>(
  broker: Broker,
  fn: (channel: ConfirmChannel) => Promise<T>,
  options: { confirm: true },
): Promise<T>;
export async function withChannel<T>(broker: Broker, fn: (channel: Channel) => Promise<T>): Promise<T>;
export async function withChannel<T>(
  broker: Broker,
  fn: (channel: any) => Promise<T>,
  options: { confirm?: boolean } = {},
): Promise<T> {
  const connection = await amqp.connect(broker.url, { noDelay: true });
  connection.on("error", () => {});
  try {
    const channel = options.confirm ? await connection.createConfirmChannel() : await connection.createChannel();
    channel.on("error", () => {});
    const result = await fn(channel);
    await channel.close().catch(() => {}); // the channel first, so that what fn published is sent
    return result;
  } finally {
    await connection.close().catch(() => {});
  }
}
