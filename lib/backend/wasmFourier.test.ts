/**
 * Complex tensors and FFTs on WASM (wasmFourier.ts) against the cpu backend, on seeded inputs of odd,
 * even and power-of-two lengths and batches of rank 1 and 2, within the float32 bound `fftFactor(n) ·
 * Σ_j |x_j|` per row (tolerances.ts).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "./select.js";
import { MAX_DFT_LENGTH } from "./wasmFourier.js";
import { assertWithinBound, FLOAT32_UNIT_ROUNDOFF, fftFactor } from "./tolerances.js";
import { normals, onWasmAndCpu } from "./testing.js";

process.env.TFJS_BACKEND = "wasm";
await selectBackend();

const LENGTHS = [1, 2, 5, 8, 12, 64, 255];
const BATCHES = [[3], [2, 3]];

/** Per output float: factor · Σ over its row of |re| + |im| of the input (interleaved or real). */
function rowBound(input: Float32Array, rowLength: number, outRowFloats: number, factor: number): Float32Array {
  const rows = input.length / rowLength;
  const bound = new Float32Array(rows * outRowFloats);
  for (let r = 0; r < rows; r++) {
    let l1 = 0;
    for (let j = 0; j < rowLength; j++) l1 += Math.abs(input[r * rowLength + j]);
    bound.fill(factor * l1, r * outRowFloats, (r + 1) * outRowFloats);
  }
  return bound;
}

const complexOf = (re: Float32Array, im: Float32Array, shape: number[]) => tf.complex(tf.tensor(re, shape), tf.tensor(im, shape));

for (const n of LENGTHS) {
  for (const batch of BATCHES) {
    const shape = [...batch, n];
    const [re, im] = [normals(shape, 21), normals(shape, 22)];
    const interleaved = Float32Array.from({ length: 2 * re.length }, (_, i) => (i % 2 === 0 ? re[i >> 1] : im[i >> 1]));

    test(`FFT on WASM matches the cpu backend for length ${n}, batch [${batch}]`, async () => {
      const { wasm, cpu } = await onWasmAndCpu(() => tf.spectral.fft(complexOf(re, im, shape)));
      assertWithinBound(wasm, cpu, rowBound(interleaved, 2 * n, 2 * n, fftFactor(n)), `FFT, shape [${shape}]`);
    });

    test(`IFFT on WASM matches the cpu backend for length ${n}, batch [${batch}]`, async () => {
      const { wasm, cpu } = await onWasmAndCpu(() => tf.spectral.ifft(complexOf(re, im, shape)));
      assertWithinBound(wasm, cpu, rowBound(interleaved, 2 * n, 2 * n, fftFactor(n) / n), `IFFT, shape [${shape}]`);
    });

    test(`RFFT on WASM matches the cpu backend for length ${n}, batch [${batch}]`, async () => {
      const half = Math.floor(n / 2) + 1;
      const { wasm, cpu } = await onWasmAndCpu(() => tf.spectral.rfft(tf.tensor(re, shape)));
      assertWithinBound(wasm, cpu, rowBound(re, n, 2 * half, fftFactor(n)), `RFFT, shape [${shape}]`);
    });

    if (n >= 2) {
      test(`IRFFT on WASM matches the cpu backend for ${n} input frequencies, batch [${batch}]`, async () => {
        const m = n <= 2 ? n : 2 * (n - 1); // output length; the conjugate half doubles Σ|x| at most
        const { wasm, cpu } = await onWasmAndCpu(() => tf.spectral.irfft(complexOf(re, im, shape)));
        assertWithinBound(wasm, cpu, rowBound(interleaved, 2 * n, m, (2 * fftFactor(m)) / m), `IRFFT, shape [${shape}]`);
      });
    }
  }
}

test("a complex64 tensor on WASM reads back interleaved, exactly as on the cpu backend", async () => {
  const [re, im] = [normals([2, 7], 31), normals([2, 7], 32)];
  const { wasm, cpu } = await onWasmAndCpu(() => complexOf(re, im, [2, 7]));
  assert.deepEqual(wasm, cpu);
  assert.equal(wasm.length, 28);
});

test("tf.real and tf.imag of tf.complex on WASM return the parts exactly", async () => {
  const [re, im] = [normals([3, 5], 33), normals([3, 5], 34)];
  await tf.setBackend("wasm");
  const [r, i] = tf.tidy(() => {
    const z = complexOf(re, im, [3, 5]);
    return [tf.real(z).dataSync(), tf.imag(z).dataSync()];
  });
  assert.deepEqual(Float32Array.from(r), re);
  assert.deepEqual(Float32Array.from(i), im);
});

test("ComplexAbs (tf.abs of a complex tensor) on WASM matches the cpu backend to one rounding", async () => {
  const [re, im] = [normals([4, 9], 35), normals([4, 9], 36)];
  const { wasm, cpu } = await onWasmAndCpu(() => tf.abs(complexOf(re, im, [4, 9])));
  assertWithinBound(wasm, cpu, cpu.map((v) => 2 * FLOAT32_UNIT_ROUNDOFF * Math.abs(v)), "ComplexAbs");
});

test("FFT, IFFT, RFFT and IRFFT on WASM free their intermediates (the DFT matrix of each length stays cached)", async () => {
  await tf.setBackend("wasm");
  const b = tf.backend() as unknown as { numDataIds(): number };
  const z = complexOf(normals([4, 16], 37), normals([4, 16], 38), [4, 16]);
  const all = () => tf.tidy(() => void [tf.spectral.fft(z), tf.spectral.ifft(z), tf.spectral.rfft(tf.real(z)), tf.spectral.irfft(z)]);
  all(); // caches the matrices for lengths 16 (both directions) and 30 (irfft's inverse)
  const before = b.numDataIds();
  all();
  assert.equal(b.numDataIds(), before, "data buffers left behind on the WASM backend");
  z.dispose();
});

test("arithmetic on complex tensors on WASM is an error naming the kernel, not wrong numbers", async () => {
  await tf.setBackend("wasm");
  const z = tf.complex([1, 2], [3, 4]);
  assert.throws(() => tf.add(z, z), /backend\/wasm Add: complex64 inputs are not supported.*tf\.real/);
  assert.throws(() => tf.mul(z, z), /backend\/wasm Multiply: complex64 inputs are not supported/);
  assert.deepEqual(Array.from(tf.add(tf.real(z), tf.imag(z)).dataSync()), [4, 6]); // float kernels still work
  z.dispose();
});

test("FFT on WASM longer than MAX_DFT_LENGTH is an error naming the limit and the cpu backend as the fix", async () => {
  await tf.setBackend("wasm");
  const n = MAX_DFT_LENGTH + 1;
  assert.throws(() => tf.tidy(() => tf.spectral.fft(tf.complex(tf.zeros([1, n]), tf.zeros([1, n])))), new RegExp(`length ${n} exceeds ${MAX_DFT_LENGTH}.*TFJS_BACKEND=cpu`));
});
