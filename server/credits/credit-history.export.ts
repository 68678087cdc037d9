import { stringify, type Options } from "csv-stringify";
import type { RequestHandler } from "express";
import { In } from "typeorm";
import { PartnerAdmin } from "../admins/admin.entity";
import { authenticate, createLoaders } from "../context";
import { ErrorCode } from "../errors";
import { routeRules } from "../permissions";
import type { Services } from "../services";
import { CreditTransactionKind, type CreditTransaction } from "./credit-transaction.entity";
import { historyOrder, type HistoryFilter } from "./credits.service";
import { checkRange, orderAfter } from "../pagination";
import { isId } from "../validation";

const pageRows = 1000;

const columns = ["createdAt", "kind", "credits", "siteName", "siteId", "unallocatedCreditsAfter", "siteCreditsAfter", "actorEmail", "note", "reference", "id"];

/**
 * Spreadsheets run a cell that starts like a formula (OWASP CSV injection): csv-stringify's
 * escape_formulas writes such a cell (= + - @ tab CR, and their full-width forms) with a leading
 * quote; cast adds the cells that only start so after leading whitespace. Every column, every row.
 */
const formulaAfterWhitespace = /^\s+[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/;
const csvOptions: Options = {
  header: true,
  columns,
  escape_formulas: true,
  cast: { string: (value) => (formulaAfterWhitespace.test(value) ? `'${value}` : value) },
};

const filterParameters = ["from", "to", "siteId", "kinds"] as const;
const filterMessages = {
  unknownParameter: (names: string[]) => `Unknown parameter${names.length === 1 ? "" : "s"}: ${names.join(", ")}. The export takes only ${filterParameters.join(", ")}.`,
  repeated: (name: string) => `${name} may be given once (as ${name}=…), not repeated or as a list.`,
  date: (name: string) => `${name} must be an ISO-8601 date, e.g. 2026-11-01T00:00:00Z.`,
  kinds: (unknown: string[]) => `Unknown kinds: ${unknown.map((k) => JSON.stringify(k)).join(", ")}. Kinds are ${Object.values(CreditTransactionKind).join(", ")}, separated by commas.`,
  siteId: "siteId must be a site's id.",
};

const kindNames = new Set<string>(Object.values(CreditTransactionKind));

/**
 * The export's filter, failing closed: an unknown parameter, a repeated one, or a value that
 * is not one of the filter's values is an error message (400), never a wider export.
 */
function parseFilter(query: Record<string, unknown>): HistoryFilter | string {
  const unknownNames = Object.keys(query).filter((name) => !(filterParameters as readonly string[]).includes(name));
  if (unknownNames.length) return filterMessages.unknownParameter(unknownNames);
  const values: Partial<Record<(typeof filterParameters)[number], string>> = {};
  for (const name of filterParameters) {
    const raw = query[name];
    if (raw === undefined) continue;
    if (typeof raw !== "string") return filterMessages.repeated(name);
    values[name] = raw;
  }
  const date = (name: "from" | "to"): Date | null | string => {
    if (!values[name]) return null;
    const parsed = new Date(values[name]);
    return Number.isNaN(parsed.getTime()) ? filterMessages.date(name) : parsed;
  };
  const from = date("from");
  const to = date("to");
  if (typeof from === "string") return from;
  if (typeof to === "string") return to;
  try {
    checkRange({ from, to });
  } catch (error) {
    return (error as Error).message;
  }
  const kinds = values.kinds ? values.kinds.split(",") : [];
  const unknownKinds = kinds.filter((k) => !kindNames.has(k));
  if (unknownKinds.length) return filterMessages.kinds(unknownKinds);
  const siteId = values.siteId || null;
  if (siteId !== null && !isId(siteId)) return filterMessages.siteId;
  return { from, to, siteId, kinds: kinds as CreditTransactionKind[] };
}

/**
 * GET /exports/credit-history.csv?from=…&to=…&siteId=…&kinds=A,B — the credit history
 * filter of the creditTransactions query as CSV, newest first, streamed page by page.
 * Any active admin of the partner (Observer and above) may export, by cookie or bearer
 * token; the rows are scoped to the caller's partner by the same query as the API's.
 */
/**
 * The file's name, after the days it holds: credit-history-2026-10-03-to-2026-10-04.csv, one
 * day alone, from-… or until-… for an open range, credit-history-all.csv for everything.
 */
export function exportFileName(from: Date | null | undefined, to: Date | null | undefined): string {
  const day = (d: Date) => d.toISOString().slice(0, 10);
  // `to` is exclusive: the file ends the day before a midnight `to`.
  const last = to ? day(new Date(to.getTime() - 1)) : null;
  const first = from ? day(from) : null;
  const range = first && last ? (first === last ? first : `${first}-to-${last}`) : first ? `from-${first}` : last ? `until-${last}` : "all";
  return `credit-history-${range}.csv`;
}

export function creditHistoryExport(services: Services): RequestHandler {
  return async (req, res, next) => {
    try {
      const caller = await authenticate(req, services, createLoaders(services));
      const allowed = routeRules.creditHistoryExport({ caller });
      if (allowed !== true) {
        res.status(allowed.extensions.code === ErrorCode.FORBIDDEN ? 403 : 401).json({ error: allowed.message, code: allowed.extensions.code });
        return;
      }
      if (caller.kind !== "admin" && caller.kind !== "token") throw new Error("routeRules let a caller without a partner through");
      const filter = parseFilter(req.query as Record<string, unknown>);
      if (typeof filter === "string") {
        res.status(400).json({ error: filter });
        return;
      }
      const partnerId = caller.actor.partnerId;
      res.setHeader("Content-Type", "text/csv; charset=utf-8");
      res.setHeader("Content-Disposition", `attachment; filename="${exportFileName(filter.from, filter.to)}"`);
      res.setHeader("Cache-Control", "no-store");
      const csv = stringify(csvOptions);
      csv.pipe(res);

      let cursor: CreditTransaction | null = null;
      for (;;) {
        const query = orderAfter(services.credits.historyQuery(partnerId, filter), historyOrder, cursor && { value: cursor.createdAt, id: cursor.id }).limit(pageRows);
        const rows = await query.getMany();
        const actorIds = [...new Set(rows.map((r) => r.actorId).filter((id): id is string => !!id))];
        const actors = actorIds.length ? await services.dataSource.getRepository(PartnerAdmin).find({ select: { id: true, email: true }, where: { id: In(actorIds) } }) : [];
        const emails = new Map(actors.map((a) => [a.id, a.email]));
        for (const row of rows) {
          const ok = csv.write([
            row.createdAt.toISOString(),
            row.kind,
            row.credits,
            row.siteName ?? "",
            row.siteId ?? "",
            row.unallocatedCreditsAfter,
            row.siteCreditsAfter ?? "",
            row.actorId ? (emails.get(row.actorId) ?? "") : "",
            row.note ?? "",
            row.reference ?? "",
            row.id,
          ]);
          if (!ok) await new Promise((resolve) => csv.once("drain", resolve));
        }
        if (rows.length < pageRows) break;
        cursor = rows[rows.length - 1];
      }
      csv.end();
    } catch (error) {
      next(error);
    }
  };
}
