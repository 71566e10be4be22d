/**
 * Optional InceptionV3 features for FID [1], from a model the user supplies: FID proper needs the 2048-d
 * pool features of InceptionV3, whose weights cannot be fetched here (no network) and are not shipped.
 * Without them we report FD_classifier (classifierFrechet.ts), which is not FID.
 *
 * What to supply: a folder, named by the environment variable INCEPTION_V3_DIR, holding an InceptionV3
 * converted to TensorFlow.js format: model.json plus the weight shard files (group1-shard1of23.bin, ...)
 * its weightsManifest lists, as tensorflowjs_converter writes them. Either format loads:
 *   - "graph-model" (tensorflowjs_converter --input_format=tf_saved_model / tf_hub), or
 *   - "layers-model" (tensorflowjs_converter --input_format=keras, or model.save in TensorFlow.js).
 * The model must take [n, 299, 299, 3] images scaled to [−1, 1] and output the 2048-d average-pool
 * features [n, 2048] (e.g. Keras InceptionV3(include_top=False, pooling="avg")), not logits. For FID values
 * comparable with published ones the weights must be those of the FID reference (TTUR / pytorch-fid's
 * pt_inception-2015-12-05); the Keras ImageNet weights give a close but different "FID".
 *
 * Preprocessing (what FID code does [2, 3]): images [n, H, W, C] with pixels in [0, 1], C = 1 (grayscale,
 * tiled to 3 channels, as FID code does for MNIST-like data) or 3 (RGB); resized to 299 x 299 bilinearly
 * with half-pixel centres (tf.image.resize in TF2 and torch's interpolate(align_corners=False), which
 * pytorch-fid uses, both sample at half-pixel centres), then scaled to [−1, 1] by 2x − 1.
 *
 * Loading is from disk only: we read model.json and the shard files ourselves, concatenate the shards in
 * manifest order, and hand the artifacts to tf.loadGraphModel / tf.loadLayersModel through
 * tf.io.fromMemory, so no file:// or http:// handler (and no tfjs-node) is involved.
 *
 * References
 * [1] Heusel et al., "GANs trained by a two time-scale update rule converge to a local Nash equilibrium",
 *     NeurIPS 2017.
 * [2] github.com/mseitzer/pytorch-fid, src/pytorch_fid/inception.py (resize to 299, bilinear,
 *     align_corners=False; normalize_input: 2x − 1).
 * [3] TensorFlow.js converter documentation, "model.json" and weights manifest format
 *     (tfjs-converter README; tfjs-core src/io/types.ts, ModelJSON and WeightsManifestConfig).
 */
import * as tf from "@tensorflow/tfjs";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

/** The environment variable naming the folder of the converted InceptionV3 (module comment). */
export const INCEPTION_V3_ENV = "INCEPTION_V3_DIR";
/** InceptionV3's input side. */
export const INCEPTION_INPUT_SIZE = 299;
/** Width of InceptionV3's average-pool features, the FID features. */
export const INCEPTION_FEATURE_WIDTH = 2048;

const WHAT_TO_PUT_THERE =
  `set ${INCEPTION_V3_ENV} to a folder holding an InceptionV3 converted to TensorFlow.js format (model.json and the weight shard files ` +
  `its weightsManifest lists, as tensorflowjs_converter writes them), whose output is the ${INCEPTION_FEATURE_WIDTH}-d average-pool features; ` +
  "without it, use FD_classifier (lib/metrics/classifierFrechet.ts), which is not FID";

/** The folder named by INCEPTION_V3_DIR, or undefined when the variable is unset or blank. */
export function inceptionDir(): string | undefined {
  const value = process.env[INCEPTION_V3_ENV]?.trim();
  return value === undefined || value === "" ? undefined : value;
}

/** A loaded feature extractor: images [n, H, W, 1 or 3] in [0, 1] → features [n, width]. */
export interface InceptionFeatureExtractor {
  /** Preprocesses (module comment) and runs the model; the caller disposes the result. */
  (x: tf.Tensor4D): tf.Tensor2D;
  /** "graph-model" or "layers-model". */
  readonly format: "graph-model" | "layers-model";
  /** The model.json it was loaded from. */
  readonly modelPath: string;
  /** sha256 of model.json and the weights, hex: names this exact model in run configs (and so in cache keys). */
  readonly fingerprint: string;
  /** Frees the model's weights; the extractor cannot be used afterwards. */
  dispose(): void;
}

export interface InceptionLoadOptions {
  /** Required output width (default INCEPTION_FEATURE_WIDTH = 2048; the tests use small stand-in models). */
  featureWidth?: number;
  /** Input side the images are resized to (default INCEPTION_INPUT_SIZE = 299). */
  inputSize?: number;
}

/** The parts of model.json we read (tfjs-core io ModelJSON); everything else is passed through. */
interface ModelJsonFile {
  modelTopology: unknown;
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  format?: string;
}

function parseModelJson(file: string): ModelJsonFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new Error(`loadInceptionFeatureExtractor: ${file} is not valid JSON (${(err as Error).message})`);
  }
  const json = parsed as Partial<ModelJsonFile> | null;
  if (json === null || typeof json !== "object" || json.modelTopology === undefined || !Array.isArray(json.weightsManifest)) {
    throw new Error(`loadInceptionFeatureExtractor: ${file} must be a TensorFlow.js model.json with "modelTopology" and "weightsManifest"`);
  }
  json.weightsManifest.forEach((group, g) => {
    if (group === null || typeof group !== "object" || !Array.isArray(group.paths) || !Array.isArray(group.weights) || !group.paths.every((p) => typeof p === "string")) {
      throw new Error(`loadInceptionFeatureExtractor: ${file}: weightsManifest[${g}] must have "paths" (strings) and "weights" arrays`);
    }
  });
  return json as ModelJsonFile;
}

/** "graph-model" or "layers-model": the model.json's format, or, where it has none, its topology's kind. */
function modelFormat(json: ModelJsonFile, file: string): "graph-model" | "layers-model" {
  if (json.format === "graph-model" || json.format === "layers-model") return json.format;
  if (json.format !== undefined) throw new Error(`loadInceptionFeatureExtractor: ${file} has format "${json.format}", expected "graph-model" or "layers-model"`);
  // Older converters omit format: a GraphDef has "node"; a Keras topology has "class_name" / "model_config".
  const topology = json.modelTopology as { node?: unknown } | null;
  return topology !== null && typeof topology === "object" && Array.isArray(topology.node) ? "graph-model" : "layers-model";
}

/** The shards of every manifest group, in manifest order, read from `dir` and joined into one buffer. */
function readWeights(dir: string, file: string, json: ModelJsonFile): ArrayBuffer {
  const buffers: ArrayBuffer[] = [];
  for (const group of json.weightsManifest) {
    for (const shard of group.paths) {
      const shardPath = path.resolve(dir, shard);
      if (!existsSync(shardPath) || !statSync(shardPath).isFile()) {
        throw new Error(`loadInceptionFeatureExtractor: weight file ${shardPath} (listed in the weightsManifest of ${file}) is missing; copy every shard the converter wrote next to model.json`);
      }
      const bytes = readFileSync(shardPath);
      // A copy into a fresh ArrayBuffer: Node's Buffer may be a view into a shared pool.
      buffers.push(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    }
  }
  return tf.io.CompositeArrayBuffer.join(buffers);
}

/**
 * Loads the InceptionV3 (or any model of the same contract) in `dir` (module comment: what to put there)
 * and returns the FID feature extractor: images [n, H, W, 1 or 3] in [0, 1] → [n, 2048].
 * @param dir - a folder with model.json and its weight shards, e.g. inceptionDir()
 * @throws Error when the folder, model.json or a weight file is missing (naming INCEPTION_V3_DIR and the
 *   file), when model.json is not a TensorFlow.js model, or, on first use, when the model's output is not
 *   [n, featureWidth]
 */
export async function loadInceptionFeatureExtractor(dir: string | undefined, options: InceptionLoadOptions = {}): Promise<InceptionFeatureExtractor> {
  const caller = "loadInceptionFeatureExtractor";
  const featureWidth = options.featureWidth ?? INCEPTION_FEATURE_WIDTH;
  const inputSize = options.inputSize ?? INCEPTION_INPUT_SIZE;
  if (!Number.isInteger(featureWidth) || featureWidth < 1) throw new Error(`${caller}: featureWidth must be an integer >= 1, got ${featureWidth}`);
  if (!Number.isInteger(inputSize) || inputSize < 1) throw new Error(`${caller}: inputSize must be an integer >= 1, got ${inputSize}`);
  if (dir === undefined || dir.trim() === "") throw new Error(`${caller}: no InceptionV3 folder given; ${WHAT_TO_PUT_THERE}`);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`${caller}: InceptionV3 folder ${dir} does not exist; ${WHAT_TO_PUT_THERE}`);
  const file = path.join(dir, "model.json");
  if (!existsSync(file)) throw new Error(`${caller}: ${file} is missing; ${WHAT_TO_PUT_THERE}`);
  const json = parseModelJson(file);
  const format = modelFormat(json, file);
  const weightData = readWeights(dir, file, json);
  const artifacts = await tf.io.getModelArtifactsForJSON(json as unknown as tf.io.ModelJSON, async (manifest) => [
    manifest.flatMap((group) => group.weights),
    weightData,
  ]);
  const handler = tf.io.fromMemory(artifacts);
  const model = format === "graph-model" ? await tf.loadGraphModel(handler) : await tf.loadLayersModel(handler);

  const extract = (x: tf.Tensor4D): tf.Tensor2D => {
    const shape = x instanceof tf.Tensor ? x.shape : undefined;
    if (shape === undefined || shape.length !== 4 || shape[0] < 1 || (shape[3] !== 1 && shape[3] !== 3)) {
      throw new Error(`inception features: x must be [n, H, W, 1] (grayscale) or [n, H, W, 3] (RGB) with pixels in [0, 1], got ${shape ? `[${shape.join(", ")}]` : String(x)}`);
    }
    return tf.tidy(() => {
      const resized = tf.image.resizeBilinear(x, [inputSize, inputSize], false, true);
      const rgb = shape[3] === 1 ? tf.tile(resized, [1, 1, 1, 3]) : resized;
      const scaled = tf.sub(tf.mul(rgb, 2), 1);
      const output = model.predict(scaled);
      if (!(output instanceof tf.Tensor)) {
        throw new Error(`inception features: the model in ${file} has several outputs; it must have one, the ${featureWidth}-d pool features [n, ${featureWidth}]`);
      }
      if (output.rank !== 2 || output.shape[1] !== featureWidth) {
        throw new Error(`inception features: the model in ${file} must output the ${featureWidth}-d pool features [n, ${featureWidth}], got [${output.shape.join(", ")}] (convert InceptionV3 with include_top=False, pooling="avg")`);
      }
      return output as tf.Tensor2D;
    });
  };
  const hash = createHash("sha256").update(readFileSync(file));
  hash.update(new Uint8Array(weightData));
  return Object.assign(extract, { format, modelPath: file, fingerprint: hash.digest("hex"), dispose: () => model.dispose() });
}
