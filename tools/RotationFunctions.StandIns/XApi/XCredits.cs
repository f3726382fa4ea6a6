namespace RotationFunctions.StandIns.XApi;

/// <summary>
/// The developer account's pay-per-use credit, counted in posts: unlimited unless set. Once it is used up
/// every API request answers 402 CreditsDepleted (<see cref="XProblem.CreditsDepleted"/>) until it is set again.
/// </summary>
/// <remarks>
/// From X's pricing page (docs.x.com/x-api/getting-started/pricing): credits are bought upfront and deducted
/// as requests are made; a balance "can go slightly negative", and then "API requests will be blocked until
/// you add credits". So the check comes before a request and the charge after it: posts racing for the last
/// credit may all succeed and leave the balance below zero. Only a post that was made is charged (a refused
/// request is not billed, DESIGN.md facts 2026-11-26). Reads are not charged here: a simplification, as a
/// post read costs about a fifteenth of a post.
/// </remarks>
internal sealed class XCredits
{
    private readonly Lock _gate = new();
    private int? _postsLeft;

    /// <summary>Posts the credit still pays for; null when unlimited. Below zero after racing posts.</summary>
    public int? PostsLeft
    {
        get
        {
            lock (_gate)
            {
                return _postsLeft;
            }
        }
        set
        {
            lock (_gate)
            {
                _postsLeft = value;
            }
        }
    }

    public bool Depleted => PostsLeft is <= 0;

    /// <summary>Charges one post that was made.</summary>
    public void ChargePost()
    {
        lock (_gate)
        {
            _postsLeft -= 1;
        }
    }
}
