/**
 * The harness's own CPU time over the stretches it is told about (the timed workloads), as a
 * share of one core. Idle windows, starts and stops are left out: averaged over them, a
 * client that saturates its core while measuring would look idle.
 */
export class CpuMeter {
  private cpuMicros = 0;
  private wallMs = 0;
  private since: { cpu: NodeJS.CpuUsage; wall: number } | undefined;

  constructor(
    private readonly cpuUsage: (previous?: NodeJS.CpuUsage) => NodeJS.CpuUsage = (previous) => process.cpuUsage(previous),
    private readonly now: () => number = () => performance.now(),
  ) {}

  start(): void {
    this.since ??= { cpu: this.cpuUsage(), wall: this.now() };
  }

  stop(): void {
    if (!this.since) return;
    const used = this.cpuUsage(this.since.cpu);
    this.cpuMicros += used.user + used.system;
    this.wallMs += this.now() - this.since.wall;
    this.since = undefined;
  }

  /** Percent of one core, one decimal; null when nothing was metered. */
  percent(): number | null {
    if (this.wallMs <= 0) return null;
    return Math.round((this.cpuMicros / 1000 / this.wallMs) * 1000) / 10;
  }
}
