import { existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { unwrapResolverError } from "@apollo/server/errors";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { expressMiddleware } from "@as-integrations/express5";
import { ApolloArmor } from "@escape.tech/graphql-armor";
import express from "express";
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import helmet from "helmet";
import { createContext, type Context } from "./context";
import { creditHistoryExport } from "./credits/credit-history.export";
import { ErrorCode } from "./errors";
import { rateLimitPlugin } from "./limits";
import { readiness } from "./readiness";
import { createRateLimitStore } from "./rate-limit-store";
import { createSchema } from "./schema";
import type { Services } from "./services";

/** Error codes whose message is meant for the client; anything else is masked. */
const publicCodes = new Set([
  ErrorCode.UNAUTHENTICATED,
  ErrorCode.FORBIDDEN,
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_USER_INPUT",
  "BAD_REQUEST",
  "OPERATION_RESOLUTION_FAILURE",
  "PERSISTED_QUERY_NOT_FOUND",
  "RATE_LIMITED",
]);

const internalMessage = "Something went wrong on our side. Try again; if it keeps happening, contact support.";
const databaseDownMessage = "The portal's database cannot be reached right now. Try again in a moment.";

/** Error codes of a database that is down or dropped the connection (mysql2 and Node). */
const connectionCodes = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "PROTOCOL_CONNECTION_LOST", "ER_CON_COUNT_ERROR", "ER_SERVER_SHUTDOWN", "ER_CONNECTION_KILLED", "ER_QUERY_INTERRUPTED", "PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR",
  // A statement or a wait for a pooled connection that outlived its bound (see server/data-source.ts).
  "PROTOCOL_SEQUENCE_TIMEOUT", "DATABASE_TIMEOUT"]);

/** What TypeORM, better-sqlite3 and mysql2 say when their connection or pool is closed. */
const closedConnectionMessages = [/Connection is not established/i, /database connection is not open/i, /Pool is closed/i, /connection is in closed state/i];

/** True when an error (or one it wraps) says the database is unreachable. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error as { code?: string; errno?: number; name?: string; message?: string; originalError?: unknown; driverError?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 6; depth++) {
    if (typeof e.code === "string" && connectionCodes.has(e.code)) return true;
    if (e.errno === 1927 || e.errno === 1053) return true; // connection killed, server shutdown
    if (e.name === "ConnectionIsNotSetError") return true;
    if (typeof e.message === "string" && closedConnectionMessages.some((pattern) => pattern.test(e!.message!))) return true;
    e = (e.driverError ?? e.originalError ?? e.cause) as typeof e;
  }
  return false;
}

/** graphql-js's hints at the schema: "Did you mean "sites"?", "Did you mean the enum value "PURCHASE"?". */
const suggestion = /\s*Did you mean [^?]*\?/g;

/**
 * Never lets SQL, stack traces or internal details reach a client; logs them instead. With
 * hideSuggestions (production), no message suggests a field, argument, type or enum value.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown, log: Pick<Console, "error"> = console, hideSuggestions = false): GraphQLFormattedError {
  const code = formatted.extensions?.code as string | undefined;
  if (isDatabaseUnavailable(error)) {
    log.error("[graphql] database unavailable:", (unwrapResolverError(error) as Error)?.message);
    return { message: databaseDownMessage, path: formatted.path, extensions: { code: "SERVICE_UNAVAILABLE" } };
  }
  if (code && publicCodes.has(code)) {
    const message = hideSuggestions ? formatted.message.replace(suggestion, "") : formatted.message;
    return { message, locations: formatted.locations, path: formatted.path, extensions: { code } };
  }
  log.error("[graphql] unexpected error at", formatted.path?.join(".") ?? "(request)", unwrapResolverError(error));
  return { message: internalMessage, path: formatted.path, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
}

/** A request that failed because the database is down answers 503, so clients and load balancers can tell. */
const databaseDownStatus: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response, errors }) {
        if (errors?.some(isDatabaseUnavailable)) response.http.status = 503;
      },
    };
  },
};

export interface PortalApp {
  app: express.Express;
  httpServer: Server;
  /**
   * Reports not ready (/readyz) for DRAIN_DELAY_MS while still serving, so load balancers
   * stop sending traffic; then stops taking requests, lets the ones in flight finish, and
   * closes Apollo and the rate-limit store.
   */
  stop(): Promise<void>;
}

/** express + Apollo + the static web client, for the server and the tests. */
export async function createApp(services: Services, options: { clientDir?: string; log?: Pick<Console, "error"> } = {}): Promise<PortalApp> {
  const { config, dataSource } = services;
  const app = express();
  app.disable("x-powered-by");
  // Behind a proxy, the client's address is the one the trusted proxies put in X-Forwarded-For.
  app.set("trust proxy", config.trustProxyHops);
  // Security headers everywhere; the strict Content-Security-Policy is for the web client below
  // (Apollo Sandbox, served at /graphql in development, loads its own scripts).
  app.use(helmet({ contentSecurityPolicy: false }));
  const httpServer = createServer(app);
  const rateLimits = createRateLimitStore(config, dataSource);
  let draining = false;

  // Query depth, aliases, tokens, cost and directives are bounded; batched requests are refused.
  const armor = new ApolloArmor({
    maxDepth: { n: config.limits.maxQueryDepth },
    maxAliases: { n: config.limits.maxAliases },
    // Tokens are bounded by graphql-js's own parser (parseOptions below), which stops reading
    // at the limit instead of tokenizing the whole document first.
    maxTokens: { enabled: false },
    costLimit: { maxCost: config.limits.maxCost },
    maxDirectives: { n: 50 },
    // formatError removes every suggestion (armor's would leave "[Suggestion hidden]" and miss enum values).
    blockFieldSuggestion: { enabled: false },
  }).protect();
  const plugins: ApolloServerPlugin<Context>[] = [
    ApolloServerPluginDrainHttpServer({ httpServer }),
    ...(armor.plugins as ApolloServerPlugin<Context>[]),
    rateLimitPlugin(config.limits, rateLimits),
    databaseDownStatus,
    // Responses are per caller and never cached; without this Apollo wraps every field resolver to compute cache hints.
    ApolloServerPluginCacheControlDisabled(),
  ];
  plugins.push(config.sandbox ? ApolloServerPluginLandingPageLocalDefault({ embed: true }) : ApolloServerPluginLandingPageDisabled());
  const apollo = new ApolloServer<Context>({
    schema: createSchema(),
    introspection: config.sandbox,
    csrfPrevention: true,
    // index.ts handles SIGTERM itself: drain HTTP, then stop the mail worker and the database.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    parseOptions: { maxTokens: config.limits.maxTokens },
    validationRules: armor.validationRules,
    formatError: (formatted, error) => formatError(formatted, error, options.log, config.env === "production" || !config.sandbox),
    plugins,
  });
  await Promise.all([apollo.start(), rateLimits.connected()]);

  app.get("/healthz", async (_req, res) => {
    try {
      await dataSource.query("SELECT 1");
      res.json({ status: "ok", database: "ok" });
    } catch {
      res.status(503).json({ status: "unavailable", database: "unreachable" });
    }
  });
  // Whether this server can take traffic: a load balancer sends requests only to ready servers.
  app.get("/readyz", async (_req, res) => {
    const state = await readiness(dataSource, draining);
    res.status(state.status === "ready" ? 200 : 503).json(state);
  });

  app.use(
    "/graphql",
    express.json({ limit: config.limits.maxBodyBytes }),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        try {
          return await createContext(services, req, res);
        } catch (error) {
          // Reading the caller needs the database: when it is down, say so (503), not "internal error".
          if (!isDatabaseUnavailable(error)) throw error;
          throw new GraphQLError(databaseDownMessage, { originalError: error as Error, extensions: { code: "SERVICE_UNAVAILABLE", http: { status: 503 } } });
        }
      },
    }),
  );

  app.get("/exports/credit-history.csv", creditHistoryExport(services));

  // The web client: static files, and its routes (e.g. /sign-up?token=…) fall back to index.html.
  const clientDir = options.clientDir ?? join(__dirname, "..", "..", "client", "dist");
  if (existsSync(join(clientDir, "index.html"))) {
    app.use(
      helmet.contentSecurityPolicy({
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", "data:"],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
        },
      }),
    );
    app.use(express.static(clientDir, { index: false, maxAge: "1h" }));
    app.use((req, res, next) => {
      if (req.method !== "GET" && req.method !== "HEAD") return next();
      res.setHeader("Cache-Control", "no-cache");
      res.sendFile(join(clientDir, "index.html"));
    });
  }

  // Last resort for the non-GraphQL routes: log the error, never send its details.
  app.use((error: { type?: string; status?: number }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    if (error?.type === "entity.too.large") {
      res.status(413).json({ errors: [{ message: `The request body is larger than ${config.limits.maxBodyBytes} bytes.`, extensions: { code: "PAYLOAD_TOO_LARGE" } }] });
      return;
    }
    if (error?.type === "entity.parse.failed") {
      res.status(400).json({ errors: [{ message: "The request body is not valid JSON.", extensions: { code: "BAD_REQUEST" } }] });
      return;
    }
    (options.log ?? console).error("[http] unexpected error:", error);
    if (res.headersSent) res.destroy();
    else if (isDatabaseUnavailable(error)) res.status(503).json({ error: databaseDownMessage });
    else res.status(500).json({ error: internalMessage });
  });

  return {
    app,
    httpServer,
    async stop() {
      draining = true;
      if (config.drainDelayMs > 0 && httpServer.listening) await new Promise((resolve) => setTimeout(resolve, config.drainDelayMs));
      await apollo.stop();
      if (httpServer.listening) await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      await rateLimits.close();
    },
  };
}
