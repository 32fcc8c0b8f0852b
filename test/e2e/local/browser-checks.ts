/** What a person would notice on a small or big screen: sideways scrolling, cut-off controls, small touch targets, and axe-core's serious accessibility findings. */
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
/** axe-core's browser build, injected into a page under test. */
const AXE_SCRIPT = require.resolve('axe-core/axe.min.js');

/** Smallest comfortable touch target (WCAG 2.5.5, Apple and Android guidance): 44 CSS px. */
export const MIN_TOUCH_PX = 44;

/**
 * Everything on the page now that does not fit: the page or the message list wider than the
 * screen, a message wider than its box, the input / Send / "You: name" outside the viewport or
 * clipped, a picture wider than the screen, a visible countdown figure clipped or off screen,
 * and visible controls smaller than 44 px. Empty when all is well.
 */
export function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate((minTouch) => {
    const problems: string[] = [];
    const root = document.documentElement;
    const vw = root.clientWidth;
    const vh = root.clientHeight;
    const describe = (el: Element) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${Array.from(el.classList).join('.')} "${(el.textContent ?? '').trim().slice(0, 30)}"`;
    const isShown = (el: Element) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
    };
    const isInside = (r: DOMRect) => r.left >= -0.5 && r.right <= vw + 0.5 && r.top >= -0.5 && r.bottom <= vh + 0.5;
    if (root.scrollWidth > vw) problems.push(`page scrolls sideways: ${root.scrollWidth} px wide in ${vw} px`);
    const messages = document.querySelector('#messages')!;
    if (messages.scrollWidth > messages.clientWidth) problems.push(`message list scrolls sideways: ${messages.scrollWidth} > ${messages.clientWidth}`);
    for (const body of Array.from(document.querySelectorAll('.message .body'))) {
      if (body.scrollWidth > body.clientWidth + 1) problems.push(`message wider than its box: ${describe(body)} ${body.scrollWidth} > ${body.clientWidth}`);
    }
    for (const selector of ['#input', '#send', '#rename', '#me']) {
      const el = document.querySelector(selector)!;
      if (!isInside(el.getBoundingClientRect())) problems.push(`${selector} is not fully on screen`);
      if (el.scrollWidth > el.clientWidth + 1 && selector !== '#input') problems.push(`${selector} is cut off: ${el.scrollWidth} > ${el.clientWidth}`);
    }
    for (const img of Array.from(document.querySelectorAll<HTMLImageElement>('.gallery img'))) {
      const r = img.getBoundingClientRect();
      if (r.left < -0.5 || r.right > vw + 0.5) problems.push(`picture wider than the screen: ${img.alt.slice(0, 30)} (${Math.round(r.left)}–${Math.round(r.right)} of ${vw})`);
    }
    for (const figure of Array.from(document.querySelectorAll('.countdown-figure'))) {
      const r = figure.getBoundingClientRect();
      const onScreen = r.bottom > 0 && r.top < vh;
      if (onScreen && (r.left < -0.5 || r.right > vw + 0.5 || figure.scrollWidth > figure.clientWidth + 1)) problems.push(`countdown cut off: "${figure.textContent}"`);
    }
    const controls = document.querySelectorAll('button, a.button, select, input:not([type=hidden])');
    for (const control of Array.from(controls)) {
      if (!isShown(control) || control.closest('dialog:not([open])')) continue;
      const r = control.getBoundingClientRect();
      if (r.height < minTouch - 0.5 || r.width < minTouch - 0.5) problems.push(`touch target ${Math.round(r.width)}×${Math.round(r.height)} px: ${describe(control)}`);
    }
    return problems;
  }, MIN_TOUCH_PX);
}

/** True when the element is fully inside the viewport now. */
export function isFullyOnScreen(page: Page, selector: string): Promise<boolean> {
  return page.locator(selector).last().evaluate((el) => {
    const r = el.getBoundingClientRect();
    return r.left >= -0.5 && r.top >= -0.5 && r.right <= document.documentElement.clientWidth + 0.5 && r.bottom <= document.documentElement.clientHeight + 0.5;
  });
}

/** axe-core's serious and critical violations on the page now, one line each (rule, help, first elements). */
export async function seriousAccessibilityViolations(page: Page): Promise<string[]> {
  const hasAxe = await page.evaluate(() => 'axe' in window);
  if (!hasAxe) await page.addScriptTag({ path: AXE_SCRIPT });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)) }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.targets.join(', ')}`);
}
