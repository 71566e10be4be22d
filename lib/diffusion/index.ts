/** DDPM diffusion with x_0-prediction (the paper's Section 3.4): schedule, forward process, loss and DDIM sampling. */
export { checkSchedule, linearBetaSchedule, sigmoidBetaSchedule } from "./schedule.js";
export type { BetaSchedule } from "./schedule.js";
export { checkTimesteps, qSample, sampleTimesteps } from "./forward.js";
export { DIFFUSION_OBJECTIVES, diffusionX0Loss } from "./loss.js";
export type { DiffusionLossOptions, DiffusionObjective, X0Model } from "./loss.js";
export { DDIM_DEFAULT_STEPS, DDIM_SPACINGS, ddimSample, ddimTimesteps } from "./ddim.js";
export type { DdimOptions, DdimSpacing } from "./ddim.js";
export { UNet, unet } from "../models/unet.js";
export type { UNetConfig } from "../models/unet.js";
