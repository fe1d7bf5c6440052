using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Extensions;

namespace Mci.Sdk.Tests;

[TestFixture]
public class ExtensionsTests
{
    [Test]
    public void GetAsksTheProviderForExactlyThatType()
    {
        var context = new FakePluginContext();
        var provider = new FakeServiceProvider(context);

        Assert.That(provider.Get<IPluginExecutionContext>(), Is.SameAs(context));
        Assert.That(provider.Get<ITracingService>(), Is.Null);
        Assert.That(provider.Requested, Is.EqualTo(new[] { typeof(IPluginExecutionContext), typeof(ITracingService) }));
    }

    [Test]
    public void GetOrganizationServiceActsAsTheGivenUser()
    {
        var factory = new RecordingFactory();
        var user = Guid.NewGuid();

        new FakeServiceProvider(factory).GetOrganizationService(user);

        Assert.That(factory.Created.Single().UserId, Is.EqualTo(user));
    }

    [Test]
    public void InputParameterOrDefault()
    {
        var context = new FakePluginContext();
        context.InputParameters["Status"] = new OptionSetValue(3);

        Assert.That(context.InputParameterOrDefault<OptionSetValue>("Status").Value, Is.EqualTo(3));
        Assert.That(context.InputParameterOrDefault<Entity>("Status"), Is.Null);
        Assert.That(context.InputParameterOrDefault<Entity>("Target"), Is.Null);
    }
}
