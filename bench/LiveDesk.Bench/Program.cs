using LiveDesk.Bench;
using LiveDesk.Bench.Reporting;
using LiveDesk.Bench.Scenarios;

if (args is ["--help"] or ["-h"])
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}
BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

Console.WriteLine($"LiveDesk.Bench {options.Scenario}: {Environment.ProcessorCount} cores, load {LiveDesk.Bench.Infrastructure.ProcStats.LoadAverage()}");
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
var results = await ScenarioRunner.RunAsync(options, cancel.Token);
var files = ResultWriter.Write(options, results);
Console.WriteLine();
Console.WriteLine(File.ReadAllText(files.Markdown));
Console.WriteLine($"Wrote {files.Json}, {files.Markdown} and {files.Plot}");
var lossy = results.Where(r => r.Loss is { Exact: false } || r.NotificationLoss is { Exact: false }).ToList();
foreach (var result in lossy)
{
    var examples = (result.Loss?.Examples ?? []).Concat(result.NotificationLoss?.Examples ?? []);
    Console.Error.WriteLine($"LOSS in {result.Scenario}/{result.Mode}: {string.Join("; ", examples)}");
}
return lossy.Count == 0 ? 0 : 1;
