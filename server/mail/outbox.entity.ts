import { Column, Entity, Index, PrimaryColumn } from "typeorm";
import { timestamp } from "../database";

/**
 * An email waiting to be sent or already sent. Rows are written in the same transaction
 * as the change that causes them and delivered by the OutboxWorker.
 */
@Entity("outbox_message")
@Index("idx_outbox_due", ["deliveredAt", "nextAttemptAt"])
export class OutboxMessage {
  @PrimaryColumn("varchar", { length: 36 })
  id: string;

  @Column("varchar", { name: "partner_id", length: 36, nullable: true })
  partnerId: string | null;

  /** What the email is for, e.g. ADMIN_INVITATION; for logs and tests. */
  @Column("varchar", { length: 40 })
  kind: string;

  @Column("varchar", { name: "to_address", length: 254 })
  toAddress: string;

  @Column("varchar", { length: 300 })
  subject: string;

  @Column("text")
  text: string;

  @Column("text")
  html: string;

  @Column(timestamp({ name: "created_at" }))
  createdAt: Date;

  @Column(timestamp({ name: "next_attempt_at" }))
  nextAttemptAt: Date;

  @Column("int", { default: 0 })
  attempts: number;

  /** A worker that claims the message holds it until then, so two servers never send it twice. */
  @Column(timestamp({ name: "locked_until", nullable: true }))
  lockedUntil: Date | null;

  @Column(timestamp({ name: "delivered_at", nullable: true }))
  deliveredAt: Date | null;

  @Column("varchar", { name: "last_error", length: 500, nullable: true })
  lastError: string | null;
}
