import { parse as parseCookies } from "cookie";
import type { Request, Response } from "express";
import { AdminStatus, type PartnerAdmin } from "./admins/admin.entity";
import { adminLoaders } from "./admins/admin.loaders";
import { sessionCookie } from "./auth/sessions";
import { siteLoaders } from "./sites/site.loaders";
import { sameSecret } from "./auth/tokens";
import type { Services } from "./services";

/** Who is calling: nobody (perhaps with a token that is no longer valid), the platform operator, or an active admin. */
export type Caller =
  | { kind: "anonymous"; invalidToken: boolean }
  | { kind: "platform" }
  | { kind: "admin"; admin: PartnerAdmin };

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

/**
 * Identifies the caller. The admin is re-read from the database on every request, so a
 * demoted, disabled or removed admin loses the rights at once, whatever token it holds.
 */
export async function authenticate(req: Request, services: Services, loaders: Loaders): Promise<Caller> {
  const { token, bearer } = presentedToken(req);
  if (token === null) return { kind: "anonymous", invalidToken: false };
  const platformKey = services.config.platformApiKey;
  if (bearer && platformKey && token && sameSecret(token, platformKey)) return { kind: "platform" };
  const claims = token ? services.sessions.verify(token) : null;
  if (!claims) return { kind: "anonymous", invalidToken: true };
  const admin = await loaders.adminById.load(claims.adminId);
  if (!admin || admin.partnerId !== claims.partnerId || admin.status !== AdminStatus.ACTIVE || admin.removedAt)
    return { kind: "anonymous", invalidToken: true };
  return { kind: "admin", admin };
}

export async function createContext(services: Services, req: Request, res: Response): Promise<Context> {
  const loaders = createLoaders(services);
  const caller = await authenticate(req, services, loaders);
  return { caller, services, loaders, req, res, clientAddress: req.ip ?? req.socket.remoteAddress ?? "unknown" };
}

/** The signed-in admin; resolvers behind an admin rule in permissions.ts may rely on it. */
export function callerAdmin(ctx: Context): PartnerAdmin {
  if (ctx.caller.kind !== "admin") throw new Error("callerAdmin() used on a field that permissions.ts does not restrict to admins");
  return ctx.caller.admin;
}
