namespace Microsoft.Xrm.Sdk
{
    public interface IExecutionContext
    {
        string MessageName { get; }
    }
}
