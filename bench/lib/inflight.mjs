// Requests in flight at an HTTP server of this process (the GitHub fake does not count them; the
// Anthropic fake does, as maxInFlight), and optionally a fixed latency before the server sees each
// request. Wraps http.Server#emit for 'request' events: a request is in flight from its arrival
// until its response closes.
import { Server } from 'node:http';
import { setTimeout } from 'node:timers';

/** @type {Map<number, { now: number, max: number, latencyMs: number }>} port → counters */
const byPort = new Map();
let installed = false;

export function trackInFlight() {
  if (installed) return;
  installed = true;
  const emit = Server.prototype.emit;
  Server.prototype.emit = function (event, ...args) {
    if (event === 'request') {
      const port = this.address()?.port;
      const c = byPort.get(port);
      if (c) {
        const [, res] = args;
        c.now++;
        c.max = Math.max(c.max, c.now);
        res.once('close', () => c.now--);
        if (c.latencyMs > 0) {
          setTimeout(() => emit.call(this, event, ...args), c.latencyMs);
          return true;
        }
      }
    }
    return emit.call(this, event, ...args);
  };
}

/**
 * Starts counting requests to the server at `url` (a server of this process). `latencyMs`: each
 * request waits this long before the server handles it, like a round trip to api.github.com.
 */
export function watchServer(url, { latencyMs = 0 } = {}) {
  const port = Number(new URL(url).port);
  const c = { now: 0, max: 0, latencyMs };
  byPort.set(port, c);
  return { get max() { return c.max; }, stop: () => byPort.delete(port) };
}
