/** Jupyter's rule for kernel names (the sidecar checks it again). */
export const kernelNamePattern = /^[a-zA-Z0-9._-]+$/;

/** "torch" for ~/venvs/torch or the conda env torch, made safe as a kernel name. */
export function suggestedKernelName(path: string): string {
  const last = path.replace(/\/+$/, '').split('/').pop() ?? '';
  const cleaned = last.replace(/[^a-zA-Z0-9._-]+/g, '-').replace(/^[-.]+/, '');
  return cleaned || 'python-env';
}
