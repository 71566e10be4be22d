/**
 * Run profiles (DESIGN.md): `smoke` (seconds per notebook, for tests), `quick` (default, a laptop CPU), `long` (the
 * authors' settings at a tenth or more of their training, for the notebooks of Figs. 2, 3 and 7 only, run in shards
 * over hours: README.md, "Paper scale"), `paper` (the paper's own hyperparameters, meant for a GPU or many machines).
 * Chosen by the PROFILE environment variable.
 */
export const profiles = ["smoke", "quick", "long", "paper"] as const;
export type Profile = (typeof profiles)[number];

/** The notebooks that have a `long` profile; `make figures PROFILE=long` runs these. */
export const LONG_PROFILE_NOTEBOOKS: readonly string[] = ["3.2-activations-fig2", "3.2-architectures-fig3", "C.2-approximated-derivatives"];

export function isProfile(value: string): value is Profile {
  return (profiles as readonly string[]).includes(value);
}

/** The profile named by PROFILE, `quick` when unset; an unknown name is an error that lists the valid ones. */
export function currentProfile(): Profile {
  const requested = process.env.PROFILE ?? "quick";
  if (!isProfile(requested)) {
    throw new Error(`PROFILE must be one of ${profiles.join(", ")}, got "${requested}". Run e.g. \`make figures PROFILE=quick\`.`);
  }
  return requested;
}

/** Values per profile; `long` only where a notebook has one (LONG_PROFILE_NOTEBOOKS). */
export type ProfileValues<T> = Record<Exclude<Profile, "long">, T> & { long?: T };

/**
 * Picks the value for the current profile: `byProfile({ smoke: 10, quick: 1000, paper: 50000 })`.
 * @throws Error for `long` when the values have none, naming the notebooks that do
 */
export function byProfile<T>(values: ProfileValues<T>, profile: Profile = currentProfile()): T {
  if (profile === "long") {
    if (values.long === undefined) throw new Error(`PROFILE=long: this notebook has no long profile; the notebooks with one are ${LONG_PROFILE_NOTEBOOKS.join(", ")} (\`make figures PROFILE=long\` runs them).`);
    return values.long;
  }
  return values[profile];
}
