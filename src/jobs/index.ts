/** Training and rendering off the main thread. */
export { runJob, configureJobs, warmUpJobPool, closeJobPool, jobPoolStats, jobThreadCount, setRemoteJobRunner, remoteJobQueueHealth, JobNeverStartedError, LiveWorkerLostError, type RemoteJobRunner, type JobOptions, type JobResult, type JobMode } from './pool.ts';
export { TRAIN_IMAGE_KINDS, NAME_HIDING_IMAGE_KINDS, type TrainImageKind, type JobImage, type JobTask, type TrainTask, type RenderTask } from './types.ts';
export { runWithJobAdmitter, currentJobAdmitter, type JobAdmitter } from './admission-scope.ts';
export * from './live-types.ts';
