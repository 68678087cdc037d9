import type { Portal } from "./harness";

/** Reads the database directly, to tell what an operation changed (or that it changed nothing). */

export interface SiteRow {
  id: string;
  name: string;
  country: string;
  timeZone: string;
  notes: string;
  status: string;
  credits: number;
  monthlyCost: number;
  deleted: boolean;
}

export interface PartnerState {
  pool: number;
  sites: SiteRow[];
  ledgerRows: number;
  siteAdministrators: number;
  emails: number;
}

const count = async (portal: Portal, sql: string, params: unknown[]): Promise<number> => Number((await portal.dataSource.query(sql, params))[0].n);

/** Everything of a partner that a credit move or a site change could touch. */
export async function stateOf(portal: Portal, partnerId: string): Promise<PartnerState> {
  const [partner] = await portal.dataSource.query("SELECT unallocated_credits AS pool FROM partner WHERE id = ?", [partnerId]);
  const sites = await portal.dataSource.query(
    `SELECT id, name, country, time_zone AS timeZone, notes, status, credits, monthly_cost AS monthlyCost, deleted_at AS deletedAt
       FROM site WHERE partner_id = ? ORDER BY id`,
    [partnerId],
  );
  return {
    pool: Number(partner.pool),
    sites: sites.map((s: Record<string, unknown>) => ({
      id: s.id,
      name: s.name,
      country: s.country,
      timeZone: s.timeZone,
      notes: s.notes,
      status: s.status,
      credits: Number(s.credits),
      monthlyCost: Number(s.monthlyCost),
      deleted: s.deletedAt !== null,
    })),
    ledgerRows: await count(portal, "SELECT COUNT(*) AS n FROM credit_transaction WHERE partner_id = ?", [partnerId]),
    siteAdministrators: await count(portal, "SELECT COUNT(*) AS n FROM site_administrator WHERE partner_id = ?", [partnerId]),
    emails: await count(portal, "SELECT COUNT(*) AS n FROM outbox_message WHERE partner_id = ?", [partnerId]),
  };
}

/** A site's row as stored, or undefined. */
export async function siteRow(portal: Portal, siteId: string): Promise<Record<string, unknown> | undefined> {
  const [row] = await portal.dataSource.query("SELECT * FROM site WHERE id = ?", [siteId]);
  return row;
}

export interface LedgerRow {
  id: string;
  partnerId: string;
  kind: "PURCHASE" | "ALLOCATION" | "RECLAIM" | "MONTHLY_CHARGE";
  credits: number;
  siteId: string | null;
  unallocatedCreditsAfter: number;
  siteCreditsAfter: number | null;
  createdAt: number;
}

export async function ledgerRows(portal: Portal, where = "1 = 1", params: unknown[] = []): Promise<LedgerRow[]> {
  const rows = await portal.dataSource.query(
    `SELECT id, partner_id AS partnerId, kind, credits, site_id AS siteId, unallocated_credits_after AS poolAfter,
            site_credits_after AS siteAfter, created_at AS createdAt
       FROM credit_transaction WHERE ${where}`,
    params,
  );
  return rows.map((r: Record<string, unknown>) => ({
    id: String(r.id),
    partnerId: String(r.partnerId),
    kind: r.kind as LedgerRow["kind"],
    credits: Number(r.credits),
    siteId: (r.siteId as string | null) ?? null,
    unallocatedCreditsAfter: Number(r.poolAfter),
    siteCreditsAfter: r.siteAfter === null ? null : Number(r.siteAfter),
    // SQLite returns "YYYY-MM-DD HH:MM:SS.mmm" (UTC), MySQL a Date.
    createdAt: r.createdAt instanceof Date ? r.createdAt.getTime() : new Date(String(r.createdAt).replace(" ", "T") + "Z").getTime(),
  }));
}

/** What a ledger row does to the pool and to its site, by kind (the spec's table). */
export function effect(row: Pick<LedgerRow, "kind" | "credits">): { pool: number; site: number } {
  switch (row.kind) {
    case "PURCHASE":
      return { pool: row.credits, site: 0 };
    case "ALLOCATION":
      return { pool: -row.credits, site: row.credits };
    case "RECLAIM":
      return { pool: row.credits, site: -row.credits };
    case "MONTHLY_CHARGE":
      return { pool: 0, site: -row.credits };
  }
}

/**
 * Sums computed by the database itself: for every partner its pool and the signed sum of its
 * ledger rows, and the same for every site (deleted ones included).
 */
export async function balancesAndSums(portal: Portal) {
  const partners = await portal.dataSource.query(`
    SELECT p.id, p.unallocated_credits AS balance,
           COALESCE((SELECT SUM(CASE t.kind WHEN 'PURCHASE' THEN t.credits WHEN 'RECLAIM' THEN t.credits
                                            WHEN 'ALLOCATION' THEN -t.credits ELSE 0 END)
                       FROM credit_transaction t WHERE t.partner_id = p.id), 0) AS ledger
      FROM partner p`);
  const sites = await portal.dataSource.query(`
    SELECT s.id, s.credits AS balance, s.deleted_at AS deletedAt,
           COALESCE((SELECT SUM(CASE t.kind WHEN 'ALLOCATION' THEN t.credits ELSE -t.credits END)
                       FROM credit_transaction t WHERE t.site_id = s.id), 0) AS ledger
      FROM site s`);
  const read = (rows: Array<Record<string, unknown>>) => rows.map((r) => ({ id: String(r.id), balance: Number(r.balance), ledger: Number(r.ledger), deleted: r.deletedAt != null }));
  return { partners: read(partners), sites: read(sites) };
}
