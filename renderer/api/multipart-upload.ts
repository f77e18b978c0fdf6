import { errorFromResponse, networkError } from './api-error';
import type { Credentials } from './gateway-client';

export interface UploadProgress {
  sentBytes: number;
  totalBytes: number;
  /** True once every byte is sent: the gateway is now working on it. */
  isSent: boolean;
}

/**
 * POST multipart/form-data to /v1 with upload progress, which fetch cannot report (hence
 * XMLHttpRequest). Resolves with the parsed JSON answer, or rejects with an ApiError.
 */
export function postMultipart(creds: Credentials, path: string, form: FormData, onProgress: (p: UploadProgress) => void, signal?: AbortSignal): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${creds.baseUrl}${path}`);
    const token = creds.apiKey ?? creds.adminToken;
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (e) => onProgress({ sentBytes: e.loaded, totalBytes: e.total, isSent: false });
    xhr.upload.onload = () => onProgress({ sentBytes: 1, totalBytes: 1, isSent: true });
    xhr.onerror = () => reject(networkError(creds.baseUrl, new Error('the upload failed')));
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    xhr.onload = () => {
      const res = new Response(xhr.responseText, { status: xhr.status, statusText: xhr.statusText });
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve(JSON.parse(xhr.responseText));
        } catch {
          resolve(xhr.responseText);
        }
      } else void errorFromResponse(res).then(reject);
    };
    signal?.addEventListener('abort', () => xhr.abort());
    xhr.send(form);
  });
}
