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

test("stableSvg numbers plotly's random trace and colour-bar classes in order of appearance", () => {
  assert.equal(stableSvg('<g class="cbe5c509 colorbar"/>', "fig"), stableSvg('<g class="cb56a892 colorbar"/>', "fig"));
  assert.equal(stableSvg('<g class="cbe5c509"><g class="ycbe5c509tick"/></g>', "fig"), '<g class="cb-0"><g class="ycb-0tick"/></g>');
  const svg = (a: string, b: string): string => `<g class="trace scatter trace${a}"/><g class="trace scatter trace${b}"/><g class="trace${a}"/>`;
  assert.equal(stableSvg(svg("4c5b1c", "0a9e77"), "fig"), stableSvg(svg("31c4a1", "ffe012"), "fig"));
  assert.equal(stableSvg(svg("4c5b1c", "0a9e77"), "fig"), '<g class="trace scatter trace-0"/><g class="trace scatter trace-1"/><g class="trace-0"/>');
});

test("stableSvg numbers the random suffixes of colour-bar gradient ids", () => {
  const svg = (suffix: string): string => `<defs id="defs-3821a7"/><linearGradient id="g3821a7-${suffix}"/><rect fill="url(#g3821a7-${suffix})"/>`;
  assert.equal(stableSvg(svg("cb5bf9c9"), "fig"), stableSvg(svg("cb894422"), "fig"));
  assert.doesNotMatch(stableSvg(svg("cb5bf9c9"), "fig"), /cb5bf9c9/);
});
