/**
 * The speaker-diarization-3.1 hyper-parameters (its config.yaml, engines.md §2.1) and the knobs this
 * port adds. A pipeline repo's config.yaml overrides the first four (pipeline-config.ts).
 */
export interface PipelineParams {
  /** `params.clustering.threshold`: centroid-linkage cut on unit-normalised embeddings. */
  threshold: number;
  /** `params.clustering.min_cluster_size`. */
  minClusterSize: number;
  /** `params.segmentation.min_duration_off`, seconds. */
  minDurationOff: number;
  /** `pipeline.params.embedding_exclude_overlap`. */
  embeddingExcludeOverlap: boolean;
  /** Chunks per segmentation run (`segmentation_batch_size`); throughput only. */
  segmentationBatchSize: number;
  /** Cap on the embeddings the dendrogram is built from (see speaker-clustering.ts). */
  maxTrainEmbeddings: number;
}

export const PYANNOTE_31_PARAMS: Readonly<PipelineParams> = {
  threshold: 0.7045654963945799,
  minClusterSize: 12,
  minDurationOff: 0,
  embeddingExcludeOverlap: true,
  segmentationBatchSize: 32,
  maxTrainEmbeddings: 2500,
};
