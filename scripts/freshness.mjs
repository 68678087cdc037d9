// Whether a build is older than its sources: shared by `npm start` (the web client) and
// `npm run portal` (the server), which rebuild only what is out of date.
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** The newest modification time of a file or of any file under a folder. */
export function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((latest, name) => Math.max(latest, newest(join(path, name))), stat.mtimeMs);
}

/** The source paths (relative to root, those that exist) changed after builtMs. */
export function changedSince(root, sources, builtMs) {
  return sources.filter((path) => existsSync(join(root, path)) && newest(join(root, path)) > builtMs);
}
