using System.Globalization;
using Microsoft.Extensions.Hosting;

namespace RotationFunctions.StandIns.Common;

/// <summary>
/// Rules "the next N matching requests fail this way", consumed in the order they were added.
/// A rule matches on HTTP method and a target (a secret name for Key Vault, a path for X);
/// null means any.
/// </summary>
/// <remarks>
/// It runs as an endpoint filter because a filter gets the endpoint's answer before anything is
/// written: an <see cref="FaultTiming.AfterApplying"/> fault can still replace an answer whose
/// state change already happened.
/// </remarks>
internal sealed class FaultInjector(Func<HttpContext, string?> targetOf, Func<int, StandInResponse> statusAnswer) : IEndpointFilter
{
    private readonly Lock _gate = new();
    private readonly List<Rule> _rules = [];

    public void Add(Fault fault, int count, string? method, string? target, FaultTiming timing)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (fault.Kind == FaultKind.Status && fault.StatusCode is < 400 or > 599)
        {
            throw new ArgumentOutOfRangeException(nameof(fault), "A status fault needs a 4xx or 5xx status code.");
        }
        lock (_gate)
        {
            _rules.Add(new Rule(fault, count, method, target, timing));
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _rules.Clear();
        }
    }

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var method = context.HttpContext.Request.Method;
        var target = targetOf(context.HttpContext);
        if (Take(method, target, FaultTiming.BeforeHandling) is { } before)
        {
            return Play(before);
        }
        var answer = await next(context);
        return Take(method, target, FaultTiming.AfterApplying) is { } after ? Play(after) : answer;
    }

    /// <summary>Takes one use of the first rule that matches, or null.</summary>
    private Fault? Take(string method, string? target, FaultTiming timing)
    {
        lock (_gate)
        {
            var index = _rules.FindIndex(r => r.Timing == timing
                && (r.Method is null || string.Equals(r.Method, method, StringComparison.OrdinalIgnoreCase))
                && (r.Target is null || string.Equals(r.Target, target, StringComparison.OrdinalIgnoreCase)));
            if (index < 0)
            {
                return null;
            }
            var rule = _rules[index];
            if (rule.Remaining == 1)
            {
                _rules.RemoveAt(index);
            }
            else
            {
                _rules[index] = rule with { Remaining = rule.Remaining - 1 };
            }
            return rule.Fault;
        }
    }

    private IResult Play(Fault fault)
    {
        if (fault.Kind != FaultKind.Status)
        {
            return new NoAnswer(fault.Kind == FaultKind.Hang);
        }
        var headers = fault.RetryAfter is { } retryAfter
            ? new Dictionary<string, string> { ["Retry-After"] = ((long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture) }
            : null;
        return statusAnswer(fault.StatusCode) with { Headers = headers };
    }

    private sealed record Rule(Fault Fault, int Remaining, string? Method, string? Target, FaultTiming Timing);

    private sealed class NoAnswer(bool hang) : IResult
    {
        public async Task ExecuteAsync(HttpContext context)
        {
            if (hang)
            {
                // Stopping the stand-in ends a hang too, so disposing does not wait out the shutdown timeout.
                var stopping = context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
                try
                {
                    await Task.Delay(Timeout.Infinite, linked.Token);
                }
                catch (OperationCanceledException)
                {
                    // The client gave up or the stand-in stops: never answer.
                }
            }
            context.Abort();
        }
    }
}
