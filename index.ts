// The library: what the CLI uses, for programs that embed ipclab.
export { gradeSubmission, gradeTest, type GradeOptions } from './grader/grade.js';
export { buildExercise, type BuildResult } from './grader/build/build.js';
export { runChecks } from './grader/checks/index.js';
export { exitCode } from './grader/score.js';
export { REPORTERS, type Reporter } from './grader/report/index.js';
export type { GradeResult, ExerciseResult, TestResult, Finding, Status } from './grader/model.js';
export { runTest, type RunOptions } from './harness/run/run-test.js';
export type { Observation } from './harness/run/observation.js';
export { loadExerciseFile, loadCatalogue, SpecErrors, formatSpecError } from './harness/spec/load.js';
export type { ExerciseSpec, TestSpec } from './harness/spec/types.js';
export { isolation } from './harness/isolate/mode.js';
