import type { DataSource } from "typeorm";
import { createDataSource } from "./data-source";
import type { Config } from "./config";
import { migrate } from "./migrate";

/** Opens the configured database and brings its schema up to date with the migrations. */
export async function openDatabase(config: Config, log: Pick<Console, "info"> = console): Promise<DataSource> {
  const dataSource = createDataSource(config);
  await dataSource.initialize();
  for (const name of await migrate(dataSource)) log.info(`[db] applied migration ${name}`);
  return dataSource;
}

/** Where the data lives, for start-up messages; never prints a password. */
export function describeDatabase(config: Config): string {
  if (!config.databaseUrl) return `SQLite file in ${config.dataDir}`;
  const url = new URL(config.databaseUrl);
  return `MySQL ${url.hostname}:${url.port || 3306}${url.pathname}`;
}
