export { ClaimRecord, type CheckOptions, type RecordName } from "./claimRecord.js";
export { verdictOf, type ClaimCheck, type Verdict } from "./verdict.js";
