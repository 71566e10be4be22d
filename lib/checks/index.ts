export { ClaimRecord, type CheckOptions, type RecordName } from "./claimRecord.js";
export { consequences, verdictOf, type ClaimCheck, type Consequence, type Verdict } from "./verdict.js";
export { claimEvidence, meanInterval, pairedRatio, type IntervalEvidence, type PairedRatioOptions } from "./pairedRatio.js";
