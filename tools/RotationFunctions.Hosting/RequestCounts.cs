namespace RotationFunctions.Hosting;

/// <summary>Requests per service: the unit the benchmarks' cost model prices.</summary>
public readonly record struct RequestCounts(double Table, double Queue, double Blob, double KeyVault)
{
    public static RequestCounts operator +(RequestCounts a, RequestCounts b) =>
        new(a.Table + b.Table, a.Queue + b.Queue, a.Blob + b.Blob, a.KeyVault + b.KeyVault);

    public static RequestCounts operator *(RequestCounts a, double factor) =>
        new(a.Table * factor, a.Queue * factor, a.Blob * factor, a.KeyVault * factor);

    public double Storage => Table + Queue + Blob;

    public double Total => Storage + KeyVault;
}
