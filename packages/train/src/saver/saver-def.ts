import type { SaverDef } from '@tf/graph/proto';

/** TF's `SaverDef`, with the fields a Saver always has. */
export type SaverDefFields = Required<Pick<SaverDef, 'filenameTensorName' | 'saveTensorName' | 'restoreOpName'>> & SaverDef;

/**
 * The saver_def of TF 1.x's standard V2 saver built under `scope`: TF's session feeds the file
 * prefix into `save/Const:0`, runs `save/control_dependency:0` to save and `save/restore_all` to
 * restore. MetaGraph export writes those nodes (saver-nodes.ts), so TensorFlow can use them.
 */
export function standardSaverDef(scope: string): SaverDefFields {
  return {
    filenameTensorName: `${scope}/Const:0`,
    saveTensorName: `${scope}/control_dependency:0`,
    restoreOpName: `${scope}/restore_all`,
    version: 'V2',
  };
}
