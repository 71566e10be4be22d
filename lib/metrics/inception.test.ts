import { after, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../backend/index.js";
import { SeededRandom } from "../numeric/random.js";
import { INCEPTION_FEATURE_WIDTH, INCEPTION_V3_ENV, inceptionDir, loadInceptionFeatureExtractor } from "./inception.js";

await selectBackend();

/**
 * Extractor output vs the same computation done directly: the same float32 ops on the same weights
 * (resize, tile, 2x − 1, the model), so equal up to a kernel's summation order (≲ 1e-6 relative);
 * 1e-4 relative to max(1, |expected|). A wrong scaling (x instead of 2x − 1), a missing channel tiling or
 * a weight read from the wrong offset is off by O(1).
 */
const EXTRACTOR_RELATIVE = 1e-4;

/**
 * The hand-computed constant-image case: the model's average pool sums K = 299² = 89,401 equal float32
 * terms; summed in sequence, each addition rounds the same way, so the relative error grows like K·u/2
 * (up to γ_K ≈ 5e-3; u = 2^−24), not √K·u. Measured 1.3e-4 relative to max(1, |features|); 1e-3 leaves
 * room, and the errors it guards against are O(1).
 */
const POOL_FLOAT32_RELATIVE = 1e-3;

const root = mkdtempSync(path.join(tmpdir(), "inception-test-"));
after(() => rmSync(root, { recursive: true, force: true }));

/** Writes artifacts as a TensorFlow.js model folder: model.json (with weightsManifest) and one shard. */
function writeTfjsFolder(dir: string, artifacts: tf.io.ModelArtifacts): void {
  mkdirSync(dir, { recursive: true });
  const shard = "group1-shard1of1.bin";
  const weightData = tf.io.CompositeArrayBuffer.join(artifacts.weightData ?? new ArrayBuffer(0));
  writeFileSync(path.join(dir, shard), new Uint8Array(weightData));
  const modelJson = {
    modelTopology: artifacts.modelTopology,
    format: artifacts.format,
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy,
    weightsManifest: [{ paths: [shard], weights: artifacts.weightSpecs ?? [] }],
  };
  writeFileSync(path.join(dir, "model.json"), JSON.stringify(modelJson));
}

/** Saves a tfjs LayersModel into `dir` through tf.io.withSaveHandler and writeTfjsFolder. */
async function saveLayersModel(model: tf.LayersModel, dir: string): Promise<void> {
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    writeTfjsFolder(dir, artifacts);
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } };
  }));
}

/** The documented preprocessing, done here directly: resize (half-pixel centres), tile gray to RGB, 2x − 1. */
function preprocess(x: tf.Tensor4D, size = 299): tf.Tensor4D {
  return tf.tidy(() => {
    const resized = tf.image.resizeBilinear(x, [size, size], false, true);
    const rgb = x.shape[3] === 1 ? tf.tile(resized, [1, 1, 1, 3]) : resized;
    return tf.sub(tf.mul(rgb, 2), 1) as tf.Tensor4D;
  });
}

function maxRelativeDifference(got: tf.Tensor, expected: tf.Tensor): number {
  const g = got.dataSync();
  const e = expected.dataSync();
  assert.equal(g.length, e.length);
  const scale = Math.max(1, ...Array.from(e, Math.abs));
  return Math.max(...Array.from(g, (v, i) => Math.abs(v - e[i]))) / scale;
}

function randomImages(n: number, size: number, channels: number, seed: number): tf.Tensor4D {
  const rng = new SeededRandom(seed);
  return tf.tensor4d(Float32Array.from({ length: n * size * size * channels }, () => rng.uniform()), [n, size, size, channels]);
}

test("inceptionDir reads INCEPTION_V3_DIR (undefined when unset or blank)", () => {
  const saved = process.env[INCEPTION_V3_ENV];
  try {
    process.env[INCEPTION_V3_ENV] = " /models/inception ";
    assert.equal(inceptionDir(), "/models/inception");
    process.env[INCEPTION_V3_ENV] = "  ";
    assert.equal(inceptionDir(), undefined);
    delete process.env[INCEPTION_V3_ENV];
    assert.equal(inceptionDir(), undefined);
  } finally {
    if (saved === undefined) delete process.env[INCEPTION_V3_ENV];
    else process.env[INCEPTION_V3_ENV] = saved;
  }
});

test("loadInceptionFeatureExtractor names INCEPTION_V3_DIR and the missing folder, model.json or weight file", async () => {
  await assert.rejects(loadInceptionFeatureExtractor(undefined), /no InceptionV3 folder given; set INCEPTION_V3_DIR to a folder holding an InceptionV3 converted to TensorFlow\.js format \(model\.json and the weight shard files/);
  const missing = path.join(root, "does-not-exist");
  await assert.rejects(loadInceptionFeatureExtractor(missing), new RegExp(`InceptionV3 folder ${missing} does not exist; set INCEPTION_V3_DIR to a folder .* 2048-d average-pool features; without it, use FD_classifier`));
  const empty = path.join(root, "empty");
  mkdirSync(empty);
  await assert.rejects(loadInceptionFeatureExtractor(empty), new RegExp(`${path.join(empty, "model.json")} is missing; set INCEPTION_V3_DIR`));
  const noShard = path.join(root, "no-shard");
  mkdirSync(noShard);
  writeFileSync(path.join(noShard, "model.json"), JSON.stringify({ modelTopology: { node: [] }, format: "graph-model", weightsManifest: [{ paths: ["group1-shard1of2.bin"], weights: [] }] }));
  await assert.rejects(loadInceptionFeatureExtractor(noShard), new RegExp(`weight file ${path.join(noShard, "group1-shard1of2.bin")} \\(listed in the weightsManifest of ${path.join(noShard, "model.json")}\\) is missing`));
  const notJson = path.join(root, "not-json");
  mkdirSync(notJson);
  writeFileSync(path.join(notJson, "model.json"), "{ not json");
  await assert.rejects(loadInceptionFeatureExtractor(notJson), /model\.json is not valid JSON/);
  writeFileSync(path.join(notJson, "model.json"), JSON.stringify({ weightsManifest: [] }));
  await assert.rejects(loadInceptionFeatureExtractor(notJson), /must be a TensorFlow\.js model\.json with "modelTopology" and "weightsManifest"/);
});

test("a layers model saved to a folder in TensorFlow.js format loads back and gives the original model's features", async () => {
  // A stand-in with InceptionV3's contract: [n, 299, 299, 3] → [n, 2048] (average pool, then dense).
  const original = tf.sequential({
    layers: [
      tf.layers.globalAveragePooling2d({ inputShape: [299, 299, 3] }),
      tf.layers.dense({ units: INCEPTION_FEATURE_WIDTH, kernelInitializer: tf.initializers.randomNormal({ seed: 3 }), biasInitializer: tf.initializers.randomNormal({ seed: 4 }) }),
    ],
  });
  const dir = path.join(root, "layers");
  await saveLayersModel(original, dir);
  const extract = await loadInceptionFeatureExtractor(dir);
  assert.equal(extract.format, "layers-model");
  assert.equal(extract.modelPath, path.join(dir, "model.json"));
  assert.match(extract.fingerprint, /^[0-9a-f]{64}$/);
  const again = await loadInceptionFeatureExtractor(dir);
  assert.equal(again.fingerprint, extract.fingerprint, "the same files give the same fingerprint");
  again.dispose();
  const changedDir = path.join(root, "layers-changed");
  await saveLayersModel(original, changedDir);
  const shard = path.join(changedDir, (JSON.parse(readFileSync(path.join(changedDir, "model.json"), "utf8")) as { weightsManifest: { paths: string[] }[] }).weightsManifest[0].paths[0]);
  const bytes = readFileSync(shard);
  bytes[0] ^= 1; // one bit of one weight
  writeFileSync(shard, bytes);
  const changed = await loadInceptionFeatureExtractor(changedDir);
  assert.notEqual(changed.fingerprint, extract.fingerprint, "other weights give another fingerprint");
  changed.dispose();
  for (const [size, channels] of [[28, 1], [32, 3]] as const) {
    const x = randomImages(3, size, channels, 5 + channels);
    const got = extract(x);
    const expected = tf.tidy(() => original.predict(preprocess(x)) as tf.Tensor2D);
    assert.deepEqual(got.shape, [3, INCEPTION_FEATURE_WIDTH]);
    const difference = maxRelativeDifference(got, expected);
    assert.ok(difference <= EXTRACTOR_RELATIVE, `${size}x${size}x${channels}: max relative difference ${difference}, tolerance ${EXTRACTOR_RELATIVE}`);
    tf.dispose([x, got, expected]);
  }
  // Independent of `preprocess`: a constant gray image c becomes 2c − 1 in all three channels after the
  // resize, so the pooled input is (2c − 1)(1, 1, 1) and the features are (2c − 1)·Σ_rows(kernel) + bias.
  const c = 0.8;
  const constant = tf.fill([1, 28, 28, 1], c) as tf.Tensor4D;
  const [kernel, bias] = original.getWeights();
  const expected = tf.tidy(() => tf.add(tf.mul(tf.sum(kernel, 0), 2 * c - 1), bias));
  const got = extract(constant);
  const difference = maxRelativeDifference(got, expected);
  assert.ok(difference <= POOL_FLOAT32_RELATIVE, `constant image: max relative difference ${difference}, tolerance ${POOL_FLOAT32_RELATIVE}`);
  tf.dispose([constant, expected, got]);
  const bad = tf.zeros([1, 28, 28, 2]) as tf.Tensor4D;
  assert.throws(() => extract(bad), /inception features: x must be \[n, H, W, 1\] \(grayscale\) or \[n, H, W, 3\] \(RGB\) with pixels in \[0, 1\], got \[1, 28, 28, 2\]/);
  bad.dispose();
  extract.dispose();
  original.dispose();
});

test("a model whose output is not [n, 2048] pool features is rejected on first use", async () => {
  const unpooled = tf.sequential({ layers: [tf.layers.conv2d({ inputShape: [299, 299, 3], filters: 2, kernelSize: 3, strides: 100 })] });
  const dir = path.join(root, "unpooled");
  await saveLayersModel(unpooled, dir);
  const extract = await loadInceptionFeatureExtractor(dir);
  const x = tf.zeros([1, 8, 8, 1]) as tf.Tensor4D;
  const before = tf.memory().numTensors;
  assert.throws(() => extract(x), /must output the 2048-d pool features \[n, 2048\], got \[1, 3, 3, 2\] \(convert InceptionV3 with include_top=False, pooling="avg"\)/);
  assert.equal(tf.memory().numTensors, before, "the rejected call leaves no tensors");
  x.dispose();
  extract.dispose();
  unpooled.dispose();
});

test("a hand-written graph model (GraphDef: Placeholder, Mean, MatMul) in a folder loads and gives its features", async () => {
  // tensorflowjs_converter needs Python and TensorFlow, which this project does not have; this model.json
  // is written by hand in the converter's graph-model format (tfjs-converter's GraphDef JSON: Const
  // tensors take their values from the weights of the same name).
  const width = 6;
  const rng = new SeededRandom(9);
  const kernel = Float32Array.from({ length: 3 * width }, () => rng.gaussian());
  const axes = Int32Array.from([1, 2]);
  const dir = path.join(root, "graph");
  mkdirSync(dir);
  const bytes = new Uint8Array(axes.byteLength + kernel.byteLength);
  bytes.set(new Uint8Array(axes.buffer), 0);
  bytes.set(new Uint8Array(kernel.buffer), axes.byteLength);
  writeFileSync(path.join(dir, "group1-shard1of1.bin"), bytes);
  const dims = (sizes: number[]) => ({ dim: sizes.map((size) => ({ size: String(size) })) });
  const modelJson = {
    format: "graph-model",
    generatedBy: "hand-written test fixture",
    convertedBy: null,
    modelTopology: {
      node: [
        { name: "images", op: "Placeholder", attr: { dtype: { type: "DT_FLOAT" }, shape: { shape: dims([-1, 299, 299, 3]) } } },
        { name: "axes", op: "Const", attr: { value: { tensor: { dtype: "DT_INT32", tensorShape: dims([2]) } }, dtype: { type: "DT_INT32" } } },
        { name: "pool", op: "Mean", input: ["images", "axes"], attr: { keep_dims: { b: false }, T: { type: "DT_FLOAT" }, Tidx: { type: "DT_INT32" } } },
        { name: "kernel", op: "Const", attr: { value: { tensor: { dtype: "DT_FLOAT", tensorShape: dims([3, width]) } }, dtype: { type: "DT_FLOAT" } } },
        { name: "features", op: "MatMul", input: ["pool", "kernel"], attr: { transpose_a: { b: false }, transpose_b: { b: false }, T: { type: "DT_FLOAT" } } },
      ],
      library: {},
      versions: { producer: 1395 },
    },
    weightsManifest: [{ paths: ["group1-shard1of1.bin"], weights: [{ name: "axes", shape: [2], dtype: "int32" }, { name: "kernel", shape: [3, width], dtype: "float32" }] }],
  };
  writeFileSync(path.join(dir, "model.json"), JSON.stringify(modelJson));
  const extract = await loadInceptionFeatureExtractor(dir, { featureWidth: width });
  assert.equal(extract.format, "graph-model");
  const x = randomImages(2, 20, 1, 10);
  const got = extract(x);
  const expected = tf.tidy(() => tf.matMul(tf.mean(preprocess(x), [1, 2]), tf.tensor2d(kernel, [3, width])));
  assert.deepEqual(got.shape, [2, width]);
  const difference = maxRelativeDifference(got, expected);
  assert.ok(difference <= EXTRACTOR_RELATIVE, `graph model: max relative difference ${difference}, tolerance ${EXTRACTOR_RELATIVE}`);
  tf.dispose([x, got, expected]);
  extract.dispose();
});
