using Azure.Core;
using Azure.Core.Pipeline;

namespace RotationFunctions.Tests.Tokens;

/// <summary>
/// A test's way into "meanwhile": after the first successful Key Vault call with <paramref name="method"/> on a
/// path ending in <paramref name="pathEnd"/>, runs <paramref name="meanwhile"/> once, before the client sees the
/// answer. The client and the vault stay real; the hook only acts between them.
/// </summary>
internal sealed class VaultRequestHook(string method, string pathEnd, Func<Task> meanwhile) : HttpPipelinePolicy
{
    private int _fired;

    public bool Fired => Volatile.Read(ref _fired) == 1;

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        await ProcessNextAsync(message, pipeline);
        if (message.HasResponse && message.Response.Status is >= 200 and < 300 &&
            string.Equals(message.Request.Method.Method, method, StringComparison.OrdinalIgnoreCase) &&
            message.Request.Uri.Path.TrimEnd('/').EndsWith(pathEnd, StringComparison.OrdinalIgnoreCase) &&
            Interlocked.Exchange(ref _fired, 1) == 0)
        {
            await meanwhile();
        }
    }
}
