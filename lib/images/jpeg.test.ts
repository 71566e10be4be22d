import { test } from "node:test";
import assert from "node:assert/strict";
import { assertClose } from "../numeric/assertClose.js";
import { smoothJpegForTests } from "./encodeJpegForTests.js";
import { decodeJpeg } from "./jpeg.js";
import { JPEG_QUALITY_100_ABSOLUTE } from "./tolerances.js";

test("decodeJpeg reads a quality-100 JPEG of a smooth image back within JPEG_QUALITY_100_ABSOLUTE", () => {
  for (const [width, height] of [[16, 16], [37, 23]] as const) {
    const { rgb, file } = smoothJpegForTests(width, height);
    const image = decodeJpeg(file, "smooth.jpg");
    assert.equal(image.width, width);
    assert.equal(image.height, height);
    assertClose(Array.from(image.rgb, (v) => v / 255), Array.from(rgb, (v) => v / 255), { absolute: JPEG_QUALITY_100_ABSOLUTE }, `${width}x${height}`);
  }
});

test("decodeJpeg rejects non-JPEG and corrupt data with an error naming the source", () => {
  assert.throws(() => decodeJpeg(Buffer.from("not a jpeg"), "x.jpg"), /decodeJpeg: x\.jpg is not a JPEG file/);
  const { file } = smoothJpegForTests(16, 16);
  assert.throws(() => decodeJpeg(file.subarray(0, file.length >> 1), "half.jpg"), /decodeJpeg: half\.jpg is a corrupt or unsupported JPEG file: /);
});
