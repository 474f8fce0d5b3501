import { createServer } from "node:net";

/** Asks the kernel for a free TCP port on loopback. Another process may take it before the
 * target binds; the starter detects that (the target exits or another server answers). */
export function findFreePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen({ host, port: 0, exclusive: true }, () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === "object") resolve(address.port);
        else reject(new Error("could not read the port the kernel gave"));
      });
    });
  });
}
