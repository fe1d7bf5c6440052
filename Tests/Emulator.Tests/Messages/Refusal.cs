using System.ServiceModel;
using Microsoft.Xrm.Sdk;

namespace Mci.Emulator.Tests.Messages;

internal static class Refusal
{
    /// <summary>The fault an action must raise.</summary>
    public static OrganizationServiceFault Of(Action action) => Assert.Throws<FaultException<OrganizationServiceFault>>(() => action())!.Detail;

    /// <summary>The fault an action must raise, after proving it changed nothing in the store.</summary>
    public static OrganizationServiceFault Leaving(Dataverse env, Action action)
    {
        var before = env.Snapshot();
        var fault = Of(action);
        Assert.That(env.Snapshot().DifferencesFrom(before), Is.Empty, "a refused request changes nothing");
        return fault;
    }
}
