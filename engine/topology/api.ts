// The RabbitMQ management HTTP API, read with Node's own fetch. Where it is: RABBITMQ_API_URL
// (e.g. http://user:password@host:15672), else AMQP_URL's host and credentials on port 15672
// (15671 for amqps), else http://localhost:15672 as guest. Every failure is an ApiError whose
// message is one line that says what to do.
import { connect } from "node:net";
import { masked } from "../broker.ts";
import type { Snapshot } from "./model.ts";
import { isBuiltIn } from "./model.ts";

export class ApiError extends Error {
  /** Nothing answered at the API's address (as opposed to an answer that says no). */
  readonly unreachable: boolean;
  constructor(message: string, { unreachable = false } = {}) {
    super(message);
    this.unreachable = unreachable;
  }
}

export type Endpoint = {
  /** The API's base, e.g. http://localhost:15672/api (no credentials in it). */
  base: string;
  user: string;
  password: string;
  /** The virtual host: AMQP_URL's path ("/" when it has none). */
  vhost: string;
};

const ENABLE =
  'enable it with "rabbitmq-plugins enable rabbitmq_management" (no restart needed), or run the image with it: ' +
  '"docker run -it --rm --name rabbitmq -p 5672:5672 -p 15672:15672 rabbitmq:3-management"; ' +
  "or point RABBITMQ_API_URL at it";

export function endpointFromEnv(env: NodeJS.ProcessEnv = process.env): Endpoint {
  let amqp: URL;
  try {
    amqp = new URL(env.AMQP_URL || "amqp://localhost:5672");
  } catch {
    throw new ApiError(`AMQP_URL is not a URL: ${masked(env.AMQP_URL ?? "")}`);
  }
  const path = decodeURIComponent(amqp.pathname.replace(/^\//, ""));
  const vhost = path || "/";
  let api: URL;
  if (env.RABBITMQ_API_URL) {
    try {
      api = new URL(env.RABBITMQ_API_URL);
    } catch {
      throw new ApiError(`RABBITMQ_API_URL is not a URL: ${masked(env.RABBITMQ_API_URL)}`);
    }
  } else {
    const tls = amqp.protocol === "amqps:";
    api = new URL(`${tls ? "https" : "http"}://${amqp.hostname.includes(":") ? `[${amqp.hostname}]` : amqp.hostname}`);
    api.port = tls ? "15671" : "15672";
  }
  const user = decodeURIComponent(api.username || amqp.username) || "guest";
  const password = decodeURIComponent(api.password || amqp.password) || "guest";
  api.username = api.password = "";
  const base = `${api.origin}${api.pathname.replace(/\/+$/, "").replace(/\/api$/, "")}/api`;
  return { base, user, password, vhost };
}

/** Does anything accept a TCP connection at the AMQP URL's host and port? (Is the broker up at all?) */
export function amqpAnswers(amqpUrl: string, timeout = 2000): Promise<boolean> {
  const url = new URL(amqpUrl);
  const port = Number(url.port) || (url.protocol === "amqps:" ? 5671 : 5672);
  return new Promise((resolve) => {
    const socket = connect({ host: url.hostname.replace(/^\[|\]$/g, ""), port, timeout });
    const done = (ok: boolean) => (socket.destroy(), resolve(ok));
    socket
      .once("connect", () => done(true))
      .once("error", () => done(false))
      .once("timeout", () => done(false));
  });
}

export class ManagementApi {
  readonly endpoint: Endpoint;
  private readonly auth: string;
  constructor(endpoint: Endpoint) {
    this.endpoint = endpoint;
    this.auth = `Basic ${Buffer.from(`${endpoint.user}:${endpoint.password}`).toString("base64")}`;
  }

  /** Where it is, for messages: http://guest@localhost:15672/api. */
  get where(): string {
    const url = new URL(this.endpoint.base);
    url.username = this.endpoint.user;
    return url.href.replace(/\/$/, "");
  }

  async get<T>(path: string, timeout = 5000): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.endpoint.base}${path}`, {
        headers: { authorization: this.auth, accept: "application/json" },
        signal: AbortSignal.timeout(timeout),
      });
    } catch (err: any) {
      const cause = err?.cause;
      const code =
        err?.name === "TimeoutError"
          ? `no answer in ${timeout / 1000} s`
          : (cause?.code ?? cause?.errors?.[0]?.code ?? cause?.message ?? err?.message);
      throw new ApiError(`no RabbitMQ management API at ${this.where} (${code}): ${ENABLE}`, { unreachable: true });
    }
    const body = await response.text();
    let json: any;
    try {
      json = JSON.parse(body);
    } catch {
      throw new ApiError(`${this.where} answered ${response.status} but not as the RabbitMQ management API: ${ENABLE}`);
    }
    if (response.status === 401)
      throw new ApiError(
        `the management API at ${this.where} refused the login (${json.reason ?? "401"}): check the user and password in AMQP_URL or RABBITMQ_API_URL`,
      );
    if (response.status === 403)
      throw new ApiError(
        `the management API at ${this.where} refused ${this.endpoint.user} (${json.reason ?? "403"}): the user needs the "management" tag and access to the virtual host`,
      );
    if (response.status === 404 && path.includes(encodeURIComponent(this.endpoint.vhost)))
      throw new ApiError(
        `the broker at ${this.where} has no virtual host "${this.endpoint.vhost}" (the path of AMQP_URL names it)`,
      );
    if (response.status === 404) throw new ApiError(`the management API at ${this.where} has no ${path}`);
    if (!response.ok)
      throw new ApiError(`the management API at ${this.where} answered ${response.status}: ${json.reason ?? body}`);
    return json as T;
  }

  private vh(path: string) {
    return `/${path}/${encodeURIComponent(this.endpoint.vhost)}`;
  }

  /** Everything the drawings need, read at once. `exchanges`: which exchanges' publishers to ask for
   * (only where the API keeps them: rates_mode detailed); default all but the built-in ones. */
  async snapshot(exchanges?: string[]): Promise<Snapshot> {
    const [overview, ex, queues, bindings, consumers, channels] = await Promise.all([
      this.get<{ rates_mode?: string }>("/overview"),
      this.get<Snapshot["exchanges"]>(this.vh("exchanges")),
      this.get<Snapshot["queues"]>(this.vh("queues")),
      this.get<Snapshot["bindings"]>(this.vh("bindings")),
      this.get<Snapshot["consumers"]>(this.vh("consumers")),
      this.get<Snapshot["channels"]>(`/vhosts/${encodeURIComponent(this.endpoint.vhost)}/channels`),
    ]);
    const snapshot: Snapshot = { vhost: this.endpoint.vhost, exchanges: ex, queues, bindings, consumers, channels };
    if (overview.rates_mode === "detailed") {
      const names = exchanges ?? ex.map((e) => e.name).filter((name) => !isBuiltIn(name));
      const details = await Promise.all(
        names.map((name) =>
          this.get<{ incoming?: NonNullable<Snapshot["incoming"]>[string] }>(
            `${this.vh("exchanges")}/${encodeURIComponent(name)}`,
          ).catch(() => ({ incoming: [] })),
        ),
      );
      snapshot.incoming = Object.fromEntries(names.map((name, i) => [name, details[i].incoming ?? []]));
    }
    return snapshot;
  }
}
