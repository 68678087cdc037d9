import { parse as parseCookies } from "cookie";
import type { Request, Response } from "express";
import { AdminStatus, type PartnerAdmin } from "./admins/admin.entity";
import { adminLoaders } from "./admins/admin.loaders";
import { AuditActorKind } from "./audit/audit-entry.entity";
import type { Acting } from "./audit/audit.service";
import { sessionCookie } from "./auth/sessions";
import { sameSecret } from "./auth/tokens";
import { AdminRole, atLeast } from "./roles";
import type { Services } from "./services";
import { siteLoaders } from "./sites/site.loaders";
import type { ApiToken } from "./tokens/api-token.entity";
import { apiTokenPrefix } from "./tokens/api-tokens.service";

/**
 * Who acts within a partner: a signed-in admin, or an API token acting for the admin who
 * created it. `role` is the level the rules check: a token's own level, capped by its
 * creator's current level.
 */
export interface Actor {
  partnerId: string;
  role: AdminRole;
  /** The admin, or the token's creator. */
  admin: PartnerAdmin;
  token: ApiToken | null;
}

/**
 * Who is calling: nobody (perhaps with a token that is no longer valid), the platform operator,
 * an admin (with the server-side session its token names) or an API token.
 */
export type Caller =
  | { kind: "anonymous"; invalidToken: boolean }
  | { kind: "platform" }
  | { kind: "admin"; actor: Actor; sessionId: string }
  | { kind: "token"; actor: Actor };

export function createLoaders(services: Services) {
  return { ...adminLoaders(services.dataSource), ...siteLoaders(services.dataSource) };
}

export type Loaders = ReturnType<typeof createLoaders>;

export interface Context {
  caller: Caller;
  services: Services;
  /** Fresh for every request: nothing is cached across requests or callers. */
  loaders: Loaders;
  req: Request;
  res: Response;
  clientAddress: string;
  /** Who acts and from where, for the audit rows the services write inside their transactions. */
  acting: Acting;
}

/** The bearer token of the Authorization header, else the session cookie of the web client. */
function presentedToken(req: Request): { token: string | null; bearer: boolean } {
  const header = req.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return { token: match ? match[1] : "", bearer: true };
  }
  const cookies = req.headers.cookie ? parseCookies(req.headers.cookie) : {};
  return { token: cookies[sessionCookie] ?? null, bearer: false };
}

function usable(admin: PartnerAdmin | null, partnerId: string): admin is PartnerAdmin {
  return !!admin && admin.partnerId === partnerId && admin.status === AdminStatus.ACTIVE && !admin.removedAt;
}

/**
 * Identifies the caller. The admin (and a token's creator) is re-read from the database on
 * every request, so a demoted, disabled or removed admin loses the rights at once, whatever
 * token it holds; a session token is refused once its session was ended (log-out, password
 * reset). The session and its admin are read in one statement.
 */
export async function authenticate(req: Request, services: Services, loaders: Loaders): Promise<Caller> {
  const { token, bearer } = presentedToken(req);
  if (token === null) return { kind: "anonymous", invalidToken: false };
  const invalid = { kind: "anonymous", invalidToken: true } as const;
  if (!token) return invalid;
  const platformKey = services.config.platformApiKey;
  if (bearer && platformKey && sameSecret(token, platformKey)) return { kind: "platform" };

  if (bearer && token.startsWith(apiTokenPrefix)) {
    const apiToken = await services.apiTokens.authenticate(token);
    if (!apiToken) return invalid;
    const creator = await loaders.adminById.load(apiToken.createdById);
    if (!usable(creator, apiToken.partnerId)) return invalid;
    const role = atLeast(creator.role, apiToken.role) ? apiToken.role : creator.role;
    return { kind: "token", actor: { partnerId: apiToken.partnerId, role, admin: creator, token: apiToken } };
  }

  const session = await services.sessions.resume(token);
  if (!session || !usable(session.admin, session.claims.partnerId)) return invalid;
  const admin = session.admin;
  // Later reads of the caller in this request (e.g. as a ledger entry's actor) need no statement.
  loaders.adminById.prime(admin.id, admin);
  return { kind: "admin", actor: { partnerId: admin.partnerId, role: admin.role, admin, token: null }, sessionId: session.claims.sessionId };
}

export async function createContext(services: Services, req: Request, res: Response): Promise<Context> {
  const loaders = createLoaders(services);
  const caller = await authenticate(req, services, loaders);
  const clientAddress = req.ip ?? req.socket.remoteAddress ?? "unknown";
  return { caller, services, loaders, req, res, clientAddress, acting: actingOf(caller, clientAddress) };
}

/** The caller as the audit log names it. */
export function actingOf(caller: Caller, clientAddress: string): Acting {
  switch (caller.kind) {
    case "admin":
      return { kind: AuditActorKind.ADMIN, id: caller.actor.admin.id, name: caller.actor.admin.email, partnerId: caller.actor.partnerId, clientAddress };
    case "token":
      return { kind: AuditActorKind.API_TOKEN, id: caller.actor.token!.id, name: caller.actor.token!.name, partnerId: caller.actor.partnerId, clientAddress };
    case "platform":
      return { kind: AuditActorKind.PLATFORM, id: null, name: "platform operator", partnerId: null, clientAddress };
    default:
      return { kind: AuditActorKind.ANONYMOUS, id: null, name: null, partnerId: null, clientAddress };
  }
}

/** The acting admin and level within a partner; only for fields that permissions.ts restricts to admins and tokens. */
export function callerActor(ctx: Context): Actor {
  if (ctx.caller.kind !== "admin" && ctx.caller.kind !== "token")
    throw new Error("callerActor() used on a field that permissions.ts does not restrict to admins");
  return ctx.caller.actor;
}

/** The signed-in admin, or the admin an API token acts for. */
export function callerAdmin(ctx: Context): PartnerAdmin {
  return callerActor(ctx).admin;
}
