/** Image data for the denoising experiments (Section 3.3): IDX/Fashion-MNIST and folder loaders, noise models. */
export * from "./idx.js";
export * from "./fashionMnist.js";
export * from "./noise.js";
export * from "./png.js";
export * from "./resize.js";
export * from "./imageFolder.js";
export * from "./mnist.js";
export * from "./jpeg.js";
