namespace LiveDesk.Bench.Infrastructure;

/// <summary>Prints a status line every couple of seconds while a phase runs.</summary>
public sealed class ProgressReporter : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public ProgressReporter(string phase, int? serverPid, Func<string> status, TimeSpan? every = null)
    {
        var interval = every ?? TimeSpan.FromSeconds(2);
        _loop = Task.Run(async () =>
        {
            var started = DateTime.UtcNow;
            var server0 = serverPid is { } pid ? ProcStats.CpuSeconds(pid) : 0;
            var self0 = ProcStats.SelfCpuSeconds();
            var t0 = DateTime.UtcNow;
            using var timer = new PeriodicTimer(interval);
            try
            {
                while (await timer.WaitForNextTickAsync(_stop.Token))
                {
                    var now = DateTime.UtcNow;
                    var wall = (now - t0).TotalSeconds;
                    var server1 = serverPid is { } p ? ProcStats.CpuSeconds(p) : 0;
                    var self1 = ProcStats.SelfCpuSeconds();
                    var serverPct = serverPid is null ? "n/a" : $"{(server1 - server0) / wall * 100:0}%";
                    Console.WriteLine($"  [{phase} {(now - started).TotalSeconds,5:0}s] {status()} | server CPU {serverPct}, generator CPU {(self1 - self0) / wall * 100:0}% | load {ProcStats.LoadAverage()}");
                    server0 = server1;
                    self0 = self1;
                    t0 = now;
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
