namespace LiveDesk.Tests.Infrastructure;

/// <summary>Waiting for something that arrives over the network, without timed assertions: poll until it is there,
/// and fail with a description of what did arrive.</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public static async Task<T> FirstAsync<T>(Func<IEnumerable<T>> items, Func<T, bool> predicate, TimeSpan? timeout,
        Func<string> describe) where T : class
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (DateTime.UtcNow < deadline)
        {
            var match = items().FirstOrDefault(predicate);
            if (match is not null)
            {
                return match;
            }
            await Task.Delay(20);
        }
        throw new TimeoutException($"Nothing matching arrived in time; {describe()}.");
    }

    /// <summary>Polls an asynchronous condition (a status endpoint, say) until it holds.</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not become true in time.");
            await Task.Delay(100);
        }
    }
}
