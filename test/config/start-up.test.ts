import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(__dirname, "..", "..");
const server = join(root, "dist", "server", "index.js");

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The environment of a spawned server: nothing of the test run's own (no DATABASE_URL: the server's files are what matter here). */
function environment(env: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, BILLING_SCHEDULER: "off", ...env };
}

/**
 * Runs the built server (in a shell that sets the umask first) until it exits, or until `until`
 * matches its output: then `then` runs while the server is still up, and the server is stopped.
 */
function runServer(env: Record<string, string>, options: { umask?: string; until?: RegExp; then?: () => void } = {}): Promise<Run> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn("/bin/sh", ["-c", `umask ${options.umask ?? "022"} && exec node "$0"`, server], { cwd: root, env: environment(env) });
    const run: Run = { code: null, stdout: "", stderr: "" };
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    child.stdout.on("data", (chunk) => {
      run.stdout += chunk;
      if (!options.until?.test(run.stdout) || child.signalCode || child.killed) return;
      options.then?.();
      child.kill("SIGTERM");
    });
    child.stderr.on("data", (chunk) => (run.stderr += chunk));
    child.on("error", reject);
    child.on("exit", (code) => {
      clearTimeout(timer);
      run.code = code;
      resolvePromise(run);
    });
  });
}

/** Every folder and file under dir with its permission bits, e.g. { "mail": "700", "portal.sqlite": "600" }. */
function modesUnder(dir: string): Record<string, string> {
  const modes: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true }) as string[]) modes[entry] = (statSync(join(dir, entry)).mode & 0o777).toString(8);
  return modes;
}

describe("starting the built server (node dist/server/index.js)", () => {
  let scratch: string;

  beforeAll(() => {
    execFileSync(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json"], { cwd: root, stdio: "pipe" });
  }, 180_000);
  beforeEach(() => (scratch = mkdtempSync(join(tmpdir(), "portal-start-"))));
  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  describe("with a bad or missing setting", () => {
    it.each<{ variable: string; env: Record<string, string> }>([
      { variable: "PORT", env: { PORT: "abc" } },
      { variable: "JWT_SECRET", env: { NODE_ENV: "production", JWT_SECRET: "too-short" } },
      { variable: "JWT_SECRET", env: { NODE_ENV: "production" } },
      { variable: "DATABASE_URL", env: { DATABASE_URL: "postgres://portal@db/portal" } },
      { variable: "DB_QUERY_TIMEOUT_MS", env: { DB_QUERY_TIMEOUT_MS: "soon" } },
    ])("prints one Configuration error line naming $variable and exits with 78, for $env", async ({ variable, env }) => {
      const run = await runServer({ DATA_DIR: join(scratch, "data"), ...env });

      expect(run.code).toBe(78);
      expect(run.stdout).toBe("");
      expect(run.stderr.trimEnd().split("\n")).toEqual([expect.stringMatching(new RegExp(`^Configuration error: ${variable}: `))]);
    });
  });

  describe("with good settings, whatever the umask", () => {
    it("creates everything under DATA_DIR readable by its owner only: the database and its WAL, the secret, the emails with live links", async () => {
      const dataDir = join(scratch, "portal", "data");

      // In development, with no SMTP server, the demo partner's invitation is written as an .eml file.
      let modes: Record<string, string> = {};
      const run = await runServer(
        { DATA_DIR: dataDir, PORT: "0", NODE_ENV: "development" },
        { umask: "000", until: /\[mail\] .* written to /, then: () => (modes = modesUnder(join(scratch, "portal"))) },
      );

      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      const emails = Object.keys(modes).filter((name) => name.endsWith(".eml"));
      expect(emails).toHaveLength(1);
      expect(modes).toEqual({
        data: "700",
        "data/portal.sqlite": "600",
        "data/portal.sqlite-wal": "600",
        "data/portal.sqlite-shm": "600",
        "data/jwt-secret": "600",
        "data/mail": "700",
        [emails[0]]: "600",
      });
    });
  });
});
