import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { TadaDocumentNode } from "gql.tada";
import { gqlAt, platformKey, type Credentials, type GqlResponse, type Variables } from "./harness";

const root = join(__dirname, "..", "..");

/** Compiles the server into dist/ as `npm run build:server` does (incremental: quick when it is up to date). */
export async function buildServer(): Promise<void> {
  await promisify(execFile)(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.build.json"], { cwd: root });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * A real portal server process (`node dist/server/index.js`, as in production) on a port of
 * its own, with only the environment given here; several of them can share one database.
 */
export class ServerProcess {
  /** What the process printed, stdout and stderr interleaved. */
  readonly output: string[] = [];
  readonly exited: Promise<number | null>;

  private constructor(
    readonly url: string,
    private readonly child: ChildProcess,
    private readonly dataDir: string,
  ) {
    child.stdout!.on("data", (chunk: Buffer) => this.output.push(chunk.toString()));
    child.stderr!.on("data", (chunk: Buffer) => this.output.push(chunk.toString()));
    this.exited = new Promise((resolve) => child.on("exit", (code) => resolve(code)));
  }

  /** Starts a server and waits until it listens (/healthz answers); rejects with its output if it exits first. */
  static async start(env: Record<string, string>, timeoutMs = 40_000): Promise<ServerProcess> {
    const port = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), "portal-process-"));
    const child = spawn(process.execPath, [join(root, "dist", "server", "index.js")], {
      cwd: dataDir,
      env: { PATH: process.env.PATH, NODE_ENV: "test", PLATFORM_API_KEY: platformKey, DATA_DIR: dataDir, ...env, PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const server = new ServerProcess(`http://127.0.0.1:${port}`, child, dataDir);
    let exitCode: number | null | undefined;
    void server.exited.then((code) => (exitCode = code));
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (exitCode !== undefined) throw new Error(`the server exited with code ${exitCode} before serving:\n${server.output.join("")}`);
      const healthz = await fetch(`${server.url}/healthz`).catch(() => null);
      if (healthz?.status === 200) return server;
      if (Date.now() > deadline) {
        await server.stop();
        throw new Error(`the server did not answer /healthz within ${timeoutMs} ms:\n${server.output.join("")}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  gql<T = any, V extends Variables = Variables>(query: string | TadaDocumentNode<T, V>, variables: NoInfer<V> = {} as V, auth: Credentials = {}): Promise<GqlResponse<T>> {
    return gqlAt<T, V>(this.url, query, variables, auth);
  }

  platform<T = any, V extends Variables = Variables>(query: string | TadaDocumentNode<T, V>, variables: NoInfer<V> = {} as V): Promise<GqlResponse<T>> {
    return this.gql<T, V>(query, variables, { token: platformKey });
  }

  /** Stops the server as an orchestrator does (SIGTERM) and returns its exit code. */
  async stop(): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill("SIGTERM");
    const code = await this.exited;
    rmSync(this.dataDir, { recursive: true, force: true });
    return code;
  }
}
