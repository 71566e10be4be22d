/**
 * Distances between image sets: the Fréchet distance between Gaussian fits of features (frechet.ts),
 * FD_classifier in the features of our own small classifier (classifierFrechet.ts; not FID), and optional
 * InceptionV3 features for FID proper when the user supplies the converted model (inception.ts).
 */
export * from "./frechet.js";
export * from "./classifierFrechet.js";
export * from "./inception.js";
