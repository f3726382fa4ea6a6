using RotationFunctions.Channels.X;
using RotationFunctions.Schedule;

namespace RotationFunctions.Handover;

/// <summary>
/// What an account's handovers will cost on X at <see cref="XPrices"/>: each intro and outro the
/// handover rule would post (a dry run or a blocked step posts nothing and costs nothing; an intro that
/// waits for the curator's acceptance counts as posted), and the
/// reads of the thanks' week report (its intro and outro, for a curator who has an e-mail address).
/// Portal posts and mentions depend on the curator, so they are priced per unit, not guessed.
/// </summary>
public sealed record XCostEstimate(int Posts, int PostsWithLink, int ReportReads)
{
    public decimal Usd => Posts * XPrices.Post.Usd + PostsWithLink * XPrices.PostWithLink.Usd + ReportReads * XPrices.PostRead.Usd;

    public static XCostEstimate For(AccountSettings account, IEnumerable<Boundary> boundaries)
    {
        if (!account.Channels.Contains(Channel.X))
        {
            return new XCostEstimate(0, 0, 0);
        }
        int posts = 0, withLink = 0, reads = 0;
        foreach (var boundary in boundaries)
        {
            foreach (var kind in Enum.GetValues<StepKind>())
            {
                // An intro that only waits for the curator's acceptance is expected to go out once they accept.
                var text = HandoverStep.Decide(account, boundary, kind, Channel.X, StepRecord.None) switch
                {
                    StepDecision.Post post => post.Text,
                    StepDecision.Blocked { Text: { } waiting } blocked when blocked.Blocks.All(b => b.Kind == StepBlockKind.NotApproved) => waiting,
                    _ => null,
                };
                if (text is not null)
                {
                    _ = XPrices.HasLink(text) ? withLink++ : posts++;
                }
            }
            if (boundary.Outgoing is { CuratorEmail: not null } && !account.DryRun)
            {
                // The thanks reads the week's posts once; the handover's own two are the floor.
                reads += 2;
            }
        }
        return new XCostEstimate(posts, withLink, reads);
    }
}
