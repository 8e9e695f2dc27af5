// Placeholder until the integration setup lands; replaced by the real one.
export default function setup(): void {}
