import { execFile } from "node:child_process";
import { existsSync, utimesSync } from "node:fs";
import { join } from "node:path";

/**
 * `npm run portal -- …` compiles the server only when its build is missing or older than its
 * sources: on an up-to-date build a command starts at once. (Usage errors need no database.)
 */
describe("npm run portal -- … and the server's build", () => {
  const root = join(__dirname, "..", "..");
  const stamp = join(root, "dist", ".portal-build-stamp");

  /** `npm run --silent portal -- <args>`, as an operator types it. */
  function portal(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      execFile("npm", ["run", "--silent", "portal", "--", ...args], { cwd: root, timeout: 120_000 }, (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
      );
    });
  }

  beforeAll(async () => {
    // Whatever state the build is in, the first command leaves it up to date.
    expect((await portal()).code).toBe(64);
    expect(existsSync(stamp)).toBe(true);
  }, 120_000);

  it("runs the command without compiling when the build is up to date", async () => {
    const run = await portal("grant-everything");
    expect(run.code).toBe(64);
    expect(run.stderr).not.toContain("compiling");
    expect(run.stderr).toMatch(/^Unknown command "grant-everything"\./);
  });

  it("compiles first when a source is newer than the build, and then no more", async () => {
    // The last build as if it were made in 2001: every server source is newer.
    utimesSync(stamp, new Date("2001-01-01T00:00:00Z"), new Date("2001-01-01T00:00:00Z"));

    const first = await portal();
    expect(first.code).toBe(64);
    expect(first.stderr).toMatch(/^\[portal\] compiling the server \(changed since the last build: server, ormconfig\.ts, tsconfig\.json, tsconfig\.build\.json\)…/);
    expect(first.stderr).toContain("\nUsage: npm run portal -- <command>");

    const second = await portal();
    expect(second.stderr).not.toContain("compiling");
    expect(second.stderr).toMatch(/^Usage: npm run portal -- <command>/);
  }, 120_000);
});
