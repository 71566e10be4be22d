export { cachedRun, cacheKey, type CachedRun, type RunRecord } from "./cache.js";
export { canonicalJson, firstNonFinite } from "./canonicalJson.js";
export { gitCommit, libraryVersion } from "./provenance.js";
