namespace RotationFunctions.StandIns.Common;

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
