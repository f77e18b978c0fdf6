import type { EngineHost } from './engine-host';

/** Engine name → the host that starts it. gateway.ts registers one line per kind of host. */
export class EngineHosts {
  private readonly hosts = new Map<string, EngineHost>();

  register(names: string | readonly string[], host: EngineHost): this {
    for (const name of typeof names === 'string' ? [names] : names) this.hosts.set(name, host);
    return this;
  }

  get(name: string): EngineHost | undefined {
    return this.hosts.get(name);
  }
}
