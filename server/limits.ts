import type { ApolloServerPlugin } from "@apollo/server";
import { GraphQLError, Kind, type OperationDefinitionNode } from "graphql";
import { RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { Limits } from "./config";
import type { Context } from "./context";
import type { RateLimitStore } from "./rate-limit-store";

/** Mutations that prove or set a password: limited per client address, whoever calls. */
const authMutations = new Set(["logIn", "signUp", "requestPasswordReset", "resetPassword"]);

function rateLimited(retryAfterSeconds: number): GraphQLError {
  return new GraphQLError(`Too many requests. Try again in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? "" : "s"}.`, {
    extensions: { code: "RATE_LIMITED", retryAfter: retryAfterSeconds, http: { status: 429, headers: new Map([["retry-after", String(retryAfterSeconds)]]) } },
  });
}

/**
 * Rate limits on mutations, per admin, API token or client address, and on log-in-like
 * mutations per client address. Counted where the store keeps them: shared by every server
 * on the database or Redis, in memory on the embedded SQLite file (see README, Scaling out).
 */
export function rateLimitPlugin(limits: Limits, store: Pick<RateLimitStore, "limiter">): ApolloServerPlugin<Context> {
  const mutations = store.limiter("mutations", limits.mutationsPerMinute, 60);
  const auth = store.limiter("auth", limits.authPerMinute, 60);
  const consume = async (limiter: RateLimiterAbstract, key: string) => {
    try {
      await limiter.consume(key);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) throw rateLimited(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)));
      throw rejection;
    }
  };
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue: ctx }) {
          if (operation?.operation !== "mutation") return;
          const caller = ctx.caller;
          const who =
            caller.kind === "admin" ? `admin:${caller.actor.admin.id}` : caller.kind === "token" ? `token:${caller.actor.token!.id}` : caller.kind === "platform" ? "platform" : `address:${ctx.clientAddress}`;
          await consume(mutations, who);
          if (fieldNames(operation).some((name) => authMutations.has(name))) await consume(auth, ctx.clientAddress);
        },
      };
    },
  };
}

function fieldNames(operation: OperationDefinitionNode): string[] {
  return operation.selectionSet.selections.filter((s) => s.kind === Kind.FIELD).map((s) => (s.kind === Kind.FIELD ? s.name.value : ""));
}
