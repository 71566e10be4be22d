/** Data for the regression experiments: target functions with exact derivatives, and sample points. */
export * from "./targets.js";
export * from "./sampling.js";
