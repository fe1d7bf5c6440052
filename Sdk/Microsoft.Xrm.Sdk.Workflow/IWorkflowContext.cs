namespace Microsoft.Xrm.Sdk.Workflow
{
    /// <summary>Execution context of a custom workflow activity (obtained with CodeActivityContext.GetExtension).</summary>
    public interface IWorkflowContext : IExecutionContext
    {
        IWorkflowContext ParentContext { get; }
        string StageName { get; }
        int WorkflowCategory { get; }
        int WorkflowMode { get; }
    }
}
