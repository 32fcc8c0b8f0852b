/** The training engine's public surface: everything other layers may use. */
export * from './types.ts';
export { createRng, deriveSeed, type Rng } from './rng.ts';
export { datasets, generateDataset, multigaussTarget, userDataKind, DOMAIN_RADIUS, type DatasetDef, type DatasetRequest } from './datasets.ts';
export { features, computeFeatureScaling, buildFeatureMatrix, createFeatureMapper, type FeatureDef, type FeatureScaling } from './features.ts';
export { activations, sigmoid, fastTanh, type ActivationDef } from './activations.ts';
export { chooseOutput, type OutputSetup } from './losses.ts';
export { createOptimizer, optimizerInfo, ADAGRAD_INITIAL_ACCUMULATOR, type Optimizer, type OptimizerSettings } from './optimizers.ts';
export { resolveSpec, parseLayers, parseSplit, SpecError, SPEC_DEFAULTS, ENGINE_LIMITS, optionLabel, checkInitParams, specLayerSizes, type TrainSpecInput } from './spec.ts';
export { parseDataText, parseUserData, describeUserData, countUserPoints, DataError, MAX_ABS_VALUE, MAX_CLASSES, type DataReadOptions } from './user-data.ts';
export { Mlp, networkFromData, countParams, type Evaluation } from './network.ts';
export { predictGrid, neuronGrids, cellCentre } from './grid.ts';
export { train, trainSync, prepareRun, measure, TrainingSession, type PreparedRun } from './train.ts';
export { computeUpdateCost, type UpdateCost } from './cost.ts';
export { specToPlaygroundUrl, specFromPlaygroundUrl, PLAYGROUND_BASE_URL, type PlaygroundLink } from './playground-url.ts';
export { surfaces, SURFACE_NAMES, PATH_OPTIMIZER_NAMES, DEFAULT_PATH_OPTIMIZERS, getSurface, runOptimizerPath, type SurfaceName, type LossSurface, type OptimizerPath, type PathOptimizerName, type OptimizerPathOptions } from './surfaces.ts';
export { playgroundModeNote, playgroundLossNote } from './playground-mode.ts';
