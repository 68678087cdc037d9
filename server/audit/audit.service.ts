import { randomUUID } from "node:crypto";
import type { DataSource, EntityManager } from "typeorm";
import type { Clock } from "../clock";
import type { Transactor } from "../database";
import { checkRange, keysetPage, newestFirst } from "../pagination";
import { isId } from "../validation";
import { AuditActorKind, AuditEntry } from "./audit-entry.entity";

/** Who acts and from where, as the audit log records it; made once per request (or per command-line run). */
export interface Acting {
  kind: AuditActorKind;
  /** The admin's or API token's id. */
  id: string | null;
  /** The admin's email or the token's name. */
  name: string | null;
  /** The partner the actor belongs to; null for the platform and anonymous callers. */
  partnerId: string | null;
  clientAddress: string | null;
}

/** The fields of each kind of object that the audit log keeps before and after a change. */
const auditedFields = {
  Site: ["partnerId", "name", "country", "timeZone", "notes", "status", "credits", "userCount", "deviceCount", "monthlyCost", "deletedAt"],
  PartnerAdmin: ["partnerId", "email", "name", "role", "status", "removedAt", "lastLogInAt"],
  Partner: ["id", "name", "country", "status", "unallocatedCredits"],
  ApiToken: ["partnerId", "name", "role", "expiresAt", "revokedAt"],
} as const;

export type AuditedType = keyof typeof auditedFields;

/** One change, as a service describes it inside its transaction. */
export interface AuditChange {
  /** The mutation, e.g. allocateCredits. */
  action: string;
  /** The object changed; its relevant fields are kept before and after. */
  object?: { type: AuditedType; id: string; before: object | null; after: object | null } | null;
  /** The object's partner, for an actor of no partner (the platform, a person following an emailed link). */
  partnerId?: string | null;
  /** The normalized input the service worked with. */
  input?: unknown;
  /** For a change of no single object: what it did (stored as `after`, next to the input). */
  result?: unknown;
}

/** Keys whose values never enter the audit log. */
const secretKeys = new Set(["password", "token", "secret", "passwordHash", "secretHash", "tokenHash", "invitationTokenHash", "resetTokenHash"]);

/** A JSON copy of a value with secrets left out, and strings cut to maxString characters. */
export function redact(value: unknown, maxString = Infinity): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "string") return value.length > maxString ? value.slice(0, maxString) + "…" : value;
  if (Array.isArray(value)) return value.map((v) => redact(v, maxString));
  if (typeof value === "object")
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).filter(([key]) => !secretKeys.has(key)).map(([key, v]) => [key, redact(v, maxString)]),
    );
  return value;
}

/**
 * The most a before or after column holds, in characters: a MySQL TEXT holds 65,535 bytes,
 * at most 4 bytes a character. Inputs are length-checked long before this; it is the last bound.
 */
export const maxAuditJson = 16_000;

/** A value's JSON, bounded: long strings are cut, and what still does not fit is replaced by a marker. */
export function boundedJson(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const whole = JSON.stringify(redact(value));
  if (whole.length <= maxAuditJson) return whole;
  const cut = JSON.stringify(redact(value, 500));
  return cut.length <= maxAuditJson ? cut : JSON.stringify({ truncated: true });
}

function fieldsOf(type: AuditedType, row: object | null): Record<string, unknown> | null {
  if (!row) return null;
  return Object.fromEntries(auditedFields[type].map((field) => [field, (row as Record<string, unknown>)[field] ?? null]));
}

/** The audit log: append-only, one row per successful change, written in the change's own transaction. */
export class AuditService {
  constructor(private readonly deps: { dataSource: DataSource; transactor: Transactor; clock: Clock }) {}

  /**
   * Records a change in the caller's transaction: if the row cannot be written, the change
   * does not commit. Call it after the change, inside transactor.run(…).
   */
  async record(manager: EntityManager, acting: Acting, change: AuditChange): Promise<void> {
    const object = change.object ?? null;
    await this.insert(manager, acting, {
      action: change.action,
      partnerId: change.partnerId ?? null,
      objectType: object?.type ?? null,
      objectId: object?.id ?? null,
      before: object ? fieldsOf(object.type, object.before) : null,
      after: object ? { ...fieldsOf(object.type, object.after), input: change.input ?? null } : { input: change.input ?? null, result: change.result ?? null },
    });
  }

  private async insert(
    manager: EntityManager,
    acting: Acting,
    row: { action: string; partnerId: string | null; objectType: string | null; objectId: string | null; before: unknown; after: unknown },
  ): Promise<void> {
    await manager.insert(AuditEntry, {
      id: randomUUID(),
      partnerId: acting.partnerId ?? row.partnerId,
      actorKind: acting.kind,
      actorId: acting.id,
      actorName: acting.name?.slice(0, 254) ?? null,
      clientAddress: acting.clientAddress?.slice(0, 64) ?? null,
      action: row.action,
      objectType: row.objectType,
      objectId: row.objectId,
      before: boundedJson(row.before),
      after: boundedJson(row.after),
      createdAt: this.deps.clock.now(),
    });
  }

  /**
   * Records a run that spans many transactions of its own (the monthly billing), after it:
   * each of its charges is in the ledger already; `result` is stored as the row's `after`.
   */
  async recordRun(acting: Acting, run: { action: string; result: object }): Promise<void> {
    await this.deps.transactor.run((manager) => this.insert(manager, acting, { action: run.action, partnerId: null, objectType: null, objectId: null, before: null, after: run.result }));
  }

  list(partnerId: string, filter: { from?: Date | null; to?: Date | null; actorId?: string | null }, first?: number | null, after?: string | null) {
    checkRange(filter);
    const filtered = () => {
      const query = this.deps.dataSource.getRepository(AuditEntry).createQueryBuilder("a").where("a.partner_id = :partnerId", { partnerId });
      if (filter.from) query.andWhere("a.created_at >= :from", { from: filter.from });
      if (filter.to) query.andWhere("a.created_at < :to", { to: filter.to });
      // A padded or re-cased id names no actor (MySQL would compare it equal to the real one).
      if (filter.actorId) query.andWhere(isId(filter.actorId) ? "a.actor_id = :actorId" : "1 = 0", { actorId: filter.actorId });
      return query;
    };
    return keysetPage(filtered, newestFirst<AuditEntry>("a"), first, after);
  }
}

/** The actor of a person who follows an emailed link (sign-up, log-in, password reset): the admin acts on itself. */
export function actingAsAdmin(admin: { id: string; email: string; partnerId: string }, clientAddress: string | null): Acting {
  return { kind: AuditActorKind.ADMIN, id: admin.id, name: admin.email, partnerId: admin.partnerId, clientAddress };
}

/** The platform operator's own tools (the command line, the billing scheduler, the demo partner). */
export function actingAsSystem(kind: AuditActorKind.PLATFORM | AuditActorKind.BILLING, name: string): Acting {
  return { kind, id: null, name, partnerId: null, clientAddress: null };
}
