import { assignMinCost } from '../../audio/hungarian';
import { cosineDistance } from './agglomerative-clustering';

/** Cosine similarity a reference must reach with a cluster's centroid to name it. */
export const KNOWN_SPEAKER_MIN_SIMILARITY = 0.5;

/**
 * Names clusters after known speakers (OpenAI's `known_speaker_names[]` + references): one name per
 * cluster and one cluster per name, maximising the total cosine similarity between reference
 * embeddings and cluster centroids; a pair below the minimum similarity stays unnamed.
 */
export function nameSpeakers(labels: readonly string[], centroids: readonly Float32Array[], references: ReadonlyArray<{ name: string; embedding: Float32Array | null }>, minSimilarity = KNOWN_SPEAKER_MIN_SIMILARITY): Record<string, string> {
  const usable = references.filter((r): r is { name: string; embedding: Float32Array } => r.embedding !== null);
  if (usable.length === 0 || labels.length === 0) return {};
  const similarity = usable.map((r) => centroids.map((c) => 1 - cosineDistance(r.embedding, c)));
  const names: Record<string, string> = {};
  for (const [ref, cluster] of assignMinCost(similarity.map((row) => row.map((s) => (Number.isNaN(s) ? 2 : -s))))) {
    if (similarity[ref]![cluster]! >= minSimilarity) names[labels[cluster]!] = usable[ref]!.name;
  }
  return names;
}
