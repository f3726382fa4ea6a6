using System.Diagnostics;

namespace RotationFunctions.Benchmarks;

/// <summary>Copies of this benchmark started in a child mode (a separate OS process each), spoken to over stdin/stdout.</summary>
internal static class ChildProcess
{
    public static Process Start(IReadOnlyList<string> arguments)
    {
        // Run by `dotnet RotationFunctions.Benchmarks.dll` or by the apphost: start the child the same way.
        var self = Environment.ProcessPath!;
        var info = new ProcessStartInfo(self)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            info.ArgumentList.Add(typeof(ChildProcess).Assembly.Location);
        }
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        return Process.Start(info) ?? throw new InvalidOperationException($"Could not start a {arguments[0]} process.");
    }

    /// <summary>Reads the child's lines until <paramref name="expected"/>; other lines go to stderr.</summary>
    public static async Task WaitForLineAsync(Process child, string expected, CancellationToken cancellationToken)
    {
        while (await child.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line == expected)
            {
                return;
            }
            Console.Error.WriteLine($"[child {child.Id}] {line}");
        }
        throw new InvalidOperationException($"A child process exited (code {(child.HasExited ? child.ExitCode : -1)}) before it was {expected}.");
    }

    /// <summary>Reads the child's report lines until it exits; other lines go to stderr.</summary>
    public static async Task<List<T>> ReadReportsAsync<T>(Process child, Func<string, T?> parse, CancellationToken cancellationToken) where T : class
    {
        var reports = new List<T>();
        while (await child.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
        {
            if (parse(line) is { } report)
            {
                reports.Add(report);
            }
            else
            {
                Console.Error.WriteLine($"[child {child.Id}] {line}");
            }
        }
        await child.WaitForExitAsync(cancellationToken);
        return reports;
    }

    public static void KillAll(IEnumerable<Process> children)
    {
        foreach (var child in children)
        {
            if (!child.HasExited)
            {
                child.Kill(entireProcessTree: true);
            }
            child.Dispose();
        }
    }
}
