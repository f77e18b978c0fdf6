/** The model's page on huggingface.co (its conditions are accepted there for a gated repo). */
export const hubModelPage = (repo: string): string => `https://huggingface.co/${repo.split('/').map(encodeURIComponent).join('/')}`;
