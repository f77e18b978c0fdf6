/**
 * The body of a response as JSON, typed loosely for assertions (Node's fetch types `json()` as
 * `Promise<unknown>`). Tests check shapes with expect(), so `any` is the honest type here.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function json(res: Response | Promise<Response>): Promise<any> {
  return (await res).json();
}
