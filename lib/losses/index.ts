/** Sobolev losses (L2, H1, H2) of model ensembles, their float64 reference, and test errors. */
export { checkSobolevArguments, h1Weights, h2Weights, l2Weights, sobolevLoss, sobolevLossPerMember } from "./sobolev.js";
export type { SobolevBatch, SobolevWeights } from "./sobolev.js";
export { meanSquaredErrorPerMember } from "./testError.js";
export { referenceSobolevLoss } from "./referenceSobolevLoss.js";
export type { ReferenceBatch } from "./referenceSobolevLoss.js";
export { chebyshevImageSobolevLoss, imageSobolevLoss, sobolevFrequencyWeights, type ChebyshevImageSobolevOptions, type ImageSobolevOptions } from "./imageSobolev.js";
export { IMAGE_LOSSES, imageLoss, type ImageLossName } from "./imageLoss.js";
export { authorsFftLoss, authorsFftWeights } from "./authorsFftLoss.js";
