import "reflect-metadata";
import { loadConfig } from "./server/config";
import { createDataSource } from "./server/data-source";

/**
 * For the TypeORM command line only (migration:generate, migration:show): it reads the
 * environment when imported. The server and the tests use createDataSource (server/data-source.ts),
 * so that a bad setting is reported by their start-up, not thrown while importing.
 */
export default createDataSource(loadConfig());
