// The bench takes the harness's lock (engine/lock.ts) for every broker name it touches, so it
// never runs into a test that uses the same names; it adds up the time spent waiting for it, so the
// total run time can be told apart from the time that tests running beside it held the names.
import type { Broker } from "./broker.ts";
import { withLock } from "./lock.ts";

export const lockWait = { ms: 0 };

export function locked<T>(broker: Broker, names: string[], fn: () => Promise<T>): Promise<T> {
  const asked = performance.now();
  return withLock(broker.url, names, () => {
    lockWait.ms += performance.now() - asked;
    return fn();
  });
}
