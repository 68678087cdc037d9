import type mysql from "mysql2/promise";
import { rows } from "./sql";
import { seedVersion, type SeedInfo, type SeedSize } from "./seed";

/**
 * The seed's bookkeeping in the bench database: a marker row (the seed's version, size and
 * facts), the seeded balances to go back to, and a "dirty" flag set while a run changes data.
 */

const marker = "bench_seed";
const siteSnapshot = "bench_seed_site";
const partnerSnapshot = "bench_seed_partner";
/** Tables the seed leaves empty and a run may fill (mail, audit log, throttles, tokens). */
const runTables = ["outbox_message", "audit_entry", "login_throttle", "api_token"];

export interface Marker {
  info: SeedInfo;
  dirty: boolean;
}

export async function tablesOf(connection: mysql.Connection): Promise<string[]> {
  const found = await rows<{ name: string }>(connection, "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE()");
  return found.map((t) => t.name);
}

/** The marker, or null when there is none or the seed it marks did not finish. */
export async function readMarker(connection: mysql.Connection): Promise<Marker | null> {
  if (!(await tablesOf(connection)).includes(marker)) return null;
  const [row] = await rows<{ info: string | null; dirty: number }>(connection, `SELECT info, dirty FROM ${marker} WHERE id = 1`);
  return row?.info ? { info: JSON.parse(row.info) as SeedInfo, dirty: !!row.dirty } : null;
}

/** True when the database is the bench's own (it has the marker table) or empty: only then may the bench wipe it. */
export async function mayWipe(connection: mysql.Connection): Promise<boolean> {
  const tables = await tablesOf(connection);
  return tables.length === 0 || tables.includes(marker);
}

/** Marks the database as the bench's before writing anything, with no finished seed yet. */
export async function beginSeed(connection: mysql.Connection): Promise<void> {
  await connection.query(`CREATE TABLE ${marker} (id int NOT NULL PRIMARY KEY, info longtext NULL, dirty tinyint NOT NULL) ENGINE=InnoDB`);
  await connection.query(`INSERT INTO ${marker} (id, info, dirty) VALUES (1, NULL, 0)`);
}

/** True when the marker says the database holds a complete seed of this version and size. */
export function matches(found: Marker | null, size: SeedSize): found is Marker {
  return !!found && found.info.version === seedVersion && JSON.stringify(found.info.size) === JSON.stringify(size);
}

/** Drops every table of the database: only ever called on a database the bench made (see run.ts). */
export async function wipe(connection: mysql.Connection): Promise<void> {
  for (const table of await tablesOf(connection)) await connection.query(`DROP TABLE \`${table}\``);
}

/** Keeps the seeded balances (to restore after a run) and completes the marker last: a seed that died half-way has none. */
export async function finishSeed(connection: mysql.Connection, info: SeedInfo): Promise<void> {
  await connection.query(
    `CREATE TABLE ${siteSnapshot} (id varchar(36) NOT NULL PRIMARY KEY, credits int NOT NULL, status varchar(20) NOT NULL, runway_months int NULL, warned_within_days int NULL, updated_at datetime(3) NOT NULL) ENGINE=InnoDB`,
  );
  await connection.query(`INSERT INTO ${siteSnapshot} SELECT id, credits, status, runway_months, warned_within_days, updated_at FROM site`);
  await connection.query(`CREATE TABLE ${partnerSnapshot} (id varchar(36) NOT NULL PRIMARY KEY, unallocated_credits int NOT NULL) ENGINE=InnoDB`);
  await connection.query(`INSERT INTO ${partnerSnapshot} SELECT id, unallocated_credits FROM partner`);
  for (const table of ["partner", "partner_admin", "site", "site_administrator", "credit_transaction"]) await connection.query(`ANALYZE TABLE \`${table}\``);
  await connection.query(`UPDATE ${marker} SET info = ?, dirty = 0 WHERE id = 1`, [JSON.stringify(info)]);
}

export async function setDirty(connection: mysql.Connection, dirty: boolean): Promise<void> {
  await connection.query(`UPDATE ${marker} SET dirty = ? WHERE id = 1`, [dirty ? 1 : 0]);
}

/**
 * Puts the data back as seeded after a run that changed it: removes the ledger rows the run
 * added (every seeded row is older than ledgerEnd), restores the balances and states of
 * sites and pools, and empties the tables the seed leaves empty.
 */
export async function restore(connection: mysql.Connection, info: SeedInfo): Promise<void> {
  // Partner by partner along (partner_id, created_at): no scan of the whole table.
  await connection.query("DELETE t FROM partner p JOIN credit_transaction t ON t.partner_id = p.id AND t.created_at >= ?", [info.ledgerEnd.replace("T", " ").replace("Z", "")]);
  await connection.query(
    `UPDATE site s JOIN ${siteSnapshot} b ON b.id = s.id
        SET s.credits = b.credits, s.status = b.status, s.runway_months = b.runway_months, s.warned_within_days = b.warned_within_days, s.updated_at = b.updated_at
      WHERE s.credits <> b.credits OR s.status <> b.status OR NOT (s.runway_months <=> b.runway_months) OR NOT (s.warned_within_days <=> b.warned_within_days) OR s.updated_at <> b.updated_at`,
  );
  await connection.query(`UPDATE partner p JOIN ${partnerSnapshot} b ON b.id = p.id SET p.unallocated_credits = b.unallocated_credits WHERE p.unallocated_credits <> b.unallocated_credits`);
  for (const table of runTables) await connection.query(`TRUNCATE TABLE \`${table}\``);
  await setDirty(connection, false);
}

export interface LedgerCheck {
  sites: number;
  /** Sites whose credits differ from the sum of their ledger rows. */
  sitesOff: number;
  partners: number;
  /** Pools that differ from the sum of their ledger rows. */
  poolsOff: number;
  negative: number;
  ledgerRows: number;
}

/** Checks that balances equal their ledger sums, for one partner or for all. */
export async function checkLedger(connection: mysql.Connection, partnerId?: string): Promise<LedgerCheck> {
  const onlyLedger = partnerId ? "AND partner_id = ?" : "";
  const onlySite = partnerId ? "AND s.partner_id = ?" : "";
  const onlyPartner = partnerId ? "WHERE p.id = ?" : "";
  const params = partnerId ? [partnerId, partnerId] : [];
  const [sites] = await rows<{ total: number; off: number; negative: number }>(
    connection,
    `SELECT COUNT(*) AS total, COALESCE(SUM(s.credits <> COALESCE(t.total, 0)), 0) AS off, COALESCE(SUM(s.credits < 0), 0) AS negative
       FROM site s
       LEFT JOIN (SELECT site_id, SUM(CASE kind WHEN 'ALLOCATION' THEN credits WHEN 'RECLAIM' THEN -credits WHEN 'MONTHLY_CHARGE' THEN -credits ELSE 0 END) AS total
                    FROM credit_transaction WHERE site_id IS NOT NULL ${onlyLedger} GROUP BY site_id) t ON t.site_id = s.id
      WHERE 1 = 1 ${onlySite}`,
    params,
  );
  const [pools] = await rows<{ total: number; off: number; negative: number }>(
    connection,
    `SELECT COUNT(*) AS total, COALESCE(SUM(p.unallocated_credits <> COALESCE(t.total, 0)), 0) AS off, COALESCE(SUM(p.unallocated_credits < 0), 0) AS negative
       FROM partner p
       LEFT JOIN (SELECT partner_id, SUM(CASE kind WHEN 'PURCHASE' THEN credits WHEN 'RECLAIM' THEN credits WHEN 'ALLOCATION' THEN -credits ELSE 0 END) AS total
                    FROM credit_transaction WHERE 1 = 1 ${onlyLedger} GROUP BY partner_id) t ON t.partner_id = p.id
      ${onlyPartner}`,
    params,
  );
  const [ledger] = await rows<{ n: number }>(connection, `SELECT COUNT(*) AS n FROM credit_transaction WHERE 1 = 1 ${onlyLedger}`, partnerId ? [partnerId] : []);
  return {
    sites: Number(sites.total),
    sitesOff: Number(sites.off),
    partners: Number(pools.total),
    poolsOff: Number(pools.off),
    negative: Number(sites.negative) + Number(pools.negative),
    ledgerRows: Number(ledger.n),
  };
}

export function ledgerHolds(check: LedgerCheck): boolean {
  return check.sitesOff === 0 && check.poolsOff === 0 && check.negative === 0;
}
