/** Calendar days as the date inputs hold them ("YYYY-MM-DD"), in the reader's own time zone. */

export type Preset = "last7" | "last30" | "thisMonth" | "allTime";
export const presets: Preset[] = ["last7", "last30", "thisMonth", "allTime"];

const pad = (n: number) => String(n).padStart(2, "0");

export function dayOf(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

function parseDay(day: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  return match ? new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : null;
}

/** The from and to days of a preset, both included, ending today. */
export function presetRange(preset: Preset, today = new Date()): { from: string; to: string } {
  const daysBack = (n: number) => dayOf(new Date(today.getFullYear(), today.getMonth(), today.getDate() - n));
  switch (preset) {
    case "last7":
      return { from: daysBack(6), to: dayOf(today) };
    case "last30":
      return { from: daysBack(29), to: dayOf(today) };
    case "thisMonth":
      return { from: dayOf(new Date(today.getFullYear(), today.getMonth(), 1)), to: dayOf(today) };
    case "allTime":
      return { from: "", to: "" };
  }
}

/** The API's range: from the start of the first day (inclusive) to the start of the day after the last (exclusive). */
export function apiRange(from: string, to: string): { from: string | null; to: string | null } | "backwards" {
  const start = parseDay(from);
  const last = parseDay(to);
  if (start && last && start > last) return "backwards";
  const end = last ? new Date(last.getFullYear(), last.getMonth(), last.getDate() + 1) : null;
  return { from: start?.toISOString() ?? null, to: end?.toISOString() ?? null };
}
