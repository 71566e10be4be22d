/**
 * Markdown to HTML for the Markdown the library displays (readings, provenance tables, claim tables).
 *
 * The Classic Notebook ignores a text/markdown output in an untrusted notebook (it has no sanitizer for it) and
 * falls back to text/plain, so a fresh clone would show raw `| … |` rows and `**` marks. An HTML copy next to the
 * Markdown is sanitized and shown instead. The conversion is marked's (GitHub-flavoured: tables, lists, emphasis,
 * code, links), a well-kept parser that handles the corners of Markdown better than a subset of our own; raw HTML in
 * the text is shown escaped, never as markup, since claim texts and settings are data, not page code (except the
 * <br> that markdownTable writes for a line break in a cell).
 */
import { Marked } from "marked";
import { escapeHtml } from "./html.js";

/** The one tag the library writes itself: a line break inside a table cell (markdownTable.ts). */
const LINE_BREAK = /^<br\s*\/?>$/i;
const parser = new Marked({ gfm: true, breaks: false, async: false, renderer: { html: ({ text }) => (LINE_BREAK.test(text) ? "<br>" : escapeHtml(text)) } });

/** HTML for `markdown` (module comment). */
export function markdownToHtml(markdown: string): string {
  return (parser.parse(markdown) as string).trim();
}

/** The mime bundle of a Markdown output: Markdown, its HTML (what an untrusted notebook shows) and plain text. */
export function markdownBundle(markdown: string): Record<string, string> {
  return { "text/markdown": markdown, "text/html": markdownToHtml(markdown), "text/plain": markdown };
}
