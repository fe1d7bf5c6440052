using Microsoft.Xrm.Sdk;

namespace Mci.Sdk.Tests;

/// <summary>InvalidPluginExecutionException: what Dataverse shows the user when a plug-in refuses.</summary>
[TestFixture]
public class ExceptionTests
{
    private const int IsvAborted = -2147220891;

    [Test]
    public void MessageOnlyMeansFailedWithTheIsvAbortedCode()
    {
        var e = new InvalidPluginExecutionException("Split lines exceed 100%");

        Assert.Multiple(() =>
        {
            Assert.That(e.Message, Is.EqualTo("Split lines exceed 100%"));
            Assert.That(e.Status, Is.EqualTo(OperationStatus.Failed));
            Assert.That(e.ErrorCode, Is.EqualTo(IsvAborted));
            Assert.That(e.HttpStatus, Is.EqualTo(PluginHttpStatusCode.NotSet));
            Assert.That(e.InnerException, Is.Null);
        });
    }

    [Test]
    public void EveryConstructorSetsWhatItTakes()
    {
        var inner = new TimeoutException();
        Assert.Multiple(() =>
        {
            Assert.That(new InvalidPluginExecutionException().Status, Is.EqualTo(OperationStatus.Failed));
            Assert.That(new InvalidPluginExecutionException(OperationStatus.Canceled).Status, Is.EqualTo(OperationStatus.Canceled));
            Assert.That(new InvalidPluginExecutionException(OperationStatus.Retry, "later").Status, Is.EqualTo(OperationStatus.Retry));
            Assert.That(new InvalidPluginExecutionException(OperationStatus.Retry, "later").ErrorCode, Is.EqualTo(IsvAborted));

            var coded = new InvalidPluginExecutionException(OperationStatus.Suspended, 42, "coded");
            Assert.That((coded.Status, coded.ErrorCode, coded.Message), Is.EqualTo((OperationStatus.Suspended, 42, "coded")));

            var http = new InvalidPluginExecutionException(OperationStatus.Failed, 7, "conflict", PluginHttpStatusCode.Conflict);
            Assert.That((http.ErrorCode, http.HttpStatus), Is.EqualTo((7, PluginHttpStatusCode.Conflict)));
            Assert.That(new InvalidPluginExecutionException("bad", PluginHttpStatusCode.BadRequest).HttpStatus, Is.EqualTo(PluginHttpStatusCode.BadRequest));

            var wrapped = new InvalidPluginExecutionException("wrapped", inner);
            Assert.That(wrapped.InnerException, Is.SameAs(inner));
            Assert.That(wrapped.Status, Is.EqualTo(OperationStatus.Failed));
        });
    }

    [Test]
    public void ServiceFaultsCarryCodeMessageAndInnerFault()
    {
        var fault = new OrganizationServiceFault { ErrorCode = -2147220969, Message = "Record not found", InnerFault = new OrganizationServiceFault { Message = "inner" } };

        Assert.That(fault.ErrorDetails, Is.Empty);
        Assert.That(fault.InnerFault!.Message, Is.EqualTo("inner"));
        Assert.That(fault.ToString(), Does.Contain("Record not found"));
        Assert.That(new ExecuteTransactionFault { FaultedRequestIndex = 2 }, Is.InstanceOf<OrganizationServiceFault>());
    }
}
