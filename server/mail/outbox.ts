import { randomUUID } from "node:crypto";
import type { EntityManager } from "typeorm";
import type { Clock } from "../clock";
import { OutboxMessage } from "./outbox.entity";

export interface Email {
  kind: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  partnerId?: string | null;
}

/**
 * Writes emails to the outbox table inside the caller's transaction, so an email exists
 * exactly when the change that causes it was committed. The worker is woken after commit.
 */
export class Outbox {
  private listeners: Array<() => void> = [];

  constructor(private readonly clock: Clock) {}

  async enqueue(manager: EntityManager, email: Email): Promise<OutboxMessage> {
    const [message] = await this.enqueueMany(manager, [email]);
    return message;
  }

  /** Writes many emails with multi-row INSERTs (the monthly billing's warnings), in the caller's transaction. */
  async enqueueMany(manager: EntityManager, emails: Email[], rowsPerInsert = 200): Promise<OutboxMessage[]> {
    const now = this.clock.now();
    const messages = emails.map((email) =>
      manager.create(OutboxMessage, {
        id: randomUUID(),
        partnerId: email.partnerId ?? null,
        kind: email.kind,
        toAddress: email.to,
        subject: email.subject,
        text: email.text,
        html: email.html,
        createdAt: now,
        nextAttemptAt: now,
        attempts: 0,
        lockedUntil: null,
        deliveredAt: null,
        lastError: null,
      }),
    );
    for (let i = 0; i < messages.length; i += rowsPerInsert) await manager.insert(OutboxMessage, messages.slice(i, i + rowsPerInsert));
    return messages;
  }

  /** Called by services after a transaction that enqueued mail has committed. */
  wake(): void {
    for (const listener of this.listeners) listener();
  }

  onWake(listener: () => void): void {
    this.listeners.push(listener);
  }
}
