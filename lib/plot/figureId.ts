/**
 * Figure and table ids: the stem of every file written to figures/, so they must be safe as file names everywhere.
 */

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const MAX_ID_LENGTH = 100;

/** What `assertFigureId` accepts, in words (used in its error message and in docs). */
export const FIGURE_ID_RULE =
  `letters A-Z a-z, digits 0-9, '.', '_' and '-', starting with a letter or digit, at most ${MAX_ID_LENGTH} characters`;

/**
 * Throws unless `id` is a file-safe figure id (see `FIGURE_ID_RULE`).
 *
 * @param id the id to check
 * @param caller the public function checking it, named in the error message
 */
export function assertFigureId(id: unknown, caller: string): asserts id is string {
  if (typeof id === "string" && id.length <= MAX_ID_LENGTH && ID_PATTERN.test(id)) return;
  const shown = typeof id === "string" ? JSON.stringify(id) : `a ${id === null ? "null" : typeof id}`;
  throw new Error(`${caller}: id must use only ${FIGURE_ID_RULE}; got ${shown}`);
}
