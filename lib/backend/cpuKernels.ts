/**
 * Corrections to kernels of TensorFlow.js's pure-JavaScript cpu backend (the last fallback, and the reference the
 * native and WASM kernels are tested against).
 *
 * ResizeNearestNeighborGrad (tfjs-backend-cpu 4.22, src/kernels/ResizeNearestNeighborGrad.ts): the offset into dy
 * is computed with the batch stride of the *input* images, so for a batch of more than one image every image after
 * the first reads the gradient of the wrong pixels (found with the U-Net and ResNet decoders, whose upsampling is
 * tf.image.resizeNearestNeighbor; the WASM kernel is right). It also ignores halfPixelCenters. Ours is the exact
 * adjoint of the cpu forward kernel: every dy pixel is added to the input pixel the forward pass copied it from,
 * with the forward's own index arithmetic (alignCorners, halfPixelCenters). The WASM kernel is right for the
 * default resize our models use, but it too ignores halfPixelCenters (tested in cpuKernels.test.ts; not corrected,
 * since nothing here resizes with half-pixel centres).
 */
import * as tf from "@tensorflow/tfjs";

interface CpuData { data: { get(dataId: unknown): { values: Float32Array } } }

/** The input pixel the forward kernel copies to output index `i` along one axis. */
function sourceIndex(i: number, inSize: number, outSize: number, alignCorners: boolean, halfPixelCenters: boolean): number {
  const effectiveIn = alignCorners && outSize > 1 ? inSize - 1 : inSize;
  const effectiveOut = alignCorners && outSize > 1 ? outSize - 1 : outSize;
  const ratio = effectiveIn / effectiveOut;
  const fraction = halfPixelCenters ? ratio * (i + 0.5) : ratio * i;
  const nearest = Math.min(inSize - 1, alignCorners ? Math.round(fraction) : Math.floor(fraction));
  return halfPixelCenters ? Math.max(0, nearest) : nearest;
}

const resizeNearestNeighborGrad: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { images, dy } = inputs as { images: tf.TensorInfo; dy: tf.TensorInfo };
  const { alignCorners, halfPixelCenters } = attrs as { alignCorners: boolean; halfPixelCenters: boolean };
  const [batch, inHeight, inWidth, depth] = images.shape;
  const [, outHeight, outWidth] = dy.shape;
  const dyValues = (backend as unknown as CpuData).data.get(dy.dataId).values;
  const dx = new Float32Array(batch * inHeight * inWidth * depth);
  const rows = Int32Array.from({ length: outHeight }, (_, r) => sourceIndex(r, inHeight, outHeight, alignCorners, halfPixelCenters === true));
  const columns = Int32Array.from({ length: outWidth }, (_, c) => sourceIndex(c, inWidth, outWidth, alignCorners, halfPixelCenters === true));
  let k = 0;
  for (let b = 0; b < batch; b++) {
    for (let r = 0; r < outHeight; r++) {
      for (let c = 0; c < outWidth; c++) {
        const target = ((b * inHeight + rows[r]) * inWidth + columns[c]) * depth;
        for (let d = 0; d < depth; d++) dx[target + d] += dyValues[k++];
      }
    }
  }
  return (backend as unknown as { makeTensorInfo(shape: number[], dtype: string, values: Float32Array): tf.TensorInfo }).makeTensorInfo(images.shape, "float32", dx);
};

let fixed = false;

/** Replaces the cpu kernels named in the module comment (once; later calls do nothing). Returns their names. */
export function fixCpuKernels(): string[] {
  if (!fixed) {
    tf.unregisterKernel(tf.ResizeNearestNeighborGrad, "cpu");
    tf.registerKernel({ kernelName: tf.ResizeNearestNeighborGrad, backendName: "cpu", kernelFunc: resizeNearestNeighborGrad });
    fixed = true;
  }
  return [tf.ResizeNearestNeighborGrad];
}
