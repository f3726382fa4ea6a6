namespace RotationFunctions.Tests.Handover;

/// <summary>What <see cref="HookedPublisher"/> runs around a post: the text and the worker's cancellation token. Null: nothing.</summary>
internal sealed class PublisherHooks
{
    public Func<string, CancellationToken, Task>? BeforePost { get; set; }

    public Func<string, CancellationToken, Task>? AfterPost { get; set; }
}
