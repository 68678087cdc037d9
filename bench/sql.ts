import mysql from "mysql2/promise";

/** Plain mysql2 connections for the bench's own work: seeding, resetting, checking, EXPLAIN. */

export function connectionOptions(databaseUrl: string, withDatabase = true): mysql.ConnectionOptions {
  const url = new URL(databaseUrl);
  return {
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database: withDatabase ? databaseName(databaseUrl) : undefined,
    timezone: "Z",
    dateStrings: true,
    charset: "utf8mb4_unicode_ci",
    supportBigNumbers: true,
    bigNumberStrings: false,
  };
}

export function databaseName(databaseUrl: string): string {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.replace(/^\//, ""));
  if (!name) throw new Error("DATABASE_URL names no database (mysql://user:pass@127.0.0.1:3306/portal_bench)");
  return name;
}

export function connect(databaseUrl: string): Promise<mysql.Connection> {
  return mysql.createConnection(connectionOptions(databaseUrl));
}

/** Creates the database of DATABASE_URL when it does not exist yet. */
export async function ensureDatabase(databaseUrl: string): Promise<void> {
  const connection = await mysql.createConnection(connectionOptions(databaseUrl, false));
  try {
    await connection.query(`CREATE DATABASE IF NOT EXISTS ${mysql.escapeId(databaseName(databaseUrl))} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await connection.end();
  }
}

export async function rows<T = Record<string, unknown>>(connection: mysql.Connection, sql: string, params: unknown[] = []): Promise<T[]> {
  const [result] = await connection.query(sql, params);
  return result as T[];
}

/** A point in time as MySQL's DATETIME(3) text, in UTC (the portal's DataSource uses timezone "Z"). */
export function datetime(date: Date): string {
  return date.toISOString().replace("T", " ").slice(0, 23);
}

export type SqlValue = string | number | null | Date;

function literal(value: SqlValue): string {
  if (value === null) return "NULL";
  if (typeof value === "number") return String(value);
  if (value instanceof Date) return `'${datetime(value)}'`;
  return `'${value.replace(/[\\']/g, (c) => "\\" + c)}'`;
}

/**
 * Multi-row INSERTs of a fixed number of rows each. One statement is on the wire while the
 * next one is being built, so generating the data and writing it overlap.
 */
export class BulkInsert {
  private tuples: string[] = [];
  private inFlight: Promise<unknown> = Promise.resolve();
  private readonly head: string;
  inserted = 0;

  constructor(
    private readonly connection: mysql.Connection,
    private readonly table: string,
    private readonly columns: readonly string[],
    private readonly rowsPerStatement: number,
  ) {
    this.head = `INSERT INTO \`${table}\` (${columns.map((c) => `\`${c}\``).join(", ")}) VALUES `;
  }

  /** Adds a row; returns a promise to await when a statement had to be sent. */
  add(values: SqlValue[]): Promise<void> | undefined {
    if (values.length !== this.columns.length) throw new Error(`${values.length} values for ${this.columns.length} columns`);
    this.tuples.push(`(${values.map(literal).join(",")})`);
    if (this.tuples.length >= this.rowsPerStatement) return this.send();
    return undefined;
  }

  private async send(): Promise<void> {
    const sql = this.head + this.tuples.join(",");
    this.inserted += this.tuples.length;
    this.tuples = [];
    await this.inFlight;
    const rows = this.inserted;
    // A failure names the table and the rows, not the statement: a multi-row INSERT is megabytes of text.
    // (Handled here, so it is not reported as unhandled before finish() or the next send awaits it.)
    const sent = this.connection.query(sql).catch((error: Error & { sqlMessage?: string; sql?: string }) => {
      throw new Error(`${this.table}: the INSERT of rows up to ${rows.toLocaleString("en")} failed: ${(error.sqlMessage ?? error.message).slice(0, 300)}`);
    });
    sent.catch(() => undefined);
    this.inFlight = sent;
  }

  /** Sends what is left and waits for everything to be written. */
  async finish(): Promise<void> {
    if (this.tuples.length) await this.send();
    await this.inFlight;
  }
}
