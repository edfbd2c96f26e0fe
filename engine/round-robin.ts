// Preloaded into the real part2/worker.ts for the bench's "round robin" run (never used by the lab):
//   - channel.prefetch(n) becomes prefetch(0): no limit, the broker's default, so it deals the
//     tasks out in turn, whoever is busy;
//   - the consume callback runs one message at a time, as pika's blocking callback does. Without
//     this amqplib would start every delivered task at once (the "work" is an async sleep), which
//     is not what the lab's round robin shows.
// With prefetch 1 neither change matters (one unacked task at a time), so the worker is otherwise
// the same file.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);
// amqplib's package exports hide lib/, so load the very file it loads itself, by path.
const { Channel } = require(join(dirname(require.resolve("amqplib")), "lib/channel_model.js"));

Channel.prototype.prefetch = function (this: any) {
  return this.qos(0);
};

const consume = Channel.prototype.consume;
Channel.prototype.consume = function (
  this: any,
  queue: string,
  onMessage: (msg: unknown) => unknown,
  options: unknown,
) {
  let previous: Promise<unknown> = Promise.resolve();
  const inTurn = (msg: unknown) => {
    previous = previous.then(() => onMessage(msg));
  };
  return consume.call(this, queue, inTurn, options);
};
