/**
 * Where each setting of an experiment comes from: its value in the paper's text, in the authors' published
 * code (GitHub JongKwonOh/Sobolev-acceleration-for-Neural-Networks, with file and line) and in each of our
 * profiles, with the reason for every difference. Facts about the authors' code are recorded here; none of
 * their code is.
 */
import { byProfile, type Profile, type ProfileValues } from "../profile.js";
import { profiles } from "../profile.js";
import { markdownTable } from "../plot/index.js";

/** The authors' repository and the commit whose files the references point into. */
export const AUTHORS_REPOSITORY = "JongKwonOh/Sobolev-acceleration-for-Neural-Networks";

/** One setting's provenance. `ours` reads the value from a profile's settings object, so it cannot go stale. */
export interface SettingProvenance<S> {
  setting: string;
  /** The value the paper's text gives, or "not stated". */
  paper: string;
  /** Where in the paper, e.g. "Sec 3.2" or "Fig. 3 caption". */
  paperRef: string;
  /** The value in the authors' code, or "not in the authors' code". */
  authors: string;
  /** File and line in the authors' repository, e.g. "Architecture/main.ipynb, cell 4, line 12". */
  authorsRef: string;
  /** Our value: one text for every profile, or read from a profile's settings object. */
  ours: string | ((s: S, profile: Profile) => string);
  /** Where the paper's text and the authors' code disagree, or what is surprising in their code; "" if nothing. */
  note: string;
  /** Why ours differs from the authors' code (or from the paper, where their code is silent); "" when it does not. */
  reason: string;
}

/** The provenance of one figure: the authors' commit it was read at and its rows. */
export interface FigureProvenance<S> {
  figure: string;
  commit: string;
  rows: readonly SettingProvenance<S>[];
}

/** The settings table as Markdown: one row per setting, one column per profile the notebook has (`long` only where defined). */
export function provenanceMarkdown<S>(provenance: FigureProvenance<S>, settingsByProfile: ProfileValues<S>): string {
  const shown = profiles.filter((p) => p !== "long" || settingsByProfile.long !== undefined);
  const settingsOf = (p: Profile): S => byProfile(settingsByProfile, p);
  const rows = provenance.rows.map((row) => ({
    setting: row.setting,
    "paper (text)": row.paperRef ? `${row.paper} (${row.paperRef})` : row.paper,
    "authors' code": row.authorsRef ? `${row.authors} (\`${row.authorsRef}\`)` : row.authors,
    "paper vs authors": row.note,
    ...Object.fromEntries(shown.map((p) => [`ours: ${p}`, typeof row.ours === "string" ? row.ours : row.ours(settingsOf(p), p)])),
    "why ours differs": row.reason,
  }));
  const columns = ["setting", "paper (text)", "authors' code", "paper vs authors", ...shown.map((p) => `ours: ${p}`), "why ours differs"];
  return [
    `Settings of ${provenance.figure}: the paper's text, the authors' code (${AUTHORS_REPOSITORY} at commit \`${provenance.commit.slice(0, 10)}\`) and our profiles.`,
    "",
    markdownTable(columns, rows),
  ].join("\n");
}

/** A count for a settings cell: 50000 → "50,000". */
export function count(n: number): string {
  return n.toLocaleString("en-US");
}
