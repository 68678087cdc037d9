#!/usr/bin/env node
// `npm start`: builds what is missing or out of date, then runs the server.
//   1. the server: tsc -p tsconfig.build.json (incremental, so quick when nothing changed);
//   2. the web client: vite build, when client/dist/index.html is missing or older than
//      the client's sources;
//   3. node dist/server/index.js, in this process group; SIGINT/SIGTERM are passed on to it
//      and this process exits with its exit code.
import { spawn } from "node:child_process";
import { existsSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { constants } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { changedSince } from "./freshness.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(join(root, "package.json"));
const serverEntry = join(root, "dist", "server", "index.js");
const clientIndex = join(root, "client", "dist", "index.html");
const clientSources = ["client/index.html", "client/vite.config.mts", "client/svelte.config.mjs", "client/tsconfig.json", "client/src"];

const say = (line) => console.log(`[start] ${line}`);

/** The child running now, so a signal that arrives during a build reaches it too. */
let current = null;
let stopSignal = null;
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    stopSignal ??= signal;
    // On Ctrl-C the terminal signals the whole group; a second SIGINT is harmless to the server.
    current?.kill(signal);
  });
}

/** Runs a command in the project's root and resolves to its exit code (128 + n when killed by signal n). */
function run(args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: "inherit", ...options });
    current = child;
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      current = null;
      resolve(code ?? 128 + (constants.signals[signal] ?? 1));
    });
  });
}

function clientIsStale() {
  if (!existsSync(clientIndex)) return "missing";
  const built = statSync(clientIndex).mtimeMs;
  return changedSince(root, clientSources, built).length ? "older than client/ sources" : null;
}

function seconds(since) {
  return `${((performance.now() - since) / 1000).toFixed(1)} s`;
}

async function step(label, args) {
  const started = performance.now();
  say(`${label}…`);
  const code = await run(args);
  if (stopSignal) process.exit(128 + constants.signals[stopSignal]);
  if (code !== 0) {
    say(`${label} failed (exit code ${code})`);
    process.exit(code);
  }
  say(`${label}: done in ${seconds(started)}`);
}

// tsc's incremental state lives in dist/.tsbuildinfo; without the output it would believe it is up to date.
if (!existsSync(serverEntry)) rmSync(join(root, "dist", ".tsbuildinfo"), { force: true });
await step("building the server (tsc, incremental)", [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.build.json"]);

const staleness = clientIsStale();
if (staleness) {
  await step(`building the web client (vite; client/dist ${staleness})`, [
    join(dirname(require.resolve("vite/package.json")), "bin", "vite.js"),
    "build",
    "--config",
    "client/vite.config.mts",
    "--logLevel",
    "warn",
  ]);
} else {
  say("web client: client/dist is up to date");
}

if (stopSignal) process.exit(128 + constants.signals[stopSignal]);
say("starting the server: node dist/server/index.js");
const code = await run([serverEntry]);
process.exit(code);
