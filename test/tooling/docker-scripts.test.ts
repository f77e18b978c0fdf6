import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/temp-dir';

const root = join(import.meta.dirname, '..', '..');
const scripts = ['build_docker.sh', 'run_docker.sh'];

/** A fake `docker` that records its arguments (one per line) and the environment it was given. */
function fakeDocker(dir: string): string {
  const bin = join(dir, 'bin');
  execFileSync('mkdir', ['-p', bin]);
  writeFileSync(join(bin, 'docker'), `#!/usr/bin/env bash\nprintf '%s\\n' "$@" > "${dir}/docker-args"\nenv > "${dir}/docker-env"\necho fake-container-id\n`);
  chmodSync(join(bin, 'docker'), 0o755);
  return bin;
}

describe('Docker scripts (no Docker engine here: checked statically and against a fake docker)', () => {
  it.each(scripts)('%s passes bash -n and shellcheck', (script) => {
    execFileSync('bash', ['-n', join(root, script)]);
    const r = spawnSync('shellcheck', ['--severity=style', join(root, script)], { encoding: 'utf8' });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('run_docker.sh mounts the cache on /models, exposes all GPUs, publishes HOST_PORT and passes the token by name', () => {
    const dir = tempDir();
    const bin = fakeDocker(dir);
    const out = execFileSync('bash', [join(root, 'run_docker.sh'), 'passerelle:test'], {
      cwd: dir,
      encoding: 'utf8',
      env: { PATH: `${bin}:${process.env.PATH}`, HOST_PORT: '9000', HOST_BIND_ADDRESS: '127.0.0.1', MODEL_CACHE_DIR: join(dir, 'cache'), HUGGINGFACE_TOKEN: 'hf_secretvalue123', ADVERTISED_HOSTS: 'dgx01, dgx01.lab', WAIT_SECONDS: '0' },
    });
    const args = readFileSync(join(dir, 'docker-args'), 'utf8').trim().split('\n');
    expect(args[0]).toBe('run');
    expect(args).toContain('--gpus');
    expect(args[args.indexOf('--gpus') + 1]).toBe('all');
    expect(args[args.indexOf('--publish') + 1]).toBe('127.0.0.1:9000:8000');
    expect(args[args.indexOf('--volume') + 1]).toBe(`${join(dir, 'cache')}:/models`);
    expect(args).toContain('HUGGINGFACE_TOKEN');
    expect(args.join(' ')).not.toContain('hf_secretvalue123');
    expect(args.at(-1)).toBe('passerelle:test');
    expect(existsSync(join(dir, 'cache'))).toBe(true);
    expect(out).toContain('http://dgx01:9000/');
    expect(out).toContain('http://dgx01.lab:9000/');
    expect(out).not.toContain('hf_secretvalue123');
  });

  it('run_docker.sh defaults the cache to ./model_cache and refuses a bad HOST_PORT', () => {
    const dir = tempDir();
    const bin = fakeDocker(dir);
    execFileSync('bash', [join(root, 'run_docker.sh'), 'img'], { cwd: dir, env: { PATH: `${bin}:${process.env.PATH}`, WAIT_SECONDS: '0' } });
    const args = readFileSync(join(dir, 'docker-args'), 'utf8').trim().split('\n');
    expect(args[args.indexOf('--volume') + 1]).toBe(`${join(dir, 'model_cache')}:/models`);
    expect(args[args.indexOf('--publish') + 1]).toBe('0.0.0.0:8000:8000');
    const bad = spawnSync('bash', [join(root, 'run_docker.sh'), 'img'], { cwd: dir, env: { PATH: `${bin}:${process.env.PATH}`, HOST_PORT: 'eighty' }, encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('HOST_PORT');
  });

  it('run_docker.sh passes TLS: host certificate files mounted read-only, or TLS=self-signed by name, and prints https URLs', () => {
    const dir = tempDir();
    const bin = fakeDocker(dir);
    writeFileSync(join(dir, 'gw.crt'), 'cert');
    writeFileSync(join(dir, 'gw.key'), 'key');
    const base = { PATH: `${bin}:${process.env.PATH}`, WAIT_SECONDS: '0', MODEL_CACHE_DIR: join(dir, 'cache'), ADVERTISED_HOSTS: 'dgx01' };
    const out = execFileSync('bash', [join(root, 'run_docker.sh'), 'img'], { cwd: dir, encoding: 'utf8', env: { ...base, TLS_CERT_FILE: join(dir, 'gw.crt'), TLS_KEY_FILE: join(dir, 'gw.key') } });
    const args = readFileSync(join(dir, 'docker-args'), 'utf8').trim().split('\n');
    expect(args).toContain(`${join(dir, 'gw.crt')}:/run/passerelle/tls/cert.pem:ro`);
    expect(args).toContain(`${join(dir, 'gw.key')}:/run/passerelle/tls/key.pem:ro`);
    expect(args).toContain('TLS_CERT_FILE=/run/passerelle/tls/cert.pem');
    expect(args).toContain('TLS_KEY_FILE=/run/passerelle/tls/key.pem');
    expect(out).toContain('https://dgx01:8000/v1');
    expect(out).toContain('certificateSha256');

    const selfSigned = execFileSync('bash', [join(root, 'run_docker.sh'), 'img'], { cwd: dir, encoding: 'utf8', env: { ...base, TLS: 'self-signed' } });
    expect(readFileSync(join(dir, 'docker-args'), 'utf8').trim().split('\n')).toContain('TLS');
    expect(selfSigned).toContain('https://dgx01:8000/');

    const plain = execFileSync('bash', [join(root, 'run_docker.sh'), 'img'], { cwd: dir, encoding: 'utf8', env: base });
    expect(plain).toContain('http://dgx01:8000/');
    const missingKey = spawnSync('bash', [join(root, 'run_docker.sh'), 'img'], { cwd: dir, encoding: 'utf8', env: { ...base, TLS_CERT_FILE: join(dir, 'gw.crt') } });
    expect(missingKey.status).toBe(2);
    expect(missingKey.stderr).toContain('TLS_KEY_FILE');
  });

  it('build_docker.sh tags the image and passes the pinned versions', () => {
    const dir = tempDir();
    const bin = fakeDocker(dir);
    execFileSync('bash', [join(root, 'build_docker.sh'), 'passerelle:1'], { env: { PATH: `${bin}:${process.env.PATH}`, VLLM_VERSION: '0.11.0' } });
    const args = readFileSync(join(dir, 'docker-args'), 'utf8').trim().split('\n');
    expect(args.slice(0, 3)).toEqual(['build', '--tag', 'passerelle:1']);
    expect(args).toContain('VLLM_VERSION=0.11.0');
    expect(spawnSync('bash', [join(root, 'build_docker.sh')]).status).toBe(2);
  });

  it('the Dockerfile follows the guide: CUDA 12.4 base, dashboard built first, CUDA provider fetched at build time', () => {
    const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
    expect(dockerfile).toContain('nvidia/cuda:12.4.1-cudnn-devel-ubuntu22.04');
    expect(dockerfile).toMatch(/FROM \$\{NODE_IMAGE\} AS frontend[\s\S]*npm run build/);
    expect(dockerfile).toContain('ONNXRUNTIME_NODE_INSTALL=cuda12');
    expect(dockerfile).toContain('apt-utils');
    expect(dockerfile).toContain('FRONTEND_DIST=/app/frontend');
    expect(dockerfile).toContain('VLLM_COMMAND=/opt/vllm/bin/vllm');
  });
});
