/**
 * Reader (and writer) of the IDX format of LeCun's MNIST files [1], optionally gzipped.
 *
 * Layout, all integers big-endian:
 *   bytes 0-1   0x00 0x00
 *   byte  2     data type: 0x08 unsigned byte (the only one read here), 0x09 signed byte, 0x0B int16,
 *               0x0C int32, 0x0D float32, 0x0E float64
 *   byte  3     number of dimensions d
 *   4 .. 4+4d   the d sizes, each an int32
 *   then        prod(sizes) values, row-major (last index fastest)
 * A buffer that starts with the gzip magic 0x1f 0x8b is gunzipped first (node:zlib gunzipSync); an IDX file
 * cannot start so, its first byte is 0.
 *
 * References
 * [1] LeCun, Cortes & Burges, "The MNIST database of handwritten digits", http://yann.lecun.com/exdb/mnist/
 *     (section "FILE FORMATS FOR THE MNIST DATABASE").
 */
import { existsSync, readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";

/** An n-dimensional array of unsigned bytes, row-major. */
export interface IdxArray {
  readonly shape: number[];
  readonly data: Uint8Array;
}

const IDX_UNSIGNED_BYTE = 0x08;
const IDX_TYPE_NAMES: Readonly<Record<number, string>> = {
  0x08: "unsigned byte",
  0x09: "signed byte",
  0x0b: "int16",
  0x0c: "int32",
  0x0d: "float32",
  0x0e: "float64",
};

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Parses an IDX buffer of unsigned bytes (gzipped or not).
 * @param bytes - the file's contents
 * @param source - names the buffer in error messages (a path, or "buffer")
 * @returns the shape (the d sizes) and the prod(shape) data bytes, a copy independent of `bytes`
 */
export function parseIdx(bytes: Uint8Array, source = "buffer"): IdxArray {
  const raw = isGzip(bytes) ? gunzipSync(bytes) : bytes;
  if (raw.length < 4) throw new Error(`parseIdx: ${source} has ${raw.length} bytes, fewer than the 4-byte IDX magic number`);
  if (raw[0] !== 0 || raw[1] !== 0) {
    const magic = Array.from(raw.subarray(0, 4), (b) => b.toString(16).padStart(2, "0")).join(" ");
    throw new Error(`parseIdx: ${source} has bad magic number ${magic}: an IDX file starts with 00 00 <type> <dims>`);
  }
  const type = raw[2];
  if (type !== IDX_UNSIGNED_BYTE) {
    const name = IDX_TYPE_NAMES[type] ?? "unknown";
    throw new Error(
      `parseIdx: ${source} has data type 0x${type.toString(16).padStart(2, "0")} (${name}); only 0x08 (unsigned byte) is supported`,
    );
  }
  const dims = raw[3];
  const headerBytes = 4 + 4 * dims;
  if (raw.length < headerBytes) {
    throw new Error(`parseIdx: ${source} is truncated in its header: expected ${headerBytes} bytes for ${dims} sizes, got ${raw.length}`);
  }
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const shape = Array.from({ length: dims }, (_, k) => view.getInt32(4 + 4 * k, false));
  if (shape.some((size) => size < 0)) throw new Error(`parseIdx: ${source} has a negative size in shape [${shape.join(", ")}]`);
  const count = shape.reduce((p, size) => p * size, 1);
  const got = raw.length - headerBytes;
  if (got < count) {
    throw new Error(
      `parseIdx: ${source} is truncated: shape [${shape.join(", ")}] needs ${count} data bytes, got ${got}`,
    );
  }
  if (got > count) {
    throw new Error(`parseIdx: ${source} has ${got - count} bytes after the ${count} data bytes of shape [${shape.join(", ")}]`);
  }
  return { shape, data: Uint8Array.from(raw.subarray(headerBytes)) };
}

/**
 * Reads an IDX file of unsigned bytes, gunzipping it when gzipped (e.g. `train-images-idx3-ubyte.gz`).
 * @param filePath - the file
 * @param howToGet - appended to the "file missing" error: how the user obtains the file
 */
export function readIdxFile(
  filePath: string,
  howToGet = "download the MNIST-format file (e.g. from http://yann.lecun.com/exdb/mnist/) and pass its path",
): IdxArray {
  if (!existsSync(filePath)) throw new Error(`readIdxFile: ${filePath} does not exist; ${howToGet}`);
  return parseIdx(readFileSync(filePath), filePath);
}

/** Encodes bytes of the given shape as an (uncompressed) IDX buffer of type 0x08; inverse of parseIdx. */
export function encodeIdx(shape: readonly number[], data: Uint8Array): Buffer {
  if (shape.length > 255) throw new Error(`encodeIdx: at most 255 dimensions, got ${shape.length}`);
  if (shape.some((size) => !Number.isInteger(size) || size < 0 || size > 0x7fffffff)) {
    throw new Error(`encodeIdx: sizes must be integers in [0, 2^31), got [${shape.join(", ")}]`);
  }
  const count = shape.reduce((p, size) => p * size, 1);
  if (data.length !== count) {
    throw new Error(`encodeIdx: shape [${shape.join(", ")}] needs ${count} bytes, got ${data.length}`);
  }
  const out = Buffer.alloc(4 + 4 * shape.length + count);
  out[2] = IDX_UNSIGNED_BYTE;
  out[3] = shape.length;
  shape.forEach((size, k) => out.writeInt32BE(size, 4 + 4 * k));
  out.set(data, 4 + 4 * shape.length);
  return out;
}
