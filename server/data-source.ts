import { join } from "node:path";
import { DataSource } from "typeorm";
import type { MysqlDriver } from "typeorm/driver/mysql/MysqlDriver.js";
import type { Config } from "./config";
import { entities } from "./entities";
import { claimPrivateFile, makePrivateDir } from "./files";
import { mysqlMigrations } from "./migrations/mysql";
import { sqliteMigrations } from "./migrations/sqlite";

/**
 * The TypeORM DataSource for a configuration: MySQL/MariaDB when DATABASE_URL is set,
 * else the embedded SQLite file in DATA_DIR. The schema comes only from migrations.
 */
export function createDataSource(config: Pick<Config, "databaseUrl" | "dataDir" | "timeouts">): DataSource {
  if (config.databaseUrl) {
    const url = new URL(config.databaseUrl);
    url.protocol = "mysql:";
    const dataSource = new DataSource({
      type: "mysql",
      url: url.toString(),
      timezone: "Z",
      charset: "utf8mb4_unicode_ci",
      entities,
      migrations: mysqlMigrations,
      migrationsTransactionMode: "each",
      poolSize: 10,
      // Fail fast when the database is down; the pool reconnects by itself when it is back.
      connectTimeout: config.timeouts.dbConnectMs,
      // Keep-alive probes find a connection whose server went away while it sat idle in the pool.
      extra: { enableKeepAlive: true, keepAliveInitialDelay: 10_000 },
    });
    boundMysqlCalls(dataSource.driver as MysqlDriver, config.timeouts);
    return dataSource;
  }
  makePrivateDir(config.dataDir);
  const database = join(config.dataDir, "portal.sqlite");
  claimPrivateFile(database, ["-wal", "-shm", "-journal"]);
  return new DataSource({
    type: "better-sqlite3",
    database,
    entities,
    migrations: sqliteMigrations,
    migrationsTransactionMode: "each",
    prepareDatabase: (db: { pragma(sql: string): unknown }) => {
      db.pragma("journal_mode = WAL");
      db.pragma("busy_timeout = 5000");
    },
  });
}

/** What the bounds below need of a pooled mysql2 connection. */
interface PooledConnection {
  query(...args: unknown[]): unknown;
  release(): void;
  destroy(): void;
  on(event: "error", listener: (error: Error) => void): unknown;
}

const bounded = Symbol("bounded");
const statementBound = Symbol("statementBound");

/**
 * Runs fn with no bound on single statements: for migrations, whose DDL on a large table (or
 * whose wait for another process's migration lock) rightly takes minutes. Only for start-up
 * and the migrate command, while the process serves nothing else.
 */
export async function withoutStatementBound<T>(dataSource: DataSource, fn: () => Promise<T>): Promise<T> {
  const bounds = dataSource.driver as unknown as { [statementBound]?: number };
  const before = bounds[statementBound];
  if (before === undefined) return fn();
  bounds[statementBound] = 0;
  try {
    return await fn();
  } finally {
    bounds[statementBound] = before;
  }
}

/** The error of a database call that took longer than its bound; app.ts answers it with 503 SERVICE_UNAVAILABLE. */
export function databaseTimeout(what: string, ms: number): Error {
  return Object.assign(new Error(`${what} took longer than ${ms} ms`), { code: "DATABASE_TIMEOUT" });
}

/**
 * Bounds every MySQL call, for a server that accepts connections and then stops answering.
 * mysql2 has no pool-acquire timeout, and it leaves a connection whose statement timed out
 * waiting for that statement's answer: the next statement sent on it would wait behind it,
 * unbounded. So a connection is taken from the pool within dbAcquireMs, each statement gets
 * mysql2's timeout of dbQueryMs, and a connection whose statement timed out is closed (the
 * server then rolls back its transaction). A transaction is bounded by its statements.
 */
function boundMysqlCalls(driver: MysqlDriver, timeouts: Config["timeouts"]): void {
  const bounds = driver as MysqlDriver & { [statementBound]?: number };
  bounds[statementBound] = timeouts.dbQueryMs;
  const obtain = driver.obtainMasterConnection.bind(driver);
  driver.obtainMasterConnection = () =>
    new Promise((resolve, reject) => {
      let late = false;
      const timer = setTimeout(() => {
        late = true;
        reject(databaseTimeout("Taking a database connection from the pool", timeouts.dbAcquireMs));
      }, timeouts.dbAcquireMs);
      obtain().then(
        (connection: PooledConnection) => {
          clearTimeout(timer);
          if (late) connection.release();
          else resolve(boundQueries(connection, () => bounds[statementBound] ?? timeouts.dbQueryMs));
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error);
        },
      );
    });
}

function boundQueries(connection: PooledConnection & { [bounded]?: true }, bound: () => number): PooledConnection {
  if (connection[bounded]) return connection;
  connection[bounded] = true;
  // A command sent without a callback on a connection closed here (or by the pool) is answered
  // with an 'error' event: a store such as rate-limiter-flexible's rolls back that way. Without a
  // listener that event would end the process; the caller has its own error already.
  connection.on("error", () => undefined);
  const query = connection.query.bind(connection);
  connection.query = (sql: unknown, ...rest: unknown[]) => {
    // 0: no bound (mysql2 sets no timer).
    const timeoutMs = bound();
    const options = typeof sql === "string" ? { sql, timeout: timeoutMs } : { timeout: timeoutMs, ...(sql as object) };
    const callbackAt = rest.findIndex((arg) => typeof arg === "function");
    if (callbackAt >= 0) {
      const callback = rest[callbackAt] as (error: { code?: string } | null, ...results: unknown[]) => void;
      rest[callbackAt] = (error: { code?: string } | null, ...results: unknown[]) => {
        if (error?.code === "PROTOCOL_SEQUENCE_TIMEOUT") connection.destroy();
        callback(error, ...results);
      };
    }
    return query(options, ...rest);
  };
  return connection;
}
