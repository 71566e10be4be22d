/**
 * Markdown to HTML for the Markdown the library displays (readings, provenance tables, claim tables).
 *
 * The Classic Notebook ignores a text/markdown output in an untrusted notebook (it has no sanitizer for it) and
 * falls back to text/plain, so a fresh clone would show raw `| … |` rows and `**` marks. An HTML copy next to the
 * Markdown is sanitized and shown instead. The subset is what the library writes: paragraphs, `#` headings,
 * `-`/`*` bullet lists, GitHub tables (with `\|` in cells and `<br>` line breaks), `code`, **strong**, *emphasis*
 * and [links](url). Everything else is shown as escaped text, never as markup; `_` is left alone because
 * identifiers and subscripts (FD_EXACT, θ_j) use it.
 */
import { escapeHtml } from "./html.js";

/** HTML for `markdown` (the subset above). */
export function markdownToHtml(markdown: string): string {
  const blocks: string[] = [];
  const lines = markdown.replace(/\r\n?/g, "\n").split("\n");
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (line.trim() === "") {
      i += 1;
    } else if (isTableStart(lines, i)) {
      const rows: string[] = [];
      while (i < lines.length && lines[i].trim().startsWith("|")) rows.push(lines[i++]);
      blocks.push(tableHtml(rows));
    } else if (/^\s{0,3}[-*] /.test(line)) {
      const items: string[] = [];
      while (i < lines.length && lines[i].trim() !== "" && !isTableStart(lines, i)) {
        const item = /^\s{0,3}[-*] (.*)$/.exec(lines[i]);
        if (item) items.push(item[1]);
        else items[items.length - 1] += `\n${lines[i].trim()}`;
        i += 1;
      }
      blocks.push(`<ul>\n${items.map((item) => `<li>${inlineHtml(item)}</li>`).join("\n")}\n</ul>`);
    } else if (/^#{1,6} /.test(line)) {
      const level = line.indexOf(" ");
      blocks.push(`<h${level}>${inlineHtml(line.slice(level + 1).trim())}</h${level}>`);
      i += 1;
    } else {
      const paragraph: string[] = [];
      while (i < lines.length && lines[i].trim() !== "" && !isTableStart(lines, i) && !/^\s{0,3}[-*] |^#{1,6} /.test(lines[i])) {
        paragraph.push(lines[i++].trim());
      }
      blocks.push(`<p>${inlineHtml(paragraph.join("\n"))}</p>`);
    }
  }
  return blocks.join("\n");
}

/** A table starts with a `|` row followed by a `| --- | :---: |` alignment row. */
function isTableStart(lines: readonly string[], i: number): boolean {
  return lines[i].trim().startsWith("|") && i + 1 < lines.length && /^\s*\|(\s*:?-+:?\s*\|)+\s*$/.test(lines[i + 1]);
}

/** Cells of a `| a | b \| c |` row: split on pipes not escaped by a backslash. */
function tableCells(row: string): string[] {
  const body = row.trim().replace(/^\|/, "").replace(/\|$/, "");
  const cells: string[] = [];
  let cell = "";
  for (let k = 0; k < body.length; k += 1) {
    if (body[k] === "\\" && body[k + 1] === "|") {
      cell += "|";
      k += 1;
    } else if (body[k] === "|") {
      cells.push(cell.trim());
      cell = "";
    } else {
      cell += body[k];
    }
  }
  cells.push(cell.trim());
  return cells;
}

function tableHtml(rows: readonly string[]): string {
  const [head, alignment, ...body] = rows.map(tableCells);
  const align = alignment.map((spec) => {
    if (spec.startsWith(":") && spec.endsWith(":")) return ' style="text-align: center"';
    if (spec.endsWith(":")) return ' style="text-align: right"';
    return "";
  });
  const row = (cells: readonly string[], tag: "th" | "td"): string =>
    `<tr>${head.map((_, j) => `<${tag}${align[j] ?? ""}>${inlineHtml(cells[j] ?? "")}</${tag}>`).join("")}</tr>`;
  return `<table>\n<thead>${row(head, "th")}</thead>\n<tbody>\n${body.map((cells) => row(cells, "td")).join("\n")}\n</tbody>\n</table>`;
}

/** Inline markup: code spans first (their content stays literal), then links, strong, emphasis and <br>. */
function inlineHtml(text: string): string {
  return text
    .split(/(`[^`]+`)/)
    .map((piece) => (/^`[^`]+`$/.test(piece) ? `<code>${escapeHtml(piece.slice(1, -1))}</code>` : spanHtml(piece)))
    .join("");
}

function spanHtml(text: string): string {
  return escapeHtml(text)
    .replace(/&lt;br&gt;/g, "<br>")
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_, label: string, href: string) => `<a href="${href}">${label}</a>`)
    .replace(/\*\*(\S(?:[^*]*\S)?)\*\*/g, "<strong>$1</strong>")
    .replace(/(^|[^*\w])\*(\S(?:[^*]*\S)?)\*(?![*\w])/g, "$1<em>$2</em>");
}

/** The mime bundle of a Markdown output: Markdown, its HTML (what an untrusted notebook shows) and plain text. */
export function markdownBundle(markdown: string): Record<string, string> {
  return { "text/markdown": markdown, "text/html": markdownToHtml(markdown), "text/plain": markdown };
}
