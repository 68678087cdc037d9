import { createSecretKey, type KeyObject } from "node:crypto";
import jwt from "jsonwebtoken";
import type { Clock } from "../clock";

const issuer = "partner-portal";
const audience = "partner-portal-api";
export const sessionCookie = "portal_session";

export interface SessionClaims {
  adminId: string;
  partnerId: string;
  /** The admin's session version when the token was issued; raising it ends every older session. */
  sessionVersion: number;
}

/**
 * Session tokens: JWTs signed with HS256 only (the algorithm is pinned when verifying, so
 * "none" or another algorithm is refused), with issuer, audience and expiry checked. A
 * token only names the admin: role and status are read from the database on every request.
 */
export class Sessions {
  /** A KeyObject made once: given a string, jsonwebtoken tries to parse it as a public key on every call (~0.6 ms). */
  private readonly secret: KeyObject;

  constructor(
    secret: string,
    private readonly ttlSeconds: number,
    private readonly clock: Clock,
  ) {
    this.secret = createSecretKey(Buffer.from(secret, "utf8"));
  }

  issue(claims: SessionClaims): { token: string; expiresAt: Date } {
    const now = Math.floor(this.clock.now().getTime() / 1000);
    const exp = now + this.ttlSeconds;
    const token = jwt.sign({ pid: claims.partnerId, sv: claims.sessionVersion, iat: now, exp }, this.secret, {
      algorithm: "HS256",
      subject: claims.adminId,
      issuer,
      audience,
    });
    return { token, expiresAt: new Date(exp * 1000) };
  }

  /** The claims of a valid token, or null for anything else. */
  verify(token: string): SessionClaims | null {
    try {
      const payload = jwt.verify(token, this.secret, {
        algorithms: ["HS256"],
        issuer,
        audience,
        clockTimestamp: Math.floor(this.clock.now().getTime() / 1000),
      });
      if (typeof payload !== "object" || typeof payload.sub !== "string" || typeof payload.pid !== "string") return null;
      return { adminId: payload.sub, partnerId: payload.pid, sessionVersion: typeof payload.sv === "number" ? payload.sv : 0 };
    } catch {
      return null;
    }
  }
}
