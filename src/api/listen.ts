// Starting the HTTP server on an address. Idle keep-alive connections are kept open longer than
// clients keep them (Node's default is 5 s; fetch/undici drops idle sockets after ~4 s, or after the
// server's advertised timeout minus 1 s), so the server never closes a connection at the moment a
// client sends a request on it — which a client sees as ECONNRESET on a POST it will not retry.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';

export const KEEP_ALIVE_MS = 65_000;

export interface Listening {
  server: Server;
  /** http://host:port, no trailing slash. */
  base: string;
  address: AddressInfo;
  close(): Promise<void>;
}

export function listen(fetch: (req: Request) => Response | Promise<Response>, opts: { port?: number; hostname?: string } = {}): Promise<Listening> {
  return new Promise((ok) => {
    const server = serve({ fetch, port: opts.port ?? 0, hostname: opts.hostname ?? '127.0.0.1' }, (info) => {
      ok({
        server,
        base: `http://${info.family === 'IPv6' ? `[${info.address}]` : info.address}:${info.port}`,
        address: info,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    }) as Server;
    server.keepAliveTimeout = KEEP_ALIVE_MS;
    // Must outlast the keep-alive timeout, or a slow client's next request is cut at the headers.
    server.headersTimeout = KEEP_ALIVE_MS + 1000;
  });
}
