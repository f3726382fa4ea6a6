namespace RotationFunctions.StandIns.XApi;

/// <summary>
/// The developer account's pay-per-use credit, set in posts it pays for: unlimited unless set. Posts made and
/// posts read are charged at X's prices; once it is used up every API request answers 402 CreditsDepleted
/// (<see cref="XProblem.CreditsDepleted"/>) until it is set again.
/// </summary>
/// <remarks>
/// From X's pricing page (docs.x.com/x-api/getting-started/pricing): credits are bought upfront and deducted
/// as requests are made; a balance "can go slightly negative", and then "API requests will be blocked until
/// you add credits". So the check comes before a request and the charge after it: posts racing for the last
/// credit may all succeed and leave the balance below zero. Only a post that was made is charged (a refused
/// request is not billed, DESIGN.md facts 2026-11-26). The same page prices "Content: Create" at $0.015 a request
/// and "Posts: Read" at $0.005 per resource returned, so a post read costs a third of a post. X deduplicates reads
/// of the same post within a UTC day but calls that "a soft guarantee": worst case modelled, every read is charged.
/// </remarks>
internal sealed class XCredits
{
    /// <summary>$0.015, in tenths of a cent.</summary>
    private const long PostCost = 15;

    /// <summary>$0.005, in tenths of a cent.</summary>
    private const long ReadCost = 5;

    private readonly Lock _gate = new();
    private long? _balance;
    private long _postReads;

    /// <summary>Posts the credit still pays for (reads make it shrink too); null when unlimited. Below zero after racing requests.</summary>
    public int? PostsLeft
    {
        get
        {
            lock (_gate)
            {
                return _balance is { } balance ? (int)Math.Floor(balance / (double)PostCost) : null;
            }
        }
        set
        {
            lock (_gate)
            {
                _balance = value * PostCost;
            }
        }
    }

    /// <summary>Posts returned by read endpoints so far, each billed (no deduplication).</summary>
    public long PostReads
    {
        get
        {
            lock (_gate)
            {
                return _postReads;
            }
        }
    }

    public bool Depleted
    {
        get
        {
            lock (_gate)
            {
                return _balance is <= 0;
            }
        }
    }

    /// <summary>Charges one post that was made.</summary>
    public void ChargePost()
    {
        lock (_gate)
        {
            _balance -= PostCost;
        }
    }

    /// <summary>Charges the posts a successful read returned ("Charged per resource returned in the response").</summary>
    public void ChargeReads(int posts)
    {
        lock (_gate)
        {
            _postReads += posts;
            _balance -= posts * ReadCost;
        }
    }
}
