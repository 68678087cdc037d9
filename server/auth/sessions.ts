import { createSecretKey, randomUUID, type KeyObject } from "node:crypto";
import jwt from "jsonwebtoken";
import { IsNull, type DataSource, type EntityManager } from "typeorm";
import { PartnerAdmin } from "../admins/admin.entity";
import type { Clock } from "../clock";
import { AdminSession } from "./admin-session.entity";

const issuer = "partner-portal";
const audience = "partner-portal-api";
export const sessionCookie = "portal_session";
/** lastSeenAt is written at most this often per session, so use does not mean a write per request. */
const lastSeenResolutionMs = 60_000;

export interface SessionClaims {
  adminId: string;
  partnerId: string;
  /** The server-side session (AdminSession.id) the token belongs to. */
  sessionId: string;
}

/** Where a log-in comes from, kept with the session for its owner to recognise it. */
export interface SessionClient {
  address: string;
  userAgent: string | null;
}

/**
 * Sessions: a row per log-in on the server, and a JWT naming it. The JWT is signed with
 * HS256 only (the algorithm is pinned when verifying, so "none" or another algorithm is
 * refused), with issuer, audience and expiry checked. A token only names the admin and the
 * session: the session's state, the admin's role and status are read from the database on
 * every request, in one statement.
 */
export class Sessions {
  /** A KeyObject made once: given a string, jsonwebtoken tries to parse it as a public key on every call (~0.6 ms). */
  private readonly secret: KeyObject;

  constructor(private readonly deps: { dataSource: DataSource; clock: Clock; secret: string; ttlSeconds: number }) {
    this.secret = createSecretKey(Buffer.from(deps.secret, "utf8"));
  }

  /** Starts a session for the admin (inside the caller's transaction, if given) and returns its token. */
  async start(admin: Pick<PartnerAdmin, "id" | "partnerId">, client: SessionClient, manager?: EntityManager): Promise<{ token: string; expiresAt: Date }> {
    const now = this.deps.clock.now();
    const iat = Math.floor(now.getTime() / 1000);
    const exp = iat + this.deps.ttlSeconds;
    const session: AdminSession = {
      id: randomUUID(),
      adminId: admin.id,
      createdAt: now,
      lastSeenAt: null,
      expiresAt: new Date(exp * 1000),
      endedAt: null,
      userAgent: client.userAgent?.slice(0, 255) || null,
      clientAddress: client.address.slice(0, 64),
    };
    await (manager ?? this.deps.dataSource.manager).insert(AdminSession, session);
    const token = jwt.sign({ pid: admin.partnerId, sid: session.id, iat, exp }, this.secret, { algorithm: "HS256", subject: admin.id, issuer, audience });
    return { token, expiresAt: session.expiresAt };
  }

  /** The claims of a valid token, or null for anything else. */
  verify(token: string): SessionClaims | null {
    try {
      const payload = jwt.verify(token, this.secret, {
        algorithms: ["HS256"],
        issuer,
        audience,
        clockTimestamp: Math.floor(this.deps.clock.now().getTime() / 1000),
      });
      if (typeof payload !== "object" || typeof payload.sub !== "string" || typeof payload.pid !== "string" || typeof payload.sid !== "string") return null;
      return { adminId: payload.sub, partnerId: payload.pid, sessionId: payload.sid };
    } catch {
      return null;
    }
  }

  /**
   * The claims and the admin of a valid token whose session has not ended: the session and
   * the admin are read in one statement (a join); the session's last-seen time is written at
   * its first use and then when it is more than a minute old.
   */
  async resume(token: string): Promise<{ claims: SessionClaims; admin: PartnerAdmin } | null> {
    const claims = this.verify(token);
    if (!claims) return null;
    const session = await this.deps.dataSource
      .getRepository(AdminSession)
      .createQueryBuilder("session")
      .innerJoinAndMapOne("session.admin", PartnerAdmin, "admin", "admin.id = session.adminId")
      .where("session.id = :sessionId AND session.adminId = :adminId AND session.endedAt IS NULL", claims)
      .getOne();
    if (!session?.admin) return null;
    const now = this.deps.clock.now();
    if (!session.lastSeenAt || now.getTime() - session.lastSeenAt.getTime() > lastSeenResolutionMs)
      await this.deps.dataSource.getRepository(AdminSession).update({ id: session.id }, { lastSeenAt: now });
    return { claims, admin: session.admin };
  }

  /** Ends one session (a log-out); its token is refused from now on. */
  async end(manager: EntityManager, sessionId: string): Promise<void> {
    await manager.update(AdminSession, { id: sessionId, endedAt: IsNull() }, { endedAt: this.deps.clock.now() });
  }

  /** Ends every session of the admin (a password reset), inside the caller's transaction. */
  async endAll(manager: EntityManager, adminId: string): Promise<void> {
    await manager.update(AdminSession, { adminId, endedAt: IsNull() }, { endedAt: this.deps.clock.now() });
  }
}
