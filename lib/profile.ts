/**
 * Run profiles (DESIGN.md): `smoke` (seconds per notebook, for tests), `quick` (default, a laptop CPU),
 * `paper` (the paper's own hyperparameters, meant for a GPU). Chosen by the PROFILE environment variable.
 */
export const profiles = ["smoke", "quick", "paper"] as const;
export type Profile = (typeof profiles)[number];

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

/** Picks the value for the current profile: `byProfile({ smoke: 10, quick: 1000, paper: 50000 })`. */
export function byProfile<T>(values: Record<Profile, T>, profile: Profile = currentProfile()): T {
  return values[profile];
}
