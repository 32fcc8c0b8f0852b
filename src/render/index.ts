/**
 * Rendering: engine results → PNG / GIF images with alt text. Charts use Chart.js 4 on
 * @napi-rs/canvas, heatmaps are written straight into ImageData, animations use gifenc.
 * Imports engine types only; knows no chat platform.
 */
export type { RenderedImage } from './types.ts';
export { renderDecisionBoundary, type DecisionBoundaryOptions } from './decision-boundary.ts';
export { renderLossCurve, type LossCurveOptions } from './loss-curve.ts';
export { renderGradientFlow, type GradientFlowOptions } from './gradient-flow.ts';
export { renderDataset, type DatasetViewOptions } from './dataset-view.ts';
export { renderNetworkDiagram, type NetworkDiagramOptions } from './network-diagram.ts';
export { renderActivationPlot, type ActivationPlotOptions } from './activation-plot.ts';
export { SURFACE_NAMES, PATH_OPTIMIZER_NAMES, type SurfaceName, type PathOptimizerName } from '../engine/surfaces.ts';
export { renderOptimizerPaths, renderOptimizerPathsGif, type OptimizerPathsOptions, type OptimizerPathsGifOptions } from './optimizer-paths.ts';
export { renderComparison, type ComparisonGroup } from './comparison.ts';
export { renderTrainingGif, type TrainingGifOptions } from './training-gif.ts';
export { renderSummaryCard } from './summary-card.ts';
export { GIF_MAX_BYTES } from './gif.ts';
export { ensureFonts } from './theme.ts';
