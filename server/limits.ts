import type { ApolloServerPlugin } from "@apollo/server";
import { GraphQLError, Kind, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode } from "graphql";
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
 * mutations per client address. Each counts fields, not requests: an operation with N
 * mutation fields (N auth fields) uses N points. Counted where the store keeps them: shared by
 * every server on the database or Redis, in memory on the embedded SQLite file (see README, Scaling out).
 */
export function rateLimitPlugin(limits: Limits, store: Pick<RateLimitStore, "limiter">): ApolloServerPlugin<Context> {
  const mutations = store.limiter("mutations", limits.mutationsPerMinute, 60);
  const auth = store.limiter("auth", limits.authPerMinute, 60);
  const consume = async (limiter: RateLimiterAbstract, key: string, points: number) => {
    try {
      await limiter.consume(key, points);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) throw rateLimited(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)));
      throw rejection;
    }
  };
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, contextValue: ctx }) {
          if (operation?.operation !== "mutation") return;
          const fields = rootFields(document, operation);
          const caller = ctx.caller;
          const who =
            caller.kind === "admin" ? `admin:${caller.actor.admin.id}` : caller.kind === "token" ? `token:${caller.actor.token!.id}` : caller.kind === "platform" ? "platform" : `address:${ctx.clientAddress}`;
          // One point per mutation field, and per auth field: an operation costs what it runs.
          await consume(mutations, who, Math.max(1, fields.size));
          const authFields = [...fields.values()].filter((name) => authMutations.has(name)).length;
          if (authFields) await consume(auth, ctx.clientAddress, authFields);
        },
      };
    },
  };
}

/**
 * The root fields an operation runs, by response key (alias or name) → field name, however
 * they are reached: aliases, inline fragments, named fragments, fragments within fragments.
 * @skip and @include are ignored, so a field that might run is counted: they cannot lower
 * the count. Fields with one response key are merged by GraphQL and run once, so counted once.
 */
export function rootFields(document: DocumentNode, operation: OperationDefinitionNode): Map<string, string> {
  const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
  const fields = new Map<string, string>();
  const visited = new Set<string>();
  const collect = (selectionSet: SelectionSetNode) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) fields.set(selection.alias?.value ?? selection.name.value, selection.name.value);
      else if (selection.kind === Kind.INLINE_FRAGMENT) collect(selection.selectionSet);
      else if (!visited.has(selection.name.value)) {
        visited.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) collect(fragment.selectionSet);
      }
    }
  };
  collect(operation.selectionSet);
  return fields;
}
