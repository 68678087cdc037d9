import { randomUUID } from "node:crypto";
import type { DataSource } from "typeorm";
import type { Clock } from "../clock";
import { badInput, decodeCursor, encodeCursor, pageSize, toPage } from "../pagination";
import { AuditActorKind, AuditEntry } from "./audit-entry.entity";

export interface AuditRecord {
  partnerId: string | null;
  actorKind: AuditActorKind;
  actorId: string | null;
  actorName: string | null;
  clientAddress: string | null;
  action: string;
  objectType: string | null;
  objectId: string | null;
  before: unknown;
  after: unknown;
}

/** Keys whose values never enter the audit log. */
const secretKeys = new Set(["password", "token", "secret", "passwordHash", "secretHash", "tokenHash", "invitationTokenHash", "resetTokenHash"]);

/** A JSON copy of a value with secrets left out. */
export function redact(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(redact);
  if (typeof value === "object")
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).filter(([key]) => !secretKeys.has(key)).map(([key, v]) => [key, redact(v)]));
  return value;
}

/** The audit log: append-only, one row per successful mutation. */
export class AuditService {
  constructor(private readonly deps: { dataSource: DataSource; clock: Clock }) {}

  async record(entry: AuditRecord): Promise<void> {
    const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(redact(value)));
    await this.deps.dataSource.getRepository(AuditEntry).insert({
      id: randomUUID(),
      ...entry,
      actorName: entry.actorName?.slice(0, 254) ?? null,
      clientAddress: entry.clientAddress?.slice(0, 64) ?? null,
      before: json(entry.before),
      after: json(entry.after),
      createdAt: this.deps.clock.now(),
    });
  }

  async list(partnerId: string, filter: { from?: Date | null; to?: Date | null; actorId?: string | null }, first?: number | null, after?: string | null) {
    const size = pageSize(first);
    if (filter.from && filter.to && filter.from > filter.to) throw badInput("from must be before to.");
    const filtered = () => {
      const query = this.deps.dataSource.getRepository(AuditEntry).createQueryBuilder("a").where("a.partner_id = :partnerId", { partnerId });
      if (filter.from) query.andWhere("a.created_at >= :from", { from: filter.from });
      if (filter.to) query.andWhere("a.created_at < :to", { to: filter.to });
      if (filter.actorId) query.andWhere("a.actor_id = :actorId", { actorId: filter.actorId });
      return query;
    };
    const totalCount = await filtered().getCount();
    const query = filtered().orderBy("a.created_at", "DESC").addOrderBy("a.id", "DESC").limit(size + 1);
    if (after) {
      const [createdAt, id] = decodeCursor(after, 2);
      query.andWhere("(a.created_at < :at OR (a.created_at = :at AND a.id < :id))", { at: new Date(String(createdAt)), id });
    }
    const rows = await query.getMany();
    return { ...toPage(rows, size, (row) => encodeCursor([row.createdAt.toISOString(), row.id])), totalCount };
  }
}
