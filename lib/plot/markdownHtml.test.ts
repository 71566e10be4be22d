import assert from "node:assert/strict";
import { test } from "node:test";
import { markdownBundle, markdownToHtml } from "./markdownHtml.js";
import { markdownTable } from "./markdownTable.js";

test("a markdownTable renders as an HTML table with the same cells, escaped pipes and line breaks kept, numbers right-aligned", () => {
  const html = markdownToHtml(markdownTable(["claim", "measured"], [{ claim: "a | b\nc", measured: 0.5 }]));
  assert.match(html, /<table>/);
  assert.match(html, /<th>claim<\/th>/);
  assert.match(html, /<th align="right">measured<\/th>/);
  assert.match(html, /<td>a \| b<br>c<\/td>/);
  assert.match(html, /<td align="right">0.5<\/td>/);
});

test("paragraphs, bullet lists, strong, emphasis, code and links render; underscores inside words stay literal", () => {
  const html = markdownToHtml("**5 seeds**: of *14* claims, `FD_X`\nnext line\n\n- one **holds**\n- two [paper](https://a.b/?x=1&y=2)\n\nθ_j and FD_EXACT_Q");
  assert.match(html, /<p><strong>5 seeds<\/strong>: of <em>14<\/em> claims, <code>FD_X<\/code>\nnext line<\/p>/);
  assert.match(html, /<ul>\n<li>one <strong>holds<\/strong><\/li>\n<li>two <a href="https:\/\/a.b\/\?x=1&amp;y=2">paper<\/a><\/li>\n<\/ul>/);
  assert.match(html, /<p>θ_j and FD_EXACT_Q<\/p>/);
});

test("raw HTML in the text is escaped: markup in the Markdown is shown, never run", () => {
  const html = markdownToHtml('a <script>alert("x")</script> & b\n\n<div onclick="y">block</div>\n\n| h |\n| --- |\n| <img src=x onerror=y> |');
  assert.ok(!html.includes("<script") && !html.includes("<img") && !html.includes("<div"), html);
  assert.ok(html.includes("&lt;script&gt;") && html.includes("&amp; b") && html.includes("&lt;div"), html);
});

test("a table right after a paragraph line and a paragraph after it are separate blocks", () => {
  const html = markdownToHtml("Settings:\n\n| a |\n| --- |\n| 1 |\n\nafter");
  assert.match(html, /^<p>Settings:<\/p>\n<table>[\s\S]*<td>1<\/td>[\s\S]*<\/table>\n<p>after<\/p>$/);
});

test("a Markdown output carries Markdown, its HTML and the same text as plain text", () => {
  const bundle = markdownBundle("**x**");
  assert.deepEqual(bundle, { "text/markdown": "**x**", "text/html": "<p><strong>x</strong></p>", "text/plain": "**x**" });
});
