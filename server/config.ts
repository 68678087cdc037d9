import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { makePrivateDir, writePrivateFileSync } from "./files";

/** The portal's settings, read once from the environment at start-up. */
export interface Config {
  env: "development" | "production" | "test";
  port: number;
  publicUrl: string;
  dataDir: string;
  /** mysql://user:pass@host:port/db, or null for the embedded SQLite file in dataDir. */
  databaseUrl: string | null;
  /** smtp://… or smtps://…, or null to write emails as .eml files under dataDir/mail. */
  smtpUrl: string | null;
  mailFrom: string;
  /** null until resolveJwtSecret() fills it in development. */
  jwtSecret: string | null;
  jwtTtlSeconds: number;
  /** The platform operator's bearer key; platform operations are refused while it is null. */
  platformApiKey: string | null;
  sandbox: boolean;
  /**
   * How many reverse proxies in front of the server to trust for the client's address
   * (X-Forwarded-For): 0 means the socket's peer is the client. Rate limits, log-in
   * throttling and the audit log use that address.
   */
  trustProxyHops: number;
  priceCreditsPerDevice: number;
  priceCreditsPer100Users: number;
  billingScheduler: boolean;
  /** How often the outbox worker looks for mail to send, in milliseconds. */
  mailPollMs: number;
  /** redis://… to keep rate limits in Redis; null keeps them in the database (MySQL) or in memory (SQLite). */
  redisUrl: string | null;
  /** On SIGTERM, how long /readyz says "draining" while requests are still served, before the server stops taking them. */
  drainDelayMs: number;
  /** Tests only (NODE_ENV=test, TEST_CLOCK_START): the time the server's clock reads at start-up; it runs on from there. */
  clockStart: Date | null;
  limits: Limits;
  timeouts: Timeouts;
}

/** How long the portal waits for its database and its mail server before it gives up (see README, Configuration). */
export interface Timeouts {
  /** Opening a MySQL connection, up to its handshake. */
  dbConnectMs: number;
  /** One SQL statement, from sending it to its last row; a connection whose statement timed out is closed. */
  dbQueryMs: number;
  /** Waiting for a free connection of the pool. */
  dbAcquireMs: number;
  /** Opening an SMTP connection, up to the server's greeting. */
  smtpConnectMs: number;
  /** Silence on an open SMTP connection. */
  smtpSocketMs: number;
}

/** Abuse limits; every one can be set from the environment (see README, Security). */
export interface Limits {
  maxBodyBytes: number;
  maxQueryDepth: number;
  maxAliases: number;
  maxTokens: number;
  maxCost: number;
  /** Mutations per minute per admin, API token or (when anonymous) client address. */
  mutationsPerMinute: number;
  /** Log-ins, sign-ups and password-reset mutations per minute per client address. */
  authPerMinute: number;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable}: ${problem}`);
    this.name = "ConfigError";
  }
}

type Env = Record<string, string | undefined>;

function text(env: Env, name: string): string | null {
  const value = env[name]?.trim();
  return value ? value : null;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = text(env, name);
  if (raw === null) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max)
    throw new ConfigError(name, `must be a whole number from ${min} to ${max}, got "${raw}"`);
  return Number(raw);
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = text(env, name)?.toLowerCase();
  if (raw === undefined || raw === null) return fallback;
  if (["true", "on", "1", "yes"].includes(raw)) return true;
  if (["false", "off", "0", "no"].includes(raw)) return false;
  throw new ConfigError(name, `must be true/on or false/off, got "${raw}"`);
}

function url(env: Env, name: string, protocols: string[]): string | null {
  const raw = text(env, name);
  if (raw === null) return null;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, "is not a valid URL");
  }
  if (!protocols.includes(parsed.protocol))
    throw new ConfigError(name, `must start with ${protocols.map((p) => p + "//").join(" or ")}`);
  return raw;
}

function instant(env: Env, name: string): Date | null {
  const raw = text(env, name);
  if (raw === null) return null;
  if (!/^\d{4}-\d{2}-\d{2}T/.test(raw) || Number.isNaN(Date.parse(raw))) throw new ConfigError(name, `must be an ISO 8601 time such as 2026-11-30T23:59:00Z, got "${raw}"`);
  return new Date(raw);
}

/** Reads and validates the environment; throws ConfigError naming the first bad variable. */
export function loadConfig(env: Env = process.env): Config {
  const nodeEnv = text(env, "NODE_ENV") ?? "development";
  if (!["development", "production", "test"].includes(nodeEnv))
    throw new ConfigError("NODE_ENV", `must be development, production or test, got "${nodeEnv}"`);
  const production = nodeEnv === "production";
  const port = integer(env, "PORT", 4000, 0, 65535);
  const publicUrl = (url(env, "PUBLIC_URL", ["http:", "https:"]) ?? `http://localhost:${port}`).replace(/\/+$/, "");
  const jwtSecret = text(env, "JWT_SECRET");
  if (jwtSecret === null && production) throw new ConfigError("JWT_SECRET", "is required when NODE_ENV=production");
  if (jwtSecret !== null && jwtSecret.length < 32)
    throw new ConfigError("JWT_SECRET", "must be at least 32 characters long");
  const platformApiKey = text(env, "PLATFORM_API_KEY");
  if (platformApiKey !== null && platformApiKey.length < 24)
    throw new ConfigError("PLATFORM_API_KEY", "must be at least 24 characters long");
  const mailFrom = text(env, "MAIL_FROM") ?? "Partner Portal <no-reply@partner-portal.local>";
  if (!/@/.test(mailFrom)) throw new ConfigError("MAIL_FROM", `is not an email address: "${mailFrom}"`);

  return {
    env: nodeEnv as Config["env"],
    port,
    publicUrl,
    dataDir: resolve(text(env, "DATA_DIR") ?? "./data"),
    databaseUrl: url(env, "DATABASE_URL", ["mysql:", "mariadb:"]),
    smtpUrl: url(env, "SMTP_URL", ["smtp:", "smtps:"]),
    mailFrom,
    jwtSecret,
    jwtTtlSeconds: integer(env, "JWT_TTL_SECONDS", 8 * 3600, 60, 30 * 24 * 3600),
    platformApiKey,
    sandbox: flag(env, "GRAPHQL_SANDBOX", !production),
    trustProxyHops: integer(env, "TRUST_PROXY_HOPS", 0, 0, 10),
    priceCreditsPerDevice: integer(env, "PRICE_CREDITS_PER_DEVICE", 1, 0, 1_000_000),
    priceCreditsPer100Users: integer(env, "PRICE_CREDITS_PER_100_USERS", 0, 0, 1_000_000),
    billingScheduler: flag(env, "BILLING_SCHEDULER", true),
    mailPollMs: integer(env, "MAIL_POLL_MS", 2000, 10, 600_000),
    redisUrl: url(env, "REDIS_URL", ["redis:", "rediss:"]),
    drainDelayMs: integer(env, "DRAIN_DELAY_MS", 0, 0, 300_000),
    clockStart: nodeEnv === "test" ? instant(env, "TEST_CLOCK_START") : null,
    limits: {
      maxBodyBytes: integer(env, "MAX_BODY_BYTES", 100_000, 1_000, 10_000_000),
      maxQueryDepth: integer(env, "GRAPHQL_MAX_DEPTH", 10, 2, 100),
      maxAliases: integer(env, "GRAPHQL_MAX_ALIASES", 15, 0, 1_000),
      maxTokens: integer(env, "GRAPHQL_MAX_TOKENS", 3_000, 100, 100_000),
      maxCost: integer(env, "GRAPHQL_MAX_COST", 5_000, 100, 1_000_000),
      mutationsPerMinute: integer(env, "RATE_LIMIT_MUTATIONS_PER_MINUTE", 300, 1, 1_000_000),
      authPerMinute: integer(env, "RATE_LIMIT_AUTH_PER_MINUTE", 30, 1, 1_000_000),
    },
    timeouts: {
      dbConnectMs: integer(env, "DB_CONNECT_TIMEOUT_MS", 3_000, 100, 600_000),
      dbQueryMs: integer(env, "DB_QUERY_TIMEOUT_MS", 5_000, 100, 600_000),
      dbAcquireMs: integer(env, "DB_ACQUIRE_TIMEOUT_MS", 5_000, 100, 600_000),
      smtpConnectMs: integer(env, "SMTP_CONNECT_TIMEOUT_MS", 10_000, 100, 600_000),
      smtpSocketMs: integer(env, "SMTP_SOCKET_TIMEOUT_MS", 30_000, 100, 600_000),
    },
  };
}

/**
 * In development the JWT secret is made once and kept in DATA_DIR, so sessions survive
 * restarts without any set-up. Production requires JWT_SECRET (checked by loadConfig).
 */
export function resolveJwtSecret(config: Config): Config & { jwtSecret: string } {
  if (config.jwtSecret) return config as Config & { jwtSecret: string };
  makePrivateDir(config.dataDir);
  const file = join(config.dataDir, "jwt-secret");
  if (!existsSync(file)) writePrivateFileSync(file, randomBytes(48).toString("base64url"));
  return { ...config, jwtSecret: readFileSync(file, "utf8").trim() };
}
