/**
 * A record of checked claims shared by several notebooks: <record>.csv and .md in the figures folder
 * (figures/ for `make figures`, else a scratch folder: lib/paths.ts), one row per check.
 *
 * Each notebook owns its rows (column `notebook`); saving replaces that notebook's rows and keeps the
 * others', so notebooks can run in any order and a check deleted from a notebook disappears from the record.
 *
 * Under the runner the merged file waits in the stage folder until the notebook has passed (lib/io/staging.ts),
 * and the other notebooks' rows it holds are those of figures/ when the kernel saved. A concurrent run may have
 * published since, so the kernel also stages its own rows (ownRowsDir), and the runner merges them again into
 * the current file while it holds the records' lock, just before publishing (scripts/mergeClaimRows.ts).
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { figuresDir } from "../paths.js";
import { writeFileAtomic } from "../io/atomicWrite.js";
import { currentProfile, profiles as PROFILE_ORDER } from "../profile.js";
import { displayMimeBundle, markdownBundle, markdownTable, parseCsv, toCsv, writeTable, type TidyRow } from "../plot/index.js";
import { consequences, verdictOf, type ClaimCheck } from "./verdict.js";

export type RecordName = "derivation-checks" | "experiment-claims";

export interface CheckOptions {
  /** `throw` (default): a failing claim stops the notebook. `record`: it is recorded and reported only,
   * for experimental claims that may honestly not hold in our runs. */
  onFail?: "throw" | "record";
}

/** The columns of each record: an experiment row carries its seeds, its 95 % interval and its scale. */
const COLUMNS: Record<RecordName, readonly string[]> = {
  "derivation-checks": ["notebook", "id", "source", "claim", "method", "measured", "relation", "expected", "tolerance", "verdict", "correction", "consequence", "profile"],
  "experiment-claims": ["notebook", "id", "source", "claim", "method", "measured", "relation", "expected", "tolerance", "seeds", "low", "high", "scale", "verdict", "correction", "profile"],
};

function formatNumber(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toPrecision(6);
}

/** Records of CSV text (header first) as rows keyed by column name. */
function rowsOf(records: string[][]): TidyRow[] {
  const [header, ...body] = records;
  if (!header) return [];
  return body.map((fields) => Object.fromEntries(header.map((column, i) => [column, fields[i] ?? ""])));
}

/**
 * An experiment claim states how many seeds it rests on and how much of the paper's training it covers, so
 * that no reader takes a short single-seed run for the paper's experiment.
 */
function requireEvidence(notebook: string, check: ClaimCheck): void {
  const missing = [
    !(Number.isInteger(check.seeds) && (check.seeds ?? 0) >= 1) && `seeds (a positive integer, got ${check.seeds})`,
    !(typeof check.scale === "number" && check.scale > 0) && `scale (our epochs over the paper's, got ${check.scale})`,
  ].filter(Boolean);
  if (missing.length > 0) throw new Error(`ClaimRecord(${notebook}): experiment claim ${check.id} needs ${missing.join(" and ")}.`);
}

/** The folder of the stage where a notebook's own rows wait for the runner's merge (not published itself). */
export const OWN_ROWS_FOLDER = ".claim-rows";

/**
 * Replaces `notebook`'s rows of the current profile in <record>.csv and .md of the figures folder by `rows`, keeping
 * its rows of other profiles (one file holds every profile's verdicts); returns all rows.
 */
export function mergeRecord(record: RecordName, notebook: string, rows: readonly TidyRow[]): TidyRow[] {
  const csvPath = path.join(figuresDir(), `${record}.csv`);
  const profile = currentProfile();
  const mine = (row: TidyRow): boolean => row.notebook === notebook && (row.profile ?? profile) === profile;
  const others = existsSync(csvPath) ? rowsOf(parseCsv(readFileSync(csvPath, "utf8"))).filter((row) => !mine(row)) : [];
  const order = (row: TidyRow): number => (PROFILE_ORDER as readonly string[]).indexOf(String(row.profile));
  const merged = [...others, ...rows].sort((a, b) => String(a.notebook).localeCompare(String(b.notebook), "en", { numeric: true }) || order(a) - order(b));
  writeTable(record, merged, [...COLUMNS[record]]);
  return merged;
}

/** Merges again every notebook's own rows staged in `stage` (the runner calls this under its lock). */
export function mergeStagedRows(stage: string): number {
  const folder = path.join(stage, OWN_ROWS_FOLDER);
  if (!existsSync(folder)) return 0;
  let merged = 0;
  for (const record of Object.keys(COLUMNS) as RecordName[]) {
    const recordFolder = path.join(folder, record);
    if (!existsSync(recordFolder)) continue;
    for (const file of readdirSync(recordFolder).filter((name) => name.endsWith(".csv")).sort()) {
      const notebook = decodeURIComponent(file.slice(0, -".csv".length));
      mergeRecord(record, notebook, rowsOf(parseCsv(readFileSync(path.join(recordFolder, file), "utf8"))));
      merged += 1;
    }
  }
  return merged;
}

export class ClaimRecord {
  private readonly rows: TidyRow[] = [];

  constructor(
    readonly record: RecordName,
    readonly notebook: string,
  ) {}

  /**
   * Checks one claim, prints its verdict, adds its row; throws on `fails` unless told to record only.
   * A derivation check whose verdict is `erratum` must say what the misprint costs (`consequence`), and a
   * consequence must be one of `consequences`: either slip throws before the row is added.
   * Returns nothing, so a notebook cell ending in a check does not echo the verdict a second time.
   */
  check(check: ClaimCheck, options: CheckOptions = {}): void {
    if (this.rows.some((row) => row.id === check.id)) {
      throw new Error(`ClaimRecord(${this.notebook}): duplicate check id "${check.id}".`);
    }
    if (this.record === "experiment-claims") requireEvidence(this.notebook, check);
    if (check.consequence !== undefined && !(consequences as readonly string[]).includes(check.consequence)) {
      throw new Error(`ClaimRecord(${this.notebook}): check ${check.id} has consequence "${String(check.consequence)}", expected one of ${consequences.join(", ")}.`);
    }
    const verdict = verdictOf(check);
    if (this.record === "derivation-checks" && verdict === "erratum" && check.consequence === undefined) {
      throw new Error(`ClaimRecord(${this.notebook}): erratum ${check.id} needs a consequence (${consequences.join(", ")}).`);
    }
    this.rows.push({
      notebook: this.notebook,
      id: check.id,
      source: check.source,
      claim: check.claim,
      method: check.method,
      measured: check.measured,
      relation: check.relation ?? "=",
      expected: check.expected,
      tolerance: check.tolerance,
      verdict,
      correction: check.correction
        ? `${check.correction.statement} (checked: measured ${formatNumber(check.correction.measured)}, predicted ${formatNumber(check.correction.expected)})`
        : "",
      consequence: verdict === "erratum" ? (check.consequence ?? "") : "",
      seeds: check.seeds ?? "",
      low: check.interval?.low ?? check.measured,
      high: check.interval?.high ?? check.measured,
      scale: check.scale ?? "",
      profile: currentProfile(),
    });
    const relation = check.relation ?? "=";
    const predicted = relation === "=" ? formatNumber(check.expected) : `${relation} ${formatNumber(check.expected)}`;
    const interval = check.interval ? ` [${formatNumber(check.interval.low)}, ${formatNumber(check.interval.high)}] over ${check.seeds} seeds` : "";
    const numbers = `measured ${formatNumber(check.measured)}${interval}, ${this.record === "derivation-checks" ? "printed claim" : "the paper's claim"} predicts ${predicted}, tolerance ${formatNumber(check.tolerance)}`;
    const mark = { holds: "✓ holds  ", erratum: "✎ erratum", inconclusive: "? inconclusive", fails: "✗ FAILS  " }[verdict];
    console.log(`${mark} [${check.source}] ${check.id}: ${numbers}`);
    if (verdict === "erratum") console.log(`           holds instead: ${check.correction?.statement}`);
    if (verdict === "fails" && (options.onFail ?? "throw") === "throw") {
      throw new Error(
        `Claim ${check.id} (${check.source}) fails: "${check.claim}" — ${numbers}` +
          (check.correction
            ? `; the correction "${check.correction.statement}" measured ${formatNumber(check.correction.measured)}, predicted ${formatNumber(check.correction.expected)}`
            : "") +
          `. Checked by: ${check.method}.`,
      );
    }
  }

  /** This notebook's rows so far. */
  get checks(): readonly TidyRow[] {
    return this.rows;
  }

  /** Merges this notebook's rows into <record>.csv and .md of the figures folder (atomic writes) and returns all rows. */
  save(): TidyRow[] {
    const stage = process.env.COMPANION_STAGE_DIR;
    if (stage) {
      const own = path.join(stage, OWN_ROWS_FOLDER, this.record, `${encodeURIComponent(this.notebook)}.csv`);
      writeFileAtomic(own, toCsv(this.rows, [...COLUMNS[this.record]]));
    }
    return mergeRecord(this.record, this.notebook, this.rows);
  }

  /** Shows this notebook's rows as a table in the notebook (the files hold every notebook's rows). */
  show(): void {
    const markdown = markdownTable([...COLUMNS[this.record]], this.rows);
    if (!displayMimeBundle(markdownBundle(markdown))) console.log(markdown);
  }
}
