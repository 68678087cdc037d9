import type { DataSource } from "typeorm";
import { pendingMigrations } from "./migrate";

export interface Readiness {
  status: "ready" | "draining" | "unavailable";
  database: "ok" | "unreachable" | "schema out of date";
  /** The migrations this server needs that the database has not run yet. */
  pendingMigrations?: string[];
}

/** Whether this server can serve: not draining, its database reachable and its schema current. */
export async function readiness(dataSource: DataSource, draining: boolean): Promise<Readiness> {
  let pending: string[];
  try {
    pending = await pendingMigrations(dataSource);
  } catch {
    return { status: "unavailable", database: "unreachable" };
  }
  if (pending.length) return { status: "unavailable", database: "schema out of date", pendingMigrations: pending };
  return { status: draining ? "draining" : "ready", database: "ok" };
}
