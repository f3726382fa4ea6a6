using RotationFunctions.Schedule;

namespace RotationFunctions.Handover;

public sealed record PlanResult(int Accounts, IReadOnlyList<PlannedHandover> Handovers, IReadOnlyList<ScheduleProblem> Problems, IReadOnlyList<string> FailedAccounts);
