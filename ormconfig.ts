import "reflect-metadata";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { DataSource } from "typeorm";
import { loadConfig, type Config } from "./server/config";
import { entities } from "./server/entities";
import { mysqlMigrations } from "./server/migrations/mysql";
import { sqliteMigrations } from "./server/migrations/sqlite";

/**
 * The TypeORM DataSource for a configuration: MySQL/MariaDB when DATABASE_URL is set,
 * else the embedded SQLite file in DATA_DIR. The schema comes only from migrations.
 */
export function createDataSource(config: Pick<Config, "databaseUrl" | "dataDir">): DataSource {
  if (config.databaseUrl) {
    const url = new URL(config.databaseUrl);
    url.protocol = "mysql:";
    return new DataSource({
      type: "mysql",
      url: url.toString(),
      timezone: "Z",
      charset: "utf8mb4_unicode_ci",
      entities,
      migrations: mysqlMigrations,
      migrationsTransactionMode: "each",
      poolSize: 10,
      // Fail fast when the database is down; the pool reconnects by itself when it is back.
      connectTimeout: 3_000,
      extra: { enableKeepAlive: true },
    });
  }
  mkdirSync(config.dataDir, { recursive: true });
  return new DataSource({
    type: "better-sqlite3",
    database: join(config.dataDir, "portal.sqlite"),
    entities,
    migrations: sqliteMigrations,
    migrationsTransactionMode: "each",
    prepareDatabase: (db: { pragma(sql: string): unknown }) => {
      db.pragma("journal_mode = WAL");
      db.pragma("busy_timeout = 5000");
    },
  });
}

/** For the TypeORM command line (migration:generate, migration:show). */
export default createDataSource(loadConfig());
