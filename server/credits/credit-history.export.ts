import { stringify } from "csv-stringify";
import type { RequestHandler } from "express";
import { In } from "typeorm";
import { PartnerAdmin } from "../admins/admin.entity";
import { authenticate, createLoaders } from "../context";
import type { Services } from "../services";
import { CreditTransactionKind, type CreditTransaction } from "./credit-transaction.entity";
import type { HistoryFilter } from "./credits.service";

const pageRows = 1000;

const columns = ["createdAt", "kind", "credits", "siteName", "siteId", "unallocatedCreditsAfter", "siteCreditsAfter", "actorEmail", "note", "reference", "id"];

/** Spreadsheets run cells that start like a formula; such text is written with a leading quote. */
function cell(value: string | null): string {
  if (value === null) return "";
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function parseFilter(query: Record<string, unknown>): HistoryFilter | string {
  const date = (name: string): Date | null | string => {
    const raw = query[name];
    if (raw === undefined || raw === "") return null;
    const parsed = typeof raw === "string" ? new Date(raw) : new Date(NaN);
    return Number.isNaN(parsed.getTime()) ? `${name} must be an ISO-8601 date, e.g. 2026-11-01T00:00:00Z.` : parsed;
  };
  const from = date("from");
  const to = date("to");
  if (typeof from === "string") return from;
  if (typeof to === "string") return to;
  if (from && to && from > to) return "from must be before to.";
  const kinds = typeof query.kinds === "string" && query.kinds ? query.kinds.split(",") : [];
  const unknown = kinds.filter((k) => !(k in CreditTransactionKind));
  if (unknown.length) return `Unknown kinds: ${unknown.join(", ")}.`;
  const siteId = typeof query.siteId === "string" && query.siteId ? query.siteId : null;
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
      if (caller.kind !== "admin" && caller.kind !== "token") {
        res.status(401).json({ error: "Sign in to export the credit history." });
        return;
      }
      const filter = parseFilter(req.query as Record<string, unknown>);
      if (typeof filter === "string") {
        res.status(400).json({ error: filter });
        return;
      }
      const partnerId = caller.actor.partnerId;
      res.setHeader("Content-Type", "text/csv; charset=utf-8");
      res.setHeader("Content-Disposition", `attachment; filename="${exportFileName(filter.from, filter.to)}"`);
      res.setHeader("Cache-Control", "no-store");
      const csv = stringify({ header: true, columns });
      csv.pipe(res);

      let cursor: CreditTransaction | null = null;
      for (;;) {
        const query = services.credits.historyQuery(partnerId, filter).orderBy("t.created_at", "DESC").addOrderBy("t.id", "DESC").limit(pageRows);
        if (cursor) query.andWhere("(t.created_at < :at OR (t.created_at = :at AND t.id < :id))", { at: cursor.createdAt, id: cursor.id });
        const rows = await query.getMany();
        const actorIds = [...new Set(rows.map((r) => r.actorId).filter((id): id is string => !!id))];
        const actors = actorIds.length ? await services.dataSource.getRepository(PartnerAdmin).find({ select: { id: true, email: true }, where: { id: In(actorIds) } }) : [];
        const emails = new Map(actors.map((a) => [a.id, a.email]));
        for (const row of rows) {
          const ok = csv.write([
            row.createdAt.toISOString(),
            row.kind,
            row.credits,
            cell(row.siteName),
            row.siteId ?? "",
            row.unallocatedCreditsAfter,
            row.siteCreditsAfter ?? "",
            row.actorId ? (emails.get(row.actorId) ?? "") : "",
            cell(row.note),
            cell(row.reference),
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
