import { createServer, type Server, Socket } from 'node:net';
import { freePort } from './nats-server.js';

/**
 * A TCP proxy on loopback to a real server (Postgres, NATS), for tests that take a dependency away and give
 * it back without touching the server everyone else uses: `stop()` refuses new connections and cuts the open
 * ones, as a crashed or unreachable server would; `start()` listens again on the same port.
 */
export async function startTcpProxy(target: { host?: string; port: number }) {
  const port = await freePort();
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  const start = () =>
    new Promise<void>((resolve, reject) => {
      if (server) return resolve();
      const s = createServer((client) => {
        const upstream = new Socket();
        upstream.connect(target.port, target.host ?? '127.0.0.1');
        for (const sock of [client, upstream]) {
          sockets.add(sock);
          sock.on('close', () => sockets.delete(sock));
          sock.on('error', () => {
            client.destroy();
            upstream.destroy();
          });
        }
        client.pipe(upstream);
        upstream.pipe(client);
      });
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        server = s;
        resolve();
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      const s = server;
      server = null;
      for (const sock of sockets) sock.destroy();
      sockets.clear();
      if (!s) return resolve();
      s.close(() => resolve());
    });
  await start();
  /** `url` (postgres://…, nats://…) pointed at the proxy instead. */
  const via = (url: string) => {
    const u = new URL(url);
    u.hostname = '127.0.0.1';
    u.port = String(port);
    return u.toString();
  };
  return { port, start, stop, via, dispose: stop };
}
