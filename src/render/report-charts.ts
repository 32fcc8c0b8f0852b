/**
 * Report pictures: a live quiz's per-question bar chart (Chart.js) and the class's mastery heatmap
 * (sections × weeks, drawn cell by cell). Inputs are plain numbers; the wording comes from the caller.
 */
import { createCard, fitText, toPngImage } from './canvas.ts';
import { axisTitle, CHART_PADDING, chartHeading, renderChartCanvas } from './chart.ts';
import { hexToRgb, mixRgb, rgbToHex } from './colors.ts';
import { font, FONT_PX, THEME } from './theme.ts';
import type { PixelRatioOption, RenderedImage } from './types.ts';

/** One bar group of the quiz chart: share right and share that picked the most chosen wrong answer. */
export interface QuizBarInput {
  label: string;
  shareCorrect: number | null;
  shareTopWrong: number;
}

/** Grouped bars per question: % right (green) beside % choosing the most common wrong answer (red). */
export async function renderQuizResultsChart(title: string, bars: QuizBarInput[], options: PixelRatioOption = {}): Promise<RenderedImage> {
  const widthPx = Math.max(480, Math.min(900, 120 + bars.length * 56));
  const config = {
    type: 'bar' as const,
    data: {
      labels: bars.map((b) => (b.shareCorrect === null ? `${b.label} (no answers)` : b.label)),
      datasets: [
        { label: 'answered right', data: bars.map((b) => (b.shareCorrect === null ? 0 : Math.round(b.shareCorrect * 100))), backgroundColor: THEME.best },
        { label: 'chose the most common wrong answer', data: bars.map((b) => Math.round(b.shareTopWrong * 100)), backgroundColor: THEME.danger },
      ],
    },
    options: {
      layout: { padding: CHART_PADDING },
      plugins: { ...chartHeading(title, 'Share of the answers to each question, in %'), legend: { display: true, position: 'bottom' as const, labels: { boxHeight: 12, boxWidth: 18 } } },
      scales: {
        x: { title: axisTitle('question'), grid: { display: false } },
        y: { min: 0, max: 100, title: axisTitle('% of answers'), ticks: { stepSize: 25 } },
      },
    },
  };
  const { canvas } = renderChartCanvas(config, widthPx, 360, options.pixelRatio);
  const alt = `Bar chart per question: ${bars.map((b) => `${b.label} ${b.shareCorrect === null ? 'no answers' : `${Math.round(b.shareCorrect * 100)}% right`}${b.shareTopWrong > 0 ? `, ${Math.round(b.shareTopWrong * 100)}% chose the top wrong answer` : ''}`).join('; ')}.`;
  return toPngImage(canvas, 'quiz-report.png', alt);
}

/** One heatmap row: a label and a share (0–1) per column, null where there is nothing to show. */
export interface HeatmapRow {
  label: string;
  shares: (number | null)[];
}

const LOW = hexToRgb('#f4a09a');
const MID = hexToRgb('#f7e08a');
const HIGH = hexToRgb('#6cc07a');

/** Red (0) → yellow (0.5) → green (1). */
function shareColor(share: number): string {
  const t = Math.min(1, Math.max(0, share));
  return rgbToHex(t < 0.5 ? mixRgb(LOW, MID, t * 2) : mixRgb(MID, HIGH, (t - 0.5) * 2));
}

/**
 * A heatmap of shares: one row per label, one column per week label, each cell coloured red → green
 * and printed as a percentage; an optional footer row of plain counts (e.g. students revising).
 */
export async function renderShareHeatmap(
  input: { title: string; subtitle: string; columns: string[]; rows: HeatmapRow[]; footer?: { label: string; values: number[] } },
  options: PixelRatioOption = {},
): Promise<RenderedImage> {
  const labelWidth = 170;
  const cellWidth = Math.max(42, Math.min(70, Math.floor(640 / Math.max(1, input.columns.length))));
  const cellHeight = 30;
  const top = 12 + FONT_PX.title + 6 + FONT_PX.label + 14;
  const headerHeight = 22;
  const footerRows = input.footer ? 1 : 0;
  const legendHeight = 34;
  const widthPx = Math.max(480, labelWidth + cellWidth * input.columns.length + 24);
  const heightPx = top + headerHeight + cellHeight * (input.rows.length + footerRows) + legendHeight + 12;
  const { canvas, ctx } = createCard(widthPx, heightPx, options.pixelRatio);

  ctx.textBaseline = 'top';
  ctx.fillStyle = THEME.text;
  ctx.font = font(FONT_PX.title, 'bold');
  ctx.fillText(fitText(ctx, input.title, widthPx - 24), 12, 12);
  ctx.font = font(FONT_PX.label);
  ctx.fillStyle = THEME.mutedText;
  ctx.fillText(fitText(ctx, input.subtitle, widthPx - 24), 12, 12 + FONT_PX.title + 6);

  const left = labelWidth + 12;
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'center';
  ctx.font = font(FONT_PX.small);
  input.columns.forEach((c, k) => ctx.fillText(fitText(ctx, c, cellWidth - 4), left + k * cellWidth + cellWidth / 2, top + headerHeight / 2));

  input.rows.forEach((row, r) => {
    const y = top + headerHeight + r * cellHeight;
    ctx.textAlign = 'left';
    ctx.fillStyle = THEME.text;
    ctx.font = font(FONT_PX.label);
    ctx.fillText(fitText(ctx, row.label, labelWidth - 8), 12, y + cellHeight / 2);
    ctx.textAlign = 'center';
    row.shares.forEach((share, k) => {
      const x = left + k * cellWidth;
      ctx.fillStyle = share === null ? '#eef0f2' : shareColor(share);
      ctx.fillRect(x + 1, y + 1, cellWidth - 2, cellHeight - 2);
      ctx.fillStyle = share === null ? THEME.mutedText : THEME.text;
      ctx.font = font(FONT_PX.small, share === null ? 'normal' : 'bold');
      ctx.fillText(share === null ? '–' : `${Math.round(share * 100)}%`, x + cellWidth / 2, y + cellHeight / 2);
    });
  });

  if (input.footer) {
    const y = top + headerHeight + input.rows.length * cellHeight;
    ctx.strokeStyle = THEME.border;
    ctx.beginPath();
    ctx.moveTo(12, y + 0.5);
    ctx.lineTo(left + cellWidth * input.columns.length, y + 0.5);
    ctx.stroke();
    ctx.textAlign = 'left';
    ctx.fillStyle = THEME.text;
    ctx.font = font(FONT_PX.label);
    ctx.fillText(fitText(ctx, input.footer.label, labelWidth - 8), 12, y + cellHeight / 2);
    ctx.textAlign = 'center';
    ctx.font = font(FONT_PX.small);
    input.footer.values.forEach((v, k) => ctx.fillText(String(v), left + k * cellWidth + cellWidth / 2, y + cellHeight / 2));
  }

  const legendY = heightPx - legendHeight;
  const legendWidth = 200;
  for (let i = 0; i < legendWidth; i++) {
    ctx.fillStyle = shareColor(i / (legendWidth - 1));
    ctx.fillRect(left + i, legendY + 4, 1, 12);
  }
  ctx.fillStyle = THEME.mutedText;
  ctx.font = font(FONT_PX.small);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  ctx.fillText('0%', left, legendY + 19);
  ctx.fillText('50%', left + legendWidth / 2, legendY + 19);
  ctx.fillText('100%', left + legendWidth, legendY + 19);
  ctx.textAlign = 'left';
  ctx.fillText('– = no cards yet', left + legendWidth + 24, legendY + 4);

  const alt = `${input.title}: ${input.rows.map((r) => {
    const last = [...r.shares].reverse().find((s) => s !== null);
    return `${r.label} ${last === undefined || last === null ? 'no cards' : `${Math.round(last * 100)}% in the last week shown`}`;
  }).join('; ')}.`;
  return toPngImage(canvas, 'mastery-heatmap.png', alt);
}
