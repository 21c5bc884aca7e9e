/** Types of the eSpeak NG Emscripten build (the package ships none): its default export starts the module. */
declare module '@echogarden/espeak-ng-emscripten' {
  const init: (moduleArg?: Record<string, unknown>) => Promise<unknown>;
  export default init;
}
