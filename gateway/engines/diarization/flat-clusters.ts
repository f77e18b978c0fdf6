import type { Dendrogram } from './centroid-linkage';

/**
 * scipy's `fcluster(Z, t, criterion="distance") − 1`: a flat cluster is the largest subtree whose
 * maximum merge height (over the whole subtree, so inversions are handled) is ≤ t. Clusters are
 * numbered in scipy's order (see monocritClusters).
 */
export function flatClusters(z: Dendrogram, threshold: number, heights: Float64Array = z.height): Int32Array {
  const { n } = z;
  const labels = new Int32Array(n);
  if (n < 2) return labels;
  const maxHeight = new Float64Array(n - 1);
  for (let k = 0; k < n - 1; k++) {
    const l = z.left[k]!;
    const r = z.right[k]!;
    maxHeight[k] = Math.max(heights[k]!, l >= n ? maxHeight[l - n]! : 0, r >= n ? maxHeight[r - n]! : 0);
  }
  return monocritClusters(z, maxHeight, threshold);
}

/**
 * scipy's `cluster_monocrit`, step for step, because its numbering is what the labels follow:
 * internal children are visited before leaf children, a cluster is numbered when its top node is
 * first reached, a singleton when its leaf is labelled.
 */
function monocritClusters(z: Dendrogram, criterion: Float64Array, cutoff: number): Int32Array {
  const { n } = z;
  const labels = new Int32Array(n);
  const visited = new Uint8Array(2 * n - 1);
  const path: number[] = [2 * n - 2];
  let clusters = 0;
  let leader = -1;
  while (path.length > 0) {
    const root = path[path.length - 1]! - n;
    const left = z.left[root]!;
    const right = z.right[root]!;
    if (leader === -1 && criterion[root]! <= cutoff) { leader = root; clusters++; }
    if (left >= n && !visited[left]) { visited[left] = 1; path.push(left); continue; }
    if (right >= n && !visited[right]) { visited[right] = 1; path.push(right); continue; }
    if (left < n) { if (leader === -1) clusters++; labels[left] = clusters - 1; }
    if (right < n) { if (leader === -1) clusters++; labels[right] = clusters - 1; }
    if (leader === root) leader = -1;
    path.pop();
  }
  return labels;
}
