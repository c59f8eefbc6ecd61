// The CLI's developer commands run the simulators: `tiepdon sim` (the simulated cards, served into pcscd
// through vpcd) and `tiepdon gateway` (the BHXH gateway simulator). Like the demo they live behind this
// bridge and are loaded by dynamic import() only when asked for.
export { simCommand } from '../dev/cli/sim';
export { gatewayCommand } from '../dev/cli/gateway';
