/** Vite `?url` imports (the onnxruntime-web .wasm file) in the browser tests. */
declare module '*?url' {
  const url: string;
  export default url;
}
