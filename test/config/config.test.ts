import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { ConfigError, loadConfig, resolveJwtSecret } from "../../server/config";

/** The ConfigError loadConfig throws for this environment (fails the test if it does not throw one). */
function refusal(env: Record<string, string | undefined>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

const secret = "a-jwt-secret-of-at-least-32-characters";

describe("configuration from the environment", () => {
  describe("with nothing set", () => {
    it("applies the documented defaults", () => {
      const config = loadConfig({});

      expect(config).toMatchObject({
        env: "development",
        port: 4000,
        publicUrl: "http://localhost:4000",
        dataDir: resolve("./data"),
        databaseUrl: null,
        smtpUrl: null,
        jwtSecret: null,
        platformApiKey: null,
        sandbox: true,
      });
      expect(config.mailFrom).toContain("@");
    });
  });

  describe("with good values", () => {
    it("derives PUBLIC_URL from PORT when PUBLIC_URL is unset", () => {
      expect(loadConfig({ PORT: "8080" }).publicUrl).toBe("http://localhost:8080");
    });

    it("takes every documented variable", () => {
      const config = loadConfig({
        NODE_ENV: "production",
        PORT: "3000",
        PUBLIC_URL: "https://portal.example.com/",
        DATA_DIR: "/var/lib/portal",
        DATABASE_URL: "mysql://portal:secret@db:3306/portal",
        SMTP_URL: "smtps://user:pass@mail.example.com:465",
        MAIL_FROM: "Portal <portal@example.com>",
        JWT_SECRET: secret,
        PLATFORM_API_KEY: "a-platform-key-of-24-chars-at-least",
      });

      expect(config).toMatchObject({
        env: "production",
        port: 3000,
        publicUrl: "https://portal.example.com",
        dataDir: "/var/lib/portal",
        databaseUrl: "mysql://portal:secret@db:3306/portal",
        smtpUrl: "smtps://user:pass@mail.example.com:465",
        mailFrom: "Portal <portal@example.com>",
        jwtSecret: secret,
        platformApiKey: "a-platform-key-of-24-chars-at-least",
        sandbox: false,
      });
    });

    it("accepts a mariadb:// DATABASE_URL", () => {
      expect(loadConfig({ DATABASE_URL: "mariadb://root@127.0.0.1:3306/portal" }).databaseUrl).toBe("mariadb://root@127.0.0.1:3306/portal");
    });

    it("turns Apollo Sandbox on in production only when GRAPHQL_SANDBOX=true", () => {
      expect(loadConfig({ NODE_ENV: "production", JWT_SECRET: secret }).sandbox).toBe(false);
      expect(loadConfig({ NODE_ENV: "production", JWT_SECRET: secret, GRAPHQL_SANDBOX: "true" }).sandbox).toBe(true);
      expect(loadConfig({ NODE_ENV: "development", GRAPHQL_SANDBOX: "off" }).sandbox).toBe(false);
    });

    it("takes REDIS_URL and DRAIN_DELAY_MS; without them, no Redis and no drain delay", () => {
      expect(loadConfig({ REDIS_URL: "redis://127.0.0.1:6379", DRAIN_DELAY_MS: "5000" })).toMatchObject({ redisUrl: "redis://127.0.0.1:6379", drainDelayMs: 5000 });
      expect(loadConfig({})).toMatchObject({ redisUrl: null, drainDelayMs: 0 });
    });

    it("sets the clock from TEST_CLOCK_START only when NODE_ENV=test", () => {
      expect(loadConfig({ NODE_ENV: "test", TEST_CLOCK_START: "2026-11-15T12:00:00Z" }).clockStart).toEqual(new Date("2026-11-15T12:00:00Z"));
      expect(loadConfig({ NODE_ENV: "production", JWT_SECRET: secret, TEST_CLOCK_START: "2026-11-15T12:00:00Z" }).clockStart).toBeNull();
      expect(loadConfig({ TEST_CLOCK_START: "2026-11-15T12:00:00Z" }).clockStart).toBeNull();
    });
  });

  describe("with a bad or missing value", () => {
    it.each([
      { variable: "PORT", env: { PORT: "abc" }, says: 'must be a whole number from 0 to 65535, got "abc"' },
      { variable: "PORT", env: { PORT: "70000" }, says: "must be a whole number" },
      { variable: "PORT", env: { PORT: "-1" }, says: "must be a whole number" },
      { variable: "DATABASE_URL", env: { DATABASE_URL: "postgres://user:pass@db:5432/portal" }, says: "must start with mysql:// or mariadb://" },
      { variable: "DATABASE_URL", env: { DATABASE_URL: "portal.sqlite" }, says: "is not a valid URL" },
      { variable: "SMTP_URL", env: { SMTP_URL: "http://mail.example.com" }, says: "must start with smtp:// or smtps://" },
      { variable: "PUBLIC_URL", env: { PUBLIC_URL: "portal.example.com" }, says: "is not a valid URL" },
      { variable: "PUBLIC_URL", env: { PUBLIC_URL: "ftp://portal.example.com" }, says: "must start with http:// or https://" },
      { variable: "JWT_SECRET", env: { NODE_ENV: "production" }, says: "is required when NODE_ENV=production" },
      { variable: "JWT_SECRET", env: { JWT_SECRET: "too-short" }, says: "must be at least 32 characters long" },
      { variable: "PLATFORM_API_KEY", env: { PLATFORM_API_KEY: "short" }, says: "must be at least 24 characters long" },
      { variable: "MAIL_FROM", env: { MAIL_FROM: "Partner Portal" }, says: "is not an email address" },
      { variable: "NODE_ENV", env: { NODE_ENV: "staging" }, says: "must be development, production or test" },
      { variable: "GRAPHQL_SANDBOX", env: { GRAPHQL_SANDBOX: "maybe" }, says: "must be true/on or false/off" },
      { variable: "TRUST_PROXY_HOPS", env: { TRUST_PROXY_HOPS: "true" }, says: "must be a whole number from 0 to 10" },
      { variable: "REDIS_URL", env: { REDIS_URL: "http://127.0.0.1:6379" }, says: "must start with redis:// or rediss://" },
      { variable: "DRAIN_DELAY_MS", env: { DRAIN_DELAY_MS: "5s" }, says: "must be a whole number from 0 to 300000" },
      { variable: "TEST_CLOCK_START", env: { NODE_ENV: "test", TEST_CLOCK_START: "next monday" }, says: "must be an ISO 8601 time" },
    ])("stops with a message naming $variable for $env", ({ variable, env, says }) => {
      const error = refusal(env);

      expect(error.variable).toBe(variable);
      expect(error.message.startsWith(`${variable}: `)).toBe(true);
      expect(error.message).toContain(says);
    });

    it("never repeats a password of DATABASE_URL in its message", () => {
      const error = refusal({ DATABASE_URL: "postgres://portal:hunter2-secret@db/portal" });

      expect(error.message).not.toContain("hunter2-secret");
    });
  });

  describe("the JWT secret in development", () => {
    let dataDir: string;
    beforeEach(() => {
      dataDir = join(mkdtempSync(join(tmpdir(), "portal-config-")), "data");
    });
    afterEach(() => rmSync(join(dataDir, ".."), { recursive: true, force: true }));

    it("is made once and kept in DATA_DIR, readable by the owner only, so sessions survive restarts", () => {
      const first = resolveJwtSecret(loadConfig({ DATA_DIR: dataDir }));
      const second = resolveJwtSecret(loadConfig({ DATA_DIR: dataDir }));

      const file = join(dataDir, "jwt-secret");
      expect(first.jwtSecret.length).toBeGreaterThanOrEqual(32);
      expect(second.jwtSecret).toBe(first.jwtSecret);
      expect(readFileSync(file, "utf8").trim()).toBe(first.jwtSecret);
      expect(statSync(file).mode & 0o777).toBe(0o600);
    });

    it("differs between two data folders", () => {
      const other = mkdtempSync(join(tmpdir(), "portal-config-"));
      try {
        expect(resolveJwtSecret(loadConfig({ DATA_DIR: dataDir })).jwtSecret).not.toBe(resolveJwtSecret(loadConfig({ DATA_DIR: other })).jwtSecret);
      } finally {
        rmSync(other, { recursive: true, force: true });
      }
    });

    it("is JWT_SECRET when that is set, and then no file is written", () => {
      const config = resolveJwtSecret(loadConfig({ DATA_DIR: dataDir, JWT_SECRET: secret }));

      expect(config.jwtSecret).toBe(secret);
      expect(existsSync(join(dataDir, "jwt-secret"))).toBe(false);
    });
  });
});
