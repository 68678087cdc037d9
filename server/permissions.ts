import type { GraphQLError } from "graphql";
import { allow, chain, rule, shield, type IRules } from "graphql-shield";
import type { Context } from "./context";
import { forbidden, unauthenticated } from "./errors";
import { AdminRole, atLeast } from "./roles";

/**
 * Who may do what: the one authorization map of the API, denying by default.
 * Tenant scoping is done again in every service query: a rule here is not a WHERE clause.
 */

const messages = {
  signIn: "Sign in to do this.",
  sessionInvalid: "Your session has expired or is no longer valid. Sign in again.",
  level: (role: AdminRole) => `This needs the ${role} level or above.`,
  platformOnly: "Only the platform operator can do this.",
  platformNotAdmin: "The platform key cannot act as a partner admin.",
  onlyMasterMakesMaster: "Only a Master can make someone a Master.",
  onlyMasterManagesMaster: "Only a Master can change, remind or remove a Master.",
  denied: "You are not allowed to do this.",
  personOnly: "API tokens cannot do this; sign in as a person.",
};

function refuseNonAdmin(ctx: Pick<Context, "caller">) {
  if (ctx.caller.kind === "platform") return forbidden(messages.platformNotAdmin);
  return unauthenticated(ctx.caller.kind === "anonymous" && ctx.caller.invalidToken ? messages.sessionInvalid : messages.signIn);
}

/** True for an admin or API token of at least this level (a token's level is capped by its creator's), else the refusal. */
function levelCheck(ctx: Pick<Context, "caller">, minimum: AdminRole): true | GraphQLError {
  if (ctx.caller.kind !== "admin" && ctx.caller.kind !== "token") return refuseNonAdmin(ctx);
  return atLeast(ctx.caller.actor.role, minimum) || forbidden(messages.level(minimum));
}

const hasLevel = (minimum: AdminRole) => rule(`has${minimum}`, { cache: "contextual" })((_parent, _args, ctx: Context) => levelCheck(ctx, minimum));

/** A person signed in, not an API token: tokens cannot manage tokens. */
const isPerson = rule({ cache: "contextual" })((_parent, _args, ctx: Context) => {
  if (ctx.caller.kind === "token") return forbidden(messages.personOnly);
  return ctx.caller.kind === "admin" || refuseNonAdmin(ctx);
});

const isObserver = hasLevel(AdminRole.OBSERVER);
const isOperator = hasLevel(AdminRole.OPERATOR);
const isAdministrator = hasLevel(AdminRole.ADMINISTRATOR);

const isPlatform = rule({ cache: "contextual" })((_parent, _args, ctx: Context) => {
  if (ctx.caller.kind === "platform") return true;
  return ctx.caller.kind === "admin" || ctx.caller.kind === "token" ? forbidden(messages.platformOnly) : unauthenticated(messages.platformOnly);
});

/** Only a Master may hand out the MASTER level. */
const mayGrantRole = rule({ cache: "strict" })((_parent, args: { input: { role: AdminRole } }, ctx: Context) => {
  if (args.input.role !== AdminRole.MASTER) return true;
  return ((ctx.caller.kind === "admin" || ctx.caller.kind === "token") && ctx.caller.actor.role === AdminRole.MASTER) || forbidden(messages.onlyMasterMakesMaster);
});

/** Only a Master may act on a Master. An id outside the caller's partner passes here and is NOT_FOUND in the service. */
const mayManageTarget = rule({ cache: "strict" })(async (_parent, args: { input: { adminId: string } }, ctx: Context) => {
  if (ctx.caller.kind !== "admin" && ctx.caller.kind !== "token") return refuseNonAdmin(ctx);
  const actor = ctx.caller.actor;
  const target = await ctx.services.admins.findInPartner(actor.partnerId, args.input.adminId);
  if (!target || target.role !== AdminRole.MASTER) return true;
  return actor.role === AdminRole.MASTER || forbidden(messages.onlyMasterManagesMaster);
});

const operations: IRules = {
  Query: {
    me: isObserver,
    partner: isObserver,
    admins: isObserver,
    invitation: allow,
    siteInvitation: allow,
    sites: isObserver,
    site: isObserver,
    creditTransactions: isObserver,
    apiTokens: chain(isAdministrator, isPerson),
    auditLog: isAdministrator,
  },
  Mutation: {
    signUp: allow,
    logIn: allow,
    logOut: allow,
    requestPasswordReset: allow,
    resetPassword: allow,
    setPreferredLanguage: isPerson,

    inviteAdmin: chain(isAdministrator, mayGrantRole),
    resendInvitation: chain(isAdministrator, mayManageTarget),
    changeAdminRole: chain(isAdministrator, mayGrantRole, mayManageTarget),
    removeAdmin: chain(isAdministrator, mayManageTarget),

    createSite: isOperator,
    updateSite: isOperator,
    deleteSite: isAdministrator,
    allocateCredits: isOperator,
    reclaimCredits: isOperator,
    inviteSiteAdministrator: isOperator,
    acceptSiteAdministratorInvitation: allow,

    createApiToken: chain(isAdministrator, isPerson),
    revokeApiToken: chain(isAdministrator, isPerson),

    createPartner: isPlatform,
    grantCredits: isPlatform,
    reportSiteUsage: isPlatform,
    runMonthlyBilling: isPlatform,
  },
};

/**
 * Routes outside GraphQL, under the same rules as the GraphQL operation that reads the same
 * data: the CSV export of the credit history is allowed exactly when creditTransactions is.
 */
export const routeRules = {
  creditHistoryExport: (ctx: Pick<Context, "caller">) => levelCheck(ctx, AdminRole.OBSERVER),
};

/**
 * The shield. Its map holds rules for Query and Mutation only, and only those are applied
 * (schema.ts): the fields of the object types they return are allowed once the operation that
 * reached them was, since nothing secret has a GraphQL field (see the entities), and no other
 * resolver is wrapped. A rule for any other type would be silently ignored, so it is refused.
 */
export function permissions(map: IRules = operations) {
  const ignored = Object.keys(map).filter((type) => type !== "Query" && type !== "Mutation");
  if (ignored.length) throw new Error(`permissions.ts: rules for ${ignored.join(", ")} would not be applied; rules go on Query and Mutation fields only`);
  return shield(map, {
    fallbackRule: rule("deny")(() => forbidden(messages.denied)),
    allowExternalErrors: true,
    debug: false,
  });
}
