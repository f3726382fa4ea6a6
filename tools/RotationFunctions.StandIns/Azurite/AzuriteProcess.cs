using System.Diagnostics;
using System.Text.RegularExpressions;

namespace RotationFunctions.StandIns.Azurite;

/// <summary>
/// A real Azurite (Table, Queue and Blob) started from the repository's own node_modules on
/// 127.0.0.1 with ports the OS picks, so parallel runs on one machine never collide.
/// </summary>
public sealed partial class AzuriteProcess : IAsyncDisposable
{
    // Azurite's well-known development account; it is public and only valid against Azurite.
    public const string AccountName = "devstoreaccount1";
    public const string AccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process _process;
    private readonly string _location;

    private AzuriteProcess(Process process, string location, int blobPort, int queuePort, int tablePort)
    {
        _process = process;
        _location = location;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
    }

    public int BlobPort { get; }
    public int QueuePort { get; }
    public int TablePort { get; }

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/{AccountName};" +
        $"QueueEndpoint=http://127.0.0.1:{QueuePort}/{AccountName};" +
        $"TableEndpoint=http://127.0.0.1:{TablePort}/{AccountName};";

    /// <summary>Finds node_modules/.bin/azurite by walking up from <paramref name="startDirectory"/>.</summary>
    public static string? FindExecutable(string? startDirectory = null)
    {
        var dir = new DirectoryInfo(startDirectory ?? AppContext.BaseDirectory);
        while (dir is not null)
        {
            var candidate = Path.Combine(dir.FullName, "node_modules", ".bin", "azurite");
            if (File.Exists(candidate))
            {
                return candidate;
            }
            dir = dir.Parent;
        }
        return null;
    }

    public static async Task<AzuriteProcess> StartAsync(string? executable = null, CancellationToken cancellationToken = default)
    {
        executable ??= FindExecutable() ?? throw new InvalidOperationException(
            "Azurite is not installed in this repository: run 'npm ci' at the repository root (package.json pins azurite).");

        // On disk, not --inMemoryPersistence: the in-memory store makes an extent of every queue message, and the queue's
        // garbage collection (every 60 s) then removes them one by one from an indexed Loki collection, which after some
        // ten thousand messages (a chaos run) spins Azurite's only thread for minutes: every request then times out.
        var location = Directory.CreateTempSubdirectory("azurite-").FullName;
        var startInfo = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var arg in new[]
        {
            "--silent", "--disableTelemetry", "--skipApiVersionCheck", "--loose", "--location", location,
            "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1",
            "--blobPort", "0", "--queuePort", "0", "--tablePort", "0",
        })
        {
            startInfo.ArgumentList.Add(arg);
        }

        var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {executable}.");
        var ports = new Dictionary<string, int>();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                ready.TrySetException(new InvalidOperationException($"Azurite exited before it was ready: {output}"));
                return;
            }
            lock (ports)
            {
                output.AppendLine(e.Data);
                var match = ListeningLine().Match(e.Data);
                if (match.Success)
                {
                    ports[match.Groups["service"].Value] = int.Parse(match.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture);
                    if (ports.Count == 3)
                    {
                        ready.TrySetResult();
                    }
                }
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (ports)
                {
                    output.AppendLine(e.Data);
                }
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            await ready.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        }
        catch
        {
            TryKill(process);
            process.Dispose();
            TryDelete(location);
            throw;
        }
        return new AzuriteProcess(process, location, ports["Blob"], ports["Queue"], ports["Table"]);
    }

    public async ValueTask DisposeAsync()
    {
        TryKill(_process);
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        _process.Dispose();
        TryDelete(_location);
    }

    private static void TryDelete(string location)
    {
        try
        {
            Directory.Delete(location, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open: the temp folder is cleaned by the OS.
        }
    }

    private static void TryKill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    [GeneratedRegex(@"Azurite (?<service>Blob|Queue|Table) service is successfully listening at http://127\.0\.0\.1:(?<port>\d+)")]
    private static partial Regex ListeningLine();
}
