/**
 * A progress line on stderr: rows written (of the total when known), rows per second and the time left. On a
 * terminal it redraws in place at most five times a second; in a log it prints a line every five seconds.
 */
export class Progress {
  private readonly started = Date.now();
  private last = 0;
  private readonly tty: boolean;

  constructor(
    private readonly label: string,
    private readonly startRows: number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {
    this.tty = Boolean(stream.isTTY);
  }

  update(rows: number, total: number | null, done = false): void {
    const now = Date.now();
    if (!done && now - this.last < (this.tty ? 200 : 5000)) return;
    this.last = now;
    this.stream.write(
      `${this.tty ? '\r\x1b[2K' : ''}${line(this.label, rows - this.startRows, rows, total, now - this.started)}${this.tty && !done ? '' : '\n'}`,
    );
  }
}

export function line(
  label: string,
  rowsThisRun: number,
  rows: number,
  total: number | null,
  elapsedMs: number,
): string {
  const rate = elapsedMs > 0 ? (rowsThisRun * 1000) / elapsedMs : 0;
  const width = 24;
  const share = total ? Math.min(1, rows / total) : 0;
  const bar = total ? `[${'#'.repeat(Math.round(share * width)).padEnd(width, '.')}] ` : '';
  const eta = total && rate > 0 ? `, ETA ${clock(Math.max(0, (total - rows) / rate))}` : '';
  return `${label} ${bar}${rows}${total == null ? '' : `/${total}`} rows, ${Math.round(rate)} rows/s${eta}`;
}

const clock = (seconds: number) => {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${h ? `${h}:` : ''}${String(m).padStart(h ? 2 : 1, '0')}:${String(s % 60).padStart(2, '0')}`;
};
