/** Vite `?url` imports (asset URLs) in browser tests; this package has no vite/client types. */
declare module '*?url' {
  const url: string;
  export default url;
}
