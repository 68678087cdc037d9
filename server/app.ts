import { existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { unwrapResolverError } from "@apollo/server/errors";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { expressMiddleware } from "@as-integrations/express5";
import express from "express";
import type { GraphQLFormattedError } from "graphql";
import { createContext, type Context } from "./context";
import { creditHistoryExport } from "./credits/credit-history.export";
import { ErrorCode } from "./errors";
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
]);

const internalMessage = "Something went wrong on our side. Try again; if it keeps happening, contact support.";

/** Never lets SQL, stack traces or internal details reach a client; logs them instead. */
export function formatError(formatted: GraphQLFormattedError, error: unknown, log: Pick<Console, "error"> = console): GraphQLFormattedError {
  const code = formatted.extensions?.code as string | undefined;
  if (code && publicCodes.has(code)) return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { code } };
  log.error("[graphql] unexpected error at", formatted.path?.join(".") ?? "(request)", unwrapResolverError(error));
  return { message: internalMessage, path: formatted.path, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
}

export interface PortalApp {
  app: express.Express;
  httpServer: Server;
  /** Stops taking requests, lets the ones in flight finish, then closes Apollo. */
  stop(): Promise<void>;
}

/** express + Apollo + the static web client, for the server and the tests. */
export async function createApp(services: Services, options: { clientDir?: string; log?: Pick<Console, "error"> } = {}): Promise<PortalApp> {
  const { config, dataSource } = services;
  const app = express();
  app.disable("x-powered-by");
  const httpServer = createServer(app);

  const plugins: ApolloServerPlugin<Context>[] = [ApolloServerPluginDrainHttpServer({ httpServer })];
  plugins.push(config.sandbox ? ApolloServerPluginLandingPageLocalDefault({ embed: true }) : ApolloServerPluginLandingPageDisabled());
  const apollo = new ApolloServer<Context>({
    schema: createSchema(),
    introspection: config.sandbox,
    csrfPrevention: true,
    // index.ts handles SIGTERM itself: drain HTTP, then stop the mail worker and the database.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: false,
    formatError: (formatted, error) => formatError(formatted, error, options.log),
    plugins,
  });
  await apollo.start();

  app.get("/healthz", async (_req, res) => {
    try {
      await dataSource.query("SELECT 1");
      res.json({ status: "ok", database: "ok" });
    } catch {
      res.status(503).json({ status: "unavailable", database: "unreachable" });
    }
  });

  app.use(
    "/graphql",
    express.json({ limit: "100kb" }),
    expressMiddleware(apollo, { context: async ({ req, res }) => createContext(services, req, res) }),
  );

  app.get("/exports/credit-history.csv", creditHistoryExport(services));

  // The web client: static files, and its routes (e.g. /sign-up?token=…) fall back to index.html.
  const clientDir = options.clientDir ?? join(__dirname, "..", "..", "client", "dist");
  if (existsSync(join(clientDir, "index.html"))) {
    app.use(express.static(clientDir, { index: false, maxAge: "1h" }));
    app.use((req, res, next) => {
      if (req.method !== "GET" && req.method !== "HEAD") return next();
      res.setHeader("Cache-Control", "no-cache");
      res.sendFile(join(clientDir, "index.html"));
    });
  }

  // Last resort for the non-GraphQL routes: log the error, never send its details.
  app.use((error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    (options.log ?? console).error("[http] unexpected error:", error);
    if (res.headersSent) res.destroy();
    else res.status(500).json({ error: internalMessage });
  });

  return {
    app,
    httpServer,
    async stop() {
      await apollo.stop();
      if (httpServer.listening) await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    },
  };
}
