import { connect, createServer, type AddressInfo, type Server, type Socket } from "node:net";

/**
 * A TCP relay in front of a real server (the MariaDB or the SMTP catcher of the tests), so a
 * test can take that server away from the portal and bring it back: stop() refuses new
 * connections and cuts the open ones, as a server that went down does; silence() keeps
 * accepting connections and holding them open but forwards nothing either way, as a server
 * that hangs (or a network that drops packets) does; start() and speak() let connections
 * through again on the same port.
 */
export class TcpProxy {
  port = 0;
  private server: Server | null = null;
  private silent = false;
  private readonly sockets = new Set<Socket>();

  constructor(
    private targetHost: string,
    private targetPort: number,
  ) {}

  /** Relays to another server from the next connection on (e.g. one that starts after the proxy). */
  retarget(host: string, port: number): void {
    this.targetHost = host;
    this.targetPort = port;
  }

  async start(): Promise<void> {
    const server = createServer((client) => {
      this.track(client);
      if (this.silent) return;
      const upstream = connect(this.targetPort, this.targetHost);
      this.track(upstream);
      for (const socket of [client, upstream]) {
        socket.on("error", () => {
          client.destroy();
          upstream.destroy();
        });
        socket.on("close", () => {
          client.destroy();
          upstream.destroy();
        });
      }
      // Forwards nothing while silent; the bytes are lost, as on a broken network.
      client.on("data", (chunk) => void (this.silent || upstream.write(chunk)));
      upstream.on("data", (chunk) => void (this.silent || client.write(chunk)));
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.port, "127.0.0.1", () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** From now on: connections are accepted and held, and nothing is forwarded on any connection. */
  silence(): void {
    this.silent = true;
  }

  /** Forwards again; the connections held while silent (their bytes lost) are cut. */
  speak(): void {
    this.silent = false;
    for (const socket of this.sockets) socket.destroy();
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.on("close", () => this.sockets.delete(socket));
    socket.on("error", () => socket.destroy());
  }
}

/** A started proxy in front of the MariaDB of the tests (DATABASE_URL), and the URL of that database through it. */
export async function proxiedDatabase(): Promise<{ proxy: TcpProxy; databaseUrl: string }> {
  const real = new URL(process.env.DATABASE_URL!);
  const proxy = new TcpProxy(real.hostname, Number(real.port || 3306));
  await proxy.start();
  const throughProxy = new URL(real.href);
  throughProxy.hostname = "127.0.0.1";
  throughProxy.port = String(proxy.port);
  return { proxy, databaseUrl: throughProxy.href };
}
