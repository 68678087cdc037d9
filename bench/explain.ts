import mysql from "mysql2/promise";
import { rows } from "./sql";
import type { CapturedStatement } from "./server";

/** The query plans of the statements the portal really sent, with their real parameters. */

export interface Plan {
  /** What the statement is for, e.g. "sites page: the page". */
  label: string;
  /** The statement with its parameters inlined, long lists shortened. */
  sql: string;
  /** MariaDB: ANALYZE (the plan and the rows really read); MySQL: EXPLAIN. */
  method: string;
  rows: Array<Record<string, unknown>>;
}

/** Inlines the parameters and shortens the select list and long IN lists, for reading. */
export function readable(statement: CapturedStatement): string {
  let sql = mysql.format(statement.sql, statement.parameters as any[]);
  sql = sql.replace(/^SELECT (.{120,}?) FROM /s, (_all, list: string) => `SELECT ${list.slice(0, 60).replace(/,[^,]*$/, "")}, … FROM `);
  sql = sql.replace(/IN \(((?:'[^']*', ){3})(?:'[^']*', )+('[^']*')\)/g, (_all, head: string, last: string) => `IN (${head}…, ${last})`);
  return sql;
}

export async function explain(connection: mysql.Connection, label: string, statement: CapturedStatement): Promise<Plan> {
  const [{ version }] = await rows<{ version: string }>(connection, "SELECT VERSION() AS version");
  const mariadb = /mariadb/i.test(version);
  const select = statement.sql.replace(/\s+FOR UPDATE\s*$/i, "");
  const method = mariadb ? "ANALYZE" : "EXPLAIN";
  const plan = await rows(connection, `${method} ${select}`, statement.parameters as unknown[]);
  return { label, sql: readable(statement), method, rows: plan };
}

/** The SELECTs of a request, skipping the caller's own look-up (the same for every request). */
export function selects(statements: CapturedStatement[]): CapturedStatement[] {
  return statements.filter((s) => /^\s*SELECT/i.test(s.sql) && !(/FROM `partner_admin`/.test(s.sql) && s.parameters.length === 1));
}
