import Redis from "ioredis";
import { RateLimiterMemory, RateLimiterMySQL, RateLimiterRedis, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { DataSource } from "typeorm";
import type { Config } from "./config";

/** Where the rate limits count, so that every server behind a load balancer counts the same calls. */
export interface RateLimitStore {
  /** "memory", "database" or "redis", for start-up messages and readiness. */
  readonly kind: "memory" | "database" | "redis";
  /** A limiter allowing `points` calls per key every `durationSeconds`; `name` keeps limiters' keys apart. */
  limiter(name: string, points: number, durationSeconds: number): RateLimiterAbstract;
  /** Resolves once the store is connected, or after a short wait (the limiters cope with a store that is not). */
  connected(): Promise<void>;
  close(): Promise<void>;
}

/** The MySQL table of the shared counters (migration SharedRateLimits1764630000000). */
export const rateLimitTable = "rate_limit";

/**
 * Redis when REDIS_URL is set; else the MySQL database when there is one (the counters are
 * shared by every server on it); else this process's memory (the embedded SQLite file
 * serves one process).
 */
export function createRateLimitStore(config: Pick<Config, "redisUrl" | "databaseUrl">, dataSource: DataSource, log: Pick<Console, "warn" | "info"> = console): RateLimitStore {
  if (config.redisUrl) return redisStore(config.redisUrl, log);
  if (config.databaseUrl) return databaseStore(dataSource);
  return { kind: "memory", limiter: (_name, points, duration) => new RateLimiterMemory({ points, duration }), connected: async () => undefined, close: async () => undefined };
}

function databaseStore(dataSource: DataSource): RateLimitStore {
  // TypeORM's mysql2 pool (callback API), so the counters cost no connections of their own.
  const pool = (dataSource.driver as unknown as { pool: unknown }).pool;
  const dbName = (dataSource.driver as unknown as { database: string }).database;
  return {
    kind: "database",
    limiter: (name, points, duration) =>
      new RateLimiterMySQL({ storeClient: pool, storeType: "pool", dbName, tableName: rateLimitTable, tableCreated: true, keyPrefix: name, points, duration }),
    connected: async () => undefined,
    close: async () => undefined,
  };
}

function redisStore(url: string, log: Pick<Console, "warn" | "info">): RateLimitStore {
  // No offline queue: while Redis is unreachable a call fails at once and the limiter falls back to
  // counting in this process's memory (its insurance), so the portal keeps serving without Redis.
  const redis = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2_000 });
  let unreachable = false;
  redis.on("error", (error: Error) => {
    if (!unreachable) log.warn(`[rate limits] Redis unreachable (${error.message}): each server counts in its own memory until it is back`);
    unreachable = true;
  });
  redis.on("ready", () => {
    if (unreachable) log.info("[rate limits] Redis reachable again");
    unreachable = false;
  });
  return {
    kind: "redis",
    limiter: (name, points, duration) =>
      new RateLimiterRedis({ storeClient: redis, keyPrefix: `portal:${name}`, points, duration, insuranceLimiter: new RateLimiterMemory({ points, duration }) }),
    connected: async () => {
      if (redis.status === "ready") return;
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        timer = setTimeout(resolve, 2_000);
        redis.once("ready", resolve);
      });
      clearTimeout(timer);
    },
    close: async () => {
      redis.disconnect();
    },
  };
}
