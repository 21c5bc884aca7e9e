/**
 * The apps' backend table in Node, its registration functions mocked: each backend is registered
 * and offered only where the worker could run it (webgl needs OffscreenCanvas, webgpu
 * `navigator.gpu`), cpu first, and onnx on onnxruntime-web with its files under `<base>ort/`.
 */
import { afterEach, expect, test, vi } from 'vitest';
import { registerCpuBackend } from '@tensorloom/backend-cpu';
import { registerWebglBackend } from '@tensorloom/backend-webgl';
import { registerWebGpuBackend } from '@tensorloom/backend-webgpu';
import { registerOnnxBackend } from '@tensorloom/backend-onnx';
import { appBackends } from '../worker/app_backends.js';

vi.mock('@tensorloom/backend-cpu', () => ({ registerCpuBackend: vi.fn() }));
vi.mock('@tensorloom/backend-webgl', () => ({ registerWebglBackend: vi.fn() }));
vi.mock('@tensorloom/backend-webgpu', () => ({ registerWebGpuBackend: vi.fn() }));
vi.mock('@tensorloom/backend-onnx', () => ({ registerOnnxBackend: vi.fn() }));

afterEach(() => {
  vi.unstubAllGlobals();
  vi.clearAllMocks();
});

test('a worker without OffscreenCanvas or navigator.gpu offers cpu and onnx, and registers only those', () => {
  vi.stubGlobal('self', { navigator: {} });
  expect(appBackends()).toEqual(['cpu', 'onnx']);
  expect(registerCpuBackend).toHaveBeenCalledTimes(1);
  expect(registerWebglBackend).not.toHaveBeenCalled();
  expect(registerWebGpuBackend).not.toHaveBeenCalled();
  expect(registerOnnxBackend).toHaveBeenCalledTimes(1);
  expect(registerOnnxBackend).toHaveBeenCalledWith({ runtime: 'web', wasmPaths: `${import.meta.env.BASE_URL}ort/` });
});

test('a worker with OffscreenCanvas and navigator.gpu offers all four, cpu first', () => {
  vi.stubGlobal('self', { navigator: { gpu: {} } });
  vi.stubGlobal('OffscreenCanvas', class {});
  expect(appBackends()).toEqual(['cpu', 'webgl', 'webgpu', 'onnx']);
  for (const register of [registerCpuBackend, registerWebglBackend, registerWebGpuBackend, registerOnnxBackend]) expect(register).toHaveBeenCalledTimes(1);
});

test('webgpu needs navigator.gpu even where OffscreenCanvas exists', () => {
  vi.stubGlobal('self', { navigator: {} });
  vi.stubGlobal('OffscreenCanvas', class {});
  expect(appBackends()).toEqual(['cpu', 'webgl', 'onnx']);
  expect(registerWebGpuBackend).not.toHaveBeenCalled();
});
