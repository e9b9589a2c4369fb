/** The process's own RSS and CPU use since the previous sample, for heartbeats. */
export class ResourceMeter {
  private lastCpu = process.cpuUsage();
  private lastAt = process.hrtime.bigint();

  sample(): { rss_mb: number; cpu_pct: number } {
    const now = process.hrtime.bigint();
    const cpu = process.cpuUsage(this.lastCpu);
    const wallUs = Number(now - this.lastAt) / 1000;
    this.lastCpu = process.cpuUsage();
    this.lastAt = now;
    const cpuPct = wallUs > 0 ? ((cpu.user + cpu.system) / wallUs) * 100 : 0;
    return { rss_mb: Math.round((process.memoryUsage.rss() / 1048576) * 10) / 10, cpu_pct: Math.round(cpuPct * 10) / 10 };
  }
}
