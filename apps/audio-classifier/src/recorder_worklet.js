// AudioWorklet processor: forwards each 128-sample block of the first input channel to the page.
class RecorderProcessor extends AudioWorkletProcessor {
  process(inputs) {
    const channel = inputs[0] && inputs[0][0];
    if (channel) this.port.postMessage(channel.slice(0));
    return true;
  }
}
registerProcessor('tensorloom-recorder', RecorderProcessor);
