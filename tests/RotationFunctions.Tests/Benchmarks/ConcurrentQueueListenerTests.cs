using Azure.Storage.Queues;
using RotationFunctions.Benchmarks.Burst;
using RotationFunctions.Handover;

namespace RotationFunctions.Tests.Benchmarks;

/// <summary>
/// The burst benchmark's instance processes messages as the Functions host does: batchSize at once, the next batch
/// when the running ones drop to newBatchThreshold, so never more than their sum, and every message is deleted after it.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ConcurrentQueueListenerTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task An_instance_fetches_the_next_batch_when_the_running_messages_drop_to_the_threshold_and_never_runs_more_than_both()
    {
        var queue = new QueueServiceClient(azurite.ConnectionString).GetQueueClient(AzuriteFixture.UniqueName("burst").ToLowerInvariant());
        await queue.CreateAsync();
        for (var i = 0; i < 20; i++)
        {
            await queue.SendMessageAsync($"m{i}");
        }
        var gate = new SemaphoreSlim(0);
        var running = 0;
        var most = 0;
        var listener = new ConcurrentQueueListener(queue, new HostQueueSettings(4, 2, TimeSpan.FromMilliseconds(200)), async (_, _, ct) =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            await gate.WaitAsync(ct);
            Interlocked.Decrement(ref running);
            return HandoverOutcome.Completed;
        });
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var run = listener.RunAsync(stop.Token);

        // One batch of 4 is running, more than the threshold of 2: no second batch is fetched.
        await Until(() => Volatile.Read(ref running) == 4, stop.Token);
        Assert.Equal(4, Volatile.Read(ref most));
        // Two finish: down to the threshold, so the next batch comes: 2 + 4.
        gate.Release(2);
        await Until(() => Volatile.Read(ref running) == 6, stop.Token);
        gate.Release(100);
        await Until(() => listener.Processed == 20, stop.Token);
        await stop.CancelAsync();
        await run;

        Assert.Equal(6, Volatile.Read(ref most));
        Assert.Equal(0, listener.Failed);
        Assert.Empty((await queue.PeekMessagesAsync(32)).Value);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    private static async Task Until(Func<bool> condition, CancellationToken cancellationToken)
    {
        while (!condition())
        {
            await Task.Delay(20, cancellationToken);
        }
    }
}
