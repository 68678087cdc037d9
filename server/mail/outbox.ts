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
 * Turns a request row into its email, in the composer's own transaction: fills the row
 * (Outbox.fill) and returns it, or removes it (Outbox.drop) and returns null when there is
 * nothing to send. Runs in the worker, off the path of the request that wrote the row.
 */
export type Composer = (request: OutboxMessage) => Promise<OutboxMessage | null>;

/** Request rows (kind ending in _REQUEST) hold only a kind and an address until a composer makes them an email. */
export const isRequest = (kind: string) => kind.endsWith("_REQUEST");

/**
 * Writes emails to the outbox table inside the caller's transaction, so an email exists
 * exactly when the change that causes it was committed. The worker is woken after commit.
 */
export class Outbox {
  private listeners: Array<() => void> = [];
  private composers = new Map<string, Composer>();

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

  /**
   * Writes a request row (only the kind and the address) for the worker to compose later: the
   * request's path then runs one INSERT whatever the address, so its timing tells nothing.
   */
  async request(manager: EntityManager, kind: string, to: string): Promise<void> {
    if (!isRequest(kind) || !this.composers.has(kind)) throw new Error(`No composer for outbox requests of kind ${kind}`);
    await this.enqueue(manager, { kind, to, subject: "", text: "", html: "" });
  }

  /** Registers how the worker turns request rows of a kind into emails. */
  composeWith(kind: string, composer: Composer): void {
    this.composers.set(kind, composer);
  }

  composerFor(kind: string): Composer | undefined {
    return this.composers.get(kind);
  }

  /** Makes a request row the email it stands for. */
  async fill(manager: EntityManager, request: OutboxMessage, email: Email): Promise<OutboxMessage> {
    const fields = { kind: email.kind, toAddress: email.to, partnerId: email.partnerId ?? null, subject: email.subject, text: email.text, html: email.html };
    await manager.update(OutboxMessage, { id: request.id }, fields);
    return Object.assign(request, fields);
  }

  /** Removes a request row that has nothing to send. */
  async drop(manager: EntityManager, request: OutboxMessage): Promise<null> {
    await manager.delete(OutboxMessage, { id: request.id });
    return null;
  }

  /** Called by services after a transaction that enqueued mail has committed. */
  wake(): void {
    for (const listener of this.listeners) listener();
  }

  onWake(listener: () => void): void {
    this.listeners.push(listener);
  }
}
