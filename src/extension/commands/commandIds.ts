/** Every command id in one place; package.json contributes the same ids (checked by a unit test). */
export const CommandIds = {
  validateWorkspace: 'surgeryClassifier.validateWorkspace',
  fixAllInFile: 'surgeryClassifier.fixAllInFile',
  extractFrames: 'surgeryClassifier.extractFrames',
  trainClassifier: 'surgeryClassifier.trainClassifier',
  cancelTraining: 'surgeryClassifier.cancelTraining',
  openTensorBoard: 'surgeryClassifier.openTensorBoard',
  showDashboard: 'surgeryClassifier.showDashboard',
  showLog: 'surgeryClassifier.showLog',
  spotCheck: 'surgeryClassifier.spotCheck',
  predictVideo: 'surgeryClassifier.predictVideo',
  revealInExplorer: 'surgeryClassifier.revealInExplorer',
} as const;
