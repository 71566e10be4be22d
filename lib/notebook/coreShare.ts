/**
 * Whether the runs behind a time ratio had their core: a sentence computed from their CPU seconds, so a notebook
 * says how far its times carry the machine's load instead of asserting it. A one-thread run that shared its core
 * took longer for no reason of its own (lib/runs/interruptions.ts).
 */
import { coreShare, type TimedHistory } from "../runs/interruptions.js";
import { formatPercent } from "./reading.js";

/** "L² 97 % to 99 %, H¹ 96 % to 99 %" for the histories of each group, or a sentence saying what is not recorded. */
export function coreShareSentence(groups: Readonly<Record<string, readonly TimedHistory[]>>): string {
  const entries = Object.entries(groups);
  const all = entries.flatMap(([, histories]) => histories);
  const known = all.filter((h) => coreShare(h) !== undefined).length;
  if (known === 0) {
    return `No run here recorded its CPU seconds (${all.length} runs; they predate that record), so whether each had its core while it trained is not known, and a time ratio may carry the load of the machine.`;
  }
  const range = (histories: readonly TimedHistory[]): string => {
    const shares = histories.map(coreShare).filter((s): s is number => s !== undefined);
    if (shares.length === 0) return "not recorded";
    const [low, high] = [Math.min(...shares), Math.max(...shares)];
    return formatPercent(low) === formatPercent(high) ? formatPercent(low) : `${formatPercent(low)} to ${formatPercent(high)}`;
  };
  const counted = known === all.length ? `all ${all.length} runs recorded their CPU seconds` : `${known} of the ${all.length} runs recorded their CPU seconds (the others predate that record)`;
  return `Share of a core each run had while it trained (its CPU seconds over its wall seconds, one thread; ${counted}): ${entries.map(([name, histories]) => `${name} ${range(histories)}`).join(", ")}. Below 100 %, a run waited for its core and its times are longer than its work.`;
}
