import type { DataSource } from "typeorm";
import { withoutStatementBound } from "./data-source";

/** How long a process waits for another one's migrations before it gives up, in seconds. */
const lockWaitSeconds = 600;

function onMysql(dataSource: DataSource): boolean {
  return dataSource.options.type === "mysql" || dataSource.options.type === "mariadb";
}

/**
 * Brings the schema up to date and returns the names of the migrations it applied.
 *
 * Any number of processes may call this at once on one MySQL database: a named lock
 * (GET_LOCK, one per database, held by one connection) lets one of them migrate while the
 * others wait, then find nothing left to do. The embedded SQLite file has one process.
 */
export async function migrate(dataSource: DataSource): Promise<string[]> {
  if (!onMysql(dataSource)) return names(await dataSource.runMigrations({ transaction: "each" }));
  return withoutStatementBound(dataSource, () => migrateOneAtATime(dataSource));
}

async function migrateOneAtATime(dataSource: DataSource): Promise<string[]> {
  const lock = dataSource.createQueryRunner();
  await lock.connect();
  try {
    const [{ locked }] = await lock.query("SELECT GET_LOCK(CONCAT('portal-migrations:', DATABASE()), ?) AS locked", [lockWaitSeconds]);
    if (Number(locked) !== 1) throw new Error(`another process has been migrating this database for over ${lockWaitSeconds} s`);
    try {
      return names(await dataSource.runMigrations({ transaction: "each" }));
    } finally {
      await lock.query("SELECT RELEASE_LOCK(CONCAT('portal-migrations:', DATABASE()))");
    }
  } finally {
    await lock.release();
  }
}

/**
 * The migrations this process knows that the database has not run (all of them when it
 * has no schema yet). Migrations the database has and this process does not know (a newer
 * release's, during a rolling upgrade) are not pending: they add, and this code ignores.
 */
export async function pendingMigrations(dataSource: DataSource): Promise<string[]> {
  let ran: Array<{ name: string }>;
  try {
    ran = await dataSource.query("SELECT name FROM migrations");
  } catch (error) {
    if (/no such table|doesn't exist/i.test((error as Error).message)) ran = [];
    else throw error;
  }
  const done = new Set(ran.map((m) => m.name));
  return dataSource.migrations.map((m) => m.name!).filter((name) => !done.has(name));
}

function names(migrations: Array<{ name: string }>): string[] {
  return migrations.map((m) => m.name);
}
