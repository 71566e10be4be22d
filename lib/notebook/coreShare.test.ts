import { test } from "node:test";
import assert from "node:assert/strict";
import { coreShareSentence } from "./coreShare.js";

const history = (wall: number, cpu?: number) => ({ epochs: [0, 100], seconds: [0, wall], ...(cpu === undefined ? {} : { cpuSeconds: [0, cpu] }) });

test("the core-share sentence gives each group's range of CPU over wall seconds", () => {
  const sentence = coreShareSentence({ "L²": [history(100, 98), history(100, 99)], "H¹": [history(200, 120)] });
  assert.match(sentence, /all 3 runs recorded their CPU seconds/);
  assert.match(sentence, /L² 98 % to 99 %, H¹ 60 %\./);
});

test("the core-share sentence says which runs predate CPU seconds, and that nothing is known when none has them", () => {
  assert.match(coreShareSentence({ "L²": [history(100, 97)], "H¹": [history(100)] }), /1 of the 2 runs recorded.*L² 97 %, H¹ not recorded/);
  assert.match(coreShareSentence({ "L²": [history(100)] }), /No run here recorded its CPU seconds \(1 runs.*not known/);
});
