import assert from "node:assert/strict";
import { test } from "node:test";
import { markdownBundle, markdownToHtml } from "./markdownHtml.js";
import { markdownTable } from "./markdownTable.js";

test("a markdownTable renders as an HTML table with the same cells, escaped pipes and line breaks kept", () => {
  const html = markdownToHtml(markdownTable(["claim", "measured"], [{ claim: "a | b\nc", measured: 0.5 }]));
  assert.equal(
    html,
    '<table>\n<thead><tr><th>claim</th><th style="text-align: right">measured</th></tr></thead>\n<tbody>\n' +
      '<tr><td>a | b<br>c</td><td style="text-align: right">0.5</td></tr>\n</tbody>\n</table>',
  );
});

test("paragraphs, bullet lists, strong, emphasis, code and links render; underscores stay literal", () => {
  const html = markdownToHtml("**5 seeds**: of *14* claims, `FD_X`\nnext line\n\n- one **holds**\n- two [paper](https://a.b/?x=1&y=2)\n\nθ_j and FD_EXACT_Q");
  assert.equal(
    html,
    "<p><strong>5 seeds</strong>: of <em>14</em> claims, <code>FD_X</code>\nnext line</p>\n" +
      '<ul>\n<li>one <strong>holds</strong></li>\n<li>two <a href="https://a.b/?x=1&amp;y=2">paper</a></li>\n</ul>\n' +
      "<p>θ_j and FD_EXACT_Q</p>",
  );
});

test("text is escaped: markup in the Markdown is shown, never run", () => {
  const html = markdownToHtml('a <script>alert("x")</script> & b\n\n| h |\n| --- |\n| <img src=x onerror=y> |');
  assert.ok(!html.includes("<script") && !html.includes("<img"), html);
  assert.ok(html.includes("&lt;script&gt;") && html.includes("&amp; b"), html);
});

test("a table right after a paragraph line and a paragraph after a table are separate blocks", () => {
  const html = markdownToHtml("Settings:\n| a |\n| --- |\n| 1 |\nafter");
  assert.equal(html, "<p>Settings:</p>\n<table>\n<thead><tr><th>a</th></tr></thead>\n<tbody>\n<tr><td>1</td></tr>\n</tbody>\n</table>\n<p>after</p>");
});

test("a Markdown output carries Markdown, its HTML and the same text as plain text", () => {
  const bundle = markdownBundle("**x**");
  assert.deepEqual(bundle, { "text/markdown": "**x**", "text/html": "<p><strong>x</strong></p>", "text/plain": "**x**" });
});
