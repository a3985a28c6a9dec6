using System.Globalization;

namespace LiveDesk.Bench.Infrastructure;

/// <summary>CPU and memory of a process, read from /proc (Linux only, which is where the bench runs).</summary>
public static class ProcStats
{
    // USER_HZ is 100 on every Linux the bench targets; /proc/pid/stat counts in those ticks.
    private const double TicksPerSecond = 100.0;

    /// <summary>User plus system CPU seconds the process has used so far.</summary>
    public static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // The command name may contain spaces; the fields after it are fixed. utime and stime are fields 14 and 15.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }

    public static double SelfCpuSeconds() => CpuSeconds(Environment.ProcessId);

    /// <summary>A field of /proc/pid/status in KiB, e.g. VmRSS (resident now) or VmHWM (peak resident).</summary>
    public static long StatusKiB(int pid, string field)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }
        return 0;
    }

    public static long RssKiB(int pid) => StatusKiB(pid, "VmRSS");

    public static long PeakRssKiB(int pid) => StatusKiB(pid, "VmHWM");

    /// <summary>Resets VmHWM to the current RSS, so a phase's own peak can be read. Best effort.</summary>
    public static bool ResetPeak(int pid)
    {
        try
        {
            File.WriteAllText($"/proc/{pid}/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Waits until the process has gone quiet: in one 250 ms interval it used under 10 ms of CPU and its RSS
    /// moved by under 1%. Gives up after <paramref name="max"/>; returns whether it went quiet.</summary>
    public static async Task<bool> WaitUntilQuietAsync(int pid, TimeSpan max)
    {
        var interval = TimeSpan.FromMilliseconds(250);
        var deadline = DateTime.UtcNow + max;
        var (cpu, rss) = (CpuSeconds(pid), RssKiB(pid));
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(interval);
            var (cpuNow, rssNow) = (CpuSeconds(pid), RssKiB(pid));
            if (cpuNow - cpu < 0.010 && Math.Abs(rssNow - rss) < rss / 100.0)
            {
                return true;
            }
            (cpu, rss) = (cpuNow, rssNow);
        }
        return false;
    }

    public static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";
}

/// <summary>CPU used by the server and by the generator (this process) over one phase of a run.</summary>
public sealed class CpuMeter
{
    private readonly int? _serverPid;
    private readonly double _server0;
    private readonly double _self0;
    private readonly DateTime _t0 = DateTime.UtcNow;

    public CpuMeter(int? serverPid)
    {
        _serverPid = serverPid;
        _server0 = serverPid is { } pid ? ProcStats.CpuSeconds(pid) : double.NaN;
        _self0 = ProcStats.SelfCpuSeconds();
    }

    public double ServerSeconds => _serverPid is { } pid ? ProcStats.CpuSeconds(pid) - _server0 : double.NaN;
    public double GeneratorSeconds => ProcStats.SelfCpuSeconds() - _self0;
    public double WallSeconds => (DateTime.UtcNow - _t0).TotalSeconds;
}
