using System;

namespace Microsoft.Xrm.Sdk
{
    /// <summary>Interface every plug-in implements; Dataverse calls Execute once per registered step.</summary>
    public interface IPlugin
    {
        void Execute(IServiceProvider serviceProvider);
    }
}
