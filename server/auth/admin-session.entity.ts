import { Column, Entity, Index, PrimaryColumn } from "typeorm";
import type { PartnerAdmin } from "../admins/admin.entity";
import { timestamp } from "../database";

/**
 * One signed-in browser or client of an admin: made at each log-in (and at a sign-up, which
 * signs in), named by the `sid` claim of its session token, and checked on every request
 * together with the admin. A log-out ends it; a password reset ends all of the admin's.
 */
@Entity("admin_session")
@Index("idx_admin_session_admin", ["adminId", "createdAt"])
export class AdminSession {
  @PrimaryColumn("varchar", { length: 36 })
  id: string;

  @Column("varchar", { name: "admin_id", length: 36 })
  adminId: string;

  @Column(timestamp({ name: "created_at" }))
  createdAt: Date;

  /** When the session was last used, to the minute (it is written at most once a minute); null until its first use after the log-in. */
  @Column(timestamp({ name: "last_seen_at", nullable: true }))
  lastSeenAt: Date | null;

  /** The expiry of its token. */
  @Column(timestamp({ name: "expires_at" }))
  expiresAt: Date;

  /** Set when the session was ended (log-out, password reset); its token is refused from then on. */
  @Column(timestamp({ name: "ended_at", nullable: true }))
  endedAt: Date | null;

  /** The User-Agent header at log-in, cut to 255 characters. */
  @Column("varchar", { name: "user_agent", length: 255, nullable: true })
  userAgent: string | null;

  @Column("varchar", { name: "client_address", length: 64, nullable: true })
  clientAddress: string | null;

  /** The admin, when read together with the session (not a column). */
  admin?: PartnerAdmin;
}
