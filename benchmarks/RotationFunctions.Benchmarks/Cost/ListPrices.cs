using RotationFunctions.Hosting;

namespace RotationFunctions.Benchmarks.Cost;

/// <summary>One list price and where it was read: the README and latest.md cite each with its date.</summary>
internal sealed record ListPrice(string What, double Usd, double Per, string Unit, string Source)
{
    /// <summary>The price of one transaction, execution or GB-second.</summary>
    public double UsdPerUnit => Usd / Per;
}

/// <summary>
/// Pay-as-you-go list prices in USD, Standard general-purpose v2, LRS, as found on 2026-11-25 (see
/// docs/benchmarks.md for how firm each one is). Azure's pricing pages fill in their figures with
/// script, so the stored copies we could search show none; each figure below is quoted by the source named.
/// </summary>
internal static class ListPrices
{
    public static readonly ListPrice TableTransactions = new(
        "Table storage transactions", 0.00036, 10_000, "per 10,000 transactions",
        "Azure Retail Prices API (prices.azure.com), Tables Standard LRS, as quoted in a public project's pricing note checked 2026-07-21; same figure in notes dated 2025 and 2026-09-22; page: azure.microsoft.com/pricing/details/storage/tables/");

    public static readonly ListPrice QueueOperations = new(
        "Queue storage operations (Class 1 and Class 2)", 0.004, 10_000, "per 10,000 operations",
        "azure.microsoft.com/pricing/details/storage/queues/ (GPv2 LRS, Class 1 and Class 2 both $0.004), as quoted by a copy of the page's text and a Retail Prices API check (Australia East); undated, weakest figure here");

    public static readonly ListPrice BlobOtherOperations = new(
        "Blob storage 'other' operations, hot (Lease Blob is 'Other' on GPv2)", 0.0044, 10_000, "per 10,000 operations",
        "mapping: learn.microsoft.com/azure/storage/blobs/map-rest-apis-transaction-categories (ms.date 2025-05-14); price: api-evangelist microsoft-azure-blob-storage plans, LRS US East, 2026-05-05");

    public static readonly ListPrice KeyVaultOperations = new(
        "Key Vault Standard secrets operations", 0.03, 10_000, "per 10,000 transactions",
        "learn.microsoft.com/answers/questions/5608202 (Microsoft Q&A: 'Standard tier: ~$0.03 per 10,000 operations'); page: azure.microsoft.com/pricing/details/key-vault/");

    public static readonly ListPrice FlexExecutions = new(
        "Flex Consumption on-demand executions", 0.40, 1_000_000, "per million executions",
        "learn.microsoft.com/azure/azure-functions/functions-consumption-costs (ms.date 2025-02-10, the rate its Flex example assumes); free grant (250,000 executions and 100,000 GB-s a month per subscription) not subtracted");

    public static readonly ListPrice FlexGbSeconds = new(
        "Flex Consumption on-demand execution time", 0.000026, 1, "per GB-second",
        "learn.microsoft.com/azure/azure-functions/functions-consumption-costs (ms.date 2025-02-10); Modal blog 2025-05-22 (East US) gives the same rate");

    public static IReadOnlyList<ListPrice> All { get; } =
        [TableTransactions, QueueOperations, BlobOtherOperations, KeyVaultOperations, FlexExecutions, FlexGbSeconds];

    /// <summary>The price of the requests, per service.</summary>
    public static double Of(RequestCounts counts) =>
        counts.Table * TableTransactions.UsdPerUnit + counts.Queue * QueueOperations.UsdPerUnit +
        counts.Blob * BlobOtherOperations.UsdPerUnit + counts.KeyVault * KeyVaultOperations.UsdPerUnit;
}
