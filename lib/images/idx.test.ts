import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { encodeIdx, parseIdx, readIdxFile } from "./idx.js";

const SHAPE = [2, 3, 4];
const DATA = Uint8Array.from({ length: 24 }, (_, k) => (k * 11) % 256);

test("parseIdx inverts encodeIdx: same shape and the same bytes", () => {
  const parsed = parseIdx(encodeIdx(SHAPE, DATA));
  assert.deepEqual(parsed.shape, SHAPE);
  assert.deepEqual(parsed.data, DATA);
});

test("encodeIdx writes the magic 00 00 08 <dims> and big-endian int32 sizes", () => {
  const bytes = encodeIdx([3, 258], new Uint8Array(774));
  assert.deepEqual([...bytes.subarray(0, 12)], [0, 0, 8, 2, 0, 0, 0, 3, 0, 0, 1, 2]);
});

test("parseIdx reads a one-dimensional label file and an empty array", () => {
  assert.deepEqual(parseIdx(encodeIdx([5], Uint8Array.of(9, 0, 3, 7, 1))), { shape: [5], data: Uint8Array.of(9, 0, 3, 7, 1) });
  assert.deepEqual(parseIdx(encodeIdx([0, 28, 28], new Uint8Array(0))), { shape: [0, 28, 28], data: new Uint8Array(0) });
});

test("parseIdx gunzips a gzipped buffer transparently", () => {
  assert.deepEqual(parseIdx(gzipSync(encodeIdx(SHAPE, DATA))), { shape: SHAPE, data: DATA });
});

test("readIdxFile reads a .gz file and a plain file from disk", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "idx-test-"));
  try {
    writeFileSync(path.join(dir, "a-idx3-ubyte.gz"), gzipSync(encodeIdx(SHAPE, DATA)));
    writeFileSync(path.join(dir, "a-idx3-ubyte"), encodeIdx(SHAPE, DATA));
    assert.deepEqual(readIdxFile(path.join(dir, "a-idx3-ubyte.gz")), { shape: SHAPE, data: DATA });
    assert.deepEqual(readIdxFile(path.join(dir, "a-idx3-ubyte")), { shape: SHAPE, data: DATA });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("readIdxFile on a missing file names the path and how to get it", () => {
  const missing = path.join(tmpdir(), "no-such-dir-idx", "t10k-labels-idx1-ubyte.gz");
  assert.throws(() => readIdxFile(missing), (e: Error) => e.message.includes(missing) && e.message.includes("download"));
  assert.throws(() => readIdxFile(missing, "install the package"), /does not exist; install the package$/);
});

test("parseIdx rejects a bad magic number and shows its bytes", () => {
  const bytes = encodeIdx(SHAPE, DATA);
  bytes[0] = 0x50;
  assert.throws(() => parseIdx(bytes, "x.idx"), /x\.idx has bad magic number 50 00 08 03/);
  assert.throws(() => parseIdx(Uint8Array.of(0, 0)), /2 bytes, fewer than the 4-byte IDX magic/);
});

test("parseIdx rejects data types other than unsigned byte, naming the type", () => {
  const bytes = encodeIdx(SHAPE, DATA);
  bytes[2] = 0x0d;
  assert.throws(() => parseIdx(bytes), /data type 0x0d \(float32\); only 0x08 \(unsigned byte\) is supported/);
  bytes[2] = 0x42;
  assert.throws(() => parseIdx(bytes), /data type 0x42 \(unknown\)/);
});

test("parseIdx reports truncated data with the expected and received byte counts", () => {
  const bytes = encodeIdx(SHAPE, DATA);
  assert.throws(() => parseIdx(bytes.subarray(0, bytes.length - 5), "f"), /f is truncated: shape \[2, 3, 4\] needs 24 data bytes, got 19/);
  assert.throws(() => parseIdx(bytes.subarray(0, 9)), /truncated in its header: expected 16 bytes for 3 sizes, got 9/);
  assert.throws(() => parseIdx(Buffer.concat([bytes, Buffer.of(1, 2)])), /2 bytes after the 24 data bytes/);
});

test("encodeIdx rejects data whose length does not match the shape", () => {
  assert.throws(() => encodeIdx([2, 2], new Uint8Array(3)), /shape \[2, 2\] needs 4 bytes, got 3/);
});
