import { test } from "node:test";
import assert from "node:assert/strict";
import { stableSvg } from "./stableSvg.js";

const render = (uid: string): string => `<svg><defs id="defs-${uid}"><clipPath id="clip${uid}xyplot"/></defs><g clip-path="url(#clip${uid}xyplot)"/></svg>`;

test("stableSvg makes two renders of one figure with different plotly uids identical", () => {
  assert.equal(stableSvg(render("3821a7"), "fig"), stableSvg(render("ec64e7"), "fig"));
  assert.doesNotMatch(stableSvg(render("3821a7"), "fig"), /3821a7/);
});

test("stableSvg gives different figures different ids and leaves an SVG without plotly defs alone", () => {
  assert.notEqual(stableSvg(render("3821a7"), "a"), stableSvg(render("3821a7"), "b"));
  assert.equal(stableSvg("<svg></svg>", "a"), "<svg></svg>");
});
