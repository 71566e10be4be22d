import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../backend/index.js";
import { authorsFftLoss } from "./authorsFftLoss.js";
import { imageLoss } from "./imageLoss.js";
import { imageSobolevLoss } from "./imageSobolev.js";

await selectBackend();

test("imageLoss is the pixel MSE for L2, imageSobolevLoss with s = 1 for H1, the authors' FFT loss of power 1 for authors-fft, and names a bad loss", () => {
  const u = tf.tensor4d(Float32Array.from({ length: 2 * 4 * 4 }, (_, k) => Math.sin(k)), [2, 4, 4, 1]);
  const f = tf.zerosLike(u);
  const mse = tf.mean(tf.square(u)).dataSync()[0];
  assert.equal(imageLoss(u, f, "L2").dataSync()[0], mse);
  assert.equal(imageLoss(u, f, "H1").dataSync()[0], imageSobolevLoss(u, f, { s: 1 }).dataSync()[0]);
  assert.equal(imageLoss(u, f, "authors-fft").dataSync()[0], authorsFftLoss(u, f, 1).dataSync()[0]);
  assert.notEqual(imageLoss(u, f, "authors-fft").dataSync()[0], imageLoss(u, f, "H1").dataSync()[0]);
  assert.throws(() => imageLoss(u, f, "H2" as never), /imageLoss: loss must be one of L2, H1, authors-fft, got H2/);
  assert.throws(() => imageLoss(u, tf.zeros([2, 4, 4]), "L2"), /f must have the shape of u, \[2, 4, 4, 1\], got \[2, 4, 4\]/);
});
