import type { GraphQLResolveInfo } from "graphql";
import type { IMiddleware } from "graphql-middleware";
import type { ObjectLiteral } from "typeorm";
import { PartnerAdmin } from "../admins/admin.entity";
import { hashToken } from "../auth/tokens";
import type { Context } from "../context";
import { Partner } from "../partners/partner.entity";
import { Site } from "../sites/site.entity";
import { ApiToken } from "../tokens/api-token.entity";
import { AuditActorKind } from "./audit-entry.entity";

type Args = { input?: Record<string, unknown> };
type Result = Record<string, any> | null;

/** The fields of each kind of object that the audit log keeps before and after a change. */
const objects = {
  Site: { entity: Site, fields: ["partnerId", "name", "country", "timeZone", "notes", "status", "credits", "userCount", "deviceCount", "monthlyCost", "deletedAt"] },
  PartnerAdmin: { entity: PartnerAdmin, fields: ["partnerId", "email", "name", "role", "status", "removedAt", "lastLogInAt"] },
  Partner: { entity: Partner, fields: ["id", "name", "country", "status", "unallocatedCredits"] },
  ApiToken: { entity: ApiToken, fields: ["partnerId", "name", "role", "expiresAt", "revokedAt"] },
} as const;

type ObjectType = keyof typeof objects;

interface Subject {
  type: ObjectType;
  /** The object's id from the arguments (known before the change) … */
  id?: (args: Args) => unknown;
  /** … or looked up before the change (an emailed link names its object only by a token) … */
  find?: (args: Args, ctx: Context) => Promise<string | null>;
  /** … or from the payload (an object the mutation created). */
  created?: (result: Result) => unknown;
  /** The payload's admin acted (sign-up and log-in have no caller yet). */
  actorFromResult?: boolean;
  /** The admin acted on is the one who acted (a password-reset link proves the mailbox). */
  actorIsObject?: boolean;
}

const input = (key: string) => (args: Args) => args.input?.[key];

/** What each mutation acts on; a mutation missing here is recorded without an object. */
const subjects: Record<string, Subject> = {
  signUp: { type: "PartnerAdmin", created: (r) => r?.admin?.id, actorFromResult: true },
  logIn: { type: "PartnerAdmin", created: (r) => r?.admin?.id, actorFromResult: true },
  inviteAdmin: { type: "PartnerAdmin", created: (r) => r?.admin?.id },
  resendInvitation: { type: "PartnerAdmin", id: input("adminId") },
  changeAdminRole: { type: "PartnerAdmin", id: input("adminId") },
  removeAdmin: { type: "PartnerAdmin", id: input("adminId") },
  createSite: { type: "Site", created: (r) => r?.site?.id },
  updateSite: { type: "Site", id: input("id") },
  deleteSite: { type: "Site", id: input("id") },
  allocateCredits: { type: "Site", id: input("siteId") },
  reclaimCredits: { type: "Site", id: input("siteId") },
  inviteSiteAdministrator: { type: "Site", id: input("siteId") },
  reportSiteUsage: { type: "Site", id: input("siteId") },
  createPartner: { type: "Partner", created: (r) => r?.partner?.id },
  grantCredits: { type: "Partner", id: input("partnerId") },
  createApiToken: { type: "ApiToken", created: (r) => r?.apiToken?.id },
  revokeApiToken: { type: "ApiToken", id: input("id") },
  resetPassword: { type: "PartnerAdmin", find: (args, ctx) => adminByResetToken(args, ctx), actorIsObject: true },
};

/** The admin a password-reset link belongs to, by the hash the portal keeps of its token. */
async function adminByResetToken(args: Args, ctx: Context): Promise<string | null> {
  const token = args.input?.token;
  if (typeof token !== "string" || !token) return null;
  const admin = await ctx.services.dataSource.getRepository(PartnerAdmin).findOne({ select: { id: true }, where: { resetTokenHash: hashToken(token) } });
  return admin?.id ?? null;
}

/** A payload's own numbers and flags (e.g. what a billing run charged), for a mutation that acts on no single object. */
function outcomeOf(result: Result): Record<string, number | boolean> | null {
  if (!result) return null;
  return Object.fromEntries(Object.entries(result).filter(([, value]) => typeof value === "number" || typeof value === "boolean"));
}

async function snapshot(ctx: Context, type: ObjectType, id: unknown): Promise<ObjectLiteral | null> {
  if (typeof id !== "string" || !id) return null;
  const row = await ctx.services.dataSource.getRepository(objects[type].entity as any).findOneBy({ id });
  if (!row) return null;
  return Object.fromEntries(objects[type].fields.map((field) => [field, (row as ObjectLiteral)[field]]));
}

function partnerOf(type: ObjectType | null, id: unknown, state: ObjectLiteral | null): string | null {
  if (!state) return null;
  return type === "Partner" ? String(id) : ((state.partnerId as string | undefined) ?? null);
}

/**
 * Records every mutation that succeeded (no userErrors) in the audit log: who, from which
 * address, what, on which object, and the object's relevant fields before and after.
 * It runs behind the permission shield, so refused calls never reach it. The row is
 * written right after the change commits; a failure to write it is logged loudly.
 */
export const auditMiddleware: IMiddleware = {
  Mutation: async (resolve, parent, args: Args, ctx: Context, info: GraphQLResolveInfo) => {
    const subject = subjects[info.fieldName] ?? null;
    const knownId = subject?.id?.(args) ?? (subject?.find ? await subject.find(args, ctx) : null);
    const before = subject && knownId ? await snapshot(ctx, subject.type, knownId) : null;
    const result: Result = await resolve(parent, args, ctx, info);
    if (Array.isArray(result?.userErrors) && result.userErrors.length > 0) return result;

    try {
      const objectId = knownId ?? subject?.created?.(result) ?? null;
      const after = subject && objectId ? await snapshot(ctx, subject.type, objectId) : null;
      const caller = ctx.caller;
      let actor: { kind: AuditActorKind; id: string | null; name: string | null; partnerId: string | null };
      if (caller.kind === "admin") actor = { kind: AuditActorKind.ADMIN, id: caller.actor.admin.id, name: caller.actor.admin.email, partnerId: caller.actor.partnerId };
      else if (caller.kind === "token") actor = { kind: AuditActorKind.API_TOKEN, id: caller.actor.token!.id, name: caller.actor.token!.name, partnerId: caller.actor.partnerId };
      else if (caller.kind === "platform") actor = { kind: AuditActorKind.PLATFORM, id: null, name: "platform operator", partnerId: null };
      else if (subject?.actorFromResult && result?.admin) actor = { kind: AuditActorKind.ADMIN, id: result.admin.id, name: result.admin.email, partnerId: result.admin.partnerId ?? null };
      else if (subject?.actorIsObject && after) actor = { kind: AuditActorKind.ADMIN, id: String(objectId), name: after.email ?? null, partnerId: after.partnerId ?? null };
      else actor = { kind: AuditActorKind.ANONYMOUS, id: null, name: null, partnerId: null };
      await ctx.services.audit.record({
        partnerId: actor.partnerId ?? partnerOf(subject?.type ?? null, objectId, after ?? before),
        actorKind: actor.kind,
        actorId: actor.id,
        actorName: actor.name,
        clientAddress: ctx.clientAddress,
        action: info.fieldName,
        objectType: subject && objectId ? subject.type : null,
        objectId: typeof objectId === "string" ? objectId : null,
        before,
        after: { ...(after ?? {}), input: args.input ?? null, ...(subject ? {} : { result: outcomeOf(result) }) },
      });
    } catch (error) {
      console.error(`[audit] could not record ${info.fieldName}:`, error);
    }
    return result;
  },
};
