import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { Column, Entity, Index, PrimaryColumn } from "typeorm";
import { exactKey, timestamp } from "../database";
import { Language } from "../language";
import { AdminRole } from "../roles";

export enum AdminStatus {
  INVITED = "INVITED",
  ACTIVE = "ACTIVE",
  DISABLED = "DISABLED",
}
registerEnumType(AdminStatus, { name: "AdminStatus" });

/**
 * A member of a partner's staff. Fields without @Field (password hash, invitation token
 * hash, policy acceptances) never reach a client.
 */
@ObjectType({ description: "A member of the partner's staff with access to the portal." })
@Entity("partner_admin")
@Index("idx_partner_admin_partner", ["partnerId", "createdAt"])
export class PartnerAdmin {
  @Field(() => ID)
  @PrimaryColumn("varchar", { length: 36 })
  id: string;

  @Column("varchar", { name: "partner_id", length: 36 })
  partnerId: string;

  @Field({ description: "Taken from the invitation; it can never change." })
  @Column("varchar", { length: 254 })
  email: string;

  /** The email while the admin is not removed, else null: one live admin per address, platform-wide. */
  @Index("uq_partner_admin_live_email", { unique: true })
  @Column("varchar", { name: "live_email", length: 254, nullable: true })
  liveEmail: string | null;

  @Field(() => String, { nullable: true, description: "Null until the invitation is accepted." })
  @Column("varchar", { length: 100, nullable: true })
  name: string | null;

  @Field(() => AdminRole)
  @Column("varchar", { length: 20 })
  role: AdminRole;

  @Field(() => AdminStatus)
  @Column("varchar", { length: 20 })
  status: AdminStatus;

  @Field(() => Language, { description: "The language of the emails the admin gets: the invitation's, then the portal's at sign-up; the admin can change it." })
  @Column("varchar", { name: "preferred_language", length: 5, default: Language.EN })
  preferredLanguage: Language;

  @Column("varchar", { name: "password_hash", length: 200, nullable: true })
  passwordHash: string | null;

  @Column("varchar", { name: "invited_by_id", length: 36, nullable: true })
  invitedById: string | null;

  @Field()
  @Column(timestamp({ name: "created_at" }))
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  @Column(timestamp({ name: "last_log_in_at", nullable: true }))
  lastLogInAt: Date | null;

  /** sha256 of the current invitation token; null once used or revoked. */
  @Index("uq_partner_admin_invitation_token", { unique: true })
  @Column("varchar", exactKey({ name: "invitation_token_hash", length: 64, nullable: true }))
  invitationTokenHash: string | null;

  @Column(timestamp({ name: "invitation_expires_at", nullable: true }))
  invitationExpiresAt: Date | null;

  /** The outbox message of the latest invitation email. */
  @Column("varchar", { name: "invitation_message_id", length: 36, nullable: true })
  invitationMessageId: string | null;

  @Column(timestamp({ name: "accepted_at", nullable: true }))
  acceptedAt: Date | null;

  @Column("varchar", { name: "privacy_policy_version", length: 20, nullable: true })
  privacyPolicyVersion: string | null;

  @Column(timestamp({ name: "privacy_policy_accepted_at", nullable: true }))
  privacyPolicyAcceptedAt: Date | null;

  @Column("varchar", { name: "terms_version", length: 20, nullable: true })
  termsVersion: string | null;

  @Column(timestamp({ name: "terms_accepted_at", nullable: true }))
  termsAcceptedAt: Date | null;

  /** sha256 of the current password-reset token; null when none is pending. */
  @Index("uq_partner_admin_reset_token", { unique: true })
  @Column("varchar", exactKey({ name: "reset_token_hash", length: 64, nullable: true }))
  resetTokenHash: string | null;

  @Column(timestamp({ name: "reset_expires_at", nullable: true }))
  resetExpiresAt: Date | null;

  /** Set when the admin was removed (or the invitation revoked); removed admins stay for history. */
  @Column(timestamp({ name: "removed_at", nullable: true }))
  removedAt: Date | null;
}
