namespace RotationFunctions.Storage;

/// <summary>What a failed Azure SDK call looks like to code that must retry it itself.</summary>
public static class AzureFailures
{
    /// <summary>
    /// A request that failed (an error answer, a timeout, a dropped connection). Once its own retries
    /// are spent on exceptions, the SDK throws an <see cref="AggregateException"/> of every attempt's
    /// failure rather than the last one: that is a request failure too.
    /// </summary>
    public static bool IsRequestFailure(Exception exception) => exception switch
    {
        RequestFailedException or IOException or HttpRequestException or TimeoutException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsRequestFailure),
        _ => false,
    };

    /// <summary>The HTTP status of the (last) failed attempt; 0 when no answer came.</summary>
    public static int Status(Exception exception) => exception switch
    {
        RequestFailedException rfe => rfe.Status,
        AggregateException { InnerExceptions.Count: > 0 } aggregate => Status(aggregate.InnerExceptions[^1]),
        _ => 0,
    };

    /// <summary>"503", "0" (no answer) or the exception type, for logs; an aggregate by its last attempt.</summary>
    public static string Describe(Exception exception) => exception switch
    {
        RequestFailedException rfe => rfe.Status.ToString(System.Globalization.CultureInfo.InvariantCulture),
        AggregateException { InnerExceptions.Count: > 0 } aggregate => Describe(aggregate.InnerExceptions[^1]),
        _ => exception.GetType().Name,
    };
}
