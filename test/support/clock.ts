import type { Clock } from "../../server/clock";

/** A clock the test moves by hand; it starts at the real time and runs on unless frozen. */
export class TestClock implements Clock {
  private offsetMs = 0;
  private frozenAt: number | null = null;

  now(): Date {
    return new Date(this.frozenAt ?? Date.now() + this.offsetMs);
  }

  advance(ms: number): void {
    if (this.frozenAt !== null) this.frozenAt += ms;
    else this.offsetMs += ms;
  }

  advanceDays(days: number): void {
    this.advance(days * 24 * 3600 * 1000);
  }

  /** Moves the clock so that it reads this time now (and runs on from it, unless frozen). */
  moveTo(time: Date | string): void {
    const at = new Date(time).getTime();
    if (this.frozenAt !== null) this.frozenAt = at;
    else this.offsetMs = at - Date.now();
  }

  /** Stops the clock: everything reads the same time until unfreeze(); advance and moveTo move it and keep it stopped. */
  freeze(): void {
    this.frozenAt = this.now().getTime();
  }

  /** Lets the clock run on from the time it was frozen at. */
  unfreeze(): void {
    if (this.frozenAt === null) return;
    this.offsetMs = this.frozenAt - Date.now();
    this.frozenAt = null;
  }
}
