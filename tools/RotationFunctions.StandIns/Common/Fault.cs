namespace RotationFunctions.StandIns.Common;

/// <summary>What an injected fault does to a request.</summary>
public enum FaultKind
{
    /// <summary>Answer with <see cref="Fault.StatusCode"/> (and Retry-After when given).</summary>
    Status,

    /// <summary>Never answer: wait until the client gives up (cancels) or the stand-in stops.</summary>
    Hang,

    /// <summary>Abort the connection without an answer.</summary>
    DropConnection,
}

/// <summary>When an injected fault strikes.</summary>
public enum FaultTiming
{
    /// <summary>Before the request is handled: nothing changes on the server.</summary>
    BeforeHandling,

    /// <summary>After the request was handled: a write took effect but the client never learns it.</summary>
    AfterApplying,
}

/// <summary>A fault for the stand-ins' fault injection.</summary>
public sealed record Fault(FaultKind Kind, int StatusCode = 0, TimeSpan? RetryAfter = null)
{
    public static Fault TooManyRequests(TimeSpan? retryAfter = null) => new(FaultKind.Status, 429, retryAfter ?? TimeSpan.Zero);

    public static Fault InternalServerError() => new(FaultKind.Status, 500);

    public static Fault ServiceUnavailable(TimeSpan? retryAfter = null) => new(FaultKind.Status, 503, retryAfter);

    public static Fault WithStatus(int statusCode, TimeSpan? retryAfter = null) => new(FaultKind.Status, statusCode, retryAfter);

    public static Fault Hang() => new(FaultKind.Hang);

    public static Fault DropConnection() => new(FaultKind.DropConnection);
}

/// <summary>
/// Rules "the next N matching requests fail this way", consumed in the order they were added.
/// A rule matches on HTTP method and a target (a secret name for Key Vault, a path for X);
/// null means any.
/// </summary>
internal sealed class FaultInjector
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

    /// <summary>Takes one use of the first rule that matches, or null.</summary>
    public Fault? Take(string method, string? target, FaultTiming timing)
    {
        lock (_gate)
        {
            var rule = _rules.FirstOrDefault(r => r.Timing == timing
                && (r.Method is null || string.Equals(r.Method, method, StringComparison.OrdinalIgnoreCase))
                && (r.Target is null || string.Equals(r.Target, target, StringComparison.OrdinalIgnoreCase)));
            if (rule is null)
            {
                return null;
            }
            if (--rule.Remaining == 0)
            {
                _rules.Remove(rule);
            }
            return rule.Fault;
        }
    }

    private sealed class Rule(Fault fault, int count, string? method, string? target, FaultTiming timing)
    {
        public Fault Fault { get; } = fault;
        public int Remaining { get; set; } = count;
        public string? Method { get; } = method;
        public string? Target { get; } = target;
        public FaultTiming Timing { get; } = timing;
    }
}
