/**
 * One headless Chromium per process, with plotly.js loaded, for exporting figures as SVG and PNG.
 *
 * Launching Chromium and parsing the 4.8 MB plotly bundle costs ~2-3 s, so the browser is started on the first
 * export and reused by every later one. It never keeps the process alive by itself:
 * - Between exports its child process and pipes are unref'd, so a script or test whose work is done reaches
 *   `beforeExit`; there the browser is closed cleanly, and the process exits.
 * - During an export a ref'd timer holds the event loop open, so an `await showFigure(...)` at the top level of a
 *   script cannot be cut short.
 * - At `exit` (also `process.exit()`), playwright's own handler kills Chromium and removes its profile folder.
 * - If Node dies by a signal, Chromium exits by itself when its pipe to Node closes; and it is started through
 *   scripts/chromiumChild.sh, under PR_SET_PDEATHSIG, so that Linux kills it when Node dies, even if it no longer
 *   reads its pipe: Chromium cannot outlive the kernel (9 processes, about 1 GB, were left when they could).
 *   Its profile folder is in the kernel's TMPDIR, which the notebook runner removes (scripts/run_folder.py).
 * SIGINT/SIGTERM/SIGHUP are left alone (playwright's handlers would exit the process on SIGINT, which is how
 * Jupyter interrupts a kernel).
 *
 * Chromium is /usr/bin/chromium (Debian's package) unless CHROMIUM_PATH names another executable.
 */
import { existsSync } from "node:fs";
import type { ChildProcess } from "node:child_process";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { repoRoot } from "../paths.js";
import { plotlyBundlePath } from "./plotlyBundle.js";
import type { PlotlyFigure } from "./spec.js";

export const DEFAULT_CHROMIUM_PATH = "/usr/bin/chromium";

/** Flags measured to work headless in containers without a GPU or network (DESIGN.md, "Static export"). */
export const CHROMIUM_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

const SETUP_HINT = "run `make setup` (or `apt-get install chromium`), or set CHROMIUM_PATH to a Chromium executable";

/** The Chromium executable used: CHROMIUM_PATH if set, else /usr/bin/chromium. */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH || DEFAULT_CHROMIUM_PATH;
}

const CHILD_LAUNCHER = path.join(repoRoot, "scripts", "chromiumChild.sh");
const SETPRIV = "/usr/bin/setpriv";

/**
 * How to start Chromium: through the launcher that ties its life to ours (util-linux's setpriv, in every
 * Debian), or, where setpriv is missing, directly (then only the closed pipe stops it). Under the notebook
 * runner Chromium's TMPDIR is COMPANION_CHROMIUM_TMP, a short folder the runner removes: Chromium puts its
 * singleton socket there, and a socket's path may not exceed 107 bytes (scripts/run_folder.py).
 */
function chromiumLaunch(executablePath: string): { command: string; env: NodeJS.ProcessEnv } {
  const shortTmp = process.env.COMPANION_CHROMIUM_TMP;
  const env = shortTmp ? { ...process.env, TMPDIR: shortTmp } : process.env;
  if (!existsSync(SETPRIV) || !existsSync(CHILD_LAUNCHER)) return { command: executablePath, env };
  return { command: CHILD_LAUNCHER, env: { ...env, COMPANION_CHROMIUM: executablePath } };
}

interface FigureBrowser {
  browser: Browser;
  page: Page;
}

let current: Promise<FigureBrowser> | null = null;
let launches = 0;
let busy = 0;
let keepAlive: NodeJS.Timeout | null = null;
let beforeExitHookInstalled = false;

/** How many times this process has launched Chromium (for tests: two figures should cost one launch). */
export function figureBrowserLaunchCount(): number {
  return launches;
}

/** Static images of one figure: SVG text and PNG bytes. */
export interface FigureImages {
  svg: string;
  png: Buffer;
}

/** Image size in CSS pixels; the PNG has `scale` device pixels per CSS pixel. */
export interface ImageSize {
  width: number;
  height: number;
  scale: number;
}

/**
 * Renders `figure` to SVG and PNG with `Plotly.toImage` inside the shared page.
 * Throws, naming the fix, when Chromium is missing or cannot start.
 */
export async function renderFigureImages(figure: PlotlyFigure, size: ImageSize): Promise<FigureImages> {
  return whileBusy(async () => {
    const { page } = await figureBrowser();
    const [svgUrl, pngUrl] = await page.evaluate(
      async ({ figure, size }) => {
        const Plotly = (globalThis as unknown as { Plotly: PlotlyInPage }).Plotly;
        const common = { width: size.width, height: size.height };
        const svg = await Plotly.toImage(figure, { ...common, format: "svg", scale: 1 });
        const png = await Plotly.toImage(figure, { ...common, format: "png", scale: size.scale });
        return [svg, png] as const;
      },
      { figure, size },
    );
    return { svg: decodeDataUrl(svgUrl).toString("utf8"), png: decodeDataUrl(pngUrl) };
  });
}

/**
 * Runs `task` on a fresh blank page of the shared figure browser (launched if needed) and closes the page after,
 * so other uses (the figure layout check) reuse the one Chromium instead of launching their own.
 */
export async function withBrowserPage<T>(task: (page: Page) => Promise<T>): Promise<T> {
  return whileBusy(async () => {
    const { browser } = await figureBrowser();
    const page = await browser.newPage();
    try {
      return await task(page);
    } finally {
      await page.close().catch(() => undefined);
    }
  });
}

/** Closes the shared browser if one is open; the next export launches a new one. */
export async function closeFigureBrowser(): Promise<void> {
  const closing = current;
  current = null;
  if (closing === null) return;
  await whileBusy(async () => {
    const launched = await closing.catch(() => null);
    await launched?.browser.close();
  });
}

interface PlotlyInPage {
  toImage(figure: PlotlyFigure, options: ImageSize & { format: "svg" | "png" }): Promise<string>;
}

function figureBrowser(): Promise<FigureBrowser> {
  if (current !== null) return current;
  const launching = launchFigureBrowser();
  const forget = (): void => {
    if (current === launching) current = null;
  };
  launching.then(({ browser, page }) => {
    browser.on("disconnected", forget);
    page.on("crash", () => {
      forget();
      void browser.close().catch(() => undefined);
    });
  }, forget);
  current = launching;
  return launching;
}

async function launchFigureBrowser(): Promise<FigureBrowser> {
  const executablePath = chromiumPath();
  if (!existsSync(executablePath)) {
    throw new Error(`Chromium, needed to export figures as SVG and PNG, is not at ${executablePath}: ${SETUP_HINT}`);
  }
  launches += 1;
  const handlesBefore = new Set(activeHandles());
  const launch = chromiumLaunch(executablePath);
  let browser: Browser;
  try {
    // Imported here, not at the top: loading playwright-core takes ~0.5 s, which notebooks without figures skip.
    const { chromium } = await import("playwright-core");
    browser = await chromium.launch({
      executablePath: launch.command,
      env: launch.env,
      args: CHROMIUM_FLAGS,
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new Error(`could not start Chromium at ${executablePath} (${reason}): ${SETUP_HINT}`, { cause: error });
  }
  detachFromEventLoop(handlesBefore, launch.command);
  installBeforeExitHook();
  try {
    const page = await browser.newPage();
    await page.setContent("<!doctype html><html><head><meta charset=\"utf-8\"></head><body></body></html>");
    await page.addScriptTag({ path: plotlyBundlePath() });
    return { browser, page };
  } catch (error) {
    await browser.close().catch(() => undefined);
    throw error;
  }
}

/** Runs `task` with the event loop held open, so the unref'd browser cannot be closed under it by `beforeExit`. */
async function whileBusy<T>(task: () => Promise<T>): Promise<T> {
  busy += 1;
  keepAlive ??= setInterval(() => undefined, 1 << 30);
  keepAlive.ref();
  try {
    return await task();
  } finally {
    busy -= 1;
    if (busy === 0) keepAlive.unref();
  }
}

function installBeforeExitHook(): void {
  if (beforeExitHookInstalled) return;
  beforeExitHookInstalled = true;
  const onBeforeExit = (): void => {
    process.off("beforeExit", onBeforeExit);
    beforeExitHookInstalled = false;
    void closeFigureBrowser();
  };
  process.on("beforeExit", onBeforeExit);
}

/**
 * Unrefs the Chromium child process and its stdio pipes (the CDP transport), so that they alone do not keep Node
 * running. playwright does not expose the child process, so it is found among the handles that appeared during the
 * launch (`process._getActiveHandles`, undocumented but present in Node 12-24); the process-exit test guards this.
 */
function detachFromEventLoop(handlesBefore: Set<unknown>, executablePath: string): void {
  for (const handle of activeHandles()) {
    if (handlesBefore.has(handle) || !isChildProcess(handle) || handle.spawnfile !== executablePath) continue;
    handle.unref();
    for (const stream of handle.stdio) {
      const socket = stream as { unref?: () => void } | null;
      socket?.unref?.();
    }
  }
}

function activeHandles(): unknown[] {
  const getter = (process as unknown as { _getActiveHandles?: () => unknown[] })._getActiveHandles;
  return typeof getter === "function" ? getter.call(process) : [];
}

function isChildProcess(handle: unknown): handle is ChildProcess {
  return typeof handle === "object" && handle !== null && handle.constructor?.name === "ChildProcess";
}

function decodeDataUrl(url: string): Buffer {
  const comma = url.indexOf(",");
  const header = url.slice(0, comma);
  const body = url.slice(comma + 1);
  return header.endsWith(";base64") ? Buffer.from(body, "base64") : Buffer.from(decodeURIComponent(body), "utf8");
}
