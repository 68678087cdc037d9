import { fork, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import type { CapturedStatement, Command, Stats } from "./server";

/** The bench's handle on a server child process (bench/server.ts): its URL and its IPC commands. */
export class ServerProcess {
  private nextId = 1;
  private waiting = new Map<number, { resolve: (value: any) => void; reject: (error: Error) => void }>();
  private exited: Promise<number | null>;

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {
    this.exited = new Promise((resolve) => child.once("exit", (code) => resolve(code)));
    child.on("message", (message: { id?: number; result?: unknown; error?: string }) => {
      const call = message.id === undefined ? undefined : this.waiting.get(message.id);
      if (!call) return;
      this.waiting.delete(message.id!);
      if (message.error) call.reject(new Error(`server process: ${message.error}`));
      else call.resolve(message.result);
    });
    child.once("exit", (code) => {
      for (const call of this.waiting.values()) call.reject(new Error(`the server process exited (${code})`));
      this.waiting.clear();
    });
  }

  static start(mode: "portal" | "bare", env: Record<string, string>): Promise<ServerProcess> {
    // NODE_ENV=production as in the portal's Docker image: graphql-js and express skip their development checks.
    const child = fork(join(__dirname, "server.js"), [mode], { env: { ...process.env, NODE_ENV: "production", ...env }, stdio: ["ignore", "inherit", "inherit", "ipc"] });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill();
        reject(new Error(`the ${mode} server did not start within 60 s`));
      }, 60_000);
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`the ${mode} server exited with code ${code} before it was ready`));
      });
      child.once("message", (message: { ready?: number }) => {
        clearTimeout(timer);
        if (!message.ready) return reject(new Error(`unexpected first message from the ${mode} server`));
        resolve(new ServerProcess(child, `http://127.0.0.1:${message.ready}`));
      });
    });
  }

  private call<T>(command: Command, timeoutMs = 120_000): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`the server process did not answer ${command.cmd} within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      this.waiting.set(id, {
        resolve: (value) => (clearTimeout(timer), resolve(value)),
        reject: (error) => (clearTimeout(timer), reject(error)),
      });
      this.child.send({ id, ...command });
    });
  }

  token(partnerId: string, adminId: string): Promise<string> {
    return this.call({ cmd: "token", partnerId, adminId });
  }

  stats(): Promise<Stats & { errorsLogged?: string[] }> {
    return this.call({ cmd: "stats" });
  }

  /** Waits until the server has no request in flight (those a load left behind are done); false on timeout. */
  idle(timeoutMs = 60_000): Promise<boolean> {
    return this.call({ cmd: "idle", timeoutMs }, timeoutMs + 10_000);
  }

  /** Starts a CPU profile of the server process, or stops it and writes it to file. */
  profile(on: boolean, file?: string): Promise<null> {
    return this.call({ cmd: "profile", on, file });
  }

  capture(on: true, limit?: number): Promise<null>;
  capture(on: false): Promise<CapturedStatement[]>;
  capture(on: boolean, limit?: number): Promise<CapturedStatement[] | null> {
    return this.call({ cmd: "capture", on, limit });
  }

  billing(month: string): Promise<{ result: { month: string; sitesCharged: number; creditsCharged: number; sitesSuspended: number }; ms: number; statements: number; captured: CapturedStatement[] }> {
    return this.call({ cmd: "billing", month }, 15 * 60_000);
  }

  /** Asks the process to close its server and database, then waits for it to end. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    try {
      await this.call({ cmd: "stop" }, 30_000);
    } finally {
      this.child.disconnect();
      const timer = setTimeout(() => this.child.kill("SIGKILL"), 10_000);
      await this.exited;
      clearTimeout(timer);
    }
  }
}
