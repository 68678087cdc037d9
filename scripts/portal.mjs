#!/usr/bin/env node
// `npm run portal -- <command>`: the platform operator's command line (server/cli.ts).
// Compiles the server first only when the build is missing or older than its sources, so a
// command on an up-to-date build starts at once; then runs node dist/server/cli.js with the
// arguments and exits with its exit code. What the build says goes to stderr: stdout is the command's.
import { spawnSync } from "node:child_process";
import { closeSync, existsSync, openSync, rmSync, statSync, utimesSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { changedSince } from "./freshness.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(join(root, "package.json"));
const cliEntry = join(root, "dist", "server", "cli.js");
/** Written after each build this script runs: the build is as new as its time. */
const stamp = join(root, "dist", ".portal-build-stamp");
const sources = ["server", "ormconfig.ts", "tsconfig.json", "tsconfig.build.json"];

function staleness() {
  if (!existsSync(cliEntry)) return "dist/server/cli.js is missing";
  if (!existsSync(stamp)) return "no build by this script yet";
  const built = statSync(stamp).mtimeMs;
  const changed = changedSince(root, sources, built);
  return changed.length ? `changed since the last build: ${changed.join(", ")}` : null;
}

const stale = staleness();
if (stale) {
  console.error(`[portal] compiling the server (${stale})…`);
  const startedAt = new Date();
  // tsc's incremental state lives in dist/.tsbuildinfo; without the output it would believe it is up to date.
  if (!existsSync(cliEntry)) rmSync(join(root, "dist", ".tsbuildinfo"), { force: true });
  const build = spawnSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.build.json"], { cwd: root, stdio: ["ignore", 2, 2] });
  if (build.status !== 0) process.exit(build.status ?? 1);
  // Dated when the build started: a source saved during the build makes the next command build again.
  closeSync(openSync(stamp, "a"));
  utimesSync(stamp, startedAt, startedAt);
}

const cli = spawnSync(process.execPath, [cliEntry, ...process.argv.slice(2)], { cwd: process.cwd(), stdio: "inherit" });
process.exit(cli.status ?? 1);
