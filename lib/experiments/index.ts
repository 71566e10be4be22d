/** The function-regression experiments: target data, one cacheable run, and its curves. */
export * from "./targetData.js";
export * from "./regression.js";
export * from "./curves.js";
