/**
 * Progress of long runs: one line at most every `everySeconds` (and at the end), with the rate and the time
 * left, so that `make figures` and an open notebook both show that a run is alive and how long it will take.
 */
export interface Progress {
  /** Reports that `done` of `total` units are finished; `detail` is appended (e.g. the current loss). */
  tick(done: number, detail?: string): void;
}

const formatSeconds = (s: number): string => (s < 90 ? `${s.toFixed(0)} s` : s < 5400 ? `${(s / 60).toFixed(1)} min` : `${(s / 3600).toFixed(1)} h`);

export function progress(
  label: string,
  total: number,
  options: { everySeconds?: number; log?: (line: string) => void; now?: () => number; startedAt?: number } = {},
): Progress {
  if (!(Number.isInteger(total) && total > 0)) throw new Error(`progress(${label}): total must be a positive integer, got ${total}`);
  const everySeconds = options.everySeconds ?? 10;
  const log = options.log ?? ((line: string) => console.log(line));
  const now = options.now ?? (() => performance.now() / 1000);
  const started = now();
  // Units already done when this process began (a run resumed from a checkpoint): the rate counts only its own.
  const startedAt = options.startedAt ?? 0;
  let lastReport = -Infinity;
  return {
    tick(done: number, detail?: string): void {
      const t = now();
      if (done < total && t - lastReport < everySeconds) return;
      lastReport = t;
      const elapsed = t - started;
      const left = done > startedAt ? (elapsed * (total - done)) / (done - startedAt) : NaN;
      const percent = ((100 * done) / total).toFixed(0).padStart(3);
      const eta = done >= total ? `done in ${formatSeconds(elapsed)}` : `${formatSeconds(elapsed)} elapsed, ~${Number.isFinite(left) ? formatSeconds(left) : "?"} left`;
      log(`${label}: ${percent}% (${done}/${total}), ${eta}${detail ? `, ${detail}` : ""}`);
    },
  };
}
