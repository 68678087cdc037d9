import type { ColumnOptions, DataSource, EntityManager, EntityTarget, ObjectLiteral } from "typeorm";

/** Column options for a point in time, kept to the millisecond in both dialects. */
export function timestamp(options: ColumnOptions = {}): ColumnOptions {
  return { type: "datetime", precision: 3, ...options };
}

/**
 * The collation of a key compared for identity (an idempotency key, a grant reference, a token
 * hash): byte for byte, with no folding of case, accents or trailing spaces. This is MariaDB's
 * name for it; on MySQL 8 the migration uses utf8mb4_0900_bin, which compares the same way (see
 * ExactKeys1764620000000). SQLite's default BINARY collation already compares bytes, so its
 * tables declare nothing.
 */
export const exactCollation = "utf8mb4_nopad_bin";

/** Column options for a key compared for identity: see exactCollation. */
export function exactKey(options: ColumnOptions): ColumnOptions {
  return { ...options, collation: exactCollation };
}

/**
 * Runs fn in one database transaction.
 *
 * SQLite has a single connection that TypeORM shares between all callers, so two
 * transactions started at once would interleave on it (the second one becoming a
 * savepoint of the first). They are queued here so each runs alone; MySQL transactions
 * run on pooled connections of their own.
 */
export class Transactor {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly dataSource: DataSource) {}

  get dialect(): "mysql" | "sqlite" {
    return this.dataSource.options.type === "mysql" || this.dataSource.options.type === "mariadb" ? "mysql" : "sqlite";
  }

  run<T>(fn: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (this.dialect === "mysql") return this.dataSource.transaction(fn);
    const result = this.queue.then(() => this.dataSource.transaction(fn));
    this.queue = result.catch(() => undefined);
    return result;
  }
}

/** True when a database error is a unique-key violation, in either dialect. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; errno?: number; driverError?: { code?: string } };
  const code = e?.driverError?.code ?? e?.code;
  return code === "ER_DUP_ENTRY" || code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY";
}

/** The number of rows an UPDATE changed, in either dialect. */
export function affectedRows(result: { affected?: number | null }): number {
  return result.affected ?? 0;
}

/**
 * Locks one row until the transaction ends (SELECT … FOR UPDATE) on MySQL. SQLite needs
 * no row lock: the Transactor runs its transactions one at a time.
 */
export async function lockRow(manager: EntityManager, entity: EntityTarget<ObjectLiteral>, id: string): Promise<void> {
  const type = manager.connection.options.type;
  if (type !== "mysql" && type !== "mariadb") return;
  await manager.createQueryBuilder(entity, "locked").setLock("pessimistic_write").where("locked.id = :id", { id }).getOne();
}

/** One row, locked until the transaction ends on MySQL (see lockRow); null when there is none. */
export async function lockedRow<T extends ObjectLiteral>(manager: EntityManager, entity: EntityTarget<T>, id: string): Promise<T | null> {
  const query = manager.createQueryBuilder(entity, "locked").where("locked.id = :id", { id });
  const type = manager.connection.options.type;
  if (type === "mysql" || type === "mariadb") query.setLock("pessimistic_write");
  return query.getOne();
}
