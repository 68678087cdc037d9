import { chmodSync, closeSync, existsSync, mkdirSync, openSync, writeFileSync } from "node:fs";
import { chmod, mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";

/**
 * What the portal keeps under DATA_DIR (the database, emails with live links, the JWT secret)
 * is readable by its owner only: folders 0700, files 0600, whatever the process's umask.
 */
export const privateDirMode = 0o700;
export const privateFileMode = 0o600;

/** Makes a folder (and any missing parent) the owner's only; a folder that already exists is left as it is. */
export function makePrivateDir(path: string): void {
  const first = mkdirSync(path, { recursive: true, mode: privateDirMode });
  if (first !== undefined) chmodCreated(path, first);
}

export async function makePrivateDirAsync(path: string): Promise<void> {
  const first = await mkdir(path, { recursive: true, mode: privateDirMode });
  if (first !== undefined) chmodCreated(path, first);
}

/** mkdir's mode is masked by the umask: set it on every folder it created, from path up to the first. */
function chmodCreated(path: string, first: string): void {
  for (let dir = path; ; dir = dirname(dir)) {
    chmodSync(dir, privateDirMode);
    if (dir === first || dirname(dir) === dir) return;
  }
}

export function writePrivateFileSync(path: string, data: string | Uint8Array): void {
  writeFileSync(path, data, { mode: privateFileMode });
  chmodSync(path, privateFileMode);
}

export async function writePrivateFile(path: string, data: string | Uint8Array): Promise<void> {
  await writeFile(path, data, { mode: privateFileMode });
  await chmod(path, privateFileMode);
}

/**
 * Creates the file (empty) if it is missing and makes it, and those of the given suffixes that
 * exist, the owner's only. SQLite gives its -wal, -shm and -journal files its database file's mode.
 */
export function claimPrivateFile(path: string, companions: string[] = []): void {
  if (!existsSync(path)) closeSync(openSync(path, "a", privateFileMode));
  for (const file of [path, ...companions.map((suffix) => path + suffix)]) if (existsSync(file)) chmodSync(file, privateFileMode);
}
